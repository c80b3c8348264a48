"""The report of a cohort of one to three trainees says only what so few answers can support:
no item flagged from a handful of attempts (and the page says why), empty cells left empty, no
empty chart, and the entry test never "passed"."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
from reportcourse import MISKEYED, report_course

from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.reports import charts
from ctcourse.reports.build import analyse, write_report
from ctcourse.reports.flags import MIN_ATTEMPTS
from ctcourse.reports.simcohort import write_cohort

pytestmark = pytest.mark.slow


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module", params=[1, 3])
def small_cohort(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """``n`` trainees, the last of whom has not submitted the final test; report written."""
    trainees = request.param
    root = tmp_path_factory.mktemp(f"small{trainees}") / "course"
    report_course(root)
    course = load_course(root, {})
    last = f"sim-{trainees:04d}"
    write_cohort(course, trainees, 5, miskeyed=MISKEYED, skip={"final-test": [last]})
    env = {k: v for k, v in os.environ.items() if k != "CTCOURSE_DB_URL"}
    assert autograde(course, jobs=1, env=env).failed == []
    report = analyse(course)
    out = root / "report"
    write_report(report, out)
    return trainees, report, out


def test_no_item_is_flagged_from_a_handful_of_attempts_and_the_page_says_so(small_cohort):
    trainees, report, out = small_cohort
    assert trainees < MIN_ATTEMPTS
    assert all(row["flags"] == "" for row in _rows(out / "item_statistics.csv"))
    assert all(not a.quiz_flags for a in report.modules)
    page = (out / "report.html").read_text(encoding="utf-8")
    review = page.split("<h3>Items to review</h3>")[1].split("<h3>")[0]
    assert f"fewer than {MIN_ATTEMPTS}" in review and "<table>" not in review
    assert f"entry-test ({trainees} graded attempt" in review


def test_empty_cells_stay_empty_and_the_entry_test_is_never_passed(small_cohort):
    _, _, out = small_cohort
    page = (out / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"data:image/png;base64,[^\"]+", "", page)
    assert not re.search(r">\s*(None|nan|NaN|<NA>)\s*<", text)
    assert "None" not in re.sub(r"<[^>]+>", " ", text).split()
    statuses = {(r["module"], r["status"]) for r in _rows(out / "progress.csv")}
    assert ("entry-test", "graded") in statuses and ("entry-test", "passed") not in statuses
    assert "does not count toward passing" in page


def test_no_chart_draws_an_empty_axis(small_cohort):
    _, report, out = small_cohort
    page = (out / "report.html").read_text(encoding="utf-8")
    with_scores = [a for a in report.modules if a.scores]
    figure = charts.score_distributions(report.modules)
    drawn = [ax for ax in figure.axes if ax.get_visible()]
    assert len(drawn) == len(with_scores)
    assert all(sum(p.get_height() for p in ax.patches) > 0 for ax in drawn)
    # too few attempts to place items against the flag zones: no scatter at all
    assert not charts.has_items_to_place(report.modules)
    assert 'alt="Facility × discrimination"' not in page
    assert 'alt="Score distribution per module"' in page
