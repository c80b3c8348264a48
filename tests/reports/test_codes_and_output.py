"""Verification codes, safe CSV cells, and one-line errors when there is nothing to report."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ctcourse.cli import main
from ctcourse.reports.build import write_csv
from ctcourse.reports.codes import key_file, load_key, make_code, normalise, owner


def test_codes_verify_only_under_the_same_key(tmp_path: Path):
    key = load_key(tmp_path, create=True)
    assert load_key(tmp_path) == key and oct(key_file(tmp_path).stat().st_mode)[-3:] == "600"
    code = make_code(key, "ct", "olena")
    assert len(code) == 19 and code.count("-") == 3
    assert owner(key, "ct", code, ["ivan", "olena"]) == "olena"
    assert owner(key, "ct", normalise(code.lower().replace("-", " ")), ["olena"]) == "olena"
    assert owner(key, "other-course", code, ["olena"]) is None
    assert owner(b"\x01" * 32, "ct", code, ["olena"]) is None
    altered = code[:5] + ("Q" if code[5] != "Q" else "R") + code[6:]
    assert owner(key, "ct", altered, ["olena"]) is None


def test_csv_cells_cannot_run_as_spreadsheet_formulas(tmp_path: Path):
    frame = pd.DataFrame(
        {"trainee": ['=HYPERLINK("http://x")', "@cmd", "olena"], "score": [-1.5, 2, 3]}
    )
    write_csv(frame, tmp_path / "t.csv")
    with open(tmp_path / "t.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("http://x")', "'@cmd", "olena"]
    assert rows[1][1] == "-1.5"  # numbers stay numbers


def test_report_and_verify_say_in_one_line_what_is_missing(course_root: Path, capsys):
    assert main(["report", "--root", str(course_root)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("gradebook.db: no gradebook yet; run `ctcourse autograde` first")
    assert len(err.splitlines()) == 1
    assert main(["certificate", "verify", "ABCD-EFGH-IJKL-MNOP", "--root", str(course_root)]) == 2
    assert "no certificate key" in capsys.readouterr().err
