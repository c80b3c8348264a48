"""An interactive explorer of case data: filters pick rows and columns of the dataset's
published tables (:mod:`ctcourse.cases.lattice`), a chart and a safe table show them, and
an export button writes that safe table — the only thing it can write.

Filters never recount the rows: a year range, a gender, an age band or a country selects
rows or columns of a published table, whose totals stay those of the whole file; an
exploitation type selects its row of the published type-of-exploitation table. So moving a
filter publishes no number the publication does not already hold (no differencing).

The only module of :mod:`ctcourse.cases` that imports ipywidgets. Every control is a stock
widget and the explorer can be driven without a browser: set the widgets' values, then call
``explorer.export_button.click()``.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import clear_output, display

from ctcourse.cases.lattice import BY, EXPLOITATION_LABELS, publication
from ctcourse.cases.plots import category_label, plot_counts
from ctcourse.cases.safe_tables import ALL, NOT_RECORDED, TOTAL, SafeTable, export_table
from ctcourse.cases.schema import YEAR
from ctcourse.errors import DisclosureError
from ctcourse.saved_outputs import with_fallback

COUNTRY = "CountryOfExploitation"
RUN_CELLS = "The explorer appears when you run the notebook: choose Run → Run All Cells."


def _auto() -> widgets.Layout:
    """As wide as the control's label and value: never cut."""
    return widgets.Layout(width="auto")


def _fit() -> widgets.Layout:
    """A drop-down as wide as its description and its longest option."""
    return widgets.Layout(width="max-content")


TABLE_VARIABLES = {
    "year": YEAR,
    "gender": "gender",
    "age band": "ageBroad",
    "country of exploitation": "CountryOfExploitation",
    "data source": "Datasource",
}


