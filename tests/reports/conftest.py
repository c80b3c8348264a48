"""A simulated cohort across all modules of the report course, autograded into a real
gradebook once per session, with the written answers graded by hand as in formgrader."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reportcourse import COURSE_UK, MISKEYED, TITLES_UK, report_course

from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.reports.simcohort import write_cohort

TRAINEES = 30
SEED = 3
SKIPPED = {"final-test": ["sim-0003"], "entry-test": ["sim-0007"], "lesson": ["sim-0010"]}
#: Trainees whose written answer the trainer has not graded yet (oldest first).
UNGRADED = ("sim-0028", "sim-0029", "sim-0030")


def grade_written_answers(root: Path, env: dict[str, str]) -> None:
    """Give every written answer full marks by hand, except the UNGRADED trainees'."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root, env), "testcourse") as gb:
        for submission in gb.assignment_submissions("lesson"):
            if submission.student.id in UNGRADED:
                continue
            grade = gb.find_grade("lesson_reflection", "lesson", "lesson", submission.student.id)
            grade.manual_score = 2.0
            grade.needs_manual_grade = False
        gb.db.commit()


def build_cohort(root: Path, env: dict[str, str]) -> Path:
    """Write, release, simulate and autograde the cohort; grade the written answers."""
    report_course(root)
    course = load_course(root)
    write_cohort(course, TRAINEES, SEED, miskeyed=MISKEYED, skip=SKIPPED)
    result = autograde(course, jobs=2, env=env)
    assert result.failed == [] and len(result.graded) == 3 * TRAINEES - 3
    grade_written_answers(root, env)
    return root


@pytest.fixture(scope="session")
def cohort_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cohort on a SQLite gradebook."""
    env = {k: v for k, v in os.environ.items() if k != "CTCOURSE_DB_URL"}
    return build_cohort(tmp_path_factory.mktemp("reports") / "course", env)


@pytest.fixture(scope="session")
def uk_edition_root(cohort_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cohort with a Ukrainian edition: course.yml names the Ukrainian title and the
    Ukrainian edition's notebooks (the same questions) open with the module titles; the
    cohort's language stays course.yml's English unless $CTCOURSE_LANG says ``uk``."""
    root = tmp_path_factory.mktemp("uk-edition") / "course"
    shutil.copytree(cohort_root, root)
    manifest = json.loads((root / "course.yml").read_text(encoding="utf-8"))
    manifest["translations"] = {"uk": {"title": COURSE_UK}}
    (root / "course.yml").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    for module, title in TITLES_UK.items():
        folder = root / "source-uk" / module
        folder.mkdir(parents=True)
        for path in sorted((root / "source" / module).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {title}"))
            nbformat.write(nb, folder / path.name)
    return root
