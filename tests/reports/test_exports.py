"""Both exports read the gradebook in one pass and write what the per-trainee reading wrote."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook, MissingEntry
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ctcourse.cli import main
from ctcourse.course import Course, load_course
from ctcourse.grading.answers import load_keys
from ctcourse.grading.export import FIXED, _number, export, export_moodle, write_csv
from ctcourse.nbgrader_settings import gradebook_url

pytestmark = pytest.mark.slow


def per_trainee_rows(course: Course) -> tuple[list[str], list[dict]]:
    """The scores as ``ctcourse export`` read them before: one trainee and module at a time."""
    module_ids = [m.id for m in course.modules]
    names = {
        item.question.grade_id: item.question.id
        for module in module_ids
        for item in load_keys(course, module).items()
    }
    rows, columns = [], []
    with Gradebook(gradebook_url(course.root, os.environ), course.id) as gb:
        students = sorted(s.id for s in gb.students)
        for module in module_ids:
            try:
                gb.find_assignment(module)
            except MissingEntry:
                continue
            for student in students:
                row = {"student_id": student, "module": module, "submitted": "no"}
                try:
                    submission = gb.find_submission(module, student)
                except MissingEntry:
                    rows.append(row)
                    continue
                row |= {
                    "submitted": "yes",
                    "score": _number(submission.score),
                    "max_score": _number(submission.max_score),
                    "needs_manual_grade": "yes" if submission.needs_manual_grade else "no",
                }
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        column = names.get(grade.name, grade.name)
                        if column not in columns:
                            columns.append(column)
                        row[column] = _number(grade.score)
                rows.append(row)
    return columns, rows


class Statements:
    """Counts the SQL statements sent while active."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: object) -> None:
        self.count += 1

    def __enter__(self) -> Statements:
        event.listen(Engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(Engine, "before_cursor_execute", self)


@pytest.fixture
def gradebook_copy(cohort_root: Path, tmp_path: Path) -> Path:
    """The cohort, plus a trainee without a submission and a grade with extra credit."""
    root = tmp_path / "course"
    shutil.copytree(cohort_root, root)
    with Gradebook(gradebook_url(root, {}), "testcourse") as gb:
        gb.add_student("zz-never-started", first_name="Олена", email="o@example.org")
        grade = gb.find_grade("lesson_reflection", "lesson", "lesson", "sim-0001")
        grade.manual_score, grade.extra_credit = 1.5, 0.25
        gb.db.commit()
    return root


def test_csv_export_is_byte_for_byte_what_the_per_trainee_reading_wrote(
    gradebook_copy: Path, tmp_path: Path
):
    course = load_course(gradebook_copy)
    columns, rows = per_trainee_rows(course)
    write_csv(tmp_path / "before.csv", FIXED + columns, rows)

    assert export(course, tmp_path / "after.csv") == len(rows) == 3 * 31
    assert (tmp_path / "after.csv").read_bytes() == (tmp_path / "before.csv").read_bytes()
    text = (tmp_path / "after.csv").read_text(encoding="utf-8-sig")
    assert '"zz-never-started","lesson","no"' in text and '"1.75"' in text


def test_exports_read_the_gradebook_in_a_fixed_number_of_statements(
    gradebook_copy: Path, tmp_path: Path
):
    course = load_course(gradebook_copy)
    with Statements() as few:
        export(course, tmp_path / "scores.csv")
    with Statements() as moodle:
        export_moodle(course, tmp_path / "moodle.csv")
    with Statements() as many:
        per_trainee_rows(course)
    assert few.count < 30 and moodle.count < 30 and many.count > 3 * 31


def test_moodle_export_has_an_identifier_and_one_column_per_module(gradebook_copy: Path, tmp_path):
    out = tmp_path / "moodle.csv"
    root = str(gradebook_copy)
    assert main(["export", "--format", "moodle", "--out", str(out), "--root", root]) == 0
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "Username",
        "Email address",
        "entry-test (%)",
        "lesson (%)",
        "final-test (%)",
    ]
    body = {row[0]: row[2:] for row in rows[1:]}
    assert len(body) == 31
    assert body["sim-0010"][1] == ""  # never submitted the lesson
    assert body["sim-0028"][1] == ""  # written answer still waiting for a grade
    assert body["zz-never-started"] == ["", "", ""]
    assert all(0 <= float(v) <= 100 for row in body.values() for v in row if v)


def test_both_exports_take_the_reports_cohort_pattern(gradebook_copy: Path, tmp_path):
    root, scores, moodle = str(gradebook_copy), tmp_path / "scores.csv", tmp_path / "moodle.csv"
    common = ["--cohort", "sim-000*", "--root", root, "lesson"]
    assert main(["export", "--out", str(scores), *common]) == 0
    assert main(["export", "--format", "moodle", "--out", str(moodle), *common]) == 0
    with open(scores, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["student_id"], r["module"]) for r in rows} == {
        (f"sim-000{i}", "lesson") for i in range(1, 10)
    }
    with open(moodle, encoding="utf-8", newline="") as handle:
        header, *body = list(csv.reader(handle))
    assert header[-1] == "lesson (%)" and "entry-test (%)" not in header
    assert sorted(row[0] for row in body) == [f"sim-000{i}" for i in range(1, 10)]
