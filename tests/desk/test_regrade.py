"""Regrading a module from the desk after a key changed: the desk leaves a request, the grading
service grades the module again on its next pass and returns the feedback again by the policy."""

from __future__ import annotations

import pytest
from nbgrader.api import Gradebook
from servicecourse import change_key, fetch_answer_submit, right, set_up

from ctcourse.autograder_service.overrides import regrade, regrades_pending
from ctcourse.autograder_service.queue import RELEASED
from ctcourse.autograder_service.service import Service
from ctcourse.desk import view
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.reports.build import read_cohort

pytestmark = pytest.mark.slow


def test_a_module_regraded_on_request_scores_by_the_new_key_and_returns_feedback_again(
    tmp_path, monkeypatch
):
    course, exchange, homes, _ = set_up(tmp_path, monkeypatch)
    fetch_answer_submit(course.id, exchange, homes / "ana", "ana", "quiz", right("quiz"))
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
    feedback = exchange / course.id / "feedback"
    try:
        service.tick()
        assert read_cohort(course).score("ana", "quiz") == 2
        (page,) = feedback.iterdir()
        before = page.read_text("utf-8")
        change_key(course.root, "quiz", "b", "a")
        service.tick()  # no request: nothing is graded again
        assert read_cohort(course).score("ana", "quiz") == 2

        regrade(course.root, "quiz", "Олена")
        assert list(regrades_pending(course.root)) == ["quiz"]
        assert [m.regrading for m in view.progress(course, {}, "uk")] == [True, False]
        service.tick()
    finally:
        service.close()
    assert read_cohort(course).score("ana", "quiz") == 1  # "b" is wrong by the new key
    assert regrades_pending(course.root) == {}
    assert [m.regrading for m in view.progress(course, {}, "uk")] == [False, False]
    after = page.read_text("utf-8")  # the feedback in the exchange, regenerated and released
    assert after != before and after.count("1.0 / 2.0") > before.count("1.0 / 2.0")
    assert [s for s in service.journal.queue.states.values()] == [RELEASED]


def test_a_written_answer_the_trainer_graded_does_not_wait_again_after_a_regrade(
    tmp_path, monkeypatch
):
    course, exchange, homes, _ = set_up(tmp_path, monkeypatch, "after-manual-grading", True)
    fetch_answer_submit(course.id, exchange, homes / "ana", "ana", "quiz", right("quiz"), "Refer.")
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
    try:
        service.tick()
        assert [w.trainee for w in view.written_answers(course, {}, "grader")] == ["ana"]
        with Gradebook(gradebook_url(course.root, {}), course.id) as gb:  # as formgrader saves it
            grade = gb.find_grade("quiz-written", "lesson", "quiz", "ana")
            grade.manual_score, grade.needs_manual_grade = 1.0, False
            gb.db.commit()
        service.last_sweep = 0.0
        service.tick()
        assert list(service.journal.queue.states.values()) == [RELEASED]
        regrade(course.root, "quiz", "Олена")
        service.tick()
    finally:
        service.close()
    assert view.written_answers(course, {}, "grader") == []
    assert read_cohort(course).score("ana", "quiz") == 3  # the trainer's grade stays
