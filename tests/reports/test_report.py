"""``ctcourse report`` on a simulated cohort autograded into a real SQLite gradebook."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import UNGRADED
from nbgrader.api import Gradebook
from sqlalchemy import event

from ctcourse.cli import main
from ctcourse.course import load_course
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.reports.gradebook_data import read_gradebook

pytestmark = pytest.mark.slow


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def report_dir(cohort_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--root", str(cohort_root), "--out", str(out)]) == 0
    return out


def test_report_writes_one_self_contained_page_and_every_table(report_dir: Path, capsys):
    page = (report_dir / "report.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<img src="data:image/png;base64,', page)) == 3
    assert not re.search(r'(src|href)="(?!data:)', page)  # nothing fetched from elsewhere
    text = re.sub(r"data:image/png;base64,[^\"]+", "", page)
    assert "@media print" in text and not re.search(r"\bnan\b", text, re.IGNORECASE)
    for name in ("progress", "progress_counts", "waiting_for_manual_grading", "test_statistics",
                 "item_statistics", "distractors", "time_on_task", "learning_gain",
                 "learning_gain_per_trainee"):  # fmt: skip
        assert (report_dir / f"{name}.csv").is_file(), name


def test_the_item_keyed_wrong_on_purpose_is_flagged_with_its_reason(report_dir: Path):
    items = {r["question"]: r for r in _rows(report_dir / "item_statistics.csv")}
    miskeyed = items["lesson.miskeyed"]
    assert float(miskeyed["discrimination_index"]) < 0
    assert "negative discrimination" in miskeyed["flags"] and "check the key" in miskeyed["flags"]
    options = {
        r["option"]: r
        for r in _rows(report_dir / "distractors.csv")
        if r["question"] == "lesson.miskeyed"
    }
    assert "more often than the key" in options["c"]["note"]
    assert float(options["c"]["upper_third_pct"]) > float(options["a"]["upper_third_pct"])
    # the simulated items differ in difficulty and discrimination
    facilities = [float(r["facility_pct"]) for r in items.values()]
    assert max(facilities) - min(facilities) > 50
    assert sum(float(r["discrimination_index"] or 0) > 30 for r in items.values()) >= 4
    assert "lesson.miskeyed" in (report_dir / "report.html").read_text(encoding="utf-8")


def test_gain_counts_and_leaves_out_trainees_who_took_one_test(report_dir: Path):
    (cohort,) = _rows(report_dir / "learning_gain.csv")
    assert (cohort["pairs"], cohort["only_entry_test"], cohort["only_final_test"]) == (
        "28",
        "1",
        "1",
    )
    assert float(cohort["final_mean_pct"]) > float(cohort["entry_mean_pct"])
    assert float(cohort["ci95_low_pct"]) > 0
    assert cohort["gain_of_class_averages"] and cohort["average_of_individual_gains"]
    assert len(_rows(report_dir / "learning_gain_per_trainee.csv")) == 28


def test_progress_and_written_answers_waiting_oldest_first(report_dir: Path):
    counts = {r["module"]: r for r in _rows(report_dir / "progress_counts.csv")}
    assert counts["lesson"]["not submitted"] == "1" and counts["lesson"]["submitted"] == "3"
    waiting = _rows(report_dir / "waiting_for_manual_grading.csv")
    assert [r["trainee"] for r in waiting] == list(UNGRADED)
    assert [r["submitted"] for r in waiting] == sorted(r["submitted"] for r in waiting)
    progress = _rows(report_dir / "progress.csv")
    assert len(progress) == 30 * 3
    assert {r["status"] for r in progress} <= {"not submitted", "submitted", "graded", "passed"}
    times = {r["module"]: r for r in _rows(report_dir / "time_on_task.csv")}
    assert float(times["lesson"]["q1_minutes"]) <= float(times["lesson"]["median_minutes"])


def test_cohort_pattern_restricts_every_table(cohort_root: Path, tmp_path: Path):
    assert (
        main(["report", "--root", str(cohort_root), "--out", str(tmp_path), "--cohort", "sim-000*"])
        == 0
    )
    trainees = {r["trainee"] for r in _rows(tmp_path / "progress.csv")}
    assert trainees == {f"sim-000{i}" for i in range(1, 10)}


def test_gradebook_is_read_in_four_queries_whatever_the_cohort_size(cohort_root: Path):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    course = load_course(cohort_root)
    with Gradebook(gradebook_url(cohort_root, {}), course.id) as gb:
        event.listen(gb.db.get_bind(), "before_cursor_execute", count)
        data = read_gradebook(gb, course.id, [m.id for m in course.modules])
    assert len(data.trainees) == 30 and len(data.cells) == 87
    assert len(statements) == 4 and all(s.lstrip().startswith("SELECT") for s in statements)


def test_modules_named_restrict_the_report_to_them(cohort_root: Path, tmp_path: Path):
    assert main(["report", "lesson", "--root", str(cohort_root), "--out", str(tmp_path)]) == 0
    assert {r["module"] for r in _rows(tmp_path / "progress.csv")} == {"lesson"}
    assert len(_rows(tmp_path / "progress.csv")) == 30
