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


def test_progress_table_counts_and_waiting_list_from_gradebook_data(tmp_path):
    from ctcourse.course import Course, Module
    from ctcourse.reports.analysis import progress_counts, progress_table, waiting_table
    from ctcourse.reports.gradebook_data import CellGrade, GradebookData, Trainee

    course = Course(tmp_path, "c", "C", "en", 0.7, (Module("m1", "M1", 5), Module("m2", "M2", 5)))
    data = GradebookData(
        trainees={t: Trainee(t, "", "", "") for t in ("ann", "bob", "cid")},
        submitted_at={
            ("ann", "m1"): WHEN,
            ("bob", "m1"): datetime(2026, 11, 19),
            ("cid", "m2"): WHEN,
        },
        cells={
            ("ann", "m1"): {"q": CellGrade(1.0, 1.0, False), "essay": CellGrade(0.0, 2.0, True)},
            ("bob", "m1"): {"q": CellGrade(1.0, 1.0, False), "essay": CellGrade(2.0, 2.0, False)},
        },
        module_max={"m1": 3.0, "m2": 3.0},
    )
    fetched = {("ann", "m2"): True}
    table = progress_table(course, data, ["ann", "bob", "cid"], fetched)
    status_of = {(r.trainee, r.module): r.status for r in table.itertuples()}
    assert status_of == {
        ("ann", "m1"): "submitted", ("ann", "m2"): "fetched",
        ("bob", "m1"): "passed", ("bob", "m2"): "not fetched",
        ("cid", "m1"): "not fetched", ("cid", "m2"): "submitted",
    }  # fmt: skip
    counts = progress_counts(course, table).set_index("module")
    assert counts.loc["m1", "passed"] == 1 and counts.loc["m2", "not fetched"] == 1
    waiting = waiting_table(data, ["ann", "bob", "cid"])
    assert list(waiting["trainee"]) == ["ann"] and list(waiting["cell"]) == ["essay"]
