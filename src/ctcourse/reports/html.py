"""The report as one self-contained HTML page: styles inline, charts embedded, printable.

The page is ``templates/report.html.j2`` (Jinja, as nbconvert renders its pages); this module
only turns the analysis into plain values for it. Jinja autoescapes every value that came from
the gradebook or a log (trainee ids, cell names), so nothing a trainee typed can run in the
trainer's browser. An empty value is an empty cell, never "None" or "nan".
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ctcourse.reports.analysis import CohortReport
from ctcourse.reports.flags import MIN_ATTEMPTS
from ctcourse.reports.gain import ENTRY_TEST, FINAL_TEST
from ctcourse.reports.progress import counts_toward_passing

#: Above this many trainees the per-trainee tables stay in the CSVs only.
MAX_HTML_ROWS = 300
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Grid:
    """A table as the template draws it: column names, rows of cell texts, and the full count."""

    columns: list[str]
    rows: list[list[str]]
    total: int


def cell(value: Any) -> str:
    """A table cell's text: empty for a missing value, numbers without float noise."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def grid(frame: pd.DataFrame, limit: int | None = MAX_HTML_ROWS) -> Grid:
    """The first ``limit`` rows of a table (all with None), as texts."""
    shown = frame if limit is None else frame.head(limit)
    rows = [[cell(v) for v in row] for row in shown.itertuples(index=False, name=None)]
    return Grid([str(c) for c in frame.columns], rows, len(frame))


def _progress(report: CohortReport) -> Grid | None:
    """Trainees × modules: status (and date); None above MAX_HTML_ROWS trainees."""
    if len(report.trainees) > MAX_HTML_ROWS:
        return None
    matrix = report.progress.pivot(index="trainee", columns="module", values="status")
    dates = report.progress.pivot(index="trainee", columns="module", values="date")
    cells = matrix.where(dates == "", matrix + " (" + dates + ")")
    cells = cells[[m.id for m in report.course.modules]].rename_axis(columns=None).reset_index()
    return grid(cells, None)


def _items(report: CohortReport, tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    every = tables["item_statistics"]
    flagged = every[every["flags"] != ""][["module", "question", "flags"]] if len(every) else every
    too_few = [
        f"{a.module.id} ({a.quiz.attempts} graded attempt{'' if a.quiz.attempts == 1 else 's'})"
        for a in report.modules
        if a.items and a.quiz.attempts < MIN_ATTEMPTS
    ]
    return {
        "test_statistics": grid(
            tables["test_statistics"].drop(columns=["flags", "note"], errors="ignore")
        ),
        "quiz_flags": [f"{a.module.id}: {why}" for a in report.modules for why in a.quiz_flags],
        "undefined": [f"{a.module.id}: {why}" for a in report.modules for why in a.quiz.undefined],
        "to_review": grid(flagged),
        "too_few": too_few,
        "items": grid(every.drop(columns=["flags"], errors="ignore")),
        "distractors": grid(tables["distractors"]),
        "min_attempts": MIN_ATTEMPTS,
    }


def _gain(report: CohortReport, tables: dict[str, pd.DataFrame]) -> dict[str, Any] | None:
    if report.gain is None:
        return None
    g = report.gain.cohort
    by_statistic = tables["learning_gain"].set_index("scope").T.rename_axis("statistic")
    return {
        "pairs": g.pairs,
        "only_entry": g.only_entry,
        "only_final": g.only_final,
        "statistics": grid(by_statistic.rename_axis(columns=None).reset_index()),
        "objectives_named": report.gain.objectives_named,
        "per_trainee": grid(tables["learning_gain_per_trainee"]),
    }


def context(
    report: CohortReport, tables: dict[str, pd.DataFrame], images: dict[str, bytes]
) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    course = report.course
    return {
        "course": course,
        "generated": f"{report.generated:%Y-%m-%d %H:%M}",
        "trainees": len(report.trainees),
        "cohort": report.cohort,
        "pass_mark": f"{course.pass_mark:.0%}",
        "progress_counts": grid(tables["progress_counts"]),
        "progress": _progress(report),
        "not_passable": [m.id for m in course.modules if not counts_toward_passing(m)],
        "waiting": grid(tables["waiting_for_manual_grading"]),
        "ungraded_modules": [a.module.id for a in report.modules if not a.scores],
        "images": {k: base64.b64encode(v).decode("ascii") for k, v in images.items()},
        **_items(report, tables),
        "gain": _gain(report, tables),
        "entry_test": ENTRY_TEST,
        "final_test": FINAL_TEST,
        "time_on_task": grid(tables["time_on_task"]),
        "notes": report.notes,
    }


def environment() -> Environment:
    """The Jinja environment of the report's templates (autoescaping, strict about names)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(report: CohortReport, tables: dict[str, pd.DataFrame], images: dict[str, bytes]) -> str:
    """The whole page."""
    return environment().get_template("report.html.j2").render(context(report, tables, images))
