"""Courses and cohorts for the grading tests: a quiz-only module and one with code to run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
from coursefactory import key_cell, make_course, notebook, question_cell, sample_notebook
from nbformat.v4 import new_code_cell

from ctcourse.authoring.release import release
from ctcourse.course import load_course
from ctcourse.quiz.responses import Event

RIGHT_SOLUTION = "share_of_men = 2 / 5"
HONEST_ANSWERS = {"k.single": "b", "k.tf": False, "k.number": 40}


def code_notebook() -> nbformat.NotebookNode:
    """Two quiz questions and a code exercise with a (visible) autograder test."""
    meta = {"grade": False, "grade_id": "share", "locked": False, "schema_version": 3}
    solution = new_code_cell(
        "### BEGIN SOLUTION\nshare_of_men = 2 / 5\n### END SOLUTION",
        metadata={"nbgrader": {**meta, "solution": True}},
    )
    test_meta = {
        "grade": True,
        "grade_id": "share-test",
        "locked": True,
        "points": 2,
        "schema_version": 3,
        "solution": False,
    }
    test = new_code_cell("assert abs(share_of_men - 0.4) < 1e-9", metadata={"nbgrader": test_meta})
    return notebook(
        question_cell("single_choice", "k.single", "Pick b", options={"a": "A", "b": "B"}),
        key_cell("k.single", "b", 1),
        question_cell("true_false", "k.tf", "False?", points=2),
        key_cell("k.tf", False, 2),
        question_cell("numeric", "k.number", "Percent of men?", points=1),
        key_cell("k.number", 40, 1),
        solution,
        test,
    )


def released_course(root: Path) -> Path:
    """A course with the quiz-only module ``quiz`` and the code module ``code``, released."""
    make_course(root, {"quiz": {"lesson": sample_notebook()}, "code": {"lesson": code_notebook()}})
    release(load_course(root))
    return root


def write_submission(
    root: Path, student: str, module: str, answers: dict[str, Any], solution: str | None = None
) -> tuple[nbformat.NotebookNode, list[str]]:
    """An honest submission: the release notebook, the answers log, a timestamp."""
    nb = nbformat.read(root / "release" / module / "lesson.ipynb", as_version=4)
    if solution is not None:
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "share":
                cell.source = solution
    lines = [
        Event(q, a, "graded", 1, "2026-11-20T10:00:00.000Z").to_json() for q, a in answers.items()
    ]
    save_submission(root, student, module, nb, lines)
    return nb, lines


def save_submission(root: Path, student: str, module: str, nb, lines: list[str]) -> None:
    folder = root / "submitted" / student / module
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "lesson.ipynb")
    (folder / "responses.jsonl").write_text("".join(line + "\n" for line in lines), "utf-8")
    (folder / "timestamp.txt").write_text("2026-11-20 11:00:00.000000 UTC", "utf-8")


def dump(root: Path) -> dict:
    """Every grade of the gradebook and every student's name, as plain data."""
    from nbgrader.api import Gradebook

    rows = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "testcourse") as gb:
        for a in gb.assignments:
            for sub in a.submissions:
                for nb in sub.notebooks:
                    for g in nb.grades:
                        rows[f"{sub.student.id}/{a.name}/{g.name}"] = (
                            g.auto_score,
                            g.manual_score,
                            g.needs_manual_grade,
                        )
        names = {s.id: (s.first_name, s.last_name) for s in gb.students}
    return {"grades": rows, "students": names}


def manifest(root: Path) -> dict:
    return json.loads((root / "submitted" / ".simulation.json").read_text("utf-8"))
