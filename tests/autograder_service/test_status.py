"""The trainee's status page speaks the cohort's language, the course's title included, and says
when feedback came early because a trainer returned it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from servicecourse import fetch_answer_submit, right, set_up

from ctcourse.autograder_service import service as service_module
from ctcourse.autograder_service.overrides import return_now
from ctcourse.autograder_service.queue import RELEASED, Queue
from ctcourse.autograder_service.service import Service
from ctcourse.autograder_service.status import render
from ctcourse.course import load_course
from ctcourse.nbgrader_settings import gradebook_url

REPO = Path(__file__).resolve().parents[2]


def test_a_ukrainian_cohort_reads_its_course_and_modules_in_ukrainian() -> None:
    course = load_course(REPO, {"CTCOURSE_LANG": "uk"})
    page = render(course, Queue(), "olena", {}, "uk", None, datetime(2026, 12, 6, tzinfo=UTC))
    assert course.title_in("uk") in page
    assert course.title not in page
    assert "Стан ваших модулів" in page and "Ще не надіслано" in page


@pytest.mark.slow
def test_feedback_a_trainer_returned_early_says_so_and_the_policys_does_not(tmp_path, monkeypatch):
    s = set_up(tmp_path, monkeypatch, "after-manual-grading", written=True)
    course = s.course
    monkeypatch.setattr(service_module, "SWEEP_SECONDS", 0)
    fetch_answer_submit(
        course.id, s.exchange, s.homes / "ana", "ana", "quiz", right("quiz"), "Ask."
    )
    service = Service(course, s.env, s.homes, jobs=1)
    try:
        service.tick()
        return_now(course.root, "quiz", "Олена")
        fetch_answer_submit(
            course.id, s.exchange, s.homes / "bo", "bo", "quiz", right("quiz"), "Ok"
        )
        service.tick()
        service.tick()
        queue = service.journal.queue
        assert queue.states[queue.latest("ana")["quiz"]] == RELEASED
        early = (s.homes / "ana" / "my-course-status.html").read_text("utf-8")
        waits = (s.homes / "bo" / "my-course-status.html").read_text("utf-8")
        uk = render(course, queue, "ana", {}, "uk", None, datetime.now(UTC))

        with Gradebook(gradebook_url(course.root, {}), course.id) as gb:  # as formgrader saves it
            grade = gb.find_grade("quiz-written", "lesson", "quiz", "bo")
            grade.manual_score, grade.needs_manual_grade = 1.0, False
            gb.db.commit()
        service.tick()
        assert queue.states[queue.latest("bo")["quiz"]] == RELEASED
    finally:
        service.close()
    assert "Feedback ready early (your trainer returned it" in early
    assert "after your trainer has graded the written answers" in waits
    assert "Відгук готовий раніше (тренер повернув його" in uk
    by_policy = (s.homes / "bo" / "my-course-status.html").read_text("utf-8")
    assert "Feedback ready:" in by_policy and "early" not in by_policy
