"""Two cohorts of the real ``consent`` module, one English and one Ukrainian, each its own
nbgrader course: both graded from their own edition, the Ukrainian feedback in Ukrainian,
a Cyrillic trainee id and name safe, and the two exports pooling by question id."""

from __future__ import annotations

import codecs
import csv
import os
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml
from coursefactory import REPO
from nbgrader.api import Gradebook

from ctcourse.authoring.release import release
from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.grading.export import export
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.nbgrader_tools import nbgrader_api
from ctcourse.quiz.responses import Event

pytestmark = pytest.mark.slow
MODULE = "consent"
ANSWERS: dict[str, Any] = {
    "consent.no-border": "c",
    "consent.under-threat": "a",
    "consent.olena-elements": {"recruited": "act", "met": "act", "false-offer": "means"},
    "consent.olena-indicators": ["deception", "debt-bondage"],
    "consent.child-no-means": ["a", "b"],
}


def _cohort(root: Path, course_id: str, language: str, student: str) -> Path:
    """A course of ``consent`` alone in ``language``, released, with one submission."""
    root.mkdir()
    manifest = yaml.safe_load((REPO / "course.yml").read_text("utf-8"))
    manifest |= {"id": course_id, "language": language}
    manifest["modules"] = [m for m in manifest["modules"] if m["id"] == MODULE]
    (root / "course.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True), "utf-8")
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    for folder in ("source", "source-uk"):
        shutil.copytree(REPO / folder / MODULE, root / folder / MODULE)
    course = load_course(root)
    release(course)
    released = "release" if language == "en" else f"release-{language}"
    nb = nbformat.read(root / released / MODULE / f"{MODULE}.ipynb", as_version=4)
    written = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    written.source = "Я б вислухала Олену наодинці; «згода» не має значення (ст. 3(b))."
    folder = root / "submitted" / student / MODULE
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{MODULE}.ipynb")
    log = [
        Event(q, a, "graded", 1, "2026-11-28T10:00:00.000Z").to_json() for q, a in ANSWERS.items()
    ]
    (folder / "responses.jsonl").write_text("".join(line + "\n" for line in log), "utf-8")
    (folder / "timestamp.txt").write_text("2026-11-28 11:00:00.000000 UTC", "utf-8")
    with Gradebook(gradebook_url(root, os.environ), course_id) as gb:
        gb.update_or_create_student(student, first_name="Оксана", last_name="Коваленко-Шевчук")
    report = autograde(course, jobs=1)
    assert report.exit_code == 0 and len(report.graded) == 1, report
    return root


def _rows(root: Path) -> list[dict[str, str]]:
    """The export as a spreadsheet reads it: the byte-order mark tells Excel it is UTF-8."""
    out = root / "scores.csv"
    export(load_course(root), out)
    assert out.read_bytes().startswith(codecs.BOM_UTF8)
    return list(csv.DictReader(out.read_text("utf-8-sig").splitlines()))


def test_two_cohorts_in_two_languages_pool_by_question_id(tmp_path: Path) -> None:
    english = _cohort(tmp_path / "en", "ctcourse", "en", "olena")
    ukrainian = _cohort(tmp_path / "uk", "ctcourse-uk", "uk", "оксана")
    en_rows, uk_rows = _rows(english), _rows(ukrainian)
    assert [r["student_id"] for r in uk_rows] == ["оксана"]
    assert list(en_rows[0]) == list(uk_rows[0])  # the same columns, named by question id
    pooled = {q: [float(r[q]) for r in en_rows + uk_rows] for q in ANSWERS}
    assert pooled["consent.no-border"] == [2.0, 2.0]
    assert pooled["consent.under-threat"] == [0.0, 0.0]
    assert pooled["consent.child-no-means"] == [2.0, 2.0]
    assert en_rows[0]["score"] == uk_rows[0]["score"]
    with Gradebook(gradebook_url(ukrainian, os.environ), "ctcourse-uk") as gb:
        student = gb.find_student("оксана")
        assert (student.first_name, student.last_name) == ("Оксана", "Коваленко-Шевчук")

    assert nbgrader_api(ukrainian, os.environ).generate_feedback(MODULE)["success"]
    page = (ukrainian / "feedback" / "оксана" / MODULE / f"{MODULE}.html").read_text("utf-8")
    assert "Ваша відповідь" in page and "Правильна відповідь" in page
    assert "Залякування та погрози" in page and "Стаття 4 визначає" in page
    assert "Your answer" not in page and "Intimidation" not in page
    for english in ("Score:", "Student's answer", "Grade cell", "(Top)"):  # nbgrader's own words
        assert english not in page, english
    assert "Бали: 2.0 / 2.0" in page and "Письмова відповідь" in page
    assert "«згода» не має значення" in page
