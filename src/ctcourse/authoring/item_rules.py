"""Item-writing rules of ``ctcourse validate``: what a reviewer of a test checks by eye.

A trainee who knows nothing should not be able to score by a pattern of the keys, and a
trainee who reads the page should not find the answer printed just above the question:

- **true/false balance**: a module's true/false statements (three or more) are not all keyed
  the same way, and across the course neither value holds more than three quarters of the
  practice or of the graded statements (six or more of them);
- **key position**: in a module, no option position (first, second, …) holds more than its
  share of the single-choice keys, ``ceil(n / options) + 1``;
- **absolutes** ("always", "never", «завжди», «ніколи») appear only in distractors: never in
  a keyed option or a statement keyed true;
- **matching order**: the right-hand column is not written in the order of the rows it keys
  (row 1 → option 1, row 2 → option 2, …, three rows or more), which the widget shows as
  written;
- **cueing**: a graded item's key (its number, or the words of the keyed option before any
  bracket or comma) is not printed in the cells just above its question, back to the closest
  Markdown cell: not in a practice question's answer or explanation, and not in bold text
  that names no distractor;
- **case names**: a name introduced with an age (``Andrii, 41,``) in one module is not
  introduced again in another, so one name is one person across the course.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ctcourse.course import Course
from ctcourse.editions import BASE_LANGUAGE, edition_notebooks, other_languages
from ctcourse.quiz.model import Kind
from ctcourse.quiz.reader import Problem, QuizItem, read_notebook, source_notebooks

MIN_TRUE_FALSE_IN_MODULE = 3  # fewer statements cannot show a pattern
MIN_TRUE_FALSE_IN_COURSE = 6
MAX_SHARE_OF_ONE_VALUE = 0.75
MIN_SINGLE_CHOICE = 3
MIN_MATCHING_ROWS = 3  # with two rows, either order is a coin toss
ABSOLUTE = re.compile(r"\b(?:always|never)\b|(?<!\w)(?:завжди|ніколи)(?!\w)", re.IGNORECASE)
BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S)
HEAD_WORDS = 3  # an option's head (the words before its first bracket or comma) must have these
CASE_INTRO = re.compile(
    r"(?<!\w)([A-ZА-ЯІЇЄҐ][a-zа-яіїєґ'’ʼ]+)\**, (\d{1,3}),",
)


@dataclass(frozen=True)
class Cell:
    """One notebook cell as the cueing rule reads it: its number, kind and text."""

    number: int
    kind: str  # "markdown" or "code"
    text: str


def _true_false_keys(items: Iterable[QuizItem]) -> list[QuizItem]:
    return [item for item in items if item.question.kind is Kind.TRUE_FALSE]


def true_false_balance(module: str, items: Sequence[QuizItem]) -> list[Problem]:
    """A module whose three or more true/false statements are all keyed the same way."""
    statements = _true_false_keys(items)
    keys = {bool(item.key) for item in statements}
    if len(statements) < MIN_TRUE_FALSE_IN_MODULE or len(keys) != 1:
        return []
    value = "True" if keys.pop() else "False"
    return [
        Problem(
            statements[0].notebook,
            statements[0].cell,
            f"module {module!r}: all {len(statements)} true/false statements are keyed {value}; "
            "rewrite some as their opposite so the key cannot be guessed",
        )
    ]


def course_true_false_balance(items: Sequence[QuizItem]) -> list[Problem]:
    """Across the course, practice and graded statements each keep both values in use."""
    problems = []
    for graded in (False, True):
        statements = [item for item in _true_false_keys(items) if item.graded is graded]
        if len(statements) < MIN_TRUE_FALSE_IN_COURSE:
            continue
        value, count = Counter(bool(item.key) for item in statements).most_common(1)[0]
        if count / len(statements) > MAX_SHARE_OF_ONE_VALUE:
            mode = "graded" if graded else "practice"
            problems.append(
                Problem(
                    statements[0].notebook,
                    statements[0].cell,
                    f"{count} of the course's {len(statements)} {mode} true/false statements "
                    f"are keyed {value}; keep both values in use",
                )
            )
    return problems


def key_positions(module: str, items: Sequence[QuizItem]) -> list[Problem]:
    """A module whose single-choice keys crowd into one option position."""
    choices = [
        item
        for item in items
        if item.question.kind is Kind.SINGLE_CHOICE and item.key in item.question.option_keys
    ]
    if len(choices) < MIN_SINGLE_CHOICE:
        return []
    options = min(len(item.question.options) for item in choices)
    limit = math.ceil(len(choices) / options) + 1
    positions = Counter(item.question.option_keys.index(item.key) for item in choices)
    return [
        Problem(
            choices[0].notebook,
            None,
            f"module {module!r}: {count} of {len(choices)} single-choice keys are option "
            f"{position + 1}; at most {limit} may be, so move some keys to other positions",
        )
        for position, count in sorted(positions.items())
        if count > limit
    ]


def _keyed_texts(item: QuizItem) -> list[tuple[str, str]]:
    """(what, text) pairs of an item that a trainee must accept as right."""
    question = item.question
    if question.kind is Kind.TRUE_FALSE:
        return [("the statement keyed True", question.prompt)] if item.key is True else []
    if question.kind is Kind.SINGLE_CHOICE:
        keys = [item.key]
    elif question.kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS):
        keys = list(item.key or ())
    else:
        return []
    return [(f"keyed option {key!r}", question.label(key)) for key in keys]


def absolutes(items: Iterable[QuizItem]) -> list[Problem]:
    """Absolute words in a keyed answer: test-wise trainees learn that absolutes are wrong,
    so an absolute belongs only in a distractor."""
    problems = []
    for item in items:
        for what, text in _keyed_texts(item):
            found = ABSOLUTE.search(text)
            if found:
                problems.append(
                    Problem(
                        item.notebook,
                        item.cell,
                        f"{item.question.id}: {what} says {found.group(0)!r}; absolutes belong "
                        "in distractors only",
                    )
                )
    return problems


def matching_in_key_order(items: Iterable[QuizItem]) -> list[Problem]:
    """Matching items whose right-hand column, as written, lists each row's match in row order."""
    problems = []
    for item in items:
        question = item.question
        if question.kind is not Kind.MATCHING or not isinstance(item.key, dict):
            continue
        rows, options = question.left_keys, question.option_keys
        if len(rows) >= MIN_MATCHING_ROWS and all(
            item.key.get(row) == options[i] for i, row in enumerate(rows) if i < len(options)
        ):
            problems.append(
                Problem(
                    item.notebook,
                    item.cell,
                    f"{question.id}: the right-hand column is written in the rows' order "
                    "(row 1 → option 1, …), which gives the key away; reorder it",
                )
            )
    return problems


