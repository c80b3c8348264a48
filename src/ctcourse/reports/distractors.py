"""Distractor analysis: which options trainees chose, overall and in the upper and lower thirds.

Trainees are ranked by their total on the module's quiz (ties broken by trainee id, so the
split is reproducible); the upper third is the top ⌊n/3⌋, the lower third the bottom ⌊n/3⌋.
For every option the share of trainees who chose it is given, in the whole cohort and in each
third. Named for the trainer: options nobody chose, and options the upper third chose more
often than the key (a sign of a wrong key or a misleading option). Only questions answered by
picking options have distractors: single choice, multiple response, true/false, spot the
indicators.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ctcourse.quiz.model import Kind, Question

OPTION_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_RESPONSE, Kind.TRUE_FALSE, Kind.SPOT_INDICATORS)
TRUE_FALSE_OPTIONS = (("true", "True"), ("false", "False"))


@dataclass(frozen=True)
class OptionShare:
    """How often one option was chosen."""

    option: str
    label: str
    is_key: bool
    share: float
    upper: float | None
    lower: float | None


@dataclass(frozen=True)
class Distractors:
    """The options of one question with their shares and what stands out."""

    qid: str
    trainees: int
    upper_size: int
    lower_size: int
    options: tuple[OptionShare, ...]
    no_answer: float
    unused: tuple[str, ...]
    stronger_than_key: tuple[str, ...]


def thirds(totals: Mapping[str, float]) -> tuple[set[str], set[str]]:
    """The upper and lower thirds of trainees by total (⌊n/3⌋ each; ties broken by id)."""
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    size = len(ranked) // 3
    return set(ranked[:size]), set(ranked[len(ranked) - size :]) if size else set()


def _options(question: Question) -> tuple[tuple[str, str], ...]:
    return TRUE_FALSE_OPTIONS if question.kind is Kind.TRUE_FALSE else question.options


def chosen(question: Question, answer: Any) -> set[str]:
    """The option keys an answer picks (an answer of the wrong shape picks none)."""
    if answer is None:
        return set()
    if question.kind is Kind.TRUE_FALSE:
        return {str(answer).lower()} if isinstance(answer, bool) else set()
    if question.kind is Kind.SINGLE_CHOICE:
        return {answer} if answer in question.option_keys else set()
    if isinstance(answer, list):
        return {a for a in answer if a in question.option_keys}
    return set()


def _share(group: set[str], picks: Mapping[str, set[str]], option: str) -> float | None:
    return sum(option in picks.get(s, set()) for s in group) / len(group) if group else None


def distractors(
    question: Question, key: Any, answers: Mapping[str, Any], totals: Mapping[str, float]
) -> Distractors | None:
    """Analyse one question; ``answers`` and ``totals`` are keyed by trainee (None if not option-based)."""
    if question.kind not in OPTION_KINDS:
        return None
    trainees = set(totals)
    picks = {s: chosen(question, answers.get(s)) for s in trainees}
    keys = chosen(question, key)
    upper, lower = thirds(totals)
    n = len(trainees)
    rows = tuple(
        OptionShare(
            option,
            label,
            option in keys,
            sum(option in p for p in picks.values()) / n if n else 0.0,
            _share(upper, picks, option),
            _share(lower, picks, option),
        )
        for option, label in _options(question)
    )
    key_upper = min((r.upper for r in rows if r.is_key and r.upper is not None), default=None)
    stronger = tuple(
        r.option
        for r in rows
        if not r.is_key and key_upper is not None and r.upper is not None and r.upper > key_upper
    )
    unused = tuple(r.option for r in rows if n and r.share == 0)
    no_answer = sum(not p for p in picks.values()) / n if n else 0.0
    return Distractors(question.id, n, len(upper), len(lower), rows, no_answer, unused, stronger)
