"""The trainer's interactive view of a cohort report: filters drive the tables and charts.

The only module of :mod:`ctcourse.reports` that imports ipywidgets. It shows the same tables as
the HTML report; every control is a stock widget, so tests drive it by setting values.
"""

from __future__ import annotations

import fnmatch

import ipywidgets as widgets
import pandas as pd
from IPython.display import Image, clear_output, display

from ctcourse.reports import charts
from ctcourse.reports.analysis import CohortReport
from ctcourse.reports.tables import all_tables

VIEWS = ("progress", "items", "distractors", "gain", "time on task")
ALL = "all modules"


class CohortDashboard:
    """A view (progress, items, distractors, gain, time) filtered by module, trainees and flags."""

    def __init__(self, report: CohortReport):
        self.report = report
        self.tables = all_tables(report)
        self.view = widgets.ToggleButtons(options=VIEWS, description="Show")
        self.module = widgets.Dropdown(
            options=[ALL, *(m.id for m in report.course.modules)], description="Module"
        )
        self.trainees = widgets.Text(value="*", description="Trainees", placeholder="e.g. kyiv-*")
        self.flagged = widgets.Checkbox(value=False, description="only items to review")
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
        """The table the current filters select."""
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
            return charts.png(charts.facility_discrimination(modules))
        if self.view.value == "progress" and modules:
            return charts.png(charts.score_distributions(modules))
        if self.view.value == "gain" and self.report.gain is not None:
            return charts.png(charts.paired_plot(self.report.gain))
        return None

    def refresh(self, _change: object = None) -> None:
        """Redraw the chart and the table for the current filters."""
        self.shown = self.table()
        image = self._chart()
        with self.output:
            clear_output(wait=True)
            if image is not None:
                display(Image(data=image, format="png"))
            display(self.shown)
