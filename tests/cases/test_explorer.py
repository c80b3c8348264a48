"""The explorer, driven headless: filters select rows and columns of published tables;
export writes only the table shown."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

from ctcourse.cases.explorer import CaseExplorer

matplotlib.use("Agg")


def test_filters_select_a_safe_table_and_export_writes_it(ua: pd.DataFrame, tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    explorer = CaseExplorer(ua, k=20, export_path=str(target))
    explorer.rows.value = "CountryOfExploitation"
    explorer.cols.value = "gender"
    explorer.country.value = "PL"
    assert list(explorer.table.counts.index) == ["PL", "Total"]
    assert explorer.table.counts.loc["Total", "Total"] == len(ua)
    assert "whole file" in explorer.message.value
    explorer.country.value = None
    assert (explorer.table.status.to_numpy() == "suppressed").any()
    explorer.export_button.click()
    assert "Wrote" in explorer.message.value
    exported = pd.read_csv(target, comment="#")
    counts = exported["count"].dropna()
    assert not ((counts > 0) & (counts < 20)).any()
    assert set(exported.loc[exported["count"].isna(), "status"]) == {"suppressed"}


def test_exploitation_filter_shows_its_row_of_the_published_table(ua: pd.DataFrame) -> None:
    explorer = CaseExplorer(ua, k=20)
    explorer.exploitation.value = "isForcedLabour"
    assert list(explorer.table.counts.index) == ["Forced labour", "people with information"]
    assert explorer.table.counts.loc["Forced labour", "All"] == 2090


def test_tables_outside_the_plan_are_not_shown(ua: pd.DataFrame) -> None:
    explorer = CaseExplorer(ua, k=20)
    explorer.rows.value = "ageBroad"
    explorer.cols.value = "CountryOfExploitation"
    assert explorer.message.value.startswith("Not shown:")
    assert "publication plan" in explorer.message.value


def test_export_refuses_anything_but_a_safe_table(ua: pd.DataFrame, tmp_path: Path) -> None:
    target = tmp_path / "leak.csv"
    explorer = CaseExplorer(ua, export_path=str(target))
    explorer.table = ua  # type: ignore[assignment]
    explorer.export_button.click()
    assert explorer.message.value.startswith("Not exported")
    assert not target.exists()


def test_k_applies_to_every_view(ua: pd.DataFrame) -> None:
    explorer = CaseExplorer(ua, k=50)
    for rows in ("yearOfRegistration", "ageBroad", "CountryOfExploitation", "gender"):
        explorer.rows.value = rows
        explorer.cols.value = "gender" if rows != "gender" else "Datasource"
        counts = explorer.table.counts.to_numpy(dtype=float, na_value=np.nan)
        assert not ((counts > 0) & (counts < 50)).any()


def test_filters_that_do_not_apply_are_disabled_not_ignored(ua: pd.DataFrame) -> None:
    """Issue 17.7: with an exploitation type chosen, Gender, Country and Rows were silently
    ignored; Country was ignored in the year and age views."""
    explorer = CaseExplorer(ua, k=20)
    explorer.exploitation.value = "isForcedLabour"
    explorer.genders.value = ("Male",)
    assert list(explorer.table.counts.columns) == ["Male", "All"]
    assert explorer.table.counts.loc["Forced labour", "Male"] == 1562
    for control in (explorer.rows, explorer.cols, explorer.country, explorer.years,
                    explorer.age_bands):  # fmt: skip
        assert control.disabled, control.description
    assert not explorer.genders.disabled
    assert "Not used for this table: Years" in explorer.message.value
    explorer.exploitation.value = None
    explorer.rows.value = "yearOfRegistration"
    assert explorer.country.disabled and explorer.age_bands.disabled
    assert not explorer.years.disabled and not explorer.rows.disabled
    explorer.rows.value = "CountryOfExploitation"
    assert not explorer.country.disabled and explorer.years.disabled
    explorer.country.value = "PL"
    assert list(explorer.table.counts.index) == ["PL", "Total"]
