"""Trainees' names for their certificates, read from and saved into nbgrader's gradebook.

The certificate prints ``Student.first_name`` and ``Student.last_name``
(:mod:`ctcourse.reports.gradebook_data`); trainers set them here instead of typing
``nbgrader db student add ID --first-name=… --last-name=…``. A name is letters (any alphabet,
Cyrillic included) with spaces, hyphens, apostrophes and dots between them; a bad one is refused
with one line naming the trainee, and every good row of the same form is saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from nbgrader.api import Gradebook, Student

from ctcourse.course import Course
from ctcourse.nbgrader_settings import gradebook_url

MAX_LENGTH = 60
#: Letters of any alphabet, joined by single spaces, hyphens, apostrophes (', ʼ, ’) or dots.
NAME = re.compile(r"[^\W\d_]+(?:(?:[ \-'ʼ’.]|\. )[^\W\d_]+)*\.?")


@dataclass(frozen=True)
class TraineeName:
    """One trainee's row of the form."""

    id: str
    first: str
    last: str


def trainees(course: Course, env: Mapping[str, str]) -> list[TraineeName]:
    """Every trainee in the gradebook, by id, with the names it holds."""
    with Gradebook(gradebook_url(course.root, dict(env)), course.id) as gb:
        rows = gb.db.query(Student.id, Student.first_name, Student.last_name).all()
    return [TraineeName(i, f or "", n or "") for i, f, n in sorted(rows)]


def problem(text: str) -> bool:
    """Whether ``text`` (stripped) cannot be a name on a certificate; empty is allowed."""
    return bool(text) and (len(text) > MAX_LENGTH or NAME.fullmatch(text) is None)


def from_form(form: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """``{trainee: (first, last)}`` from the form's ``first:ID`` and ``last:ID`` fields."""
    return {
        key.removeprefix("first:"): (value, form.get("last:" + key.removeprefix("first:"), ""))
        for key, value in form.items()
        if key.startswith("first:")
    }


def save(
    course: Course, env: Mapping[str, str], names: Mapping[str, tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Save ``{trainee: (first, last)}`` for trainees already in the gradebook; returns the
    trainees whose names changed and those refused (a bad name, or no such trainee)."""
    changed, refused = [], []
    with Gradebook(gradebook_url(course.root, dict(env)), course.id) as gb:
        known = {s.id: s for s in gb.students}
        for trainee, (first, last) in sorted(names.items()):
            first, last = " ".join(first.split()), " ".join(last.split())
            student = known.get(trainee)
            if student is None or problem(first) or problem(last):
                refused.append(trainee)
            elif (student.first_name or "", student.last_name or "") != (first, last):
                gb.update_or_create_student(trainee, first_name=first, last_name=last)
                changed.append(trainee)
    return changed, refused


def reissue(course: Course, trainees: list[str], trainer: str = "desk") -> list[str]:
    """Write again the certificate of each of ``trainees`` who holds one (same code, the new
    name), in the course's ``certificates/``, and ask the grading service to deliver it again
    into the trainee's home (the desk cannot write there; :mod:`~ctcourse.autograder_service.
    overrides`), in ``trainer``'s name; returns those re-issued."""
    from ctcourse.autograder_service.deliver import hand_back
    from ctcourse.autograder_service.overrides import certificate_again
    from ctcourse.reports.certify import issue

    folder = course.root / "certificates"
    again = [t for t in trainees if (folder / f"{t}.pdf").is_file()]
    for trainee in again:
        issue(course, trainee)
    if again:
        hand_back(course.root, [folder])
    for trainee in again:  # only once the new PDF is whole in certificates/
        certificate_again(course.root, trainee, trainer)
    return again
