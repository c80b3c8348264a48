"""The shipped audit: every table of a dataset, and every release recorded for it (each k,
each table, each printed number), attacked together."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from casefiles import write_synthetic

from ctcourse.cases import ledger, load_cases, publication
from ctcourse.cases.audit import audit
from ctcourse.cases.lattice import attempt, says_nothing
from ctcourse.cases.releases import audit_dataset
from ctcourse.cases.safe_tables import PUBLISHED, TOTAL, SafeTable
from ctcourse.cases.write import write_cases
from ctcourse.cli import main
from ctcourse.errors import DisclosureError

UA_FILE = str(Path(__file__).resolve().parents[2] / "data" / "ctdc_k_anon_2021_citizenship_UA.csv")


@pytest.mark.parametrize("k", [10, 20, 50])
def test_audit_passes_on_the_bundled_ukraine_subset(ua: pd.DataFrame, k: int) -> None:
    report = publication(ua, k).audit()
    assert report.holds, str(report)
    assert report.tables == 10 and report.cells_checked > 0
    assert audit_dataset(ua).holds


def test_audit_passes_on_the_global_file(
    global_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    frame = load_cases(global_file)
    for k in (10, 50):
        monkeypatch.setenv(ledger.RELEASES_ENV, str(tmp_path / f"k{k}"))
        report = publication(frame, k).audit()
        assert report.holds, str(report)
        assert audit_dataset(frame).holds
    monkeypatch.setenv(ledger.RELEASES_ENV, str(tmp_path / "k20"))
    assert main(["cases", "audit", str(global_file), "--k", "20"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("k=20: ") and "audit passed" in out


def test_global_file_at_k50_says_something_and_states_its_loss(global_file: Path) -> None:
    """Issue 18.5: at k=50 the global file published 15 of 895 cells, not even the grand
    total; now it recodes along the hierarchies first and publishes the grand total and
    the main margins, saying what recoding and suppression cost."""
    tables = publication(load_cases(global_file), 50)
    years = tables.tables["yearOfRegistration"]
    assert years.counts.at[TOTAL, TOTAL] == 97750
    for name in ("yearOfRegistration", "ageBroad", "CountryOfExploitation", "Datasource"):
        table = tables.tables[name]
        assert not says_nothing(table), name
        assert table.counts.loc[TOTAL].notna().all(), name  # the gender margin
    assert tables.rows_text() == "97750"
    loss = tables.loss()
    assert "recoded to" in loss and "cells suppressed" in loss
    assert "Gender recoded to" in years.note()


def test_an_empty_publication_fails_the_audit(
    ua: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18.5: the audit "passed" a publication with every cell suppressed."""
    tables = publication(ua, 10)
    table = tables.tables["ageBroad"]
    hidden = dataclasses.replace(
        table,
        counts=table.counts.mask(table.counts.notna()),
        status=table.status.map(lambda _: "suppressed"),
    )
    assert says_nothing(hidden)
    found = ledger.identify(ua)
    ledger_file = ledger.ledger_path(found)
    data = json.loads(ledger_file.read_text())
    data["releases"][0]["tables"]["ageBroad"] = ledger.table_record(hidden)
    ledger_file.write_text(json.dumps(data))
    report = audit_dataset(ua)
    assert not report.holds and "says nothing" in str(report)


def test_a_second_k_is_served_the_stricter_release_or_refused(ua: pd.DataFrame) -> None:
    """Issue 18.1: protection belongs to the dataset. After a release at k=20, asking for
    k=10 gives that release again; after one at k=10, k=20 is refused (it could not hide
    what k=10 printed)."""
    first = publication(ua, 20)
    again = publication(ua, 10)
    assert again.k == 20 and again.requested_k == 10
    for name, table in first.tables.items():
        assert table.counts.equals(again.tables[name].counts), name
    assert "first published at k=20" in again.loss()
    assert [r["k"] for r in ledger.read(ledger.identify(ua)).releases] == [20]


