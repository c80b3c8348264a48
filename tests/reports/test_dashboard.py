"""The trainer's dashboard driven headless, and the trainer notebook run by papermill."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

from ctcourse.course import load_course
from ctcourse.reports.build import analyse
from ctcourse.reports.dashboard import CohortDashboard

pytestmark = pytest.mark.slow
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "trainer" / "cohort_report.ipynb"


def test_filters_choose_the_view_module_trainees_and_flagged_items(cohort_root: Path):
    dashboard = CohortDashboard(analyse(load_course(cohort_root)))
    assert len(dashboard.shown) == 90  # progress: 30 trainees × 3 modules
    dashboard.trainees.value = "sim-001*"
    dashboard.module.value = "lesson"
    assert set(dashboard.shown["trainee"]) == {f"sim-001{i}" for i in range(10)}
    assert set(dashboard.shown["module"]) == {"lesson"}
    dashboard.view.value = "items"
    everything = len(dashboard.shown)
    dashboard.flagged.value = True
    assert "lesson.miskeyed" in set(dashboard.shown["question"])
    assert 0 < len(dashboard.shown) < everything
    assert (dashboard.shown["flags"] != "").all()
    dashboard.view.value = "gain"
    assert set(dashboard.shown["trainee"]) <= {f"sim-001{i}" for i in range(10)}
    assert dashboard._chart().startswith(b"\x89PNG")  # the paired plot beside the table


def test_notebook_is_committed_clean_and_runs_on_a_cohort(cohort_root: Path, tmp_path: Path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    out = tmp_path / NOTEBOOK.name
    papermill.execute_notebook(
        str(NOTEBOOK), str(out), parameters={"course_root": str(cohort_root)},
        kernel_name="python3", progress_bar=False, log_output=False,
    )  # fmt: skip
    ran = nbformat.read(out, as_version=4)
    text = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/html", ""))
        for cell in ran.cells
        for o in cell.get("outputs", [])
    )
    assert "30 trainee(s)" in text and "gain_of_class_averages" in text
    widget_outputs = [
        o for cell in ran.cells for o in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]  # fmt: skip
    assert widget_outputs
