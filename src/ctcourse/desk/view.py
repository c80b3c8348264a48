"""What the desk shows, read from the grading journal and the gradebook (no web code here)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nbgrader.api import Gradebook, SubmittedNotebook

from ctcourse.authoring.editions import module_titles
from ctcourse.autograder_service.journal import all_events
from ctcourse.autograder_service.overrides import regrades_pending
from ctcourse.autograder_service.policy import ON_GRADING, FeedbackPolicy, policies
from ctcourse.autograder_service.queue import (
    COLLECTED,
    FAILED,
    GRADED,
    RELEASED,
    SUBMITTED,
    WAITING,
    Queue,
)
from ctcourse.autograder_service.status import policy_words
from ctcourse.course import Course
from ctcourse.nbgrader_settings import gradebook_url


@dataclass(frozen=True)
class ModuleProgress:
    """One module's line on the desk."""

    id: str
    title: str
    waiting: int  # submitted, not graded yet
    graded: int  # graded, feedback not returned yet
    returned: int
    problems: int  # failed, or waiting for a trainer to grade code modules
    policy: str
    answers_passed_on: bool  # feedback "on-grading" shows the keys at once
    regrading: bool = False  # a trainer asked for it to be graded again; not done yet


@dataclass(frozen=True)
class WrittenAnswer:
    """A submission whose written answers wait for a trainer's grade."""

    trainee: str
    module: str
    notebook: str
    submitted: datetime | None
    link: str  # formgrader's grading page of this notebook


def progress(course: Course, env: dict[str, str], lang: str) -> list[ModuleProgress]:
    """Each module's counts from the grading service's journals, with its feedback policy, the
    module's title as the cohort's edition shows it."""
    queue = Queue().replay(all_events(course.root))
    shown = module_titles(course, course.language)
    rules = policies(course.root)
    regrading = regrades_pending(course.root)
    latest = [k for t in queue.trainees() for k in queue.latest(t).values()]
    counts = Counter((k.module, queue.states[k]) for k in latest)
    lines = []
    for module in course.modules:
        policy = rules.get(module.id)
        lines.append(
            ModuleProgress(
                module.id,
                shown[module.id],
                counts[(module.id, SUBMITTED)] + counts[(module.id, COLLECTED)],
                counts[(module.id, GRADED)],
                counts[(module.id, RELEASED)],
                counts[(module.id, FAILED)] + counts[(module.id, WAITING)],
                policy_words(policy or FeedbackPolicy(), lang),
                policy is not None and policy.rule == ON_GRADING,
                module.id in regrading,
            )
        )
    return lines


def written_answers(course: Course, env: dict[str, str], grader_user: str) -> list[WrittenAnswer]:
    """Every submitted notebook with written answers to grade, oldest submission first."""
    found = []
    with Gradebook(gradebook_url(course.root, env), course.id) as gb:
        for nb in gb.db.query(SubmittedNotebook).all():
            if nb.needs_manual_grade:
                submission = nb.assignment
                found.append(
                    WrittenAnswer(
                        submission.student.id,
                        submission.assignment.name,
                        nb.name,
                        submission.timestamp,
                        f"/user/{grader_user}/formgrader/submissions/{nb.id}/?index=0",
                    )
                )
    return sorted(found, key=lambda w: (w.submitted or datetime.min, w.trainee))


def certificates(course: Course) -> list[str]:
    """Trainees holding a certificate (``certificates/<trainee>.pdf``)."""
    folder = Path(course.root) / "certificates"
    return sorted(p.stem for p in folder.glob("*.pdf")) if folder.is_dir() else []


def regrading_seconds(course: Course, now: datetime | None = None) -> dict[str, int]:
    """Each module a trainer asked to be graded again that the grading service has not done yet,
    with the whole seconds since the request (read from the service's records, never written)."""
    now = now or datetime.now(UTC)
    return {
        module: max(int((now - at).total_seconds()), 0)
        for module, at in regrades_pending(course.root).items()
    }
