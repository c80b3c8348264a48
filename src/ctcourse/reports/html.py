"""The report as one self-contained HTML page: styles inline, charts embedded, printable.

The page is ``templates/report.html.j2`` (Jinja, as nbconvert renders its pages); this module
only turns the analysis into plain values for it. Jinja autoescapes every value that came from
the gradebook or a log (trainee ids, cell names), so nothing a trainee typed can run in the
trainer's browser. An empty value is an empty cell, never "None" or "nan".

Every word, number and date is in the cohort's language (``course.language``): the words come
from :mod:`ctcourse.reports.strings`, numbers take a decimal comma in Ukrainian.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ctcourse.authoring.editions import module_titles
from ctcourse.quiz.locale import format_number
from ctcourse.reports.analysis import CohortReport, GainAnalysis
from ctcourse.reports.flags import MIN_ATTEMPTS
from ctcourse.reports.gain import ENTRY_TEST, FINAL_TEST
from ctcourse.reports.progress import counts_toward_passing
from ctcourse.reports.strings import column, day, moment, percent, text, value

#: Above this many trainees the per-trainee tables stay in the CSVs only.
MAX_HTML_ROWS = 300
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Grid:
    """A table as the template draws it: column names, rows of cell texts, and the full count."""

    columns: list[str]
    rows: list[list[str]]
    total: int

    def to_html(self) -> str:
        """The rows shown as an HTML table, cells escaped and without row numbers, for a
        notebook to show them as the page does."""
        return pd.DataFrame(self.rows, columns=self.columns).to_html(index=False, escape=True)


def cell(item: Any, language: str = "en") -> str:
    """A table cell's text in ``language``: empty for a missing value, numbers without float
    noise (decimal comma in Ukrainian), dates as the language writes them, fixed texts such
    as statuses translated."""
    if item is None or item is pd.NA or item is pd.NaT:
        return ""
    if isinstance(item, float) and math.isnan(item):
        return ""
    if isinstance(item, datetime):
        return f"{day(item, language)} {item:%H:%M}" if language == "uk" else str(item)
    if isinstance(item, bool):
        return str(item)
    if isinstance(item, int) and language == "uk":
        return format_number(item, language)
    if isinstance(item, float) and language == "uk":
        return format_number(float(f"{item:.6g}"), language)
    if isinstance(item, float):
        return f"{item:.6g}"
    return value(language, str(item))


def grid(frame: pd.DataFrame, limit: int | None = MAX_HTML_ROWS, language: str = "en") -> Grid:
    """The first ``limit`` rows of a table (all with None), as texts in ``language``."""
    shown = frame if limit is None else frame.head(limit)
    rows = [[cell(v, language) for v in row] for row in shown.itertuples(index=False, name=None)]
    return Grid([column(language, str(c)) for c in frame.columns], rows, len(frame))


def _progress(report: CohortReport) -> Grid | None:
    """Trainees × modules: status (and date); None above MAX_HTML_ROWS trainees."""
    if len(report.trainees) > MAX_HTML_ROWS:
        return None
    language = report.course.language
    progress = report.progress.assign(
        status=[value(language, s) for s in report.progress["status"]],
        date=[day(d, language) for d in report.progress["date"]],
    )
    matrix = progress.pivot(index="trainee", columns="module", values="status")
    dates = progress.pivot(index="trainee", columns="module", values="date")
    cells = matrix.where(dates == "", matrix + " (" + dates + ")")
    cells = cells[[m.id for m in report.course.modules]].rename_axis(columns=None).reset_index()
    return grid(cells, None, language)


def _items(report: CohortReport, tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    language = report.course.language
    every = tables["item_statistics"]
    flagged = every[every["flags"] != ""][["module", "question", "flags"]] if len(every) else every
    too_few = [
        text(language, "attempts", module=a.module.id, n=a.quiz.attempts)
        for a in report.modules
        if a.items and a.quiz.attempts < MIN_ATTEMPTS
    ]
    return {
        "test_statistics": grid(
            tables["test_statistics"].drop(columns=["flags", "note"], errors="ignore"),
            language=language,
        ),
        "quiz_flags": [f"{a.module.id}: {why}" for a in report.modules for why in a.quiz_flags],
        "undefined": [
            f"{a.module.id}: {value(language, why)}"
            for a in report.modules
            for why in a.quiz.undefined
        ],
        "to_review": grid(flagged, language=language),
        "too_few": too_few,
        "items": grid(every.drop(columns=["flags"], errors="ignore"), language=language),
        "distractors": grid(tables["distractors"], language=language),
        "min_attempts": MIN_ATTEMPTS,
    }


def gain_statistics(gain: GainAnalysis, table: pd.DataFrame, language: str) -> Grid:
    """The learning-gain table (``learning_gain``, one row per scope) turned to one row per
    statistic and a column per scope (whole test, then each objective), in ``language``."""
    scopes = [
        "whole test",
        *(text(language, "objective", objective=o) for o in gain.per_objective),
    ]
    by_statistic = table.assign(scope=scopes).set_index("scope").T
    by_statistic.index = [column(language, str(name)) for name in by_statistic.index]
    return grid(
        by_statistic.rename_axis("statistic").rename_axis(columns=None).reset_index(),
        language=language,
    )


def _gain(report: CohortReport, tables: dict[str, pd.DataFrame]) -> dict[str, Any] | None:
    if report.gain is None:
        return None
    language = report.course.language
    g = report.gain.cohort
    return {
        "pairs": g.pairs,
        "only_entry": g.only_entry,
        "only_final": g.only_final,
        "statistics": gain_statistics(report.gain, tables["learning_gain"], language),
        "objectives_named": report.gain.objectives_named,
        "per_trainee": grid(tables["learning_gain_per_trainee"], language=language),
    }


def context(
    report: CohortReport, tables: dict[str, pd.DataFrame], images: dict[str, bytes]
) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    course = report.course
    language = course.language
    titles = module_titles(course, language)
    modules = pd.DataFrame(
        {
            "module": [m.id for m in course.modules],
            "title": [titles[m.id] for m in course.modules],
            "minutes": [m.minutes for m in course.modules],
        }
    )
    return {
        "language": language,
        "t": lambda name, **values: text(language, name, **values),
        "course_title": course.title_in(language),
        "modules": grid(modules, None, language),
        "generated": moment(report.generated, language),
        "trainees": len(report.trainees),
        "cohort": report.cohort,
        "pass_mark": percent(course.pass_mark, language),
        "progress_counts": grid(tables["progress_counts"], language=language),
        "progress": _progress(report),
        "not_passable": [m.id for m in course.modules if not counts_toward_passing(m)],
        "waiting": grid(tables["waiting_for_manual_grading"], language=language),
        "ungraded_modules": [a.module.id for a in report.modules if not a.scores],
        "images": {k: base64.b64encode(v).decode("ascii") for k, v in images.items()},
        **_items(report, tables),
        "gain": _gain(report, tables),
        "entry_test": ENTRY_TEST,
        "final_test": FINAL_TEST,
        "time_on_task": grid(tables["time_on_task"], language=language),
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
