"""Time on task from log timestamps, and each trainee's status in a module."""

from __future__ import annotations

from datetime import datetime

import pytest

from ctcourse.reports.progress import ModuleFacts, Status, status
from ctcourse.reports.timing import parse_time, span_minutes, time_on_task


def test_span_is_first_to_last_event_and_quartiles_interpolate():
    times = [parse_time(t) for t in ("2026-11-20T10:05:00.000Z", "2026-11-20T10:00:00Z")]
    assert span_minutes(times) == 5.0
    assert span_minutes(times[:1]) is None
    assert parse_time("yesterday") is None
    summary = time_on_task("m1", {"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0, "e": None})
    assert (summary.trainees, summary.without_span) == (5, 1)
    assert (summary.q1, summary.median, summary.q3) == pytest.approx((17.5, 25.0, 32.5))
    assert time_on_task("m1", {"a": None}).median is None


WHEN = datetime(2026, 11, 20, 11, 0)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (ModuleFacts(None, None, False, False, None, None), Status.NOT_SUBMITTED),
        (ModuleFacts(False, None, False, False, None, None), Status.NOT_FETCHED),
        (ModuleFacts(True, None, False, False, None, None), Status.FETCHED),
        (ModuleFacts(True, WHEN, False, False, None, None), Status.SUBMITTED),
        (ModuleFacts(True, WHEN, True, True, 9.0, 10.0), Status.SUBMITTED),
        (ModuleFacts(True, WHEN, True, False, 6.9, 10.0), Status.GRADED),
        (ModuleFacts(True, WHEN, True, False, 7.0, 10.0), Status.PASSED),
    ],
)
def test_status_follows_the_submission_through_grading_to_the_pass_mark(facts, expected):
    assert status(facts, pass_mark=0.7) is expected
