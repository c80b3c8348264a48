"""The random-guess score of a question: the expected share of its marks from guessing blindly.

As in Moodle's question types: one right option among n scores 1/n, true/false 1/2, matching
1/(number of right-hand choices) per pair; for multiple response Moodle does not compute one
(it depends on how many options a guesser ticks), nor for a number typed in (0). Ordering,
scored per adjacent pair as in Moodle's "relative to the next item", expects 1/n from a random
permutation of n items.
"""

from __future__ import annotations

from ctcourse.quiz.model import Kind, Question


def random_guess_score(question: Question) -> float | None:
    """The expected fraction of the marks from a random answer; None where it is not defined."""
    kind = question.kind
    if kind is Kind.SINGLE_CHOICE:
        return 1 / len(question.options)
    if kind is Kind.TRUE_FALSE:
        return 0.5
    if kind is Kind.MATCHING:
        return 1 / len(question.options)
    if kind is Kind.ORDERING:
        return 1 / len(question.options)
    if kind is Kind.NUMERIC:
        return 0.0
    return None
