"""``ctcourse export``: the gradebook as a CSV of scores, or as Moodle's grade-import CSV.

Both exports read the gradebook in one pass (:func:`ctcourse.reports.gradebook_data.read_gradebook`:
a fixed number of queries whatever the cohort's size) instead of one submission at a time
through nbgrader's Gradebook API, so 10,000 trainees take seconds, not hours.

The scores CSV has one row per trainee and module. Unlike ``nbgrader export`` every field is
quoted by the csv module, and each graded cell gets its own column: quiz questions by question
id (``consent.under-threat``), other cells by nbgrader grade id, in the order nbgrader keeps
the cells (modules in course order, notebooks by name, cells as the notebook holds them).
Trainees in the gradebook without a submission of a module get a row with ``submitted`` =
``no`` and empty scores, so nobody silently disappears from a report.

The Moodle CSV (Grades → Import → CSV file) has a header row, a column that identifies users and
one column per module (titled in the cohort's language); on its import page the trainer maps ``Username`` (or ``Email address``)
to the user field and each module column to a grade item. Grades are percentages of the
module's maximum (0–100), so they fit Moodle's default grade items (maximum 100). A module not
submitted, or with written answers still waiting for a grade, is left blank: Moodle then leaves
that grade as it is.

Trainee ids are trainee-controlled text, and the files are opened in spreadsheets: no field is a
live formula (:mod:`ctcourse.spreadsheet`).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path

from nbgrader.api import Gradebook

from ctcourse.authoring.editions import module_titles
from ctcourse.course import Course
from ctcourse.grading.answers import load_keys
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.nbgrader_tools import ensure_tools_on_path
from ctcourse.reports.gradebook_data import GradebookData, check_exists, read_gradebook
from ctcourse.spreadsheet import ENCODING, inert

FIXED = ["student_id", "module", "submitted", "score", "max_score", "needs_manual_grade"]
USERNAME, EMAIL = "Username", "Email address"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.10g}"


def _module_ids(course: Course, modules: Sequence[str]) -> list[str]:
    return [course.module(m).id for m in modules] or [m.id for m in course.modules]


def read_grades(course: Course, module_ids: Sequence[str]) -> tuple[GradebookData, dict]:
    """The gradebook data of ``module_ids``, and each module's cell names in nbgrader's order.

    Modules the gradebook does not know are missing from the second value.
    """
    ensure_tools_on_path()
    url = gradebook_url(course.root, os.environ)
    check_exists(url)
    with Gradebook(url, course.id) as gb:
        data = read_gradebook(gb, course.id, module_ids)
        known = {a.name: a for a in gb.assignments}
        order = {
            m: [c.name for nb in known[m].notebooks for c in (*nb.grade_cells, *nb.task_cells)]
            for m in module_ids
            if m in known
        }
    return data, order


def _columns(data: GradebookData, order: dict, names: dict[str, str]) -> list[str]:
    """One column per graded cell that some submission holds, in nbgrader's order."""
    held: dict[str, set[str]] = {}
    for (_, module), cells in data.cells.items():
        held.setdefault(module, set()).update(cells)
    columns: dict[str, None] = {}
    for module, cells in order.items():
        for cell in cells:
            if cell in held.get(module, ()):
                columns.setdefault(names.get(cell, cell))
    return list(columns)


def _row(data: GradebookData, trainee: str, module: str, names: dict[str, str]) -> dict:
    row = {"student_id": trainee, "module": module, "submitted": "no"}
    if (trainee, module) not in data.submitted_at:
        return row
    cells = data.cells.get((trainee, module), {})
    row |= {
        "submitted": "yes",
        "score": _number(sum(c.score for c in cells.values())),
        "max_score": _number(data.module_max.get(module, 0.0)),
        "needs_manual_grade": "yes" if data.needs_manual_grade(trainee, module) else "no",
    }
    for cell, grade in cells.items():
        row[names.get(cell, cell)] = _number(grade.score)
    return row


def score_rows(
    course: Course, modules: Sequence[str] = (), cohort: str | None = None
) -> tuple[list[str], list[dict]]:
    """The per-question columns, and one row per trainee and module (fields as text); trainees
    whose id matches the shell-style pattern ``cohort`` only, when one is given."""
    module_ids = _module_ids(course, modules)
    names = {}
    for module in module_ids:
        for item in load_keys(course, module).items():
            names[item.question.grade_id] = item.question.id
    data, order = read_grades(course, module_ids)
    data = data.only(cohort)
    trainees = sorted(data.trainees)
    rows = [_row(data, t, m, names) for m in module_ids if m in order for t in trainees]
    return _columns(data, order, names), rows


def export(
    course: Course, out: Path, modules: Sequence[str] = (), cohort: str | None = None
) -> int:
    """Write the scores CSV to ``out`` (``cohort``: a trainee id pattern); return the rows."""
    columns, rows = score_rows(course, modules, cohort)
    write_csv(out, FIXED + columns, rows)
    return len(rows)


def write_csv(out: Path, columns: Sequence[str], rows: Sequence[dict]) -> None:
    """Every field quoted, none a live formula; a row's missing columns empty.

    A row fills only its own columns (a module's questions among every module's), so each row
    costs its own fields, not the width of the file.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    place = {column: n for n, column in enumerate(columns)}
    with open(out, "w", newline="", encoding=ENCODING) as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow([inert(c) for c in columns])
        for row in rows:
            line = [""] * len(columns)
            for key, value in row.items():
                line[place[key]] = inert(str(value))
            writer.writerow(line)


def moodle_table(
    course: Course, data: GradebookData, modules: Sequence[str]
) -> tuple[list[str], list[list[str]]]:
    """The Moodle header and one row per trainee."""
    with_email = any(t.email for t in data.trainees.values())
    titles = [f"{title} (%)" for title in map(module_titles(course, course.language).get, modules)]
    header = [USERNAME, *([EMAIL] if with_email else []), *titles]
    rows = []
    for trainee in sorted(data.trainees):
        row = [inert(trainee), *([inert(data.trainees[trainee].email)] if with_email else [])]
        for module in modules:
            key, top = (trainee, module), data.module_max.get(module)
            graded = key in data.cells and not data.needs_manual_grade(*key) and top
            row.append(f"{100 * (data.score(*key) or 0.0) / top:.2f}" if graded else "")
        rows.append(row)
    return header, rows


def export_moodle(
    course: Course, out: Path, modules: Sequence[str] = (), cohort: str | None = None
) -> int:
    """Write the Moodle grade-import CSV (``cohort``: a trainee id pattern); return the rows."""
    module_ids = _module_ids(course, modules)
    data = read_grades(course, module_ids)[0].only(cohort)
    header, rows = moodle_table(course, data, module_ids)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)


EXPORTS = {"csv": export, "moodle": export_moodle}
