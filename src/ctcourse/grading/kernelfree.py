"""Which modules can be graded without starting a kernel.

A module is kernel-free when running its notebooks could change no grade: every code cell of
its source is either a read-only cell that only imports the quiz API and shows questions, or
an autograder test cell whose only statement is a hidden ``quiz.key(...)``. Those outputs are
computed by the grader itself (:mod:`ctcourse.grading.answers`), and nbgrader restores such
cells from its database, so nothing a trainee adds or edits would ever be run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from ctcourse.quiz.model import BUILDERS
from ctcourse.quiz.reader import HIDDEN, KEY_FUNCTION

QUIZ_PACKAGE = "ctcourse.quiz"


def _statements(source: str) -> list[ast.stmt] | None:
    lines = ("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        return ast.parse("\n".join(lines)).body
    except SyntaxError:
        return None


def _is_quiz_call(stmt: ast.stmt, names: set[str]) -> bool:
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return False
    func = stmt.value.func
    return isinstance(func, ast.Attribute) and func.attr in names


def _is_quiz_import(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Import):
        return all(alias.name.startswith(QUIZ_PACKAGE) for alias in stmt.names)
    return isinstance(stmt, ast.ImportFrom) and (stmt.module or "").startswith(QUIZ_PACKAGE)


def is_quiz_test(cell: nbformat.NotebookNode) -> bool:
    """True for an autograder test cell whose only statement is a hidden ``quiz.key(...)``:
    the grader scores it from the responses log, whatever the kernel does."""
    outside = _statements(HIDDEN.sub("", cell.source))
    hidden = _statements("\n".join(m.group(1) for m in HIDDEN.finditer(cell.source)))
    return (
        outside == []
        and hidden is not None
        and len(hidden) == 1
        and _is_quiz_call(hidden[0], {KEY_FUNCTION})
    )


def _cell_is_inert(cell: nbformat.NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
    if meta.get("solution"):
        return False
    if meta.get("grade"):
        return is_quiz_test(cell)
    body = _statements(cell.source)
    return (
        bool(meta.get("locked"))
        and body is not None
        and all(_is_quiz_import(s) or _is_quiz_call(s, set(BUILDERS)) for s in body)
    )


def is_kernel_free(notebooks: list[Path]) -> bool:
    """True when no code cell of these source notebooks needs a kernel to be graded."""
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        if not all(_is_cell_ok(cell) for cell in nb.cells):
            return False
    return bool(notebooks)


def _is_cell_ok(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type != "code" or _cell_is_inert(cell)