def _head(text: str) -> str:
    """An option's head: its words before the first bracket, comma, colon or semicolon."""
    head = re.split(r"[(,;:]", text, maxsplit=1)[0]
    return " ".join(head.lower().split())


def _mentions(text: str, needle: str) -> bool:
    return (
        re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", " ".join(text.lower().split())) is not None
    )


def _key_needle(item: QuizItem) -> tuple[str, list[str]]:
    """What, printed above an item, would give its key (the number, or the keyed option's head),
    and the distractors' heads; ("", []) when the item cannot be cued this way."""
    question = item.question
    if question.kind is Kind.NUMERIC:
        return f"{float(item.key):g}", []
    if question.kind is Kind.SINGLE_CHOICE:
        heads = {key: _head(text) for key, text in question.options}
        head = heads.get(item.key, "")
        if len(head.split()) >= HEAD_WORDS:
            return head, [h for key, h in heads.items() if key != item.key and h]
    return "", []


def _bold(cell: Cell) -> str:
    return " ".join(a or b for a, b in BOLD.findall(cell.text)) if cell.kind == "markdown" else ""


def _feedback(cell: Cell, practice: dict[int, QuizItem]) -> str:
    """A practice question's answer and explanation, which a trainee reads on checking it."""
    item = practice.get(cell.number) if cell.kind == "code" else None
    if item is None:
        return ""
    question = item.question
    return f"{question.explanation} {' '.join(question.label(k) for k in _as_list(item.key))}"


def _as_list(key: object) -> list[str]:
    if isinstance(key, str):
        return [key]
    if isinstance(key, (list, tuple)):
        return [str(k) for k in key]
    return []


