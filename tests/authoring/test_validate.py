"""``ctcourse validate``: one small broken course per problem, each located as ``path:cell``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from coursefactory import key_cell, make_course, notebook, question_cell, written_cell
from nbformat.v4 import new_code_cell

from ctcourse.authoring.validate import validate
from ctcourse.cli import main
from ctcourse.course import load_course

NB = "source/m1/quiz.ipynb"  # cells: 1 markdown title, 2 setup, then the variant's cells from 3
OPTIONS = {"a": "A", "b": "B"}


def graded(qid: str = "t.a", points: float = 1, **kwargs) -> list:
    return [
        question_cell("single_choice", qid, "Pick a", options=OPTIONS, points=points, **kwargs),
        key_cell(qid, "a", points),
    ]


def practice(qid: str = "t.p", **kwargs) -> nbformat.NotebookNode:
    kwargs = {"answer": True, "explanation": "Because."} | kwargs
    return question_cell("true_false", qid, "True?", **kwargs)


def one(*cells) -> Callable[[Path], None]:
    """A course of one module ``m1`` with one notebook of these cells."""
    return lambda root: make_course(root, {"m1": {"quiz": notebook(*cells)}})


def code(source: str, **nbgrader) -> nbformat.NotebookNode:
    meta = {"grade_id": "x", "locked": True, "schema_version": 3, "solution": False, "grade": False}
    return new_code_cell(source, metadata={"nbgrader": meta | nbgrader} if nbgrader else {})


def then(build: Callable[[Path], None], change: Callable[[Path], None]) -> Callable[[Path], None]:
    def both(root: Path) -> None:
        build(root)
        change(root)

    return both


def _write(relative: str, text: str = "") -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text)

    return write


def _widget_state(root: Path) -> None:
    nb = nbformat.read(root / NB, as_version=4)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, root / NB)


BROKEN = {
    "duplicate id in a notebook": (
        one(*graded(), *graded()),
        f"{NB}:5: duplicate question id 't.a'",
    ),
    "duplicate id across modules": (
        lambda root: make_course(
            root, {"m1": {"quiz": notebook(*graded())}, "m2": {"quiz": notebook(*graded())}}
        ),
        "source/m2/quiz.ipynb:4: duplicate question id 't.a' (first in source/m1/quiz.ipynb)",
    ),
    "graded question without key": (
        one(graded()[0]),
        f"{NB}:3: t.a: graded question needs exactly one key, found 0",
    ),
    "graded question with two keys": (
        one(*graded(), key_cell("t.a", "b", 1)),
        f"{NB}:5: t.a: graded question needs exactly one key, found 2",
    ),
    "key names a missing option": (
        one(graded()[0], key_cell("t.a", "z", 1)),
        f"{NB}:4: t.a: key 'z' is invalid: expected one of a, b",
    ),
    "practice answer names a missing option": (
        one(
            question_cell("single_choice", "t.p", "P", options=OPTIONS, answer="z", explanation="E")
        ),
        f"{NB}:3: t.p: key 'z' is invalid",
    ),
    "points disagree with nbgrader": (
        one(graded(points=2)[0], key_cell("t.a", "a", 1)),
        f"{NB}:4: t.a: question is worth 2 points but nbgrader gives 1",
    ),
    "practice question without explanation": (
        one(practice(explanation="")),
        f"{NB}:3: t.p: practice question needs an explanation",
    ),
    "module in manifest without folder": (
        then(
            lambda root: make_course(root, {"m1": {"quiz": notebook(practice())}, "m2": {}}),
            lambda root: shutil.rmtree(root / "source" / "m2"),
        ),
        "course.yml: module 'm2' has no folder source/m2/",
    ),
    "module folder without notebook": (
        lambda root: make_course(root, {"m1": {"quiz": notebook(practice())}, "m2": {}}),
        "source/m2: no notebook in this module",
    ),
    "stray responses log in source": (
        then(one(practice()), _write("source/m1/responses.jsonl", "{}\n")),
        "source/m1/responses.jsonl: a responses log in source/",
    ),
    "module folder not in manifest": (
        then(one(practice()), _write("source/extra/quiz.ipynb", "{}")),
        "source/extra: not listed in course.yml",
    ),
    "key outside the hidden region": (
        one(*graded(), code('quiz.key("t.a", "a", explanation="E")')),
        f"{NB}:5: key(...) outside a hidden-test region would reach trainees",
    ),
    "non-literal argument": (
        one(code('quiz.single_choice("t.a", PROMPT, options={"a": "A", "b": "B"})')),
        f"{NB}:3: single_choice(...) must be called with literal values only",
    ),
    "unhashable literal": (
        one(code('quiz.single_choice("t.a", "P", options={["a"]: "A", "b": "B"})')),
        f"{NB}:3: single_choice(...) must be called with literal values only",
    ),
    "double-star kwargs": (
        one(code('quiz.true_false("t.a", "P", **{"answer": True})')),
        f"{NB}:3: true_false(...) must not use **kwargs",
    ),
    "syntax error": (
        one(code('quiz.single_choice("t.a", "P",')),
        f"{NB}:3: Python syntax error",
    ),
    "invalid question literal": (
        one(code('quiz.single_choice("T A", "P", options={"a": "A", "b": "B"})')),
        f"{NB}:3: question id 'T A' must be",
    ),
    "saved widget state": (
        then(one(practice()), _widget_state),
        f"{NB}: saved widget state would leak into release; clear it",
    ),
    "duplicate nbgrader grade_id": (
        one(*graded(), *written_cell("t_a", 1)),
        f"{NB}: nbgrader grade_id 't_a' is used 2 times",
    ),
    "key for an unknown question": (
        one(practice(), key_cell("t.ghost", "a", 1)),
        f"{NB}:4: key for unknown question 't.ghost'",
    ),
    "key not in an autograder test cell": (
        one(
            graded()[0], code('### BEGIN HIDDEN TESTS\nquiz.key("t.a", "a")\n### END HIDDEN TESTS')
        ),
        f"{NB}:4: t.a: the key must sit in an autograder test cell",
    ),
    "key cell with the wrong grade_id": (
        then(
            one(*graded()),
            lambda root: _edit_cell(root, 3, lambda c: c.metadata.nbgrader.update(grade_id="q1")),
        ),
        f"{NB}:4: t.a: test cell grade_id must be 't_a'",
    ),
    "nbgrader points not a number": (
        then(
            one(*graded()),
            lambda root: _edit_cell(root, 3, lambda c: c.metadata.nbgrader.update(points="one")),
        ),
        f"{NB}:4: t.a: question is worth 1 points but nbgrader gives one",
    ),
    "key without explanation": (
        one(graded()[0], key_cell("t.a", "a", 1, explanation="")),
        f"{NB}:4: t.a: the key needs an explanation for feedback",
    ),
    "practice question that also has a hidden key": (
        one(practice(), key_cell("t.p", True, 1)),
        f"{NB}:4: t.p: practice question also has a hidden key",
    ),
    "editable question cell": (
        then(
            one(*graded()),
            lambda root: _edit_cell(root, 2, lambda c: c.metadata.nbgrader.update(locked=False)),
        ),
        f"{NB}:3: t.a: the question cell must be read-only",
    ),
    "unreadable notebook": (
        then(one(practice()), _write(NB, "{ not json")),
        f"{NB}: not a readable notebook",
    ),
}


def _edit_cell(root: Path, index: int, change: Callable) -> None:
    nb = nbformat.read(root / NB, as_version=4)
    change(nb.cells[index])
    nbformat.write(nb, root / NB)


def test_clean_course_has_no_problem(course_root: Path, capsys: pytest.CaptureFixture) -> None:
    assert validate(load_course(course_root)) == []
    assert main(["validate", "--root", str(course_root)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "testcourse: 1 module(s), no problems" and err == ""


@pytest.mark.parametrize(("build", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_each_problem_is_found_and_located(
    build: Callable[[Path], None], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    root = tmp_path / "course"
    build(root)
    lines = [str(problem) for problem in validate(load_course(root))]
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)
    assert all("\n" not in line for line in lines)

    assert main(["validate", "--root", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[: len(lines)] == lines  # then warnings and estimated minutes
    assert err == f"{len(lines)} problem(s) found\n"


def test_every_problem_of_a_course_is_reported_in_one_run(tmp_path: Path) -> None:
    root = make_course(
        tmp_path / "course",
        {
            "m1": {"a": notebook(graded()[0]), "b": notebook(practice(explanation=""))},
            "m2": {"c": notebook(graded("t.c")[0], key_cell("t.c", "z", 1))},
        },
    )
    (root / "source" / "m2" / "responses.jsonl").write_text("")
    lines = [str(problem) for problem in validate(load_course(root))]
    assert lines == [
        "source/m2/responses.jsonl: a responses log in source/ would overwrite trainees' answers; delete it",
        "source/m1/a.ipynb:3: t.a: graded question needs exactly one key, found 0",
        "source/m1/b.ipynb:3: t.p: practice question needs an explanation",
        "source/m2/c.ipynb:4: t.c: key 'z' is invalid: expected one of a, b",
    ]
