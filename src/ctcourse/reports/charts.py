"""The report's charts as PNG bytes: every chart has a title, labelled axes and the cohort size,
in the cohort's language (words from :mod:`ctcourse.reports.strings`)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from ctcourse.reports.analysis import GainAnalysis, ModuleAnalysis
from ctcourse.reports.flags import DISCRIMINATION_LOW, FACILITY_HIGH, FACILITY_LOW, MIN_ATTEMPTS
from ctcourse.reports.strings import text

FLAG_ZONE = {"color": "#f4cccc", "alpha": 0.6, "lw": 0}


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes (figures are made without pyplot, so nothing piles up)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def score_distributions(modules: Sequence[ModuleAnalysis], language: str = "en") -> Figure:
    """One histogram of score shares per module that has graded submissions (an empty one
    would only show an axis with nothing on it)."""
    modules = [m for m in modules if m.scores]
    count = max(len(modules), 1)
    cols = min(count, 3)
    rows = -(-count // cols)
    figure = Figure(figsize=(4 * cols, 3 * rows), layout="tight")
    axes = figure.subplots(rows, cols, squeeze=False)
    for ax, analysis in zip(axes.flat, modules, strict=False):
        values = [100 * v for v in analysis.scores.values()]
        ax.hist(values, bins=range(0, 105, 5), color="#4a78b5", edgecolor="white")
        ax.set_title(f"{analysis.module.id} (n = {len(values)})")
        ax.set_xlabel(text(language, "chart_score_x"))
        ax.set_ylabel(text(language, "chart_trainees"))
        ax.set_xlim(0, 100)
        ax.yaxis.get_major_locator().set_params(integer=True)
    for ax in list(axes.flat)[len(modules) :]:
        ax.set_visible(False)
    trainees = len({t for m in modules for t in m.scores})
    figure.suptitle(text(language, "chart_scores_title", n=trainees))
    return figure


def _placeable(modules: Sequence[ModuleAnalysis]) -> list[ModuleAnalysis]:
    """Modules with enough graded attempts to place their items against the flag zones."""
    return [m for m in modules if m.quiz.attempts >= MIN_ATTEMPTS]


def has_items_to_place(modules: Sequence[ModuleAnalysis]) -> bool:
    """Whether some item of a module with at least MIN_ATTEMPTS graded attempts has both a
    facility and a discrimination index to plot (from fewer, a point in a flag zone would
    say what the flags rightly do not)."""
    return any(
        s.facility is not None and s.discrimination is not None
        for m in _placeable(modules)
        for s in m.stats
    )


def facility_discrimination(modules: Sequence[ModuleAnalysis], language: str = "en") -> Figure:
    """Items by facility and discrimination index, with the flag zones shaded (modules with
    at least MIN_ATTEMPTS graded attempts)."""
    modules = _placeable(modules)
    figure = Figure(figsize=(8, 5.5))
    ax = figure.subplots()
    ax.axvspan(0, 100 * FACILITY_LOW, **FLAG_ZONE, label=text(language, "chart_flag_zone"))
    ax.axvspan(100 * FACILITY_HIGH, 100, **FLAG_ZONE)
    ax.axhspan(-100, DISCRIMINATION_LOW, **FLAG_ZONE)
    markers = "osD^v<>ph*"
    for n, analysis in enumerate(modules):
        points = [
            (100 * s.facility, s.discrimination, s.qid)
            for s in analysis.stats
            if s.facility is not None and s.discrimination is not None
        ]
        if not points:
            continue
        ax.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            marker=markers[n % len(markers)],
            label=analysis.module.id,
        )
        for x, y, qid in points:
            if analysis.flags.get(qid):
                ax.annotate(qid, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlim(0, 100)
    ax.set_ylim(-100, 100)
    ax.set_xlabel(text(language, "chart_facility_x"))
    ax.set_ylabel(text(language, "chart_discrimination_y"))
    trainees = len({t for m in modules for t in m.scores})
    ax.set_title(text(language, "chart_items_title", n=trainees))
    ax.legend(fontsize=8, loc="lower right")
    return figure


def paired_plot(gain: GainAnalysis, language: str = "en") -> Figure:
    """Each trainee's entry and final score joined by a line; the means in bold."""
    figure = Figure(figsize=(5.5, 5))
    ax = figure.subplots()
    table = gain.per_trainee
    segments = [
        [(0, 100 * entry), (1, 100 * final)]
        for entry, final in zip(table["entry"], table["final"], strict=True)
    ]
    ax.add_collection(LineCollection(segments, colors="#9bb3d4", alpha=0.5, linewidths=0.8))
    if len(table):
        ax.plot(
            [0, 1],
            [100 * table["entry"].mean(), 100 * table["final"].mean()],
            color="#b5284a",
            lw=3,
            marker="o",
            label=text(language, "chart_mean"),
        )
        ax.legend(loc="lower right")
    ax.set_xticks([0, 1], [text(language, "chart_entry"), text(language, "chart_final")])
    ax.set_xlim(-0.2, 1.2)
    ax.set_ylim(0, 100)
    ax.set_xlabel(text(language, "chart_test"))
    ax.set_ylabel(text(language, "chart_test_y"))
    ax.set_title(text(language, "chart_paired_title", n=len(table)))
    return figure
