"""The shipped audit: every publishable table of a dataset at k, attacked together."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from casefiles import write_synthetic

from ctcourse.cases import load_cases, publication
from ctcourse.cases.audit import audit
from ctcourse.cases.safe_tables import PUBLISHED, SafeTable
from ctcourse.cases.write import write_cases
from ctcourse.cli import main


@pytest.mark.parametrize("k", [10, 20, 50])
def test_audit_passes_on_the_bundled_ukraine_subset(ua: pd.DataFrame, k: int) -> None:
    report = publication(ua, k).audit()
    assert report.holds, str(report)
    assert report.tables == 10 and report.cells_checked > 0


def test_audit_passes_on_the_global_file(
    global_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = load_cases(global_file)
    for k in (10, 50):
        report = publication(frame, k).audit()
        assert report.holds, str(report)
    assert main(["cases", "audit", str(global_file), "--k", "20"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("k=20: ") and "audit passed" in out


ADVERSARIAL = [(rows, rows + k, k) for rows in (12, 45, 150) for k in (3, 10, 20)]


@pytest.mark.parametrize(("rows", "seed", "k"), ADVERSARIAL)
def test_audit_passes_on_small_synthetic_files(
    tmp_path: Path, rows: int, seed: int, k: int
) -> None:
    """SYNTHETIC files with few rows: most cells are below k, totals are tiny."""
    frame = load_cases(write_synthetic(tmp_path / "s.csv", rows=rows, seed=seed))
    report = publication(frame, k).audit()
    assert report.holds, str(report)


def test_audit_finds_a_cell_given_away(ua: pd.DataFrame) -> None:
    """Publishing one suppressed cell that protects a small one makes the audit fail."""
    tables = dict(publication(ua, 20).tables)
    name, table = "CountryOfExploitation", tables["CountryOfExploitation"]
    true = table._true.reshape(table.counts.shape)
    hidden = np.argwhere(table.status.to_numpy() != PUBLISHED)
    i, j = next((i, j) for i, j in hidden if true[i, j] >= 20)
    counts, status = table.counts.copy(), table.status.copy()
    counts.iat[i, j], status.iat[i, j] = true[i, j], PUBLISHED
    tables[name] = dataclasses.replace(table, counts=counts, status=status)
    report = audit(list(tables.values()), 20)
    assert not report.holds
    assert "Victims by country of exploitation" in str(report) and "FAILED" in str(report)


def test_audit_command_exits_1_and_lists_cells(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With protection reduced to primary suppression, the command names what leaks."""
    from ctcourse.cases import lattice
    from ctcourse.cases.safe_tables import published

    def primary_only(specs: list, k: int, withheld: object = ()) -> list[SafeTable]:
        return [published(s, k, (s.values.ravel() > 0) & (s.values.ravel() < k)) for s in specs]

    monkeypatch.setattr(lattice, "protect", primary_only)
    ua_file = str(
        Path(__file__).resolve().parents[2] / "data" / "ctdc_k_anon_2021_citizenship_UA.csv"
    )
    assert main(["cases", "audit", ua_file, "--k", "20"]) == 1
    out = capsys.readouterr().out
    assert "audit FAILED" in out and "confine it to [" in out


def test_audit_passes_on_small_real_subsets(global_file: Path, tmp_path: Path) -> None:
    """Citizenship subsets of the global file saved as files of their own (a ministry's own
    small file): the ones where single protection rounds left a cell narrowed down."""
    frame = load_cases(global_file)
    for code, k in (("TH", 20), ("BD", 50), ("JM", 50)):
        subset = frame[frame["citizenship"] == code].reset_index(drop=True)
        own = load_cases(write_cases(subset, tmp_path / f"{code}.csv"))
        assert main(["cases", "audit", str(tmp_path / f"{code}.csv"), "--k", str(k)]) == 0
        assert publication(own, k).audit().holds
