"""Scoring of every question type: pure functions of question, key and answer.

Answers are plain JSON values, one shape per type:

    single_choice      "b"                       an option key
    multiple_response  ["a", "c"]                option keys, any order, no repeats
    spot_indicators    ["deception", ...]        as multiple_response
    true_false         true / false
    matching           {"left-key": "right-key"}  one right key per left key (blanks allowed)
    ordering           ["b", "a", "c"]           every item key exactly once
    numeric            42.5

Partial credit follows Moodle: multiple response gives +1/k for each correct option chosen and
-1/(n-k) for each wrong one (k correct of n, never below 0); matching gives each right pair
1/m; ordering gives each adjacent pair placed as in the key 1/(n-1) ("relative to the next
item"). Everything else is all or nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ctcourse.errors import QuestionError
from ctcourse.quiz.model import Kind, Question


class InvalidAnswer(ValueError):
    """An answer does not have the shape its question type needs (scored as no answer)."""


@dataclass(frozen=True)
class Score:
    """The result of scoring one answer."""

    points: float
    max_points: float
    answered: bool

    @property
    def fraction(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0

    @property
    def correct(self) -> bool:
        return self.answered and math.isclose(self.points, self.max_points)

    @property
    def partial(self) -> bool:
        return self.answered and 0 < self.points < self.max_points


def _keys_list(question: Question, raw: Any, *, complete: bool) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
        raise InvalidAnswer("expected a list of option keys")
    unknown = [k for k in raw if k not in question.option_keys]
    if unknown:
        raise InvalidAnswer(f"unknown option {unknown[0]!r}")
    if len(set(raw)) != len(raw):
        raise InvalidAnswer("an option is listed twice")
    if complete and len(raw) != len(question.options):
        raise InvalidAnswer("every item must be placed exactly once")
    return list(raw)


def parse_answer(question: Question, raw: Any) -> Any:
    """Return ``raw`` as a valid answer to ``question``, or raise InvalidAnswer saying why."""
    kind = question.kind
    if kind is Kind.SINGLE_CHOICE:
        if not isinstance(raw, str) or raw not in question.option_keys:
            raise InvalidAnswer(f"expected one of {', '.join(question.option_keys)}")
        return raw
    if kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS):
        return sorted(_keys_list(question, raw, complete=False))
    if kind is Kind.TRUE_FALSE:
        if not isinstance(raw, bool):
            raise InvalidAnswer("expected true or false")
        return raw
    if kind is Kind.ORDERING:
        return _keys_list(question, raw, complete=True)
    if kind is Kind.MATCHING:
        if not isinstance(raw, dict):
            raise InvalidAnswer("expected a mapping of left keys to right keys")
        for left, right in raw.items():
            if left not in question.left_keys:
                raise InvalidAnswer(f"unknown left item {left!r}")
            if right is not None and right not in question.option_keys:
                raise InvalidAnswer(f"unknown right item {right!r}")
        return {k: v for k, v in raw.items() if v is not None}
    if kind is Kind.NUMERIC:
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise InvalidAnswer("expected a finite number")
        return float(raw)
    raise InvalidAnswer(f"unknown question type {kind!r}")


def parse_key(question: Question, raw: Any) -> Any:
    """Validate an author's key: like an answer, but complete (a QuestionError says why not)."""
    try:
        key = parse_answer(question, raw)
    except InvalidAnswer as exc:
        raise QuestionError(f"{question.id}: key {raw!r} is invalid: {exc}") from None
    if question.kind is Kind.MATCHING and set(key) != set(question.left_keys):
        raise QuestionError(f"{question.id}: key must match every left item exactly once")
    if question.kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS) and not key:
        raise QuestionError(f"{question.id}: key must name at least one right option")
    return key


def _fraction(question: Question, key: Any, answer: Any) -> float:
    kind = question.kind
    if kind in (Kind.SINGLE_CHOICE, Kind.TRUE_FALSE):
        return 1.0 if answer == key else 0.0
    if kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS):
        right = set(key)
        n, k = len(question.options), len(right)
        chosen = set(answer)
        gain = len(chosen & right) / k
        loss = len(chosen - right) / (n - k) if n > k else 0.0
        return max(0.0, gain - loss)
    if kind is Kind.MATCHING:
        return sum(answer.get(left) == right for left, right in key.items()) / len(key)
    if kind is Kind.ORDERING:
        follows = {key[i]: key[i + 1] for i in range(len(key) - 1)}
        hits = sum(follows.get(answer[i]) == answer[i + 1] for i in range(len(answer) - 1))
        return hits / (len(key) - 1)
    if kind is Kind.NUMERIC:
        return 1.0 if abs(answer - key) <= question.tolerance + 1e-9 else 0.0
    raise InvalidAnswer(f"unknown question type {kind!r}")


def score(question: Question, key: Any, answer: Any) -> Score:
    """Score an answer (None or an invalid shape scores 0 as unanswered) against a valid key."""
    if answer is None:
        return Score(0.0, question.points, answered=False)
    try:
        answer = parse_answer(question, answer)
    except InvalidAnswer:
        return Score(0.0, question.points, answered=False)
    fraction = _fraction(question, key, answer)
    return Score(round(fraction * question.points, 6), question.points, answered=True)
