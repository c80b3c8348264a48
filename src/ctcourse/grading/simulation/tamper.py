"""Known ways a trainee might forge a grade, applied to a submission (synthetic; for tests).

Each tamper edits a submitted notebook and/or its log lines in place. The honest answers in
the log stay readable, so an honest grader scores a tampered submission exactly like the
answers underneath deserve. Used by ``ctcourse simulate`` and the tamper test suite.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output


def _code(nb: NotebookNode, source: str) -> None:
    nb.cells.append(new_code_cell(source, id=f"tamper-{len(nb.cells)}"))


def _copy(cell: NotebookNode) -> NotebookNode:
    twin = copy.deepcopy(cell)
    twin.id = f"{cell.get('id', 'cell')}-copy"
    return twin


def _test_cells(nb: NotebookNode) -> list[NotebookNode]:
    return [
        c
        for c in nb.cells
        if c.cell_type == "code"
        and c.metadata.get("nbgrader", {}).get("grade")
        and not c.metadata["nbgrader"].get("solution")
    ]


def redefine_helpers(nb: NotebookNode, log: list[str]) -> None:
    """A cell that redefines and monkeypatches every grading helper to give full marks."""
    _code(
        nb,
        "import ctcourse.quiz.notebook as quiz, ctcourse.quiz.scoring as scoring\n"
        "full = lambda q, k, a: scoring.Score(q.points, q.points, True)\n"
        "scoring.score = quiz.score = full\n"
        "quiz.parse_key = lambda q, a: a\n"
        "quiz.key = lambda qid, answer, explanation='': 1.0\n",
    )
    nb.cells.insert(0, _copy(nb.cells[-1]))


def skip_tag(nb: NotebookNode, log: list[str]) -> None:
    """The ``skip-execution`` tag on every test cell (nbgrader then gives full marks)."""
    for cell in _test_cells(nb):
        cell.metadata["tags"] = ["skip-execution"]


def rewrite_gradebook(nb: NotebookNode, log: list[str]) -> None:
    """A cell that opens the gradebook and gives everyone's grades and names away."""
    _code(
        nb,
        "import sqlite3, pathlib\n"
        "for up in pathlib.Path.cwd().parents:\n"
        "    if (up / 'gradebook.db').exists():\n"
        "        db = sqlite3.connect(up / 'gradebook.db', timeout=60)\n"
        "        db.execute('UPDATE grade SET auto_score = 0.5, manual_score = 0.25')\n"
        "        db.execute(\"UPDATE student SET first_name = 'Forged'\")\n"
        "        db.commit()\n"
        "        break\n",
    )


def forged_outputs(nb: NotebookNode, log: list[str]) -> None:
    """Test cells edited to print full marks, with outputs saved in the notebook."""
    for cell in _test_cells(nb):
        points = cell.metadata["nbgrader"].get("points", 1)
        cell.source = f"{float(points)!r}"
        cell.outputs = [new_output("execute_result", {"text/plain": repr(float(points))})]


def delete_test_cells(nb: NotebookNode, log: list[str]) -> None:
    """Every quiz test cell deleted."""
    tests = {id(c) for c in _test_cells(nb)}
    nb.cells = [c for c in nb.cells if id(c) not in tests]


def duplicate_test_cell(nb: NotebookNode, log: list[str]) -> None:
    """A test cell copy-pasted, so two cells carry the same grade id."""
    first = _test_cells(nb)[0]
    nb.cells.insert(nb.cells.index(first) + 1, _copy(first))


def stderr_cell(nb: NotebookNode, log: list[str]) -> None:
    """A cell that writes warnings to stderr, from then on at every cell."""
    _code(
        nb,
        "import sys, warnings\nwarnings.simplefilter('always')\n"
        "warnings.warn('noise')\nsys.stderr.write('more noise\\n')\n",
    )


def bad_log_lines(nb: NotebookNode, log: list[str]) -> None:
    """Invalid JSON, wrong types, an unknown question id and a 10 MB line amid honest lines."""
    bad = [
        "{not json",
        json.dumps({"schema": 1, "qid": 5, "answer": "a", "mode": "graded", "attempt": 1}),
        json.dumps(
            {
                "schema": 1,
                "qid": "no.such-question",
                "answer": "a",
                "mode": "graded",
                "attempt": 1,
                "time": "2026-01-01T00:00:00Z",
            }
        ),
        json.dumps({"schema": 1, "qid": "x.y", "answer": "a" * 10_000_000}),
    ]
    log[:0] = bad[:2]
    log.extend(bad[2:])


