"""Build small nbgrader courses for tests: question cells, key cells, manifest, folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ctcourse.authoring.traceability import estimate
from ctcourse.quiz.model import grade_id
from ctcourse.quiz.reader import read_notebook

REPO = Path(__file__).resolve().parents[1]
SETUP_SOURCE = "import ctcourse.quiz.notebook as quiz"
SOURCE_ID = "test-source"
SOURCES_CELL = "## Sources\n\n1. [test-source] A test source — https://example.org/test"


def _meta(
    gid: str, *, grade: bool = False, points: float | None = None, locked: bool = True
) -> dict:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": gid,
        "locked": locked,
        "schema_version": 3,
        "solution": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def setup_cell() -> nbformat.NotebookNode:
    """The read-only cell that imports the quiz API."""
    return new_code_cell(SETUP_SOURCE, metadata=_meta("setup"))


def literal_call(name: str, *args: Any, **kwargs: Any) -> str:
    """Python source of ``quiz.name(...)`` with the given literal arguments."""
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"quiz.{name}(" + ", ".join(parts) + ")"


def question_cell(kind: str, qid: str, *args: Any, **kwargs: Any) -> nbformat.NotebookNode:
    """A read-only cell showing a question, its code collapsed (trainees see the widget); it
    names the test source and, when graded, the objective ``<qid prefix>.objective`` unless
    told otherwise (``None`` leaves one out)."""
    kwargs.setdefault("source", SOURCE_ID)
    if "answer" not in kwargs:
        kwargs.setdefault("objective", f"{qid.split('.')[0]}.objective")
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    metadata = _meta(f"{grade_id(qid)}-question") | {"jupyter": {"source_hidden": True}}
    return new_code_cell(literal_call(kind, qid, *args, **kwargs), metadata=metadata)


def key_cell(
    qid: str, answer: Any, points: float, explanation: str = "Because."
) -> nbformat.NotebookNode:
    """An autograder test cell holding the key of a graded question in a hidden-test region."""
    source = "\n".join(
        [
            "# Your answer is scored when the module is graded.",
            "### BEGIN HIDDEN TESTS",
            literal_call("key", qid, answer, explanation=explanation),
            "### END HIDDEN TESTS",
        ]
    )
    return new_code_cell(source, metadata=_meta(grade_id(qid), grade=True, points=points))


def written_cell(gid: str, points: float) -> list[nbformat.NotebookNode]:
    """A manually graded free-text answer cell (markdown solution cell with points)."""
    meta = {
        "nbgrader": {
            "grade": True,
            "grade_id": gid,
            "locked": False,
            "points": points,
            "schema_version": 3,
            "solution": True,
        }
    }
    return [new_markdown_cell("YOUR ANSWER HERE", metadata=meta)]


def notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A Python notebook of these cells, a Sources cell last, and the usual kernelspec."""
    nb = new_notebook(
        cells=[
            new_markdown_cell("# A test module"),
            setup_cell(),
            *cells,
            new_markdown_cell(SOURCES_CELL),
        ]
    )
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def make_course(
    root: Path, modules: dict[str, dict[str, nbformat.NotebookNode]], course_id: str = "testcourse"
) -> Path:
    """Write course.yml, nbgrader_config.py and source/<module>/<name>.ipynb under ``root``.

    Each module's objectives are those its graded questions name (an objective named in two
    modules is listed in the first), and its minutes are what ``validate`` estimates.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    entries, listed = [], set()
    for module, notebooks in modules.items():
        folder = root / "source" / module
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in notebooks.items():
            nbformat.write(nb, folder / f"{name}.ipynb")
        paths = sorted(folder.glob("*.ipynb"))
        named = [i.question.objective for p in paths for i in read_notebook(p).graded()]
        objectives = [o for o in dict.fromkeys(named) if o and o not in listed]
        listed.update(objectives)
        minutes = max(1, round(estimate(module, 0, paths).minutes))
        entries.append(
            {
                "id": module,
                "title": module,
                "minutes": minutes,
                "objectives": [{"id": o, "text": f"Objective {o}"} for o in objectives],
            }
        )
    manifest = {
        "id": course_id,
        "title": "Test course",
        "language": "en",
        "pass_mark": 0.7,
        "modules": entries,
    }
    (root / "course.yml").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def sample_notebook() -> nbformat.NotebookNode:
    """One question of every type: two practice, the rest graded, and a written answer."""
    return notebook(
        question_cell(
            "single_choice", "t.single", "Pick b", options={"a": "A", "b": "B", "c": "C"}, points=1
        ),
        key_cell("t.single", "b", 1),
        question_cell(
            "multiple_response",
            "t.multi",
            "Pick a and c",
            options={"a": "A", "b": "B", "c": "C", "d": "D"},
            points=2,
        ),
        key_cell("t.multi", ["a", "c"], 2),
        question_cell("true_false", "t.tf", "True?", points=1),
        key_cell("t.tf", True, 1),
        question_cell(
            "matching",
            "t.match",
            "Match",
            left={"x": "X", "y": "Y"},
            right={"1": "One", "2": "Two"},
            points=2,
        ),
        key_cell("t.match", {"x": "1", "y": "2"}, 2),
        question_cell(
            "ordering", "t.order", "Order", items={"p": "P", "q": "Q", "r": "R"}, points=2
        ),
        key_cell("t.order", ["p", "q", "r"], 2),
        question_cell("numeric", "t.number", "How many?", points=1, tolerance=0.5),
        key_cell("t.number", 12, 1),
        question_cell("spot_indicators", "t.spot", "A case with deception and debt.", points=3),
        key_cell("t.spot", ["deception", "debt-bondage"], 3),
        question_cell(
            "single_choice",
            "t.practice-one",
            "Practice",
            options={"a": "A", "b": "B"},
            answer="a",
            explanation="A it is.",
        ),
        question_cell(
            "true_false", "t.practice-two", "Practice 2", answer=False, explanation="It is false."
        ),
        *written_cell("t_reflection", 2),
    )
