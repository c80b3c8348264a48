"""A trainee's quiz answers read from their responses log and scored against a module's keys.

Pure functions of the parsed keys and the log bytes, so the grader's own process decides every
quiz score (DESIGN decision 3) and the same answer always earns the same score and feedback.
The log is written by the trainee's kernel, so every line is hostile until read: a line that
cannot be parsed or whose answer cannot be scored (nested 3,000 deep, a 401-digit number, ...)
is skipped and reported with its line number, and the trainee's earlier answer stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ctcourse.course import Course
from ctcourse.errors import GradingError
from ctcourse.quiz.feedback import feedback_markdown
from ctcourse.quiz.reader import QuizItem, read_notebook, source_notebooks
from ctcourse.quiz.responses import Event, parse_lines
from ctcourse.quiz.scoring import Score, score

MARKDOWN_PLAIN = "<IPython.core.display.Markdown object>"


@dataclass(frozen=True)
class ModuleKeys:
    """The graded quiz items of one module, per notebook name (without ``.ipynb``)."""

    module: str
    notebooks: dict[str, tuple[QuizItem, ...]]

    def items(self) -> list[QuizItem]:
        return [item for items in self.notebooks.values() for item in items]


@dataclass(frozen=True)
class QuizResult:
    """One graded question scored from a log: what was answered and what it earns."""

    item: QuizItem
    answer: Any
    score: Score


def load_keys(course: Course, module_id: str) -> ModuleKeys:
    """Parse the keys of a module's source notebooks; a GradingError names the first problem."""
    notebooks: dict[str, tuple[QuizItem, ...]] = {}
    for path in source_notebooks(course, course.module(module_id).id):
        parsed = read_notebook(path, str(path.relative_to(course.root)))
        if parsed.problems:
            raise GradingError(f"{parsed.problems[0]} (run `ctcourse validate`)")
        notebooks[path.stem] = tuple(parsed.graded())
    if not notebooks:
        raise GradingError(f"source/{module_id}: no notebook to grade")
    return ModuleKeys(module_id, notebooks)


@dataclass
class Answers:
    """A log's scored answers per notebook, and one ``line N: reason`` per skipped line."""

    results: dict[str, list[QuizResult]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _events(data: bytes, problems: list[str]):
    """``(line number, event)`` for every readable line; the others become problems."""
    lines = data.split(b"\n")
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            loaded = parse_lines(raw + b"\n")
        except (RecursionError, MemoryError, ArithmeticError, ValueError) as exc:
            problems.append(f"line {number}: skipped: {type(exc).__name__}")
            continue
        for problem in loaded.problems:
            reason = problem.split(":", 2)[2].strip()
            problems.append(f"line {number}: {reason}")
        for event in loaded.events:
            yield number, event


def read_answers(keys: ModuleKeys, data: bytes) -> Answers:
    """Score every graded item from the trainee's latest scorable answer (no answer scores 0)."""
    answers = Answers()
    items = {item.question.id: item for item in keys.items()}
    latest: dict[str, tuple[Event, Score]] = {}
    for number, event in _events(data, answers.problems):
        item = items.get(event.qid)
        if item is None:
            continue
        try:
            latest[event.qid] = (event, score(item.question, item.key, event.answer))
        except Exception as exc:  # any answer a scorer cannot take is this trainee's problem only
            answers.problems.append(
                f"line {number}: answer to {event.qid} cannot be scored ({type(exc).__name__})"
            )
    for name, notebook_items in keys.notebooks.items():
        answers.results[name] = [
            _result(item, latest.get(item.question.id)) for item in notebook_items
        ]
    return answers


def _result(item: QuizItem, found: tuple[Event, Score] | None) -> QuizResult:
    if found is None:
        return QuizResult(item, None, score(item.question, item.key, None))
    return QuizResult(item, found[0].answer, found[1])


def score_bytes(keys: ModuleKeys, data: bytes) -> dict[str, list[QuizResult]]:
    """Score raw log bytes against every notebook of a module: ``{notebook: [QuizResult]}``."""
    return read_answers(keys, data).results


def cell_outputs(result: QuizResult, language: str, execution_count: int | None) -> list[dict]:
    """The outputs the in-kernel ``quiz.key`` shows for this result: feedback, then the score.

    nbgrader reads the trailing number as the cell's partial credit and renders the Markdown
    in feedback and formgrader, where widgets cannot show the answer.
    """
    item = result.item
    markdown = feedback_markdown(item.question, item.key, result.answer, result.score, language)
    return [
        {
            "output_type": "display_data",
            "data": {"text/markdown": markdown, "text/plain": MARKDOWN_PLAIN},
            "metadata": {},
        },
        {
            "output_type": "execute_result",
            "data": {"text/plain": repr(float(result.score.points))},
            "metadata": {},
            "execution_count": execution_count,
        },
    ]