def infinite_loop(nb: NotebookNode, log: list[str]) -> None:
    """A loop that ignores interrupts (nbgrader then fails the whole submission)."""
    _code(
        nb, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
    )


def kill_kernel(nb: NotebookNode, log: list[str]) -> None:
    """A cell that kills its own kernel."""
    _code(nb, "import os\nos._exit(1)\n")


#: Tampers that cost no grading time; ``ctcourse simulate`` draws from these.
CHEAP: dict[str, Callable[[NotebookNode, list[str]], None]] = {
    "redefine-helpers": redefine_helpers,
    "skip-tag": skip_tag,
    "rewrite-gradebook": rewrite_gradebook,
    "forged-outputs": forged_outputs,
    "delete-test-cells": delete_test_cells,
    "duplicate-test-cell": duplicate_test_cell,
    "stderr": stderr_cell,
    "bad-log-lines": bad_log_lines,
}

#: Tampers that make nbgrader fail the submission (each costs up to a cell timeout).
FATAL: dict[str, Callable[[NotebookNode, list[str]], None]] = {
    "infinite-loop": infinite_loop,
    "kill-kernel": kill_kernel,
}

ESCAPE = """
import ctcourse, json, os, pathlib, signal, socket, sqlite3, time
ROOT, GRADER, PORT = pathlib.Path({root!r}), {grader!r}, {port!r}
tried = {{}}


def attempt(name, action):
    try:
        action()
        tried[name] = "done"
    except BaseException as exc:
        tried[name] = type(exc).__name__


def write_all(pattern, text):
    found = [p for p in ROOT.glob(pattern)]
    assert found, "nothing found"
    for path in found:
        path.write_text(text)


def sql(statement):
    db = sqlite3.connect(ROOT / "gradebook.db", timeout=5)
    db.execute(statement)
    db.commit()


def later():
    if os.fork() == 0:
        os.setsid()
        time.sleep(1)
        write_all("submitted/*/*/*.ipynb", "{{}}")
        sql("UPDATE grade SET auto_score = 0.5")
        os._exit(0)


attempt("read-other-answers", lambda: print(next(ROOT.glob("submitted/*/*/responses.jsonl")).read_text()))
attempt("rewrite-gradebook", lambda: sql("UPDATE grade SET auto_score = 0.5, manual_score = 0.25"))
attempt("background-process", later)
attempt("rewrite-other-notebooks", lambda: write_all("submitted/*/*/*.ipynb", "{{}}"))
attempt("change-stored-test", lambda: sql("UPDATE source_cell SET source = 'pass'"))
attempt("forge-markers", lambda: write_all("autograded/*/*/.ctcourse-graded.json", "{{}}"))
attempt("rewrite-keys", lambda: write_all("source/*/*.ipynb", "{{}}"))
attempt("open-ctcourse-for-writing", lambda: open(ctcourse.__file__, "a").close())
attempt("kill-grader", lambda: (os.kill(os.getppid(), signal.SIGKILL), os.kill(GRADER, signal.SIGKILL)))
attempt("socket", lambda: socket.create_connection(("127.0.0.1", PORT), timeout=2))
attempt("allocate-4-gib", lambda: bytearray(4 * 1024**3))
print("ESCAPES " + json.dumps(tried))
"""


def escapes(
    root: str, grader: int, port: int
) -> dict[str, Callable[[NotebookNode, list[str]], None]]:
    """Attempts to break out of the grading sandbox, aimed at a course at ``root``.

    ``escape-all`` tries, each on its own and recording what happened: reading another
    trainee's answers, rewriting the gradebook now and from a background process later,
    rewriting other trainees' notebooks, the stored tests, the completion markers and the keys
    in ``source/``, opening ctcourse's own source for writing, killing the grader (its parent and process
    ``grader``), connecting to ``port`` on the loopback, and allocating 4 GiB.
    ``endless-loop`` never ends and ignores interrupts.
    """
    source = ESCAPE.format(root=root, grader=grader, port=port)
    return {
        "escape-all": lambda nb, log: _code(nb, source),
        "endless-loop": infinite_loop,
    }
