"""``ctcourse export``: one CSV row per trainee and module, from nbgrader's gradebook.

Unlike ``nbgrader export`` every field is quoted by the csv module, and each graded cell gets
its own column: quiz questions by question id (``consent.under-threat``), other cells by
nbgrader grade id. Trainees in the gradebook without a submission of a module get a row with
``submitted`` = ``no`` and empty scores, so nobody silently disappears from a report.

Trainee ids are trainee-controlled text, and the file is opened in spreadsheets: it is written
as :mod:`ctcourse.spreadsheet` says (no live formula; UTF-8 with a byte-order mark).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from ctcourse.course import Course
from ctcourse.grading.answers import load_keys
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.nbgrader_tools import ensure_tools_on_path
from ctcourse.spreadsheet import ENCODING, inert

FIXED = ["student_id", "module", "submitted", "score", "max_score", "needs_manual_grade"]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.10g}"


def export(course: Course, out: Path, modules: Sequence[str] = ()) -> int:
    """Write the CSV to ``out``; return the number of rows."""
    columns, rows = score_rows(course, modules)
    write_csv(out, FIXED + columns, rows)
    return len(rows)


def score_rows(course: Course, modules: Sequence[str] = ()) -> tuple[list[str], list[dict]]:
    """The per-question columns, and one row per trainee and module (fields as text)."""
    ensure_tools_on_path()
    module_ids = [course.module(m).id for m in modules] or [m.id for m in course.modules]
    names = {}
    for module in module_ids:
        for item in load_keys(course, module).items():
            names[item.question.grade_id] = item.question.id
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


def write_csv(out: Path, columns: Sequence[str], rows: Sequence[dict]) -> None:
    """Every field quoted, none a live formula."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding=ENCODING) as handle:
        writer = csv.DictWriter(handle, columns, quoting=csv.QUOTE_ALL, restval="")
        writer.writerow({c: inert(c) for c in columns})
        writer.writerows({k: inert(str(v)) for k, v in row.items()} for row in rows)
