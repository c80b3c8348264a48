"""Which modules and which trainees a report or an export from the desk covers.

The desk's form sends the modules ticked (all by default) and a pattern of trainee ids, the one
``ctcourse report --cohort 'kyiv-*'`` takes (shell-style, matched with
:func:`fnmatch.fnmatchcase` as the report and the exports do; empty: every trainee). A choice
that would make an empty or wrong file is refused before anything is made, in one line in the
cohort's language: a module the course does not have, no module at all, a pattern too long, or
one that matches no trainee the course knows (in the gradebook or with a collected submission).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nbgrader.api import Gradebook, Student

from ctcourse.course import Course
from ctcourse.errors import GradingError
from ctcourse.grading.submissions import SUBMITTED, trainee_folders
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.reports.gradebook_data import check_exists

MAX_PATTERN = 100  # characters of a trainee id pattern


class Refused(ValueError):
    """A choice the desk does not make a file for; the message is the line the trainer reads."""


@dataclass(frozen=True)
class Choice:
    """Module ids in course order, and a trainee id pattern (None: every trainee)."""

    modules: tuple[str, ...]
    cohort: str | None


def trainee_ids(course: Course, env: Mapping[str, str]) -> set[str]:
    """Every trainee the course knows: in the gradebook (never created here) or collected."""
    ids = set(trainee_folders(course.root / SUBMITTED)[0])
    url = gradebook_url(course.root, env)
    try:
        check_exists(url)
    except GradingError:
        return ids
    with Gradebook(url, course.id) as gb:
        ids.update(row[0] for row in gb.db.query(Student.id))
    return ids


def read(
    course: Course,
    env: Mapping[str, str],
    modules: Sequence[str] | None,
    cohort: str,
    words: Mapping[str, str],
) -> Choice:
    """The trainer's choice from the form's fields, or :class:`Refused` with one line.

    ``modules`` None (a request without the field, as ``ctcourse export`` without MODULE): every
    module; the desk's form always sends the field (an empty value beside its boxes), so a form
    with no box ticked is refused, never taken for "all"."""
    known = [m.id for m in course.modules]
    modules = known if modules is None else [m for m in modules if m]
    unknown = sorted(set(modules) - set(known))
    if unknown:
        raise Refused(words["choice_unknown"].format(modules=", ".join(unknown)))
    if not modules:
        raise Refused(words["choice_empty"])
    pattern = cohort.strip()
    if len(pattern) > MAX_PATTERN:
        raise Refused(words["choice_long"].format(count=MAX_PATTERN))
    if pattern and not any(fnmatch.fnmatchcase(t, pattern) for t in trainee_ids(course, env)):
        raise Refused(words["choice_nobody"].format(pattern=pattern))
    return Choice(tuple(m for m in known if m in set(modules)), pattern or None)


def describe(course: Course, chosen: Choice, words: Mapping[str, str]) -> str:
    """What a file made for ``chosen`` covers, shown beside its link: the modules by their
    numbers in the course, the trainees by their pattern."""
    numbers = [str(n) for n, m in enumerate(course.modules, start=1) if m.id in chosen.modules]
    modules = (
        words["covers_all_modules"]
        if len(numbers) == len(course.modules)
        else words["covers_modules"].format(numbers=", ".join(numbers))
    )
    trainees = (
        words["covers_cohort"].format(pattern=chosen.cohort)
        if chosen.cohort
        else words["covers_everyone"]
    )
    return f"{modules} · {trainees}"