def _cells_above(cells: Sequence[Cell], number: int) -> list[Cell]:
    """The cells above cell ``number`` up to and including the closest Markdown cell."""
    above = []
    for cell in reversed([c for c in cells if c.number < number]):
        above.append(cell)
        if cell.kind == "markdown":
            break
    return above


def cued(path: str, cells: Sequence[Cell], items: Sequence[QuizItem]) -> list[Problem]:
    """Graded items whose key is printed just above their question: in a practice question's
    feedback, or in bold text that names the key and no distractor."""
    practice = {item.cell: item for item in items if not item.graded}
    problems = []
    for item in items:
        wanted, others = _key_needle(item) if item.graded else ("", [])
        if not wanted:
            continue
        asked = _question_cell(cells, item)
        above = _cells_above(cells, asked)
        feedback = " ".join(_feedback(cell, practice) for cell in above)
        bold = " ".join(_bold(cell) for cell in above)
        in_bold = _mentions(bold, wanted) and not any(_mentions(bold, o) for o in others)
        if _mentions(feedback, wanted) or in_bold:
            problems.append(
                Problem(
                    path,
                    asked,
                    f"{item.question.id}: the key ({wanted!r}) is printed just above the "
                    "question (in bold or in a practice answer); ask first, or move the item",
                )
            )
    return problems


def _question_cell(cells: Sequence[Cell], item: QuizItem) -> int:
    """The cell that asks ``item`` (a graded item is located at its key cell, after it)."""
    needle = re.compile(rf"[\"']{re.escape(item.question.id)}[\"']")
    for cell in cells:
        if cell.kind == "code" and needle.search(cell.text) and "HIDDEN TESTS" not in cell.text:
            return cell.number
    return item.cell


def case_introductions(texts: Iterable[tuple[str, str, int, str]]) -> list[Problem]:
    """The same name introduced with an age (``Name, 41,``) in more than one module.

    ``texts`` are (module, path, cell, text); the first module to introduce a name owns it.
    """
    first: dict[str, tuple[str, str, int]] = {}
    seen: dict[str, set[str]] = defaultdict(set)
    problems = []
    for module, path, cell, text in texts:
        for name, _age in CASE_INTRO.findall(text):
            if name not in first:
                first[name] = (module, path, cell)
            owner = first[name][0]
            if owner != module and module not in seen[name]:
                seen[name].add(module)
                problems.append(
                    Problem(
                        path,
                        cell,
                        f"case name {name!r} is introduced here and in module {owner!r} "
                        f"({first[name][1]}:{first[name][2]}); one name, one person: rename one",
                    )
                )
    return problems


def _cells(path: Path) -> list[Cell]:
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # reported once, by read_notebook
        return []
    return [Cell(n, cell.cell_type, cell.source) for n, cell in enumerate(nb.cells, start=1)]


def check(course: Course) -> list[Problem]:
    """Every item-writing problem of the course: key patterns, cueing and case names in the
    base edition (editions share keys and cells), absolutes in every edition."""
    problems: list[Problem] = []
    everything: list[QuizItem] = []
    texts: list[tuple[str, str, int, str]] = []
    for module in course.modules:
        items: list[QuizItem] = []
        for path in source_notebooks(course, module.id, BASE_LANGUAGE):
            shown = str(path.relative_to(course.root))
            quiz = read_notebook(path, shown)
            cells = _cells(path)
            problems += cued(shown, cells, quiz.items)
            texts += [(module.id, shown, cell.number, cell.text) for cell in cells]
            items += quiz.items
        problems += true_false_balance(module.id, items) + key_positions(module.id, items)
        problems += absolutes(items) + matching_in_key_order(items)
        everything += items
    problems += course_true_false_balance(everything) + case_introductions(texts)
    return problems + _translated_absolutes(course)


def _translated_absolutes(course: Course) -> list[Problem]:
    """Absolutes in the keyed answers of translated editions (the words differ by language)."""
    problems = []
    for language in other_languages():
        for module in course.modules:
            for path in edition_notebooks(course, language, module.id):
                shown = str(path.relative_to(course.root))
                problems += absolutes(read_notebook(path, shown).items)
    return problems
