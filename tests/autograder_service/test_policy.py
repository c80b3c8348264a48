"""Feedback by the course's policy, the trainee's status page, and nbgrader configured as on a hub,
driven through the service's own passes (in this process)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from servicecourse import fetch_answer_submit, right, service_course, set_up
from traitlets.config import PyFileConfigLoader

from ctcourse.autograder_service import service as service_module
from ctcourse.autograder_service import steps
from ctcourse.autograder_service.policy import FeedbackPolicy
from ctcourse.autograder_service.queue import GRADED, RELEASED
from ctcourse.autograder_service.service import Service, lane_modules
from ctcourse.autograder_service.status import render
from ctcourse.course import load_course

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def written_course(tmp_path, monkeypatch):
    monkeypatch.setattr(service_module, "SWEEP_SECONDS", 0)
    return set_up(tmp_path, monkeypatch, "after-manual-grading", True)[:3]


def test_feedback_waits_for_the_trainers_grade_of_the_written_answer(written_course):
    course, exchange, homes = written_course
    fetch_answer_submit(
        course.id, exchange, homes / "ana", "ana", "quiz", right("quiz"), "Ask, then refer."
    )
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
    try:
        service.tick()
        assert list(service.journal.queue.states.values()) == [GRADED]
        page = (homes / "ana" / "my-course-status.html").read_text("utf-8")
        assert "after your trainer has graded the written answers" in page
        assert not (course.root / "feedback" / "ana").exists()

        with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", course.id) as gb:
            grade = gb.find_grade("quiz-written", "lesson", "quiz", "ana")
            grade.manual_score = 1  # as formgrader saves a grade
            grade.needs_manual_grade = False
            gb.db.commit()
        service.tick()  # the trainer graded it in formgrader: feedback goes back by itself
        assert list(service.journal.queue.states.values()) == [RELEASED]
        assert "Feedback ready" in (homes / "ana" / "my-course-status.html").read_text("utf-8")
    finally:
        service.close()


def test_the_status_page_reads_in_ukrainian_with_the_glossary_terms(written_course):
    course, exchange, homes = written_course
    fetch_answer_submit(course.id, exchange, homes / "bo", "bo", "quiz", right("quiz"), "Refer.")
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
    try:
        service.tick()
        policies = {"quiz": FeedbackPolicy("after-close", datetime(2027, 1, 15).date())}
        page = render(course, service.journal.queue, "bo", policies, "uk", None, datetime.now(UTC))
    finally:
        service.close()
    assert 'lang="uk"' in page and "Стан ваших модулів" in page
    assert "Оцінено: відгук з 2027-01-15" in page and "Ще не надіслано" in page


def test_on_a_hub_the_service_collects_with_the_formgraders_collector(tmp_path, monkeypatch):
    course = load_course(service_course(tmp_path / "course", tmp_path / "exchange"))
    grader = REPO / "deploy" / "hub" / "grader"
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(grader))
    monkeypatch.setenv("CTCOURSE_ROOT", str(course.root))
    named = PyFileConfigLoader("nbgrader_config.py", str(grader)).load_config()
    config = steps.api(course, {}).config
    assert config.ExchangeFactory.collect == named.ExchangeFactory.collect
    assert config.CourseDirectory.root == str(course.root)


def test_quiz_modules_and_code_modules_are_graded_in_separate_lanes():
    course = load_course(REPO)
    quiz, code = lane_modules(course, "quiz"), lane_modules(course, "code")
    assert "consent" in quiz and "who-is-at-risk" in code
    assert sorted(quiz + code) == sorted(lane_modules(course, "all"))
