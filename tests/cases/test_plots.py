"""Charts are images: a PNG in Jupyter (no ``%matplotlib inline``) and in a headless run, with
a title, axis labels, a legend beside the data and a source line inside the picture."""

from __future__ import annotations

import io
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.image import imread
from nbclient import NotebookClient
from notebook_runs import HANG_SECONDS, once_more_if_lost

from ctcourse.cases import analysis, plots
from ctcourse.cases.lattice import safe_crosstab

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PNG = "image/png"


def _charts(ua: pd.DataFrame) -> list[plots.Chart]:
    return [
        plots.plot_year_gender(analysis.victims_by_year_gender(ua)),
        plots.plot_shares(analysis.means_of_control(ua)),
        plots.plot_counts(safe_crosstab(ua, "ageBroad", "gender", 10)),
    ]


def test_a_chart_is_a_whole_png_image(ua: pd.DataFrame) -> None:
    for chart in _charts(ua):
        png = chart._repr_png_()
        height, width = imread(io.BytesIO(png)).shape[:2]
        renderer = FigureCanvasAgg(chart).get_renderer()
        source = next(t for t in chart.texts if "Counter-Trafficking" in t.get_text())
        box = source.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= chart.bbox.width  # wrapped: inside the figure, not cut
        assert width <= chart.bbox.width + 60  # so the image is the figure, not widened by it
        assert height >= 0.9 * chart.bbox.height


def test_legend_beside_the_data_and_labels_readable(ua: pd.DataFrame) -> None:
    for chart in _charts(ua):
        axes = chart.axes[0]
        assert axes.get_title() and axes.get_xlabel() and axes.get_ylabel()
        (legend,) = chart.legends
        renderer = FigureCanvasAgg(chart).get_renderer()
        chart.draw_without_rendering()  # runs the constrained layout
        assert not legend.get_window_extent(renderer).overlaps(axes.get_window_extent(renderer))
    ages = [tick.get_text() for tick in _charts(ua)[2].axes[0].get_xticklabels()]
    assert "0–8" in ages and not any("--" in age for age in ages)


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_every_notebook_chart_is_an_image_in_a_headless_run(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MPLBACKEND", raising=False)  # as a trainee's kernel: no backend chosen
    monkeypatch.delenv("CTCOURSE_CASES_PATH", raising=False)
    notebook = once_more_if_lost(
        lambda: NotebookClient(
            nbformat.read(NOTEBOOKS / name, as_version=4),
            timeout=HANG_SECONDS,
            kernel_name="python3",
            resources={"path": str(tmp_path)},
        ).execute()
    )
    plotting = [c for c in notebook.cells if c.cell_type == "code" and "plots.plot_" in c.source]
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not any("<Figure size" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    for cell in plotting:
        assert any(PNG in o.get("data", {}) for o in cell.outputs), cell.source
    if name.startswith("03"):  # the explorer: its chart goes to an Output widget at run time
        (shown,) = [o for o in notebook.cells[2].outputs if "text/html" in o.get("data", {})]
        assert "Run All Cells" in shown["data"]["text/plain"]
    else:
        assert plotting


def test_suppressed_cells_are_gaps_not_zero_bars(ua: pd.DataFrame) -> None:
    """Issue 18.9: plot_counts drew suppressed cells as bars of height zero."""
    table = safe_crosstab(ua, "ageBroad", "gender", 20)
    inner = table.counts.drop(index="Total").drop(columns="Total")
    assert inner.isna().any().any()
    chart = plots.plot_counts(table)
    bars = [p for container in chart.axes[0].containers for p in container.patches]
    assert len(bars) == int(inner.notna().sum().sum())
    published_zero = int((inner == 0).sum().sum())
    assert sum(1 for bar in bars if bar.get_height() == 0) == published_zero
