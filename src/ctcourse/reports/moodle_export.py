"""``ctcourse export --format moodle``: a CSV that Moodle's gradebook import accepts.

Moodle (Grades → Import → CSV file) needs a header row, a column that identifies users and one
column per grade item; on its import page the trainer maps ``Username`` (or ``Email address``)
to the user field and each module column to a grade item. Grades are percentages of the
module's maximum (0–100), so they fit Moodle's default grade items (maximum 100). A module not
submitted, or with written answers still waiting for a grade, is left blank: Moodle then
leaves that grade as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from ctcourse.course import Course
from ctcourse.reports.build import read_cohort
from ctcourse.reports.gradebook_data import GradebookData
from ctcourse.spreadsheet import inert

USERNAME, EMAIL = "Username", "Email address"


def moodle_table(
    course: Course, data: GradebookData, modules: Sequence[str]
) -> tuple[list[str], list[list[str]]]:
    """The header and one row per trainee."""
    with_email = any(t.email for t in data.trainees.values())
    titles = [f"{course.module(m).title} (%)" for m in modules]
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


def export_moodle(course: Course, out: Path, modules: Sequence[str] = ()) -> int:
    """Write the Moodle grade-import CSV; return the number of trainee rows."""
    module_ids = [course.module(m).id for m in modules] or [m.id for m in course.modules]
    header, rows = moodle_table(course, read_cohort(course), module_ids)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)
    return len(rows)
