"""Flags in words at Moodle's thresholds, and random-guess scores per question type."""

from __future__ import annotations

import pytest

from ctcourse.quiz.model import matching, multiple_response, ordering, single_choice, true_false
from ctcourse.reports.flags import item_flags, quiz_flags
from ctcourse.reports.guess import random_guess_score
from ctcourse.reports.itemstats import ItemStats, QuizStats


def _item(facility, sd, discrimination):
    return ItemStats("m.q", 1.0, 30, facility, facility, sd, discrimination, None)


def test_item_flags_name_each_reason():
    assert item_flags(_item(0.5, 0.5, 45.0)) == []
    (hard, weak, flat) = item_flags(_item(0.1, 0.3, 10.0))
    assert "facility 10% is under 20%" in hard
    assert "weak discrimination (10.0 < 20)" in weak
    assert "SD is 30% of the item's maximum" in flat
    (easy, negative) = item_flags(_item(0.95, 0.4, -12.0))
    assert "over 90%" in easy and "negative discrimination (-12.0)" in negative
    assert "check the key" in negative


def test_quiz_flag_below_cic_64():
    stats = QuizStats(30, 8, 10.0, 5.0, 5.0, 2.0, 0.0, 0.0, 50.0, 70.7, 1.4)
    assert "CIC 50% is under 64%" in quiz_flags(stats)[0]
    assert quiz_flags(QuizStats(30, 8, 10.0, 5.0, 5.0, 2.0, 0.0, 0.0, 80.0, 44.7, 0.9)) == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (single_choice("m.a", "?", {"a": "A", "b": "B", "c": "C", "d": "D"}), 0.25),
        (true_false("m.b", "?"), 0.5),
        (matching("m.c", "?", {"x": "X", "y": "Y"}, {"1": "1", "2": "2", "3": "3"}), 1 / 3),
        (ordering("m.d", "?", {"a": "A", "b": "B", "c": "C", "d": "D"}), 0.25),
        (multiple_response("m.e", "?", {"a": "A", "b": "B"}), None),
    ],
)
def test_random_guess_score(question, expected):
    assert random_guess_score(question) == (
        expected if expected is None else pytest.approx(expected)
    )
