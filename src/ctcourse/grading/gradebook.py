"""Writing honest grades into nbgrader's gradebook, for the submissions a run graded.

Only what the run itself changes is written: each graded submission's auto scores (quiz cells
to the grader's own scores, other cells to what nbgrader determined in the grader's process).
Manual grades, extra credit, names, other submissions and other modules are a trainer's, and
are never touched; at the end of a run the auto scores of every graded submission are checked
once more, and any that something else changed meanwhile are set back and reported.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy.exc import SAWarning

Cell = tuple[str, str]  # (notebook, grade_id)


@dataclass(frozen=True)
class Row:
    """The stored fields of one grade."""

    auto: float | None
    manual: float | None
    extra: float | None
    needs_manual: bool


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


def expected_row(cell: Cell, expected: Expected, current: Row) -> Row:
    """The row a grade must hold: the run's auto score; a trainer's manual grade stays. It waits
    for a trainer when it has no score at all (a written answer not graded yet), or when a run
    scored a cell the trainer had overridden (to look again); a written answer the trainer
    graded does not wait again when the module is graded again (``--force``)."""
    if cell in expected.quiz:
        return Row(expected.quiz[cell], None, None, False)
    auto = expected.auto.get(cell, 0.0) if expected.graded else 0.0
    waits = (auto is None) == (current.manual is None)
    return Row(auto, current.manual, current.extra, waits)


def _row(grade) -> Row:
    return Row(grade.auto_score, grade.manual_score, grade.extra_credit, grade.needs_manual_grade)


def _set(grade, row: Row) -> None:
    grade.auto_score, grade.manual_score = row.auto, row.manual
    grade.extra_credit, grade.needs_manual_grade = row.extra, row.needs_manual


def _submission(gb: Gradebook, module: str, student: str):
    try:
        return gb.find_submission(module, student)
    except MissingEntry:
        gb.update_or_create_student(student)
        with warnings.catch_warnings():  # nbgrader's known-harmless SQLAlchemy warnings
            warnings.simplefilter("ignore", SAWarning)
            return gb.update_or_create_submission(module, student)


def write_submission(gb: Gradebook, module: str, student: str, expected: Expected) -> None:
    """Set one submission's grades (creating the submission if nbgrader never could)."""
    for notebook in _submission(gb, module, student).notebooks:
        for grade in notebook.grades:
            _set(grade, expected_row((notebook.name, grade.name), expected, _row(grade)))
    gb.db.commit()


def enforce(gb: Gradebook, expected: Mapping[tuple[str, str], Expected]) -> list[str]:
    """Set back auto scores of graded submissions that changed since; one line per submission."""
    changed = []
    for (module, student), owner in expected.items():
        submission = _submission(gb, module, student)
        differs = False
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                row = expected_row((notebook.name, grade.name), owner, _row(grade))
                if row.auto != grade.auto_score:
                    _set(grade, row)
                    differs = True
        if differs:
            changed.append(f"{student}/{module}: gradebook changed during grading; restored")
    gb.db.commit()
    return sorted(changed)
