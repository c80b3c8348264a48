"""Questions and answer keys read from source notebooks by parsing, never by executing.

A question cell calls one builder of ``ctcourse.quiz.notebook`` with literal arguments::

    quiz.single_choice("consent.under-threat", "…", options={"a": "…", "b": "…"}, points=2)

A graded question's key sits in the hidden-test region of an nbgrader test cell::

    ### BEGIN HIDDEN TESTS
    quiz.key("consent.under-threat", "b", explanation="…")
    ### END HIDDEN TESTS

Practice questions carry ``answer=`` and ``explanation=`` in the question call itself.
:func:`source_notebooks` finds a module's notebooks in the edition its cohort is taught in;
authoring (validation, release) and grading both read the course through this module.
Everything found wrong is returned as a :class:`Problem` (``path:cell: message``) rather
than raised, so one run reports every problem of a course.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import nbformat

from ctcourse.course import Course
from ctcourse.editions import edition_notebooks
from ctcourse.errors import QuestionError
from ctcourse.quiz.model import BUILDERS, Mode, Question, build
from ctcourse.quiz.scoring import parse_key

HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*$(.*?)^[ \t]*### END HIDDEN TESTS", re.M | re.S
)
KEY_FUNCTION = "key"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the course, located as ``path:cell`` (cells count from 1)."""

    path: str
    cell: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.cell is None else f"{self.path}:{self.cell}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class QuizItem:
    """A question with its key and where it was found."""

    question: Question
    key: Any
    notebook: str
    cell: int

    @property
    def graded(self) -> bool:
        return self.question.mode is Mode.GRADED


@dataclass
class NotebookQuiz:
    """The questions and keys of one source notebook, and the problems found reading it."""

    path: str
    items: list[QuizItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def graded(self) -> list[QuizItem]:
        return [item for item in self.items if item.graded]


@dataclass(frozen=True)
class _Call:
    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


def _strip_magics(source: str) -> str:
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )


def _calls(source: str, names: set[str]) -> Iterator[_Call | str]:
    """Calls to ``names`` (as ``quiz.name`` or ``name``) with literal arguments; text if not literal."""
    tree = ast.parse(_strip_magics(source))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in names:
            continue
        try:
            args = tuple(ast.literal_eval(arg) for arg in node.args)
            kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
        except (ValueError, TypeError, RecursionError):
            yield f"{name}(...) must be called with literal values only (text, numbers, lists, dicts)"
            continue
        if any(kw.arg is None for kw in node.keywords):
            yield f"{name}(...) must not use **kwargs"
            continue
        yield _Call(name, args, kwargs)


def calls_key(source: str) -> bool:
    """Whether code calls ``key(...)`` anywhere (a key outside hidden tests reaches trainees)."""
    try:
        return any(True for _ in _calls(source, {KEY_FUNCTION}))
    except SyntaxError:
        return False


def _nbgrader(cell: Any) -> dict[str, Any]:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def read_notebook(path: Path, display_path: str | None = None) -> NotebookQuiz:
    """Parse one source notebook into quiz items and problems (nothing is executed)."""
    shown = display_path or str(path)
    result = NotebookQuiz(shown)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises many types for one cause: an unreadable notebook
        result.problems.append(Problem(shown, None, f"not a readable notebook ({exc})"))
        return result
    questions: dict[str, tuple[Question, int]] = {}
    keys: dict[str, list[tuple[_Call, int, dict[str, Any]]]] = {}
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        try:
            _read_cell(cell, number, shown, questions, keys, result.problems)
        except SyntaxError as exc:
            result.problems.append(Problem(shown, number, f"Python syntax error: {exc.msg}"))
    _pair(shown, questions, keys, result)
    return result


