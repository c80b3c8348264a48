"""The desk's "return feedback now": a trainer's request the grading service honours on its next
pass, for the submissions handed in before it (later ones follow the module's policy again)."""

from __future__ import annotations

import json

import pytest
from servicecourse import fetch_answer_submit, fetch_feedback, right, set_up

from ctcourse.autograder_service.overrides import overrides_path, return_now
from ctcourse.autograder_service.queue import RELEASED
from ctcourse.autograder_service.service import Service
from ctcourse.desk import view

pytestmark = pytest.mark.slow


def _pass(service: Service) -> None:
    """One grading pass that also sweeps every graded entry (as the service does each 30 s)."""
    service.last_sweep = 0.0
    service.tick()


def test_return_now_releases_a_waiting_module_once_and_only_what_came_before(tmp_path, monkeypatch):
    course, exchange, homes, env = set_up(tmp_path, monkeypatch, "after-manual-grading", True)
    fetch_answer_submit(course.id, exchange, homes / "ana", "ana", "quiz", right("quiz"), "Refer.")
    service = Service(course, env, homes, jobs=1)
    try:
        _pass(service)
        _pass(service)  # the written answer waits for a trainer: the policy keeps feedback back
        quiz = next(m for m in view.progress(course, {}, "en") if m.id == "quiz")
        assert (quiz.graded, quiz.returned) == (1, 0)

        return_now(course.root, "quiz", "Олена")
        _pass(service)
        quiz = next(m for m in view.progress(course, {}, "en") if m.id == "quiz")
        assert (quiz.graded, quiz.returned) == (0, 1)
        assert fetch_feedback(course.id, exchange, homes / "ana", "ana", "quiz")
        said = json.loads(overrides_path(course.root).read_text("utf-8"))
        assert (said["module"], said["trainer"]) == ("quiz", "Олена")

        fetch_answer_submit(course.id, exchange, homes / "bo", "bo", "quiz", right("quiz"), "Ask.")
        _pass(service)
        _pass(service)
    finally:
        service.close()
    quiz = next(m for m in view.progress(course, {}, "en") if m.id == "quiz")
    assert (quiz.graded, quiz.returned) == (1, 1)  # bo came after the request: policy again
    released = [e for e in service.journal.queue.states.items() if e[1] == RELEASED]
    assert [k.trainee for k, _ in released] == ["ana"]  # returned once, by the service only
