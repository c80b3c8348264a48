"""Question model: seven question types, built from the plain literals an author writes.

The same builders serve the notebook (which adds widgets) and the grader (which reads the
literals out of ``source/`` without executing them), so both see identical questions.
Every builder also takes ``source=`` (an entry of the module's Sources cell, or a section of
the project's reference facts, e.g. ``"facts §3.1"``) and ``objective=`` (the course.yml
objective a graded question assesses), which ``ctcourse validate`` checks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ctcourse.errors import QuestionError

QUESTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$")
OPTION_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class Kind(StrEnum):
    """The question types; the value is the builder's name in a notebook."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_RESPONSE = "multiple_response"
    TRUE_FALSE = "true_false"
    MATCHING = "matching"
    ORDERING = "ordering"
    NUMERIC = "numeric"
    SPOT_INDICATORS = "spot_indicators"


class Mode(StrEnum):
    """Practice questions give instant feedback; graded ones are scored when the module is graded."""

    PRACTICE = "practice"
    GRADED = "graded"


#: The ILO's 11 indicators of forced labour (ILO SAP-FL booklet, 2012), in the booklet's order.
ILO_INDICATORS: dict[str, str] = {
    "abuse-of-vulnerability": "Abuse of vulnerability",
    "deception": "Deception",
    "restriction-of-movement": "Restriction of movement",
    "isolation": "Isolation",
    "physical-and-sexual-violence": "Physical and sexual violence",
    "intimidation-and-threats": "Intimidation and threats",
    "retention-of-identity-documents": "Retention of identity documents",
    "withholding-of-wages": "Withholding of wages",
    "debt-bondage": "Debt bondage",
    "abusive-working-and-living-conditions": "Abusive working and living conditions",
    "excessive-overtime": "Excessive overtime",
}


@dataclass(frozen=True)
class Question:
    """One question, language-neutral id first; ``options`` keep the author's order.

    ``options`` are the choices (single, multiple, spot), the items (ordering) or the
    right-hand column (matching); ``left`` is matching's left-hand column.
    """

    id: str
    kind: Kind
    prompt: str
    points: float = 1.0
    options: tuple[tuple[str, str], ...] = ()
    left: tuple[tuple[str, str], ...] = ()
    explanation: str = ""
    answer: Any = None
    tolerance: float = 0.0
    unit: str = ""
    case_text: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    objective: str = ""

    @property
    def mode(self) -> Mode:
        """Practice when the author gave the answer beside the question, graded otherwise."""
        return Mode.GRADED if self.answer is None else Mode.PRACTICE

    @property
    def grade_id(self) -> str:
        """The nbgrader grade id of this question's test cell ('.' is not safe in formgrader)."""
        return grade_id(self.id)

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.options)

    @property
    def left_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.left)

    def label(self, key: str) -> str:
        """The display text of an option (or matching left item) key."""
        for k, text in (*self.options, *self.left):
            if k == key:
                return text
        return key


def grade_id(question_id: str) -> str:
    """nbgrader grade id for a question id: dots become underscores (ids never hold '_')."""
    return question_id.replace(".", "_")


def _check_id(qid: Any) -> str:
    if not isinstance(qid, str) or not QUESTION_ID.match(qid):
        raise QuestionError(
            f"question id {qid!r} must be lower-case words joined by '-' in dot-separated parts, "
            "e.g. 'consent.under-threat'"
        )
    return qid