class CaseExplorer:
    """Filters (years, gender, age band, exploitation type, country) over a case frame."""

    def __init__(self, frame: pd.DataFrame, k: int = 10, export_path: str = "safe_table.csv"):
        self.frame = frame
        self.k = k
        self.publication = publication(frame, k)
        years = [y for y in map(_year_start, self.publication.tables[YEAR].counts.index) if y]
        low, high = (min(years), max(years)) if years else (2002, 2021)
        self.years = widgets.IntRangeSlider(
            value=(low, high), min=low, max=high, description="Years", readout=False
        )
        # The slider's own readout has a fixed width that cuts "2002 – 2021": a label instead.
        self.years_shown = widgets.Label(_span(self.years.value))
        self.years.observe(lambda change: self._show_years(change["new"]), names="value")
        genders = _labels(self.publication.tables[YEAR].counts.columns)
        self.genders = widgets.SelectMultiple(options=genders, value=genders, description="Gender")
        bands = _labels(self.publication.tables["ageBroad"].counts.index)
        self.age_bands = widgets.SelectMultiple(
            options=[(category_label(band), band) for band in bands], value=bands,
            description="Age band",
        )  # fmt: skip
        self.exploitation = widgets.Dropdown(
            options=[("any", None), *((name, col) for col, name in EXPLOITATION_LABELS.items())],
            description="Exploitation", layout=_fit(),
        )  # fmt: skip
        self.country = widgets.Dropdown(
            options=[
                ("any", None),
                *((c, c) for c in _labels(self.publication.tables[COUNTRY].counts.index)),
            ],
            description="Country", layout=_fit(),
        )  # fmt: skip
        self.rows = widgets.Dropdown(
            options=TABLE_VARIABLES, value=YEAR, description="Rows", layout=_fit()
        )
        self.cols = widgets.Dropdown(
            options={"(none)": None, **TABLE_VARIABLES}, value="gender", description="Columns",
            layout=_fit(),
        )  # fmt: skip
        self.export_path = widgets.Text(value=export_path, description="Export to")
        self.export_button = widgets.Button(
            description="Export safe table", icon="download", layout=_auto()
        )
        self.message = widgets.HTML()
        self.unused = ""
        self.output = widgets.Output()
        self.table: SafeTable = self.publication.crosstab(YEAR, "gender")
        filters = (self.years, self.genders, self.age_bands, self.exploitation, self.country)
        shown = (widgets.HBox([self.years, self.years_shown]), *filters[1:])
        for control in (*filters, self.rows, self.cols):
            control.observe(self.refresh, names="value")
        self.export_button.on_click(self.export)
        self.widget = widgets.VBox(
            [
                widgets.HBox([widgets.VBox(shown), widgets.VBox([self.rows, self.cols])]),
                widgets.HBox([self.export_path, self.export_button]),
                self.message,
                self.output,
            ]
        )
        self.refresh()

    def _show_years(self, span: tuple[int, int]) -> None:
        self.years_shown.value = _span(span)

    def view(self) -> SafeTable:
        """The published table for the chosen rows and columns, cut down to the filters;
        filters that do not apply to it are disabled (and say so), never silently ignored."""
        self._enable()
        if self.exploitation.value is not None:
            table = self.publication.tables["exploitation"]
            label = EXPLOITATION_LABELS[self.exploitation.value]
            columns = [c for c in table.counts.columns if self._keeps(BY, c) or c == ALL]
            return table.select(rows=[label, table.counts.index[-1]], columns=columns)
        table = self.publication.crosstab(self.rows.value, self.cols.value)
        rows = [r for r in table.counts.index if self._keeps(table.counts.index.name, r)]
        cols = [c for c in table.counts.columns if self._keeps(table.counts.columns.name, c)]
        return table.select(rows=rows, columns=cols)

    def _enable(self) -> None:
        """Disable every control that does not apply to the current table: with an
        exploitation type only Gender applies (its table is by gender); otherwise a filter
        applies when its variable is the table's rows or columns."""
        typed = self.exploitation.value is not None
        shown = set() if typed else {self.rows.value, self.cols.value}
        applies = {
            self.years: YEAR in shown,
            self.genders: typed or BY in shown,
            self.age_bands: "ageBroad" in shown,
            self.country: COUNTRY in shown,
            self.rows: not typed,
            self.cols: not typed,
        }
        for control, on in applies.items():
            control.disabled = not on
        off = [c.description for c, on in applies.items() if not on]
        self.unused = (
            f"Not used for this table: {', '.join(off)} (a filter applies when its variable "
            "is the table's rows or columns; with an exploitation type, only Gender)."
            if off
            else ""
        )

    def _keeps(self, variable: str, value: object) -> bool:
        """Whether a row or column of a published table passes the filters."""
        if value == TOTAL:
            return True
        if variable == YEAR:
            start, low, high = _year_start(value), *self.years.value
            full = (low, high) == (self.years.min, self.years.max)
            return full if start is None else low <= start <= high
        chosen = {
            "gender": _chosen(self.genders),
            "ageBroad": _chosen(self.age_bands),
            COUNTRY: None if self.country.value is None else (self.country.value,),
        }.get(variable)
        return chosen is None or str(value) in chosen

    def refresh(self, _change: object = None) -> None:
        """Show the view of the published tables for the current filters."""
        try:
            self.table = self.view()
        except DisclosureError as exc:
            self.message.value = f"Not shown: {exc}"
            with self.output:
                clear_output()
            return
        self.message.value = (
            f"{self.table.note()} Totals are those of the whole file, not of the selection."
            + (f" {self.unused}" if self.unused else "")
        )
        with self.output:
            clear_output(wait=True)
            display(plot_counts(self.table))  # a Chart: drawn as a PNG image
            display(self.table.counts.rename(index=category_label))

    def export(self, _button: object = None) -> Path | None:
        """Write the current safe table (and nothing else) to the export path."""
        try:
            path = export_table(self.table, self.export_path.value)
        except (DisclosureError, OSError) as exc:
            self.message.value = f"Not exported: {exc}"
            return None
        self.message.value = f"Wrote {path} ({self.table.note()})"
        return path

    def _repr_mimebundle_(self, **kwargs: object) -> tuple[dict, dict]:
        """The explorer, and a sentence shown instead once its kernel is gone (saved_outputs)."""
        return with_fallback(self.widget._repr_mimebundle_(**kwargs), RUN_CELLS)


def _span(years: tuple[int, int]) -> str:
    return f"{years[0]}–{years[1]}"


def _labels(index: pd.Index) -> tuple[str, ...]:
    """The categories of a published table's rows or columns (as recoded), totals aside."""
    return tuple(str(value) for value in index if value not in (TOTAL, ALL))


def _year_start(label: object) -> int | None:
    """First year of a year row (2015, or 2015 for a "2015-2019" bin); None if not a year."""
    text = str(label)
    return int(text[:4]) if text[:4].isdigit() and label != NOT_RECORDED else None


def _chosen(control: widgets.SelectMultiple) -> tuple[str, ...] | None:
    """The selected values, or None (no filter, missing values kept) when all are selected."""
    return None if len(control.value) == len(control.options) else control.value
