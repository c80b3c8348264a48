"""Writing honest grades into nbgrader's gradebook, and undoing what a kernel changed there.

Trainee code runs with the grader's rights during autograde and can open the gradebook. So
the state of every grade and student is read before any kernel starts; afterwards every row
is set to what it must be: quiz cells to the grader's own scores, other autograded cells to
the scores nbgrader determined in the grader's process, everything else (manual grades,
other modules, other trainees, names) back to how it was before the run.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

Cell = tuple[str, str]  # (notebook, grade_id)
GradeKey = tuple[str, str, str, str]  # (module, student, notebook, grade_id)
STUDENT_FIELDS = ("first_name", "last_name", "email", "lms_user_id")


@dataclass(frozen=True)
class Row:
    """The stored fields of one grade."""

    auto: float | None
    manual: float | None
    extra: float | None
    needs_manual: bool


@dataclass(frozen=True)
class State:
    """Every grade and every student's details, as they were at one moment."""

    grades: dict[GradeKey, Row]
    students: dict[str, tuple]


@dataclass(frozen=True)
class Expected:
    """What one submission's grades must be after grading.

    ``quiz`` holds the grader's score of every quiz cell; ``auto`` the other grade cells'
    scores from nbgrader in the grader's process. A cell missing from ``auto`` (deleted by the
    trainee) scores 0, as nbgrader scores a missing notebook, instead of waiting for a manual
    grade forever; ``graded`` is False when no notebook could be run: all other cells score 0.
    """

    quiz: Mapping[Cell, float]
    auto: Mapping[Cell, float | None]
    graded: bool


def _grades(gb: Gradebook):
    for assignment in gb.assignments:
        for submission in assignment.submissions:
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    yield (assignment.name, submission.student.id, notebook.name, grade.name), grade


def read_state(gb: Gradebook) -> State:
    """Snapshot the gradebook's grades and students."""
    grades = {
        key: Row(g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade)
        for key, g in _grades(gb)
    }
    students = {s.id: tuple(getattr(s, f) for f in STUDENT_FIELDS) for s in gb.students}
    return State(grades, students)


def expected_row(key: GradeKey, expected: Expected, before: State) -> Row:
    """The row a grade must hold, given the grader's results and the state before the run."""
    cell = (key[2], key[3])
    if cell in expected.quiz:
        return Row(expected.quiz[cell], None, None, False)
    if not expected.graded:
        return Row(0.0, None, None, False)
    prev = before.grades.get(key)
    manual, extra = (prev.manual, prev.extra) if prev else (None, None)
    auto = expected.auto.get(cell, 0.0)
    return Row(auto, manual, extra, manual is not None or auto is None)


def _set(grade, row: Row) -> None:
    grade.auto_score, grade.manual_score = row.auto, row.manual
    grade.extra_credit, grade.needs_manual_grade = row.extra, row.needs_manual


def write_submission(
    gb: Gradebook, module: str, student: str, expected: Expected, before: State
) -> None:
    """Set one submission's grades (creating the submission if nbgrader never could)."""
    try:
        submission = gb.find_submission(module, student)
    except MissingEntry:
        gb.update_or_create_student(student)
        with warnings.catch_warnings():  # nbgrader's known-harmless SQLAlchemy warnings
            warnings.simplefilter("ignore", SAWarning)
            submission = gb.update_or_create_submission(module, student)
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            key = (module, student, notebook.name, grade.name)
            _set(grade, expected_row(key, expected, before))
    gb.db.commit()


def enforce(
    gb: Gradebook, before: State, expected: Mapping[tuple[str, str], Expected]
) -> list[str]:
    """Make every row what it must be; return one line per trainee whose rows had been changed."""
    changed: set[str] = set()
    for key, grade in _grades(gb):
        owner = expected.get((key[0], key[1]))
        row = expected_row(key, owner, before) if owner else before.grades.get(key)
        current = Row(
            grade.auto_score, grade.manual_score, grade.extra_credit, grade.needs_manual_grade
        )
        if row is not None and row != current:
            _set(grade, row)
            changed.add(f"{key[1]}/{key[0]}")
    for student in gb.students:
        values = before.students.get(student.id, (None,) * len(STUDENT_FIELDS))
        if tuple(getattr(student, f) for f in STUDENT_FIELDS) != values:
            for name, value in zip(STUDENT_FIELDS, values, strict=True):
                setattr(student, name, value)
            changed.add(f"{student.id}: student details")
    gb.db.commit()
    return sorted(f"{label}: gradebook changed during grading; restored" for label in changed)
