"""Charts of safe tables: a title, labelled axes, and a source line with the suppression note.

Figures are built with :class:`matplotlib.figure.Figure` (no pyplot state), so they work
headless and in notebooks alike. Suppressed cells are drawn as gaps, never as zeros.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ctcourse.cases.safe_tables import NOT_RECORDED, TOTAL, SafeTable
from ctcourse.cases.schema import SOURCE_LINE


def _source(figure: Figure, table: SafeTable, extra: str = "") -> None:
    text = f"{SOURCE_LINE}\n{table.note()}{' ' + extra if extra else ''}"
    figure.text(0.01, 0.01, text, fontsize=7, ha="left", va="bottom", color="0.3")


def _figure(height: float = 4.5) -> Figure:
    figure = Figure(figsize=(8, height), layout="constrained")
    figure.get_layout_engine().set(rect=(0, 0.1, 1, 0.9))
    return figure


def plot_year_gender(table: SafeTable, genders: tuple[str, ...] = ("Female", "Male")) -> Figure:
    """Lines of identified victims per year, one per gender."""
    counts = table.counts.drop(index=[TOTAL, NOT_RECORDED], errors="ignore")
    figure = _figure()
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
    axes.legend(title="Gender")
    _source(figure, table, "Identified cases, not prevalence.")
    return figure


def plot_shares(table: SafeTable, groups: tuple[str, ...] | None = None) -> Figure:
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
    figure = _figure(height=max(4.0, 0.35 * len(categories) + 2))
    axes = figure.add_subplot()
    positions = np.arange(len(categories))
    height = 0.8 / max(len(chosen), 1)
    for i, name in enumerate(chosen):
        shares = tidy[tidy[group] == name].set_index(category)["share"].reindex(categories)
        values = 100 * shares.to_numpy(dtype=float, na_value=np.nan)
        axes.barh(positions + i * height, values, height=height, label=str(name))
    axes.set_yticks(positions + height * (len(chosen) - 1) / 2, categories)
    axes.invert_yaxis()
    axes.set_title(table.title)
    axes.set_xlabel(f"Share of {last} (%)")
    axes.set_ylabel(str(category))
    axes.legend(title=str(group), loc="lower right")
    _source(figure, table)
    return figure


def plot_counts(table: SafeTable) -> Figure:
    """Bars of the published counts of a crosstab (stacked by column if it has columns)."""
    counts = table.counts.drop(index=[TOTAL], errors="ignore")
    counts = counts.drop(columns=[TOTAL], errors="ignore")
    figure = _figure()
    axes = figure.add_subplot()
    labels = [str(label) for label in counts.index]
    bottom = np.zeros(len(labels))
    for column in counts.columns:
        values = counts[column].to_numpy(dtype=float, na_value=np.nan)
        axes.bar(labels, np.nan_to_num(values), bottom=bottom, label=str(column) or "count")
        bottom += np.nan_to_num(values)
    axes.set_title(table.title)
    axes.set_xlabel(str(counts.index.name))
    axes.set_ylabel("Cases (count; suppressed cells left out)")
    axes.tick_params(axis="x", labelrotation=90)
    if counts.columns.name:
        axes.legend(title=str(counts.columns.name))
    _source(figure, table)
    return figure