def test_a_higher_k_after_a_release_is_refused(
    ua: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    publication(ua, 10)
    with pytest.raises(DisclosureError, match="already published at k=10"):
        publication(ua, 20)
    assert main(["cases", "summary", UA_FILE, "--k", "20"]) == 2
    assert "already published at k=10" in capsys.readouterr().err


def test_the_release_is_kept_beside_the_data_and_survives_the_process(
    ua: pd.DataFrame, releases: Path
) -> None:
    """The ledger is a file keyed by the dataset's content: a re-saved copy of the same rows
    (another path, shuffled) finds it."""
    publication(ua, 20)
    (path,) = releases.glob("*.json")
    assert path.stem == ledger.identify(ua)
    recorded = json.loads(path.read_text())
    assert recorded["releases"][0]["k"] == 20 and "9995" not in json.dumps(recorded["numbers"])
    shuffled = ua.sample(frac=1.0, random_state=3).reset_index(drop=True)
    copy = load_cases(write_cases(shuffled, releases.parent / "copy.csv"))
    assert ledger.identify(copy) == path.stem
    assert publication(copy, 10).k == 20


def test_cases_audit_attacks_two_ks_of_one_file_together(
    global_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18.1: with the k=10 and k=20 exports of the global file, "Means of control:
    Takes earnings / Transgender" = 1720 - 1719 = 1. Releases recorded by an older version
    (one per call) are now read together by `cases audit`, which fails on them."""
    frame = load_cases(global_file)
    found = ledger.identify(frame)
    made = [attempt(frame, k, record=False) for k in (10, 20)]
    for tables, report in made:
        assert report.holds
        ledger.record_release(found, tables.k, tables.tables, tables.levels)
    assert main(["cases", "audit", str(global_file)]) == 1
    out = capsys.readouterr().out
    assert "releases recorded in" in out and "k=10" in out and "k=20" in out
    assert "audit FAILED" in out and ("confine it to [" in out or "is printed at k=10" in out)


def test_cases_audit_gathers_printed_numbers(
    global_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18.3: every notebook printed "N rows" (len of the frame) even where the tables
    suppress the grand total; on the LA subset at k=15/20, gender "not recorded" = 142 -
    130 = 12. A number printed outside the tables is recorded and attacked with them; the
    notebooks print only the published total (and a file too small for k is refused)."""
    frame = load_cases(global_file)
    subset = frame[frame["citizenship"] == "LA"].reset_index(drop=True)
    path = write_cases(subset, tmp_path / "LA.csv")
    own = load_cases(path)
    with pytest.raises(DisclosureError, match="says nothing at k=20"):
        publication(own, 20)
    tables, _ = attempt(own, 15, record=False)  # as an older version released it
    found = ledger.identify(own)
    ledger.record_release(found, 15, tables.tables, tables.levels)
    year = tables.tables["yearOfRegistration"]
    assert pd.isna(year.counts.at[TOTAL, TOTAL]) or year.counts.loc[TOTAL].isna().sum() == 1
    ledger.record_number(found, ((), ()), len(own), "rows")
    assert main(["cases", "audit", str(path)]) == 1
    out = capsys.readouterr().out
    assert "1 printed numbers" in out and "audit FAILED" in out


def test_rows_are_printed_only_as_published(ua: pd.DataFrame, releases: Path) -> None:
    tables = publication(ua, 10)
    assert tables.rows_text() == "9995"
    numbers = ledger.read(ledger.identify(ua)).numbers
    assert [(n["what"], n["value"]) for n in numbers] == [("rows", 9995)]
    assert audit_dataset(ua).holds


ADVERSARIAL = [(rows, rows + k, k) for rows in (12, 45, 150) for k in (3, 10, 20)]


@pytest.mark.parametrize(("rows", "seed", "k"), ADVERSARIAL)
def test_audit_passes_on_small_synthetic_files(
    tmp_path: Path, rows: int, seed: int, k: int
) -> None:
    """SYNTHETIC files with few rows: most cells are below k, totals are tiny."""
    frame = load_cases(write_synthetic(tmp_path / "s.csv", rows=rows, seed=seed))
    tables, report = attempt(frame, k, record=False)
    assert tables.audit().holds, str(report)
    if report.holds:
        assert publication(frame, k).audit().holds
    else:  # too small to say anything at k: refused with one line, nothing recorded
        assert all("says nothing" in failure for failure in report.failures)
        with pytest.raises(DisclosureError, match="says nothing"):
            publication(frame, k)


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
    monkeypatch.setattr(lattice, "_CACHE", {})
    assert main(["cases", "audit", UA_FILE, "--k", "20"]) == 1
    out = capsys.readouterr().out
    assert "audit FAILED" in out and "confine it to [" in out


def test_audit_passes_on_small_real_subsets(global_file: Path, tmp_path: Path) -> None:
    """Citizenship subsets of the global file saved as files of their own (a ministry's own
    small file): the ones where single protection rounds left a cell narrowed down."""
    frame = load_cases(global_file)
    for code, k in (("TH", 20), ("BD", 50), ("JM", 50)):
        subset = frame[frame["citizenship"] == code].reset_index(drop=True)
        own = load_cases(write_cases(subset, tmp_path / f"{code}.csv"))
        tables, report = attempt(own, k, record=False)
        assert tables.audit().holds, str(tables.audit())
        assert all("says nothing" in failure for failure in report.failures)
        code_ = main(["cases", "audit", str(tmp_path / f"{code}.csv"), "--k", str(k)])
        assert code_ == (0 if report.holds else 1)


def test_a_new_process_gets_the_recorded_release(
    ua: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later session rebuilds the recorded release on the data (same recoding, same
    cells hidden) instead of protecting again."""
    from ctcourse.cases import lattice

    first = publication(ua, 20)
    monkeypatch.setattr(lattice, "_CACHE", {})
    monkeypatch.setattr(lattice, "protect", None)  # a second protection would fail loudly
    again = publication(ua, 20)
    for name, table in first.tables.items():
        assert table.counts.equals(again.tables[name].counts), name
        assert table.status.equals(again.tables[name].status), name
    assert again.audit().holds and audit_dataset(ua).holds


def test_nothing_is_published_unrecorded(
    ua: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ledger that cannot be written stops the publication with one line."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(ledger.RELEASES_ENV, str(blocker / "releases"))
    with pytest.raises(DisclosureError, match="cannot record the release") as error:
        publication(ua, 10)
    assert "\n" not in str(error.value) and "CTCOURSE_RELEASES" in str(error.value)
