"""Everything the reports need from nbgrader's gradebook, read in a fixed number of queries.

Four SELECTs through nbgrader's own ORM classes on the session of a
:class:`nbgrader.api.Gradebook` (SQLite or PostgreSQL alike): students, submissions, the grade
of every graded cell (grade cells and nbgrader's manually graded tasks) with its maximum, and
each module's maximum. Nothing loops over trainees with a
query per trainee, so the cost stays flat in round trips as a cohort grows.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from nbgrader.api import (
    Assignment,
    BaseCell,
    Grade,
    Gradebook,
    GradeCell,
    Notebook,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
    TaskCell,
)
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from ctcourse.errors import GradingError


@dataclass(frozen=True)
class Trainee:
    """A trainee as the gradebook knows them."""

    id: str
    first_name: str
    last_name: str
    email: str

    @property
    def name(self) -> str:
        """The full name, or the id when the gradebook holds no name."""
        return " ".join(p for p in (self.first_name, self.last_name) if p) or self.id


class CellGrade(NamedTuple):
    """The grade of one cell of one submission (a tuple: a cohort has millions of them)."""

    score: float
    max_score: float
    needs_manual_grade: bool


@dataclass
class GradebookData:
    """Students, submissions and cell grades of some modules, keyed by (trainee, module)."""

    trainees: dict[str, Trainee] = field(default_factory=dict)
    submitted_at: dict[tuple[str, str], datetime | None] = field(default_factory=dict)
    cells: dict[tuple[str, str], dict[str, CellGrade]] = field(default_factory=dict)
    module_max: dict[str, float] = field(default_factory=dict)

    def score(self, trainee: str, module: str) -> float | None:
        """The submission's score (sum of its cells), None without a submission."""
        cells = self.cells.get((trainee, module))
        if cells is None:
            return None if (trainee, module) not in self.submitted_at else 0.0
        # rounded as nbgrader's scores are, so the sum does not depend on the rows' order
        return round(sum(c.score for c in cells.values()), 6)

    def needs_manual_grade(self, trainee: str, module: str) -> bool:
        return any(c.needs_manual_grade for c in self.cells.get((trainee, module), {}).values())

    def add_collected(
        self, found: Mapping[tuple[str, str], datetime | None], pattern: str | None
    ) -> None:
        """Count collected submissions not yet in the gradebook (and their trainees)."""
        for (trainee, module), stamp in found.items():
            if pattern and not fnmatch.fnmatchcase(trainee, pattern):
                continue
            self.submitted_at.setdefault((trainee, module), stamp)
            self.trainees.setdefault(trainee, Trainee(trainee, "", "", ""))

    def only(self, pattern: str | None) -> GradebookData:
        """The same data restricted to trainees whose id matches a shell-style pattern."""
        if not pattern:
            return self
        keep = {t for t in self.trainees if fnmatch.fnmatchcase(t, pattern)}
        return GradebookData(
            {t: v for t, v in self.trainees.items() if t in keep},
            {k: v for k, v in self.submitted_at.items() if k[0] in keep},
            {k: v for k, v in self.cells.items() if k[0] in keep},
            dict(self.module_max),
        )


def check_exists(db_url: str) -> None:
    """Refuse to report from a SQLite gradebook that does not exist (nbgrader would create one)."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        raise GradingError(f"{url.database}: no gradebook yet; run `ctcourse autograde` first")


def read_gradebook(gb: Gradebook, course_id: str, modules: Sequence[str]) -> GradebookData:
    """Read students, submissions and grades of ``modules`` from an open gradebook."""
    session, data = gb.db, GradebookData()
    for row in session.execute(
        select(Student.id, Student.first_name, Student.last_name, Student.email)
    ):
        data.trainees[row[0]] = Trainee(row[0], row[1] or "", row[2] or "", row[3] or "")
    in_course = (Assignment.course_id == course_id) & Assignment.name.in_(list(modules))
    submissions = (
        select(SubmittedAssignment.student_id, Assignment.name, SubmittedAssignment.timestamp)
        .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
        .where(in_course)
    )
    for student, module, timestamp in session.execute(submissions):
        data.submitted_at[(student, module)] = timestamp
    graded, task = GradeCell.__table__, TaskCell.__table__
    grades = (
        select(
            SubmittedAssignment.student_id,
            Assignment.name,
            BaseCell.name,
            Grade.score,
            func.coalesce(graded.c.max_score, task.c.max_score),
            Grade.needs_manual_grade,
        )
        .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
        .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
        .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
        .join(BaseCell, Grade.cell_id == BaseCell.id)
        .outerjoin(graded, graded.c.id == Grade.cell_id)
        .outerjoin(task, task.c.id == Grade.cell_id)
        .where(in_course)
    )
    for student, module, cell, score, max_score, manual in session.execute(grades):
        data.cells.setdefault((student, module), {})[cell] = CellGrade(
            float(score or 0.0), float(max_score or 0.0), bool(manual)
        )
    maxima = (
        select(Assignment.name, func.sum(func.coalesce(graded.c.max_score, task.c.max_score)))
        .join(Notebook, Notebook.assignment_id == Assignment.id)
        .join(BaseCell, BaseCell.notebook_id == Notebook.id)
        .outerjoin(graded, graded.c.id == BaseCell.id)
        .outerjoin(task, task.c.id == BaseCell.id)
        .where(in_course & (graded.c.id.is_not(None) | task.c.id.is_not(None)))
        .group_by(Assignment.name)
    )
    for module, total in session.execute(maxima):
        data.module_max[module] = float(total or 0.0)
    return data
