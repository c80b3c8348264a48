"""Out-of-kernel quiz scoring: a module's keys (parsed from ``source/``) against a responses log.

Pure functions of the parsed keys and the log bytes, so the grader's own process decides every
quiz score (DESIGN decision 3) and the same answer always earns the same score and feedback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ctcourse.authoring.validate import source_notebooks
from ctcourse.course import Course
from ctcourse.errors import GradingError
from ctcourse.grading.keys import QuizItem, read_notebook
from ctcourse.quiz.feedback import feedback_markdown
from ctcourse.quiz.responses import LoadedLog, parse_lines
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


def score_log(items: tuple[QuizItem, ...] | list[QuizItem], log: LoadedLog) -> list[QuizResult]:
    """Score every item from the trainee's latest answer in the log (no answer scores 0)."""
    latest = log.last_answers()
    results = []
    for item in items:
        event = latest.get(item.question.id)
        answer = None if event is None else event.answer
        results.append(QuizResult(item, answer, score(item.question, item.key, answer)))
    return results


def score_bytes(keys: ModuleKeys, data: bytes) -> dict[str, list[QuizResult]]:
    """Score raw log bytes against every notebook of a module: ``{notebook: [QuizResult]}``."""
    log = parse_lines(data)
    return {name: score_log(items, log) for name, items in keys.notebooks.items()}


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
