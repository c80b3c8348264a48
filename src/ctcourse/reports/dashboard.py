"""The trainer's interactive view of a cohort report: filters drive the tables and charts.

The only module of :mod:`ctcourse.reports` that imports ipywidgets. It shows the same tables as
the HTML report, in the cohort's language (``course.language``): every label, header, cell text
and chart label comes from :mod:`ctcourse.reports.strings`, as the page's do, so the notebook
``notebooks/trainer/cohort_report.ipynb`` keeps no words of its own. Every control is a stock
widget, so tests drive it by setting values; their values stay the language-neutral names
(``"items"``, a module id), only the labels are translated.
"""

from __future__ import annotations

import fnmatch
import html

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, Image, Markdown, clear_output, display

from ctcourse.reports import charts
from ctcourse.reports.analysis import CohortReport
from ctcourse.reports.gain import ENTRY_TEST, FINAL_TEST
from ctcourse.reports.html import MAX_HTML_ROWS, gain_statistics, grid
from ctcourse.reports.strings import day, moment, text
from ctcourse.reports.tables import all_tables, gain_table, quiz_table

#: Each view and the name of its label in the strings table.
VIEWS = {
    "progress": "progress",
    "items": "items",
    "distractors": "distractors",
    "gain": "gain",
    "time on task": "time",
}
ALL = "all modules"
#: Each section of the trainer's notebook: its heading's and its explanation's names.
SECTIONS = {
    "explore": ("explore", "explore_explained"),
    "tests": ("whole_tests", "whole_tests_explained"),
    "gain": ("gain", "gain_explained"),
}


def readable(frame: pd.DataFrame, language: str) -> HTML | Markdown:
    """A table as the report's page shows it: headers, statuses, notes, numbers and dates in
    ``language``, no NaN, no row numbers, cells escaped; "Nothing to show." for an empty table,
    and past MAX_HTML_ROWS rows, the first ones and how to see the others (pandas' own
    truncated view would say "… rows × … columns" in English)."""
    if frame.empty:
        return Markdown(text(language, "nothing"))
    if "date" in frame:
        frame = frame.assign(date=[day(d, language) for d in frame["date"]])
    shown = grid(frame, MAX_HTML_ROWS, language)
    table = shown.to_html()
    if shown.total > len(shown.rows):
        more = text(language, "first_rows_filter", shown=len(shown.rows), total=shown.total)
        table += f"<p>{html.escape(more)}</p>"
    return HTML(table)


def overview(report: CohortReport) -> None:
    """Show the notebook's opening: the course, when and for how many trainees the numbers
    were read, what each view holds, and how many trainees are in each status per module."""
    language = report.course.language
    title = text(language, "page_title", course=report.course.title_in(language))
    when = moment(report.generated, language)
    summary = text(language, "generated", when=when, trainees=len(report.trainees))
    if report.cohort:
        summary += text(language, "matching", cohort=f"`{report.cohort}`")
    display(
        Markdown(f"## {title}\n\n{summary}\n\n{text(language, 'dashboard_intro')}"),
        readable(report.progress_counts, language),
    )


def section(report: CohortReport, name: str) -> None:
    """Show one section of the trainer's notebook (a key of :data:`SECTIONS`): its heading, its
    explanation and, for the tests and the gain, the table, in the cohort's language."""
    language = report.course.language
    heading, explained = SECTIONS[name]
    display(Markdown(f"## {text(language, heading)}\n\n{text(language, explained)}"))
    if name == "tests":
        display(readable(quiz_table(report.modules), language))
    if name == "gain" and report.gain is None:
        display(Markdown(text(language, "no_gain", entry=ENTRY_TEST, final=FINAL_TEST)))
    elif name == "gain" and report.gain is not None:
        statistics = gain_statistics(report.gain, gain_table(report.gain), language)
        display(HTML(statistics.to_html()))


class CohortDashboard:
    """A view (progress, items, distractors, gain, time) filtered by module, trainees and flags."""

    def __init__(self, report: CohortReport):
        self.report = report
        self.language = language = report.course.language
        self.tables = all_tables(report)
        wide = {"description_width": "initial"}
        self.view = widgets.ToggleButtons(
            options=[(text(language, label), view) for view, label in VIEWS.items()],
            description=text(language, "view"),
            style={**wide, "button_width": "auto"},
        )
        self.module = widgets.Dropdown(
            options=[(text(language, "all_modules"), ALL)]
            + [(m.id, m.id) for m in report.course.modules],
            description=text(language, "module"),
            style=wide,
        )
        self.trainees = widgets.Text(
            value="*",
            description=text(language, "trainees"),
            placeholder=text(language, "trainees_hint"),
            style=wide,
        )
        self.flagged = widgets.Checkbox(
            value=False, description=text(language, "only_to_review"), indent=False
        )
        self.output = widgets.Output()
        self.shown = pd.DataFrame()
        for control in (self.view, self.module, self.trainees, self.flagged):
            control.observe(self.refresh, names="value")
        self.widget = widgets.VBox(
            [self.view, widgets.HBox([self.module, self.trainees, self.flagged]), self.output]
        )
        self.refresh()

    def _by_module(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.module.value == ALL or frame.empty or "module" not in frame:
            return frame
        return frame[frame["module"] == self.module.value]

    def _by_trainee(self, frame: pd.DataFrame) -> pd.DataFrame:
        pattern = self.trainees.value.strip() or "*"
        if frame.empty or "trainee" not in frame:
            return frame
        return frame[[fnmatch.fnmatchcase(t, pattern) for t in frame["trainee"]]]

    def table(self) -> pd.DataFrame:
        """The table the current filters select (the data: English column names)."""
        view = self.view.value
        if view == "progress":
            return self._by_trainee(self._by_module(self.tables["progress"]))
        if view == "items":
            items = self._by_module(self.tables["item_statistics"])
            return items[items["flags"] != ""] if self.flagged.value and not items.empty else items
        if view == "distractors":
            return self._by_module(self.tables["distractors"])
        if view == "gain":
            return self._by_trainee(self.tables.get("learning_gain_per_trainee", pd.DataFrame()))
        return self._by_module(self.tables["time_on_task"])

    def _chart(self) -> bytes | None:
        modules = [
            m for m in self.report.modules if self.module.value in (ALL, m.module.id) and m.scores
        ]
        if self.view.value == "items" and modules:
            return charts.png(charts.facility_discrimination(modules, self.language))
        if self.view.value == "progress" and modules:
            return charts.png(charts.score_distributions(modules, self.language))
        if self.view.value == "gain" and self.report.gain is not None:
            return charts.png(charts.paired_plot(self.report.gain, self.language))
        return None

    def refresh(self, _change: object = None) -> None:
        """Redraw the chart and the table for the current filters."""
        self.shown = self.table()
        image = self._chart()
        with self.output:
            clear_output(wait=True)
            if image is not None:
                display(Image(data=image, format="png"))
            display(readable(self.shown, self.language))
