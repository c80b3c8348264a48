"""The grading service as a real process: submissions through nbgrader's exchange are collected,
graded and returned without anyone typing; a SIGKILL mid-queue loses and repeats nothing."""

from __future__ import annotations

import signal
from collections import Counter

import pytest
from nbgrader.api import Gradebook
from servicecourse import (
    MODULES,
    fetch_answer_submit,
    fetch_feedback,
    open_entries,
    right,
    set_up,
    start_service,
    states,
    stop,
    wait_for,
)

from ctcourse.autograder_service.journal import all_events
from ctcourse.autograder_service.queue import RELEASED, SUPERSEDED, Queue

pytestmark = pytest.mark.slow


def test_sigkill_mid_queue_then_restart_grades_every_submission_exactly_once(tmp_path):
    course, exchange, homes, _ = set_up(tmp_path)
    root, log = course.root, tmp_path / "service.log"
    first = [f"t{n}" for n in range(4)]
    for trainee in first:
        for module in MODULES:
            fetch_answer_submit(
                course.id, exchange, homes / trainee, trainee, module, right(module)
            )

    service = start_service(root, exchange, homes, log)
    graded = lambda: sum(s == "graded" for *_, s in states(root))  # noqa: E731
    wait_for(lambda: graded() >= 1, service, log, polls=6000)
    service.send_signal(signal.SIGKILL)
    service.wait(timeout=30)
    total = len(first) * len(MODULES)
    assert graded() < total, "the kill came too late to be mid-queue"

    # Submissions that arrive while the service is down, one of them a resubmission.
    fetch_answer_submit(course.id, exchange, homes / "late", "late", "quiz", right("quiz"))
    fetch_answer_submit(course.id, exchange, homes / "t0", "t0", "quiz", {"quiz.single": "a"})

    service = start_service(root, exchange, homes, log)
    try:
        entries = len(first) * len(MODULES) + 2

        def finished() -> bool:
            keys = {e.key for e in all_events(root)}
            return not open_entries(root) and len(keys) >= entries

        wait_for(finished, service, log)
    finally:
        stop(service)

    queue = Queue().replay(all_events(root))
    assert len(queue.states) == entries
    counts = Counter((e.key, e.state) for e in all_events(root))
    assert max(counts.values()) == 1  # no submission collected, graded or released twice
    for key, state in queue.states.items():
        if state != SUPERSEDED:
            assert state == RELEASED and counts[(key, "graded")] == 1, key
    assert [k.trainee for k, s in queue.states.items() if s == SUPERSEDED] in ([], ["t0"])
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course.id) as gb:
        scores = {
            (s.student.id, s.assignment.name): s.score
            for a in MODULES
            for s in gb.assignment_submissions(a)
        }
    assert scores == {(t, m): 2.0 for t in first for m in MODULES} | {
        ("t0", "quiz"): 1.0,
        ("late", "quiz"): 2.0,
    }
    # Each trainee fetches their feedback from the Assignment List; the resubmission's is newest.
    for module in MODULES:
        pages = fetch_feedback(course.id, exchange, homes / "t1", "t1", module)
        assert pages and "Score" in pages[-1].read_text("utf-8")
    pages = fetch_feedback(course.id, exchange, homes / "t0", "t0", "quiz")
    assert "1.0 / 2.0" in pages[-1].read_text("utf-8")
    page = (homes / "t1" / "my-course-status.html").read_text("utf-8")
    assert page.count("Feedback ready") == 2
    # Every module passed: the certificate is in the trainee's home, without a trainer.
    assert (homes / "t1" / "certificate.pdf").read_bytes().startswith(b"%PDF")
    assert "certificate.pdf" in page
    assert not (homes / "late" / "certificate.pdf").exists()
