"""Where each trainee stands in each module: not fetched, fetched, submitted, graded or passed.

nbgrader records nothing when a trainee fetches a module, so "fetched" is known only where the
trainees' home folders can be seen; elsewhere a module without a submission is "not submitted".
A submission is "graded" once nothing waits for a manual grade, and "passed" when it is graded
and its score reaches the course's pass mark; a module that does not count toward passing (the
entry test) is never "passed" or failed, only "graded".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ctcourse.course import Module
from ctcourse.reports.gain import ENTRY_TEST


class Status(StrEnum):
    """A trainee's state in one module, from least to most advanced."""

    NOT_FETCHED = "not fetched"
    NOT_SUBMITTED = "not submitted"
    FETCHED = "fetched"
    SUBMITTED = "submitted"
    GRADED = "graded"
    PASSED = "passed"


@dataclass(frozen=True)
class ModuleFacts:
    """What is known about one trainee and one module."""

    fetched: bool | None
    submitted_at: datetime | None
    in_gradebook: bool
    needs_manual_grade: bool
    score: float | None
    max_score: float | None


def counts_toward_passing(module: Module) -> bool:
    """Whether a module counts toward passing: not the entry test (``role: entry-test`` in
    course.yml, or the module the reports compare as the entry test)."""
    return module.counts and module.id != ENTRY_TEST


def passed(score: float | None, max_score: float | None, pass_mark: float) -> bool:
    """Whether a score reaches the pass mark (a share of the maximum)."""
    if score is None or not max_score:
        return False
    return score / max_score >= pass_mark - 1e-9


def status(facts: ModuleFacts, pass_mark: float | None) -> Status:
    """The trainee's status in the module (``pass_mark`` None: a module nobody passes)."""
    if facts.in_gradebook and not facts.needs_manual_grade:
        if pass_mark is not None and passed(facts.score, facts.max_score, pass_mark):
            return Status.PASSED
        return Status.GRADED
    if facts.in_gradebook or facts.submitted_at is not None:
        return Status.SUBMITTED
    if facts.fetched is None:
        return Status.NOT_SUBMITTED
    return Status.FETCHED if facts.fetched else Status.NOT_FETCHED
