"""What the desk shows, from a course the grading service has worked on."""

from __future__ import annotations

import pytest
from servicecourse import fetch_answer_submit, right, set_up

from ctcourse.autograder_service.service import Service
from ctcourse.desk import app, view

pytestmark = pytest.mark.slow


def test_progress_and_the_written_answers_waiting_with_their_grading_links(tmp_path, monkeypatch):
    course, exchange, homes, _ = set_up(tmp_path, monkeypatch, "after-manual-grading", True)
    fetch_answer_submit(course.id, exchange, homes / "ana", "ana", "quiz", right("quiz"), "Refer.")
    fetch_answer_submit(course.id, exchange, homes / "bo", "bo", "quiz", right("quiz"), "Ask.")
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
    try:
        service.tick()
    finally:
        service.close()
    quiz = next(m for m in view.progress(course, {}, "en") if m.id == "quiz")
    assert (quiz.waiting, quiz.graded, quiz.returned) == (0, 2, 0)
    assert quiz.policy == "after the written answers are graded" and not quiz.answers_passed_on
    waiting = view.written_answers(course, {}, "grader")
    assert [w.trainee for w in waiting] == ["ana", "bo"]  # oldest submission first
    assert waiting[0].link.startswith("/user/grader/formgrader/submissions/")
    assert view.certificates(course) == []


@pytest.mark.parametrize("kind", ["csv", "moodle", "report"])
def test_every_file_the_desk_offers_is_built_from_a_graded_course(kind, tmp_path, monkeypatch):
    course, exchange, homes, _ = set_up(tmp_path, monkeypatch)
    fetch_answer_submit(course.id, exchange, homes / "ana", "ana", "quiz", right("quiz"))
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
    try:
        service.tick()
    finally:
        service.close()
    out = tmp_path / "out"
    out.mkdir()
    built = app._make(course, kind, out)
    assert built.is_file() and "ana" in built.read_text("utf-8-sig")


def test_on_the_hub_the_desks_report_tells_a_fetched_module_from_one_not_fetched(
    tmp_path, monkeypatch
):
    course, exchange, homes, env = set_up(tmp_path, monkeypatch)
    fetch_answer_submit(course.id, exchange, homes / "ana", "ana", "quiz", right("quiz"))
    fetch_answer_submit(course.id, exchange, homes / "ana", "ana", "quiz2", {}, submit=False)
    service = Service(course, env, homes, jobs=1)
    try:
        service.tick()
    finally:
        service.close()
    statuses = {}
    for where, given in (("hub", str(homes / "{trainee}")), ("none", None)):
        out = tmp_path / where
        out.mkdir()
        app._make(course, "report", out, None, given)
        progress = (out / "cohort-report" / "progress.csv").read_text("utf-8-sig")
        statuses[where] = [line for line in progress.splitlines() if "quiz2" in line]
    assert len(statuses["hub"]) == 1 and '"fetched"' in statuses["hub"][0]
    assert '"fetched"' not in statuses["none"][0]
