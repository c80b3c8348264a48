"""The queue's state machine and the feedback policy: pure rules, no files."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ctcourse.autograder_service.policy import FeedbackPolicy, parse
from ctcourse.autograder_service.queue import (
    COLLECTED,
    GRADED,
    REFUSED,
    RELEASED,
    SUBMITTED,
    SUPERSEDED,
    Event,
    Key,
    Queue,
    collected_events,
)
from ctcourse.autograder_service.steps import refusals
from ctcourse.errors import CourseError

A1 = Key("alice", "quiz", "2026-12-06 10:00:00.000001 UTC")
A2 = Key("alice", "quiz", "2026-12-06 10:05:00.000001 UTC")
B1 = Key("bob", "quiz", "2026-12-06 10:01:00.000001 UTC")


def test_states_only_move_forward_and_replays_change_nothing():
    events = [Event(A1, SUBMITTED), Event(A1, COLLECTED), Event(A1, GRADED)]
    queue = Queue().replay(events)
    assert queue.states[A1] == GRADED
    assert not queue.apply(Event(A1, GRADED))  # graded once only
    assert not queue.apply(Event(A1, COLLECTED))  # never backwards
    assert not queue.apply(Event(B1, GRADED))  # an unknown key starts as submitted
    assert Queue().replay(events + events).states == queue.states


def test_a_newer_collected_submission_supersedes_older_ones():
    queue = Queue().replay([Event(A1, SUBMITTED), Event(A2, SUBMITTED), Event(B1, SUBMITTED)])
    # The collector's time (the exchange folder's last change), not the folder's name, decides.
    seen = {A1: "2030-01-01 09:00:00.000000 UTC", A2: "2030-01-01 09:05:00.000000 UTC"}
    events = collected_events(queue, [A1, A2, B1], {("alice", "quiz"): seen[A2]}, seen)
    assert events == [Event(A1, SUPERSEDED), Event(A2, COLLECTED)]
    queue.replay(events)
    assert queue.latest("alice") == {"quiz": A2}
    assert queue.in_state(SUBMITTED) == [B1]


def test_graded_then_released():
    queue = Queue().replay([Event(A1, s) for s in (SUBMITTED, COLLECTED, GRADED, RELEASED)])
    assert queue.in_state(RELEASED) == [A1]


def test_a_refused_folder_is_final_and_never_a_trainees_latest_work():
    queue = Queue().replay([Event(A1, SUBMITTED), Event(A1, COLLECTED), Event(A2, SUBMITTED)])
    assert queue.apply(Event(A2, REFUSED, "filed under 'alice' but owned by 'bob'"))
    assert queue.notes[A2] == "filed under 'alice' but owned by 'bob'"
    assert not queue.apply(Event(A2, SUBMITTED)) and not queue.apply(Event(A2, COLLECTED))
    assert queue.latest("alice") == {"quiz": A1}  # the forged newer folder is not Alice's work
    assert queue.in_state(SUBMITTED) == []


def test_refusals_are_read_from_the_collectors_log():
    log = (
        "[INFO] Processing 2 submissions\n"
        "[ERROR] inbound/bo+quiz+2026-12-06 20:47:19.870317 UTC+Ww: refused: filed under 'bo'"
        " but owned by 'nobody': not collected\n"
    )
    assert refusals(log) == {
        "bo+quiz+2026-12-06 20:47:19.870317 UTC+Ww": "filed under 'bo' but owned by 'nobody':"
        " not collected"
    }


NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "waits", "due"),
    [
        ("on-grading", True, True),
        ("after-manual-grading", True, False),
        ("after-manual-grading", False, True),
        (None, True, False),
        ("after-close 2026-12-06", True, True),
        ("after-close 2026-12-07", False, False),
    ],
)
def test_feedback_policy(text, waits, due):
    assert parse(text, "course.yml").due(NOW, waits) is due


def test_after_close_reads_its_date():
    assert parse("after-close 2026-12-07", "x") == FeedbackPolicy("after-close", date(2026, 12, 7))


@pytest.mark.parametrize("text", ["soon", "after-close", "after-close tomorrow", "on-grading now"])
def test_a_bad_policy_is_one_clear_error(text):
    with pytest.raises(CourseError, match="on-grading, after-close YYYY-MM-DD or after-manual"):
        parse(text, "course.yml: module 'quiz'")
