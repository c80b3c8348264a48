"""The cohort report of a Ukrainian cohort speaks Ukrainian: no English sentence, header or
status of the English report is left, titles are the Ukrainian edition's, numbers take a
decimal comma, and the charts are labelled in Ukrainian."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from reportcourse import COURSE_UK, TITLES_UK

from ctcourse.cli import main
from ctcourse.course import load_course
from ctcourse.reports import charts
from ctcourse.reports.build import analyse
from ctcourse.reports.strings import COLUMNS, TEXT, VALUES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def uk_root(uk_edition_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The simulated cohort as a Ukrainian cohort: course.yml says ``language: uk``."""
    root = tmp_path_factory.mktemp("uk") / "course"
    shutil.copytree(uk_edition_root, root)
    manifest = json.loads((root / "course.yml").read_text(encoding="utf-8"))
    manifest["language"] = "uk"
    (root / "course.yml").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def page(uk_root: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("uk-report")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CTCOURSE_LANG", raising=False)
        assert main(["report", "--root", str(uk_root), "--out", str(out)]) == 0
    return (out / "report.html").read_text(encoding="utf-8")


def visible(page: str) -> str:
    """The page's text as a reader sees it: no styles, no tags, no embedded images."""
    body = re.sub(r"<style>.*?</style>|data:image/png;base64,[^\"]+", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def fragments(template: str) -> list[str]:
    """The fixed wording of a string template between its ``{fields}`` that is an English
    phrase: two words or more with a lower-case English word (not "UTC ·" or "s − 1")."""
    parts = [f.strip() for f in re.split(r"\{[^}]*\}", template)]
    return [f for f in parts if len(f.split()) >= 2 and re.search(r"[a-z]{3,}", f)]


def test_no_english_sentence_of_the_report_remains(page: str):
    text = visible(page)
    left = [f for template in TEXT["en"].values() for f in fragments(template) if f in text]
    assert left == []
    headers = set(re.findall(r"<th>([^<]*)</th>", page))
    assert not headers & set(COLUMNS["uk"]), headers & set(COLUMNS["uk"])
    cells = set(html.unescape(c) for c in re.findall(r"<td>([^<]*)</td>", page))
    statuses = {"not fetched", "not submitted", "fetched", "submitted", "graded", "passed"}
    parts = {p.split(" (")[0] for c in cells for p in c.split("; ")}
    assert not parts & (statuses | set(VALUES["uk"])), parts & (statuses | set(VALUES["uk"]))
    assert "слухач" in text and "Письмові відповіді, що чекають на оцінку" in text


def test_titles_are_the_ukrainian_edition(page: str):
    assert re.search(rf"<h1>{re.escape(COURSE_UK)}</h1>", page)
    assert f"<title>{COURSE_UK}: звіт про групу</title>" in page
    assert all(f"<td>{title}</td>" in page for title in TITLES_UK.values())
    assert '<html lang="uk">' in page


def test_numbers_take_a_decimal_comma_and_dates_are_ukrainian(page: str):
    cells = re.findall(r"<td>([^<]*)</td>", page)
    assert any(re.fullmatch(r"-?\d+,\d+", c) for c in cells)
    assert not [c for c in cells if re.fullmatch(r"-?\d+\.\d+", c)]
    assert re.search(r"прохідний бал 70\u00a0%", page)
    assert re.search(r"складено \d{1,2} (грудня|січня|лютого|березня|квітня|травня|червня|"
                     r"липня|серпня|вересня|жовтня|листопада) \d{4} р\., \d\d:\d\d UTC", page)  # fmt: skip
    assert re.search(r"\((\d\d\.\d\d\.\d{4})\)</td>", page)  # a progress date: 28.11.2026


def test_charts_are_labelled_in_ukrainian(uk_root: Path):
    report = analyse(load_course(uk_root, env={}))
    labels = []
    for figure in (
        charts.score_distributions(report.modules, "uk"),
        charts.facility_discrimination(report.modules, "uk"),
        charts.paired_plot(report.gain, "uk"),
    ):
        for ax in figure.axes:
            labels += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
            labels += [t.get_text() for t in ax.get_xticklabels()]
            legend = ax.get_legend()
            labels += [t.get_text() for t in legend.get_texts()] if legend else []
        labels += [figure._suptitle.get_text()] if figure._suptitle else []
    english = [f for key, t in TEXT["en"].items() if key.startswith("chart_") for f in [t]]
    assert "Слухачі" in labels and "вхідний тест" in labels and "зона позначок" in labels
    assert not [w for w in labels for e in english if e.split(" (")[0] in w and w]
