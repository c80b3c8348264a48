"""A three-module course for the report tests and the report benchmark: entry test, a lesson
with a written answer and a question keyed wrong on purpose, and a parallel final test."""

from __future__ import annotations

from pathlib import Path

import nbformat
from coursefactory import key_cell, make_course, notebook, question_cell, written_cell

from ctcourse.authoring.release import release
from ctcourse.course import load_course

#: The lesson's question whose key is wrong on purpose: the true answer is "c", the key says "a".
MISKEYED = {"lesson.miskeyed": "c"}
MODULES = ("entry-test", "lesson", "final-test")
#: The course's and the modules' titles in its Ukrainian edition.
COURSE_UK = "Протидія торгівлі людьми: тестовий курс"
TITLES_UK = {"entry-test": "Вхідний тест", "lesson": "Урок", "final-test": "Підсумковий тест"}
FOUR = {"a": "Alpha", "b": "Bravo", "c": "Charlie", "d": "Delta"}


def _test_items(prefix: str) -> list[nbformat.NotebookNode]:
    """Seven items of five types; entry and final tests get parallel ones (same shapes)."""
    return [
        question_cell("single_choice", f"{prefix}.first", "Pick b", options=FOUR),
        key_cell(f"{prefix}.first", "b", 1),
        question_cell("single_choice", f"{prefix}.second", "Pick a", options=FOUR),
        key_cell(f"{prefix}.second", "a", 1),
        question_cell("true_false", f"{prefix}.statement", "True?"),
        key_cell(f"{prefix}.statement", True, 1),
        question_cell(
            "multiple_response",
            f"{prefix}.several",
            "Pick a and c",
            options={**FOUR, "e": "Echo"},
            points=2,
        ),
        key_cell(f"{prefix}.several", ["a", "c"], 2),
        question_cell(
            "matching",
            f"{prefix}.pairs",
            "Match",
            left={"x": "X", "y": "Y", "z": "Z"},
            right={"2": "Two", "3": "Three", "1": "One"},
            points=2,
        ),
        key_cell(f"{prefix}.pairs", {"x": "1", "y": "2", "z": "3"}, 2),
        question_cell("ordering", f"{prefix}.steps", "Order", items=FOUR, points=2),
        key_cell(f"{prefix}.steps", ["a", "b", "c", "d"], 2),
        question_cell("single_choice", f"{prefix}.third", "Pick d", options=FOUR),
        key_cell(f"{prefix}.third", "d", 1),
    ]


def _lesson() -> nbformat.NotebookNode:
    return notebook(
        question_cell("single_choice", "lesson.basic", "Pick a", options=FOUR),
        key_cell("lesson.basic", "a", 1),
        question_cell("true_false", "lesson.fact", "False?"),
        key_cell("lesson.fact", False, 1),
        question_cell(
            "spot_indicators", "lesson.case", "A case with deception and debt.", points=2
        ),
        key_cell("lesson.case", ["deception", "debt-bondage"], 2),
        question_cell("single_choice", "lesson.miskeyed", "Pick c (keyed a)", options=FOUR),
        key_cell("lesson.miskeyed", "a", 1),
        question_cell("single_choice", "lesson.other", "Pick b", options=FOUR),
        key_cell("lesson.other", "b", 1),
        question_cell("true_false", "lesson.second-fact", "True?"),
        key_cell("lesson.second-fact", True, 1),
        question_cell("single_choice", "lesson.last", "Pick d", options=FOUR),
        key_cell("lesson.last", "d", 1),
        question_cell("numeric", "lesson.count", "How many?", tolerance=1),
        key_cell("lesson.count", 11, 1),
        *written_cell("lesson_reflection", 2),
    )


def report_course(root: Path) -> Path:
    """Write and release the course under ``root``."""
    make_course(
        root,
        {
            "entry-test": {"test": notebook(*_test_items("entry"))},
            "lesson": {"lesson": _lesson()},
            "final-test": {"test": notebook(*_test_items("final"))},
        },
    )
    release(load_course(root))
    return root
