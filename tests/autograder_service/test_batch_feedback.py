"""A pass renders its batch's feedback pages in several processes: each trainee gets their own
page, and no trainee outside the batch gets one."""

from __future__ import annotations

import pytest
from servicecourse import fetch_answer_submit, fetch_feedback, right, service_course

from ctcourse.autograder_service import service as service_module
from ctcourse.autograder_service import steps
from ctcourse.autograder_service.journal import read_events
from ctcourse.autograder_service.policy import FeedbackPolicy
from ctcourse.autograder_service.queue import GRADED, RELEASED
from ctcourse.autograder_service.service import Service
from ctcourse.course import load_course

pytestmark = pytest.mark.slow
WRONG = {"quiz.single": "a", "quiz.tf": False}


def test_feedback_rendered_in_two_processes_goes_to_each_trainee_only(tmp_path, monkeypatch):
    exchange, homes = tmp_path / "exchange", tmp_path / "homes"
    exchange.mkdir(mode=0o777)
    monkeypatch.setenv("CTCOURSE_EXCHANGE", str(exchange))
    course = load_course(service_course(tmp_path / "course", exchange, "after-close 2999-01-01"))
    # Two processes render t0 t2 t4 t6 and t1 t3 t5 t7: each renders right and wrong pages.
    answers = {f"t{n}": right("quiz") if n % 4 < 2 else WRONG for n in range(8)} | {"eve": WRONG}
    for trainee, given in answers.items():
        fetch_answer_submit(course.id, exchange, homes / trainee, trainee, "quiz", given)
    env = {"CTCOURSE_EXCHANGE": str(exchange)}
    service = Service(course, env, homes, jobs=2)
    try:
        service.tick()
    finally:
        service.close()
    queue = service.journal.queue
    assert set(queue.states.values()) == {GRADED}  # the module closes in 2999: nothing returned
    batch = [k for k in queue.states if k.trainee != "eve"]

    events = steps.release_due(course, env, batch, {"quiz": FeedbackPolicy("on-grading")}, jobs=2)

    assert sorted(e.key for e in events) == sorted(batch)
    assert {e.state for e in events} == {RELEASED}
    assert not (course.root / "feedback" / "eve").exists()
    for trainee, given in answers.items():
        pages = fetch_feedback(course.id, exchange, homes / trainee, trainee, "quiz")
        if trainee == "eve":
            assert pages == []
            continue
        [page] = pages  # nbgrader hands a trainee only the page of their own submission
        text = page.read_text("utf-8")
        score = "2.0" if given == right("quiz") else "0.0"
        assert f"Score: {score} / 2.0" in text, text[:400]


@pytest.mark.parametrize("wait", [0, 3600])
def test_a_batchs_first_submissions_are_returned_before_its_last_is_graded(
    tmp_path, monkeypatch, wait
):
    exchange, homes = tmp_path / "exchange", tmp_path / "homes"
    exchange.mkdir(mode=0o777)
    monkeypatch.setenv("CTCOURSE_EXCHANGE", str(exchange))
    monkeypatch.setattr(service_module, "EARLY_RETURN_SECONDS", wait)
    course = load_course(service_course(tmp_path / "course", exchange, "on-grading"))
    for trainee in ("ana", "bo", "cy", "dan"):
        fetch_answer_submit(course.id, exchange, homes / trainee, trainee, "quiz", right("quiz"))
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=2)
    try:
        service.tick()
    finally:
        service.close()

    steps_in_order = [(e.key.trainee, e.state) for e in read_events(service.journal.path)]
    done = [s for s in steps_in_order if s[1] in (GRADED, RELEASED)]
    if wait == 0:  # each is returned as soon as it is graded, while the batch goes on
        assert [s for _, s in done] == [GRADED, RELEASED] * 4
        assert all(done[i][0] == done[i + 1][0] for i in range(0, 8, 2))
    else:  # a batch graded within the wait is returned after its last submission, together
        assert [s for _, s in done] == [GRADED] * 4 + [RELEASED] * 4
    for trainee in ("ana", "bo", "cy", "dan"):
        page = (homes / trainee / "my-course-status.html").read_text("utf-8")
        assert "Feedback ready" in page
