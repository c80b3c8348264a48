"""``ctcourse report``: read the gradebook and the logs, analyse, write one HTML page and CSVs."""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from nbgrader.api import Gradebook

from ctcourse.course import Course
from ctcourse.grading.answers import load_keys
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.nbgrader_tools import ensure_tools_on_path
from ctcourse.reports import charts
from ctcourse.reports.analysis import (
    CohortReport,
    analyse_gain,
    analyse_module,
    progress_counts,
    progress_table,
    waiting_table,
)
from ctcourse.reports.gradebook_data import GradebookData, check_exists, read_gradebook
from ctcourse.reports.html import render
from ctcourse.reports.logs_data import collected, read_logs
from ctcourse.reports.strings import text
from ctcourse.reports.tables import all_tables
from ctcourse.spreadsheet import ENCODING, inert_frame


@dataclass(frozen=True)
class ReportFiles:
    """What ``write_report`` wrote."""

    html: Path
    csvs: tuple[Path, ...]


def read_cohort(course: Course, cohort: str | None = None) -> GradebookData:
    """The gradebook data of every module, restricted to trainees matching ``cohort``."""
    ensure_tools_on_path()
    url = gradebook_url(course.root, os.environ)
    check_exists(url)
    with Gradebook(url, course.id) as gb:
        return read_gradebook(gb, course.id, [m.id for m in course.modules]).only(cohort)


def _fetched(homes: str, trainees: list[str], modules: list[str]) -> dict[tuple[str, str], bool]:
    return {(t, m): (Path(homes.format(trainee=t)) / m).is_dir() for t in trainees for m in modules}


def analyse(
    course: Course,
    cohort: str | None = None,
    homes: str | None = None,
    modules: Sequence[str] = (),
) -> CohortReport:
    """Read everything and analyse the cohort (``homes``: e.g. ``/home/{trainee}``); ``modules``
    (ids, any order): only those, in course order, as if the course had no others."""
    if modules:
        chosen = {course.module(m).id for m in modules}
        course = replace(course, modules=tuple(m for m in course.modules if m.id in chosen))
    module_ids = [m.id for m in course.modules]
    items = {m: load_keys(course, m).items() for m in module_ids}
    data = read_cohort(course, cohort)
    data.add_collected(collected(course.root, module_ids), cohort)
    trainees = sorted(data.trainees)
    logs, notes = read_logs(course.root, module_ids, trainees)
    fetched = _fetched(homes, trainees, module_ids) if homes else None
    progress = progress_table(course, data, trainees, fetched)
    analyses = [
        analyse_module(m, items[m.id], data, logs, trainees, course.language)
        for m in course.modules
    ]
    if fetched is None:
        notes.append(text(course.language, "no_fetch_record"))
    return CohortReport(
        course=course,
        generated=datetime.now(UTC),
        cohort=cohort,
        trainees=trainees,
        progress=progress,
        progress_counts=progress_counts(course, progress),
        waiting=waiting_table(data, trainees),
        modules=analyses,
        gain=analyse_gain({a.module.id: a for a in analyses}, data),
        notes=notes,
    )


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A CSV every spreadsheet opens safely: all fields quoted, no live formula, UTF-8 with BOM."""
    inert_frame(frame).to_csv(path, index=False, quoting=csv.QUOTE_ALL, encoding=ENCODING)


def images(report: CohortReport) -> dict[str, bytes]:
    """The charts that have data to draw, labelled in the cohort's language."""
    language = report.course.language
    drawn = {}
    if any(a.scores for a in report.modules):
        drawn["scores"] = charts.png(charts.score_distributions(report.modules, language))
    if charts.has_items_to_place(report.modules):
        drawn["facility"] = charts.png(charts.facility_discrimination(report.modules, language))
    if report.gain is not None and len(report.gain.per_trainee):
        drawn["paired"] = charts.png(charts.paired_plot(report.gain, language))
    return drawn


def write_report(report: CohortReport, out: Path) -> ReportFiles:
    """Write ``report.html`` and one CSV per table into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    tables = all_tables(report)
    csvs = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        write_csv(frame, path)
        csvs.append(path)
    html = out / "report.html"
    html.write_text(render(report, tables, images(report)), encoding="utf-8")
    return ReportFiles(html, tuple(csvs))