def _check_text(qid: str, name: str, value: Any, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise QuestionError(f"{qid}: {name} must be non-empty text")
    return value


def _check_points(qid: str, points: Any) -> float:
    if isinstance(points, bool) or not isinstance(points, int | float) or not points > 0:
        raise QuestionError(f"{qid}: points must be a positive number, got {points!r}")
    if not math.isfinite(points):
        raise QuestionError(f"{qid}: points must be finite")
    return float(points)


def _check_options(qid: str, name: str, options: Any, minimum: int) -> tuple[tuple[str, str], ...]:
    if not isinstance(options, Mapping):
        raise QuestionError(f"{qid}: {name} must be a mapping of key to text, e.g. {{'a': '...'}}")
    pairs: list[tuple[str, str]] = []
    for key, text in options.items():
        if not isinstance(key, str) or not OPTION_KEY.match(key):
            raise QuestionError(f"{qid}: {name} key {key!r} must be a short word such as 'a'")
        pairs.append((key, _check_text(qid, f"{name}[{key!r}]", text)))
    if len(pairs) < minimum:
        raise QuestionError(f"{qid}: {name} needs at least {minimum} entries, got {len(pairs)}")
    return tuple(pairs)


def _question(
    kind: Kind, qid: str, prompt: str, points: Any, explanation: Any, **fields: Any
) -> Question:
    """The checks every type shares (id, prompt, points, explanation, source, objective)
    plus its own fields."""
    for name in ("source", "objective"):
        fields[name] = _check_text(qid, name, fields.get(name, ""), required=False).strip()
    return Question(
        id=qid,
        kind=kind,
        prompt=_check_text(qid, "prompt", prompt),
        points=_check_points(qid, points),
        explanation=_check_text(qid, "explanation", explanation, required=False),
        **fields,
    )


def single_choice(
    qid: str,
    prompt: str,
    options: Mapping[str, str],
    *,
    points: float = 1,
    answer: str | None = None,
    explanation: str = "",
    source: str = "",
    objective: str = "",
) -> Question:
    """One right option among several."""
    qid = _check_id(qid)
    options_ = _check_options(qid, "options", options, 2)
    return _question(
        Kind.SINGLE_CHOICE,
        qid,
        prompt,
        points,
        explanation,
        source=source,
        objective=objective,
        options=options_,
        answer=answer,
    )


def multiple_response(
    qid: str,
    prompt: str,
    options: Mapping[str, str],
    *,
    points: float = 1,
    answer: Sequence[str] | None = None,
    explanation: str = "",
    source: str = "",
    objective: str = "",
) -> Question:
    """Any number of right options, scored with partial credit."""
    qid = _check_id(qid)
    options_ = _check_options(qid, "options", options, 2)
    answer_ = None if answer is None else list(answer)
    return _question(
        Kind.MULTIPLE_RESPONSE,
        qid,
        prompt,
        points,
        explanation,
        source=source,
        objective=objective,
        options=options_,
        answer=answer_,
    )


def true_false(
    qid: str,
    prompt: str,
    *,
    points: float = 1,
    answer: bool | None = None,
    explanation: str = "",
    source: str = "",
    objective: str = "",
) -> Question:
    """A statement that is true or false."""
    return _question(
        Kind.TRUE_FALSE,
        _check_id(qid),
        prompt,
        points,
        explanation,
        source=source,
        objective=objective,
        answer=answer,
    )


def matching(
    qid: str,
    prompt: str,
    left: Mapping[str, str],
    right: Mapping[str, str],
    *,
    points: float = 1,
    answer: Mapping[str, str] | None = None,
    explanation: str = "",
    source: str = "",
    objective: str = "",
) -> Question:
    """Match every item on the left with one on the right; each right pair earns its share."""
    qid = _check_id(qid)
    fields = {
        "left": _check_options(qid, "left", left, 2),
        "options": _check_options(qid, "right", right, 2),
        "answer": None if answer is None else dict(answer),
    }
    return _question(
        Kind.MATCHING,
        qid,
        prompt,
        points,
        explanation,
        source=source,
        objective=objective,
        **fields,
    )


def ordering(
    qid: str,
    prompt: str,
    items: Mapping[str, str],
    *,
    points: float = 1,
    answer: Sequence[str] | None = None,
    explanation: str = "",
    source: str = "",
    objective: str = "",
) -> Question:
    """Put the items in order (shown in the order the author lists them)."""
    qid = _check_id(qid)
    options_ = _check_options(qid, "items", items, 2)
    answer_ = None if answer is None else list(answer)
    return _question(
        Kind.ORDERING,
        qid,
        prompt,
        points,
        explanation,
        source=source,
        objective=objective,
        options=options_,
        answer=answer_,
    )


def numeric(
    qid: str,
    prompt: str,
    *,
    points: float = 1,
    answer: float | None = None,
    tolerance: float = 0,
    unit: str = "",
    explanation: str = "",
    source: str = "",
    objective: str = "",
) -> Question:
    """A number, right when within ``tolerance`` of the key."""
    qid = _check_id(qid)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or tolerance < 0:
        raise QuestionError(f"{qid}: tolerance must be a number >= 0, got {tolerance!r}")
    fields = {
        "answer": answer,
        "tolerance": float(tolerance),
        "unit": _check_text(qid, "unit", unit, required=False),
    }
    return _question(
        Kind.NUMERIC, qid, prompt, points, explanation, source=source, objective=objective, **fields
    )


def spot_indicators(
    qid: str,
    case_text: str,
    *,
    prompt: str = "Which ILO indicators of forced labour are present in this case?",
    options: Mapping[str, str] | None = None,
    points: float = 1,
    answer: Sequence[str] | None = None,
    explanation: str = "",
    source: str = "",
    objective: str = "",
) -> Question:
    """Select the indicators present in a case text (the ILO's 11 unless others are given)."""
    qid = _check_id(qid)
    fields = {
        "case_text": _check_text(qid, "case_text", case_text),
        "options": _check_options(
            qid, "options", ILO_INDICATORS if options is None else options, 2
        ),
        "answer": None if answer is None else list(answer),
    }
    return _question(
        Kind.SPOT_INDICATORS,
        qid,
        prompt,
        points,
        explanation,
        source=source,
        objective=objective,
        **fields,
    )


#: Builder for each kind, by the name an author calls in a notebook.
BUILDERS: dict[str, Callable[..., Question]] = {
    Kind.SINGLE_CHOICE.value: single_choice,
    Kind.MULTIPLE_RESPONSE.value: multiple_response,
    Kind.TRUE_FALSE.value: true_false,
    Kind.MATCHING.value: matching,
    Kind.ORDERING.value: ordering,
    Kind.NUMERIC.value: numeric,
    Kind.SPOT_INDICATORS.value: spot_indicators,
}


def build(kind: str, *args: Any, **kwargs: Any) -> Question:
    """Build a question of the named kind; a QuestionError says what is wrong with the literals."""
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise QuestionError(f"unknown question type {kind!r}") from None
    try:
        return builder(*args, **kwargs)
    except TypeError as exc:
        raise QuestionError(f"{kind}: {exc}") from None
