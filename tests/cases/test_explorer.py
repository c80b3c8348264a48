"""The explorer, driven headless: filters change the safe table; export writes only it."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

from ctcourse.cases.explorer import CaseExplorer

matplotlib.use("Agg")


def test_filters_drive_a_safe_table_and_export_writes_it(ua: pd.DataFrame, tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    explorer = CaseExplorer(ua, k=20, export_path=str(target))
    explorer.years.value = (2015, 2021)
    explorer.rows.value = "CountryOfExploitation"
    explorer.cols.value = "gender"
    assert explorer.table.counts.loc["Total", "Total"] == len(explorer.selection())
    assert (explorer.table.status.to_numpy() != "").any()
    explorer.export_button.click()
    assert "Wrote" in explorer.message.value
    exported = pd.read_csv(target, comment="#")
    counts = exported["count"].dropna()
    assert not ((counts > 0) & (counts < 20)).any()
    assert set(exported.loc[exported["count"].isna(), "status"]) <= {"primary", "secondary"}
    true = explorer.table._true
    assert ((true > 0) & (true < 20)).any()


def test_export_refuses_anything_but_a_safe_table(ua: pd.DataFrame, tmp_path: Path) -> None:
    target = tmp_path / "leak.csv"
    explorer = CaseExplorer(ua, export_path=str(target))
    explorer.table = explorer.selection()  # type: ignore[assignment]
    explorer.export_button.click()
    assert explorer.message.value.startswith("Not exported")
    assert not target.exists()


def test_k_applies_to_every_view(ua: pd.DataFrame) -> None:
    explorer = CaseExplorer(ua, k=50)
    for rows in ("yearOfRegistration", "ageBroad", "CountryOfExploitation"):
        explorer.rows.value = rows
        counts = explorer.table.counts.to_numpy(dtype=float, na_value=np.nan)
        assert not ((counts > 0) & (counts < 50)).any()