def _read_cell(cell, number, shown, questions, keys, problems) -> None:
    meta = _nbgrader(cell)
    for call in _calls(cell.source, set(BUILDERS)):
        if isinstance(call, str):
            problems.append(Problem(shown, number, call))
            continue
        try:
            question = build(call.name, *call.args, **call.kwargs)
        except QuestionError as exc:
            problems.append(Problem(shown, number, str(exc)))
            continue
        if question.id in questions:
            problems.append(Problem(shown, number, f"duplicate question id {question.id!r}"))
            continue
        if meta and not meta.get("locked"):
            problems.append(
                Problem(shown, number, f"{question.id}: the question cell must be read-only")
            )
        questions[question.id] = (question, number)
    hidden = "\n".join(m.group(1) for m in HIDDEN.finditer(cell.source))
    for call in _calls(hidden, {KEY_FUNCTION}) if hidden else ():
        if isinstance(call, str):
            problems.append(Problem(shown, number, call))
        elif not call.args or not isinstance(call.args[0], str):
            problems.append(Problem(shown, number, "key(...) needs the question id first"))
        else:
            keys.setdefault(call.args[0], []).append((call, number, meta))
    outside = HIDDEN.sub("", cell.source)
    if any(isinstance(c, _Call) for c in _calls(outside, {KEY_FUNCTION})):
        problems.append(
            Problem(shown, number, "key(...) outside a hidden-test region would reach trainees")
        )


def _pair(shown, questions, keys, result: NotebookQuiz) -> None:
    for qid, calls in keys.items():
        if qid not in questions:
            problems = [
                Problem(shown, number, f"key for unknown question {qid!r}")
                for _, number, _ in calls
            ]
            result.problems.extend(problems)
    for qid, (question, number) in questions.items():
        calls = keys.get(qid, [])
        if question.mode is Mode.PRACTICE:
            item = _practice_item(shown, question, number, calls, result.problems)
        else:
            item = _graded_item(shown, question, number, calls, result.problems)
        if item is not None:
            result.items.append(item)


def _practice_item(shown, question, number, calls, problems) -> QuizItem | None:
    if calls:
        problems.append(
            Problem(shown, calls[0][1], f"{question.id}: practice question also has a hidden key")
        )
    if not question.explanation.strip():
        problems.append(
            Problem(shown, number, f"{question.id}: practice question needs an explanation")
        )
    try:
        key = parse_key(question, question.answer)
    except QuestionError as exc:
        problems.append(Problem(shown, number, str(exc)))
        return None
    return QuizItem(question, key, shown, number)


def _graded_item(shown, question, number, calls, problems) -> QuizItem | None:
    if len(calls) != 1:
        where = number if not calls else calls[1][1]
        problems.append(
            Problem(
                shown,
                where,
                f"{question.id}: graded question needs exactly one key, found {len(calls)}",
            )
        )
        return None
    call, key_cell, meta = calls[0]
    if not meta.get("grade") or meta.get("solution"):
        problems.append(
            Problem(shown, key_cell, f"{question.id}: the key must sit in an autograder test cell")
        )
        return None
    if meta.get("grade_id") != question.grade_id:
        problems.append(
            Problem(
                shown, key_cell, f"{question.id}: test cell grade_id must be {question.grade_id!r}"
            )
        )
    points = meta.get("points")
    try:
        nb_points = None if points is None else float(points)
    except (TypeError, ValueError):
        nb_points = None
    if nb_points != question.points:
        problems.append(
            Problem(
                shown,
                key_cell,
                f"{question.id}: question is worth {question.points:g} points but nbgrader gives {points}",
            )
        )
    if len(call.args) != 2 or set(call.kwargs) - {"explanation"}:
        problems.append(
            Problem(
                shown, key_cell, f"{question.id}: write key(question_id, answer, explanation=...)"
            )
        )
        return None
    explanation = call.kwargs.get("explanation", "")
    if not isinstance(explanation, str) or not explanation.strip():
        problems.append(
            Problem(shown, key_cell, f"{question.id}: the key needs an explanation for feedback")
        )
    try:
        key = parse_key(question, call.args[1])
    except QuestionError as exc:
        problems.append(Problem(shown, key_cell, str(exc)))
        return None
    question = replace(question, explanation=explanation if isinstance(explanation, str) else "")
    return QuizItem(question, key, shown, key_cell)


def source_notebooks(course: Course, module_id: str, language: str | None = None) -> list[Path]:
    """The notebooks of a module in the edition of ``language`` (default: the cohort's, so
    the grader reads the prompts and explanations its trainees saw), in name order."""
    return edition_notebooks(course, language or course.language, module_id)


def read_module(course: Course, module_id: str, language: str | None = None) -> list[NotebookQuiz]:
    """Parse every source notebook of a module (paths shown relative to the course root)."""
    return [
        read_notebook(p, str(p.relative_to(course.root)))
        for p in source_notebooks(course, module_id, language)
    ]
