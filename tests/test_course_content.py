"""The course as committed: every module runs headless, its data figures come from the bundled
CTDC subset, and a simulated cohort is autograded across all modules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from coursefactory import REPO
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from ctcourse.authoring.release import release
from ctcourse.cases import analysis, cases_path, load_cases
from ctcourse.course import Course, load_course
from ctcourse.grading.autograde import autograde
from ctcourse.grading.simulation.cohort import simulate
from ctcourse.quiz.model import grade_id
from ctcourse.quiz.reader import read_module

COURSE = load_course(REPO)
MODULES = [m.id for m in COURSE.modules]


def _released_copy(root: Path) -> Course:
    """The repository's course copied to ``root`` and released there (into its own gradebook)."""
    root.mkdir()
    for name in ("course.yml", "nbgrader_config.py"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "source", root / "source", ignore=shutil.ignore_patterns(".ipynb_*"))
    course = load_course(root)
    release(course)
    return course


@pytest.mark.parametrize("module", MODULES)
def test_each_released_module_runs_headless(
    module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTCOURSE_ROOT", str(REPO))
    monkeypatch.setenv("CTCOURSE_RESPONSES", str(tmp_path / "responses.jsonl"))
    for path in sorted((REPO / "release" / module).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert errors == [], path
        shown = sum(
            "application/vnd.jupyter.widget-view+json" in o.get("data", {})
            for c in nb.cells
            for o in c.get("outputs", [])
        )
        questions = sum(len(q.items) for q in read_module(COURSE, module))
        assert shown >= questions  # every question drew its widget


def _keys(module: str) -> dict[str, object]:
    return {i.question.id: i.key for nq in read_module(COURSE, module) for i in nq.items}


def test_who_is_at_risk_figures_come_from_the_bundled_data() -> None:
    cases = load_cases(cases_path())
    by_year = analysis.victims_by_year_gender(cases)
    years = by_year.counts.drop(index="Total")
    labour = analysis.exploitation_by_gender(cases).counts.loc["Forced labour"]
    keys = _keys("who-is-at-risk")
    assert keys["who-is-at-risk.crossover-year"] == analysis.crossover_year(by_year) == 2012
    assert keys["who-is-at-risk.most-women-year"] == years["Female"].idxmax()
    assert keys["who-is-at-risk.labour-men-share"] == round(100 * labour["Male"] / labour["All"])

    text = (REPO / "source/who-is-at-risk/who-is-at-risk.ipynb").read_text("utf-8")
    sexual = analysis.exploitation_by_gender(cases).counts.loc["Sexual exploitation"]
    sectors = analysis.labour_sectors(cases).counts
    countries = analysis.countries_of_exploitation(cases).counts["Total"]
    stated = [
        len(cases),
        int((cases["Datasource"] == "Case Management").sum()),
        years.loc[2020, "Male"],
        years.loc[2020, "Female"],
        labour["All"],
        labour["Male"],
        labour["Female"],
        sexual["Female"],
        analysis.exploitation_by_gender(cases).counts.loc["people with information", "All"],
        sectors.loc["Construction", "All"],
        sectors.loc["Construction", "Male"],
        sectors.loc["Manufacturing", "All"],
        sectors.loc["Agriculture", "All"],
        *countries[["RU", "PL", "TR", "UA", "AE", "not recorded"]],
    ]
    missing = [f"{n:,}" for n in stated if f"{n:,}" not in text]
    assert missing == []
    assert sexual["Male"] == 0  # "all of them women"


@pytest.mark.slow
def test_a_simulated_cohort_is_autograded_across_all_modules(tmp_path: Path) -> None:
    course = _released_copy(tmp_path / "course")
    manifest = simulate(course, 2, seed=7, tampered=0)
    report = autograde(course, jobs=2)
    assert report.failed == [] and len(report.graded) == 2 * len(MODULES)

    expected = json.loads(manifest.read_text("utf-8"))["expected"]
    scores = {}
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", course.id) as gradebook:
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        key = (submission.student.id, assignment.name, grade.name)
                        scores[key] = grade.auto_score
    for student, modules in expected.items():
        for module, points in modules.items():
            got = {q: scores[(student, module, grade_id(q))] for q in points}
            assert got == points, (student, module)
