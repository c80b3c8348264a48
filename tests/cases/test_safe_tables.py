"""Safe tables: no published count below k, and no suppressed count recoverable from totals.

Recoverability is checked independently of the implementation: the published cells and totals
give linear equations (each row and column adds up to its total); a suppressed cell is exactly
recoverable iff its unit vector lies in the row space of those equations restricted to the
suppressed cells (rank test). As every suppressed count is at least 1, a cell outside that
row space can also move both ways without any count turning negative.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ctcourse.cases import analysis, export_table, safe_crosstab, verify_safe
from ctcourse.cases.safe_tables import SafeTable, safe_multi_table
from ctcourse.errors import DisclosureError


def _lines(table: SafeTable) -> list[list[tuple[int, int, int]]]:
    rows, cols = table.counts.shape
    if table.kind == "multi":
        return [[(i, j, 1) for j in range(cols - 1)] + [(i, cols - 1, -1)] for i in range(rows)]
    if cols == 1:
        return [[(i, 0, 1) for i in range(rows - 1)] + [(rows - 1, 0, -1)]]
    by_row = [[(i, j, 1) for j in range(cols - 1)] + [(i, cols - 1, -1)] for i in range(rows)]
    by_col = [[(i, j, 1) for i in range(rows - 1)] + [(rows - 1, j, -1)] for j in range(cols)]
    return by_row + by_col


def assert_safe(table: SafeTable) -> None:
    counts = table.counts.to_numpy(dtype=float, na_value=np.nan)
    true = table._true.reshape(counts.shape)
    suppressed = np.isnan(counts)
    published = counts[~suppressed]
    assert not ((published > 0) & (published < table.k)).any(), "published cell below k"
    assert (true[suppressed] >= 1).all(), "a zero was suppressed"
    assert ((true < table.k) & (true > 0) <= suppressed).all(), "small cell not suppressed"
    cells = [tuple(c) for c in np.argwhere(suppressed)]
    if not cells:
        return
    position = {cell: n for n, cell in enumerate(cells)}
    equations = np.zeros((0, len(cells)))
    for line in _lines(table):
        hidden = [(i, j, s) for i, j, s in line if suppressed[i, j]]
        assert len(hidden) != 1, f"a line of {table.title!r} has exactly one suppressed cell"
        row = np.zeros(len(cells))
        for i, j, sign in hidden:
            row[position[(i, j)]] = sign
        equations = np.vstack([equations, row])
    rank = np.linalg.matrix_rank(equations)
    for cell, n in position.items():
        unit = np.zeros(len(cells))
        unit[n] = 1
        assert np.linalg.matrix_rank(np.vstack([equations, unit])) > rank, (
            f"cell {cell} of {table.title!r} is recoverable from the totals"
        )


def _random_frame(rng: np.random.Generator) -> pd.DataFrame:
    n = int(rng.integers(1, 120))
    rows = [f"r{i}" for i in range(int(rng.integers(1, 7)))]
    cols = [f"c{i}" for i in range(int(rng.integers(1, 6)))]
    skew_rows = rng.dirichlet(np.full(len(rows), 0.4))
    skew_cols = rng.dirichlet(np.full(len(cols), 0.4))
    return pd.DataFrame(
        {
            "a": pd.Categorical(rng.choice(rows, n, p=skew_rows), categories=rows),
            "b": pd.Categorical(rng.choice(cols, n, p=skew_cols), categories=cols),
            "f1": rng.random(n) < 0.2,
            "f2": rng.random(n) < 0.6,
            "f3": rng.random(n) < 0.05,
            "informed": rng.random(n) < 0.9,
        }
    )


@pytest.mark.parametrize("seed", range(150))
def test_adversarial_random_tables_are_safe(seed: int) -> None:
    rng = np.random.default_rng(seed)
    frame = _random_frame(rng)
    k = int(rng.choice([2, 3, 5, 10, 20]))
    for table in (
        safe_crosstab(frame, "a", "b", k),
        safe_crosstab(frame, "a", k=k),
        safe_multi_table(
            {f: frame[f] for f in ("f1", "f2", "f3")}, frame["informed"], frame["b"], k,
            title="multi",
        ),
    ):  # fmt: skip
        assert_safe(table)
        verify_safe(table)


def test_a_single_small_cell_pulls_in_a_cycle_of_cells() -> None:
    cells = {("x", "p"): 30, ("x", "q"): 20, ("y", "p"): 25, ("y", "q"): 3}
    pairs = [pair for pair, n in cells.items() for _ in range(n)]
    frame = pd.DataFrame(pairs, columns=["a", "b"])
    table = safe_crosstab(frame, "a", "b", k=10)
    status = table.status.to_numpy()
    assert (status == "primary").sum() == 1
    assert (status == "secondary").sum() >= 3
    assert_safe(table)
    assert "suppressed" in table.note()


@pytest.mark.parametrize("k", [10, 20, 50, 200])
def test_every_analysis_table_on_real_data_is_safe(ua: pd.DataFrame, k: int) -> None:
    tables = [
        analysis.victims_by_year_gender(ua, k),
        analysis.exploitation_by_gender(ua, k),
        analysis.exploitation_by_gender(ua, k, basis="text"),
        analysis.countries_of_exploitation(ua, k),
        analysis.countries_of_exploitation(ua, k, by=None),
        analysis.labour_sectors(ua, k),
        analysis.means_of_control(ua, k),
        analysis.ilo_indicators(ua, k),
        analysis.recruiter_relationship(ua, k),
        safe_crosstab(ua, "CountryOfExploitation", "ageBroad", k),
    ]
    for table in tables:
        assert_safe(table)
        verify_safe(table)
    assert any((t.status.to_numpy() == "secondary").any() for t in tables)


def test_verify_safe_catches_tampering(ua: pd.DataFrame) -> None:
    table = safe_crosstab(ua, "CountryOfExploitation", "ageBroad", k=20)
    status = table.status.to_numpy()
    i, j = np.argwhere(status == "secondary")[0]
    counts, new_status = table.counts.copy(), table.status.copy()
    counts.iat[i, j] = table._true.reshape(status.shape)[i, j]
    new_status.iat[i, j] = ""
    with pytest.raises(DisclosureError, match=r"recovered|below k"):
        verify_safe(dataclasses.replace(table, counts=counts, status=new_status))
    i, j = np.argwhere(status == "primary")[0]
    counts, new_status = table.counts.copy(), table.status.copy()
    counts.iat[i, j] = table._true.reshape(status.shape)[i, j]
    new_status.iat[i, j] = ""
    with pytest.raises(DisclosureError, match="below k"):
        verify_safe(dataclasses.replace(table, counts=counts, status=new_status))


def test_export_writes_only_safe_tables(ua: pd.DataFrame, tmp_path: Path) -> None:
    table = safe_crosstab(ua, "CountryOfExploitation", "ageBroad", k=20)
    path = export_table(table, tmp_path / "t.csv")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Cases by CountryOfExploitation and ageBroad\n# ")
    assert "below k=20" in text and "Counter-Trafficking Data Collaborative" in text
    exported = pd.read_csv(path, comment="#")
    counts = exported["count"].dropna()
    assert not ((counts > 0) & (counts < 20)).any()
    assert exported.loc[exported["count"].isna(), "status"].isin(["primary", "secondary"]).all()
    with pytest.raises(DisclosureError, match="only safe tables"):
        export_table(table.counts, tmp_path / "raw.csv")  # type: ignore[arg-type]
    assert not (tmp_path / "raw.csv").exists()
