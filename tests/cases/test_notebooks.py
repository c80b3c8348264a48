"""The case notebooks: committed without outputs, parameterized, and run by papermill on the
bundled data and on a small synthetic file."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from notebook_runs import HANG_SECONDS, once_more_if_lost

from ctcourse.cases import anonymize
from ctcourse.cases.write import write_cases

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
NAMES = [path.name for path in NOTEBOOKS]


def test_the_three_notebooks_exist() -> None:
    assert NAMES == [
        "01_who_is_trafficked_from_ukraine.ipynb",
        "02_means_of_control_and_ilo_indicators.ipynb",
        "03_case_explorer.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_without_outputs_and_with_parameters(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    tagged = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1 and "data_path = None" in tagged[0].source
    assert "k = 10" in tagged[0].source


def _run(path: Path, tmp_path: Path, **parameters: object) -> nbformat.NotebookNode:
    out = tmp_path / path.name
    once_more_if_lost(
        lambda: papermill.execute_notebook(
            str(path), str(out), parameters=parameters, cwd=str(tmp_path), kernel_name="python3",
            progress_bar=False, log_output=False, execution_timeout=HANG_SECONDS,
        )
    )  # fmt: skip
    return nbformat.read(out, as_version=4)


def _text(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_runs_on_bundled_data(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("CTCOURSE_CASES_PATH", raising=False)
    text = _text(_run(path, tmp_path))
    assert "ctdc_k_anon_2021_citizenship_UA.csv: 9995 rows" in text
    if path.name.startswith("01"):
        assert "Men outnumber women in every year from 2012 on." in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_runs_on_synthetic_file(
    path: Path, tmp_path: Path, synthetic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    text = _text(_run(path, tmp_path, data_path=str(synthetic_file), k=5))
    assert "synthetic_ctdc_cases.csv: 300 rows" in text
    assert "not the bundled CTDC subset" in text


def test_notebook_02_prints_no_count_outside_its_tables(
    tmp_path: Path, synthetic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 5: notebook 02 printed an unsuppressed "6 of 32 rows record no means of
    control"; every number it shows now comes from a published table."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = next(p for p in NOTEBOOKS if p.name.startswith("02"))
    text = _text(_run(path, tmp_path, data_path=str(synthetic_file), k=5))
    assert "rows record no means of control" not in text


@pytest.mark.parametrize("name", ["01", "03"])
def test_runs_on_anonymized_file_with_binned_years(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ua: pd.DataFrame
) -> None:
    """Finding 6: notebooks 01 and 03 failed on the anonymizer's own output (year bins)."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    qi = ["gender", "ageBroad", "yearOfRegistration", "CountryOfExploitation"]
    out, loss = anonymize(ua, qi, k=30)
    assert "bin" in str(loss)
    anon = write_cases(out, tmp_path / "anonymized.csv")
    path = next(p for p in NOTEBOOKS if p.name.startswith(name))
    text = _text(_run(path, tmp_path, data_path=str(anon), k=10))
    assert f"anonymized.csv: {len(out)} rows" in text
