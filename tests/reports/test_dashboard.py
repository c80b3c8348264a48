"""The trainer's dashboard driven headless, and the trainer notebook run by papermill."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from notebook_runs import HANG_SECONDS, once_more_if_lost
from test_report_uk import fragments

from ctcourse.course import load_course
from ctcourse.reports.build import analyse
from ctcourse.reports.dashboard import CohortDashboard, readable
from ctcourse.reports.html import MAX_HTML_ROWS
from ctcourse.reports.strings import COLUMNS, TEXT, VALUES

pytestmark = pytest.mark.slow
WIDGET = "application/vnd.jupyter.widget-view+json"
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


def test_a_long_table_shows_its_first_rows_in_the_language_and_says_so():
    trainees = [f"sim-{i:04}" for i in range(MAX_HTML_ROWS + 5)]
    frame = pd.DataFrame({"trainee": ["<b>sim</b>", *trainees[1:]], "status": "passed"})
    shown = readable(frame, "uk").data
    assert shown.count("<td>складено</td>") == MAX_HTML_ROWS
    assert f"Перші {MAX_HTML_ROWS} з {MAX_HTML_ROWS + 5} рядків" in shown
    assert "<th>Слухач</th>" in shown and "&lt;b&gt;sim" in shown and "<b>sim" not in shown
    assert readable(frame.head(0), "uk").data == "Немає даних."


def run_notebook(root: Path, out: Path) -> nbformat.NotebookNode:
    """The trainer notebook run by papermill on the course at ``root``, as saved."""
    once_more_if_lost(
        lambda: papermill.execute_notebook(
            str(NOTEBOOK), str(out), parameters={"course_root": str(root)}, kernel_name="python3",
            progress_bar=False, log_output=False, execution_timeout=HANG_SECONDS,
        )
    )  # fmt: skip
    return nbformat.read(out, as_version=4)


def outputs_shown(ran: nbformat.NotebookNode) -> str:
    """Every text the run's outputs show: printed text, Markdown, HTML tables (tags and
    embedded images dropped), plain text where nothing richer is given, and the widgets'
    labels, hints and the dashboard's own output."""
    outputs = [o for cell in ran.cells for o in cell.get("outputs", [])]
    state = ran.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    models = [m["state"] for m in state.get("state", {}).values()]
    outputs += [o for model in models for o in model.get("outputs", [])]
    texts = [str(o.get("text", "")) for o in outputs]
    for o in outputs:
        data = o.get("data", {})
        texts += [str(data.get("text/markdown", "")), html.unescape(
            re.sub(r"<style.*?</style>|<[^>]+>", " ", str(data.get("text/html", "")), flags=re.S)
        )]  # fmt: skip
        rich = {"text/markdown", "text/html", "image/png", WIDGET} & set(data)
        texts += [] if rich else [str(data.get("text/plain", ""))]
    for model in models:
        texts += [str(model.get(k, "")) for k in ("description", "placeholder")]
        texts += [str(label) for label in model.get("_options_labels", [])]
    return "\n".join(t for t in texts if t.strip())


def test_notebook_is_committed_clean_and_runs_on_a_cohort(cohort_root: Path, tmp_path: Path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    ran = run_notebook(cohort_root, tmp_path / NOTEBOOK.name)
    text = outputs_shown(ran)
    assert "30 trainee(s)" in text and "gain_of_class_averages" in text
    assert "only items to review" in text and "Tests as a whole" in text
    widget_outputs = [
        o for cell in ran.cells for o in cell.get("outputs", [])
        if WIDGET in o.get("data", {})
    ]  # fmt: skip
    assert widget_outputs


def test_notebook_speaks_ukrainian_for_a_ukrainian_cohort(
    uk_edition_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """With CTCOURSE_LANG=uk, no English sentence, label, header or status of the report's
    strings is in the run's outputs, the widgets' included; the Ukrainian ones are."""
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    text = outputs_shown(run_notebook(uk_edition_root, tmp_path / NOTEBOOK.name))
    phrases = [f for template in TEXT["en"].values() for f in fragments(template)]
    words = [w for w in TEXT["en"].values() if "{" not in w and len(w.split()) < 2]
    english = [p for p in phrases if p in text]
    english += [w for w in words if re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w.-])", text)]
    english += [c for c in [*COLUMNS["uk"], *VALUES["uk"]] if re.search(
        rf"(?<![\w.-]){re.escape(c)}(?![\w.-])", text
    ) and c not in ("SD",)]  # fmt: skip
    assert english == [], english
    assert not re.search(r"rows × \d+ columns", text)  # pandas' truncated table
    for ukrainian in ("Поступ групи", "Показати", "лише завдання, які варто переглянути",
                      "Дата", "Складено", "Навчальний приріст", "Тести загалом",
                      "Середнє індивідуальних приростів", "Протидія торгівлі людьми"):  # fmt: skip
        assert ukrainian in text, ukrainian
