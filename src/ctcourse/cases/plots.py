"""Charts of safe tables: a title, labelled axes, a legend beside the data, and a source line
with the suppression note.

Figures are :class:`Chart`, a :class:`matplotlib.figure.Figure` that shows itself as a PNG
image in Jupyter: no pyplot state, no ``%matplotlib inline``, nothing to close, and the same
image in JupyterLab and in a headless run. Suppressed cells are drawn as gaps, never as zeros.
"""

from __future__ import annotations

import io
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ctcourse.cases.safe_tables import NOT_RECORDED, TOTAL, SafeTable
from ctcourse.cases.schema import SOURCE_LINE

WIDTH_INCHES = 8.0
SOURCE_FONT = 7  # points
SOURCE_CHARS = 150  # characters of the source line per printed line at 8 inches


class Chart(Figure):
    """A figure that Jupyter displays as a PNG image (the whole figure, source line included)."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100, bbox_inches="tight", pad_inches=0.15)
        return buffer.getvalue()


VARIABLE_NAMES = {
    "yearOfRegistration": "Year of registration",
    "gender": "Gender",
    "ageBroad": "Age band",
    "citizenship": "Citizenship",
    "CountryOfExploitation": "Country of exploitation",
    "Datasource": "Data source",
}


def variable_name(column: object) -> str:
    """A CTDC variable as a reader names it (an axis label or a legend title)."""
    return VARIABLE_NAMES.get(str(column), str(column))


def category_label(value: object) -> str:
    """A category as printed: CTDC's age bands "0--8" read "0–8"."""
    return str(value).replace("--", "–")


def _figure(table: SafeTable, extra: str = "", height: float = 4.5) -> Chart:
    """A chart with the source line below the plotting area, wrapped so it is never cut off."""
    note = f"{table.note()}{' ' + extra if extra else ''}"
    lines = [*textwrap.wrap(SOURCE_LINE, SOURCE_CHARS), *textwrap.wrap(note, SOURCE_CHARS)]
    figure = Chart(figsize=(WIDTH_INCHES, height), layout="constrained")
    reserved = (len(lines) * SOURCE_FONT * 1.35 / 72 + 0.1) / height
    figure.get_layout_engine().set(rect=(0, reserved, 1, 1 - reserved))
    figure.text(
        0.01, 0.01, "\n".join(lines), fontsize=SOURCE_FONT, ha="left", va="bottom", color="0.3"
    )
    return figure


def _legend(figure: Figure, title: str) -> None:
    """The legend outside the axes, on the right: it never covers a line or a bar."""
    figure.legend(title=title, loc="outside right upper")


def plot_year_gender(table: SafeTable, genders: tuple[str, ...] = ("Female", "Male")) -> Chart:
    """Lines of identified victims per year, one per gender."""
    counts = table.counts.drop(index=[TOTAL, NOT_RECORDED], errors="ignore")
    figure = _figure(table, "Identified cases, not prevalence.")
    axes = figure.add_subplot()
    whole_years = all(isinstance(year, int | np.integer) for year in counts.index)
    x = counts.index.astype(int) if whole_years else np.arange(len(counts))
    for gender in genders:
        if gender in counts.columns:
            values = counts[gender].to_numpy(dtype=float, na_value=np.nan)
            axes.plot(x, values, marker="o", label=gender)
    axes.set_title(table.title)
    if whole_years:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:  # binned years, e.g. "2005-2009" from the anonymizer
        axes.set_xticks(x, [str(year) for year in counts.index])
    axes.set_xlabel("Year of registration")
    axes.set_ylabel("Identified victims (count)")
    _legend(figure, "Gender")
    return figure


def plot_shares(table: SafeTable, groups: tuple[str, ...] | None = None) -> Chart:
    """Horizontal bars: share of people with information, per category (multi-answer table)."""
    tidy = table.tidy()
    category, group = table.counts.index.name, table.counts.columns.name
    last = table.counts.index[-1]
    tidy = tidy[tidy[category] != last]
    informed = table.counts.iloc[-1]
    chosen = groups or tuple(
        c for c in table.counts.columns if c != "All" and not pd.isna(informed[c]) and informed[c]
    )
    categories = list(dict.fromkeys(tidy[category]))
    figure = _figure(table, height=max(4.0, 0.35 * len(categories) + 2))
    axes = figure.add_subplot()
    positions = np.arange(len(categories))
    height = 0.8 / max(len(chosen), 1)
    for i, name in enumerate(chosen):
        shares = tidy[tidy[group] == name].set_index(category)["share"].reindex(categories)
        values = 100 * shares.to_numpy(dtype=float, na_value=np.nan)
        axes.barh(positions + i * height, values, height=height, label=str(name))
    axes.set_yticks(
        positions + height * (len(chosen) - 1) / 2, [category_label(c) for c in categories]
    )
    axes.invert_yaxis()
    axes.set_title(table.title)
    axes.set_xlabel(f"Share of {last} (%)")
    axes.set_ylabel(variable_name(category))
    _legend(figure, variable_name(group))
    return figure


def plot_counts(table: SafeTable) -> Chart:
    """Bars of the published counts of a crosstab (stacked by column if it has columns)."""
    counts = table.counts.drop(index=[TOTAL], errors="ignore")
    counts = counts.drop(columns=[TOTAL], errors="ignore")
    figure = _figure(table)
    axes = figure.add_subplot()
    labels = np.array([category_label(label) for label in counts.index], dtype=object)
    axes.set_xticks(np.arange(len(labels)), labels)
    bottom = np.zeros(len(labels))
    for column in counts.columns:
        values = counts[column].to_numpy(dtype=float, na_value=np.nan)
        shown = ~np.isnan(values)  # a suppressed cell is a gap, never a bar of zero
        axes.bar(
            np.flatnonzero(shown), values[shown], bottom=bottom[shown],
            label=category_label(column) or "count",
        )  # fmt: skip
        bottom += np.nan_to_num(values)
    axes.set_title(table.title)
    axes.set_xlabel(variable_name(counts.index.name))
    axes.set_ylabel("Cases (count; suppressed cells left out)")
    axes.tick_params(axis="x", labelrotation=90)
    if counts.columns.name:
        _legend(figure, variable_name(counts.columns.name))
    return figure
