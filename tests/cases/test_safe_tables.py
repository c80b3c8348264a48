"""Safe tables on their own: what a table prints lets no one narrow a small cell down, exports
write only safe tables, and nothing in an export runs as a spreadsheet formula.

The attacker here (``attacker.leaks``) is the tests' own, apart from the shipped audit: it
reads a table's printed counts, blanks, zeros and status words, and bounds each blank cell
by linear programming.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from attacker import leaks
from casefiles import write_synthetic

from ctcourse.cases import analysis, export_table, load_cases, verify_safe
from ctcourse.cases.write import write_cases
from ctcourse.errors import DisclosureError


def _tables(frame: pd.DataFrame, k: int) -> list:
    return [
        analysis.victims_by_year_gender(frame, k),
        analysis.exploitation_by_gender(frame, k),
        analysis.exploitation_by_gender(frame, k, basis="text"),
        analysis.countries_of_exploitation(frame, k),
        analysis.labour_sectors(frame, k),
        analysis.means_of_control(frame, k),
        analysis.ilo_indicators(frame, k),
        analysis.recruiter_relationship(frame, k),
    ]


@pytest.mark.parametrize("k", [10, 20])
def test_no_table_gives_a_small_cell_away_with_its_zeros_and_labels(
    ua: pd.DataFrame, k: int
) -> None:
    """Finding 3: zeros are published (so a blank is at least 1) and status words were
    "primary" (< k) / "secondary" (>= k); with both, single tables pinned small cells."""
    found = [leak for table in _tables(ua, k) for leak in leaks(table, k)]
    assert not found, found[:5]
    statuses = {s for table in _tables(ua, k) for s in table.status.to_numpy().ravel()}
    assert statuses == {"", "suppressed"}


def test_no_table_of_the_global_file_gives_a_small_cell_away(global_file: Path) -> None:
    frame = load_cases(global_file)
    found = [leak for table in _tables(frame, 10) for leak in leaks(table, 10)]
    assert not found, found[:5]


def test_verify_safe_refuses_a_published_small_cell(ua: pd.DataFrame) -> None:
    table = analysis.countries_of_exploitation(ua, 20)
    true = table._true.reshape(table.counts.shape)
    i, j = np.argwhere((true > 0) & (true < 20))[0]
    counts, status = table.counts.copy(), table.status.copy()
    counts.iat[i, j], status.iat[i, j] = true[i, j], ""
    with pytest.raises(DisclosureError, match="below k=20"):
        verify_safe(dataclasses.replace(table, counts=counts, status=status))


def test_export_writes_only_safe_tables(ua: pd.DataFrame, tmp_path: Path) -> None:
    table = analysis.countries_of_exploitation(ua, 20)
    path = export_table(table, tmp_path / "t.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("# Victims by country of exploitation\n# ")
    assert "below k=20" in text and "Counter-Trafficking Data Collaborative" in text
    exported = pd.read_csv(path, comment="#")
    counts = exported["count"].dropna()
    assert not ((counts > 0) & (counts < 20)).any()
    assert set(exported.loc[exported["count"].isna(), "status"]) == {"suppressed"}
    with pytest.raises(DisclosureError, match="only safe tables"):
        export_table(table.counts, tmp_path / "raw.csv")  # type: ignore[arg-type]
    assert not (tmp_path / "raw.csv").exists()


def test_exports_neutralise_spreadsheet_formulas(tmp_path: Path) -> None:
    """Finding 7: a text value such as =HYPERLINK(...) reached exported CSVs verbatim."""
    source = write_synthetic(tmp_path / "s.csv", rows=300)
    data = pd.read_csv(source, dtype=str, keep_default_na=False)
    formulas = ['=HYPERLINK("http://x.test","click")', "+1+1", "-2+3", "@SUM(A1)"]
    data["typeOfExploitConcatenated"] = [formulas[i % 4] for i in range(len(data))]
    data.to_csv(source, index=False)
    frame = load_cases(source)
    table = analysis.exploitation_by_gender(frame, 5, basis="text")
    exported = export_table(table, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    written = write_cases(frame, tmp_path / "cases.csv").read_text(encoding="utf-8")
    for text in (exported, written):
        fields = [f.strip('"') for line in text.splitlines() for f in line.split(",")]
        assert not [f for f in fields if f.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert "'=HYPERLINK(" in text and "'@SUM(A1)" in text


def _with_text(tmp_path: Path, values: list[str], rows: int = 300) -> pd.DataFrame:
    source = write_synthetic(tmp_path / "s.csv", rows=rows)
    data = pd.read_csv(source, dtype=str, keep_default_na=False)
    data["typeOfExploitConcatenated"] = [values[i % len(values)] for i in range(len(data))]
    data.to_csv(source, index=False)
    return load_cases(source)


def test_a_formula_after_a_semicolon_is_neutralised(tmp_path: Path) -> None:
    """Issue 18.7: `Threats;=cmd|' /C calc'!A0` was written unquoted; Excel with the
    Ukrainian list separator ";" splits it and runs the second half."""
    payload = "Threats;=cmd|' /C calc'!A0"
    frame = _with_text(tmp_path, [payload, "Forced labour; +1+1"])
    table = analysis.exploitation_by_gender(frame, 5, basis="text")
    exported = export_table(table, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    written = write_cases(frame, tmp_path / "cases.csv").read_text(encoding="utf-8")
    for text in (exported, written):
        cells = [c.strip('" ') for line in text.splitlines() for f in line.split(",")
                 for c in f.split(";")]  # fmt: skip
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))], text[:300]
    assert "Threats;'=cmd" in written and "Forced labour;' +1+1" in written


def test_rare_free_text_is_no_row_label_and_order_is_fixed(tmp_path: Path) -> None:
    """Issue 18.7 and 18.4: a wording held by one person was printed as a row label, and
    the rows followed the true counts (value_counts), which confines a small cell."""
    values = ["Forced labour"] * 6 + ["Sexual exploitation"] * 3 + ["Zebra work", "Alpha work"]
    values = values * 27 + ["held by one person"]
    frame = _with_text(tmp_path, values, rows=len(values))
    assert int((frame["typeOfExploitConcatenated"] == "held by one person").sum()) == 1
    table = analysis.exploitation_by_gender(frame, 5, basis="text")
    labels = list(table.counts.index)
    assert "held by one person" not in labels
    assert labels[:4] == ["Forced labour", "Sexual exploitation", "Alpha work", "Zebra work"]
    assert labels[-2].startswith("other wording")


def test_many_distinct_labels_publish_quickly(tmp_path: Path) -> None:
    """Issue 18.7: 1,600 distinct labels took 336 s to publish (one pass per label, then
    a row per label to protect). Rare wordings are pooled, built in one pass."""
    values = [f"label {n:04d}" for n in range(1600)]
    frame = _with_text(tmp_path, values, rows=3200)
    import time

    start = time.perf_counter()
    table = analysis.exploitation_by_gender(frame, 5, basis="text")
    seconds = time.perf_counter() - start
    assert len(table.counts) == 2  # the pooled wordings and the people with information
    print(f"1,600 labels published in {seconds:.1f} s")


def test_a_pickled_table_carries_no_true_counts(ua: pd.DataFrame, tmp_path: Path) -> None:
    """Issue 18.9: pickle.dumps(table) held the true counts of the suppressed cells."""
    import copy
    import pickle

    table = analysis.countries_of_exploitation(ua, 20)
    hidden = table._true[table.suppressed]
    assert (hidden > 0).any()
    for clone in (pickle.loads(pickle.dumps(table)), copy.deepcopy(table)):
        assert (clone._true[clone.suppressed] == -1).all()
        assert clone.counts.equals(table.counts) and clone._keys == ()
        with pytest.raises(DisclosureError, match="lost its link to the data"):
            export_table(clone, tmp_path / "t.csv")
    blob = pickle.dumps(table)
    assert pickle.dumps(hidden) not in blob
