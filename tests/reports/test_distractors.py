"""Distractor analysis on small cohorts: shares by third, unused options, a key the strong avoid."""

from __future__ import annotations

import pytest

from ctcourse.quiz.model import multiple_response, numeric, single_choice, true_false
from ctcourse.reports.distractors import distractors, thirds

QUESTION = single_choice("m.q", "Pick a", {"a": "A", "b": "B", "c": "C", "d": "D"})
TOTALS = {"t1": 6.0, "t2": 5.0, "t3": 4.0, "t4": 3.0, "t5": 2.0, "t6": 1.0}


def test_shares_by_third_unused_options_and_options_the_strong_prefer():
    answers = {"t1": "b", "t2": "b", "t3": "a", "t4": "a", "t5": "a", "t6": None}
    d = distractors(QUESTION, "a", answers, TOTALS)
    shares = {o.option: (o.share, o.upper, o.lower) for o in d.options}
    assert shares["a"] == pytest.approx((3 / 6, 0.0, 0.5))
    assert shares["b"] == pytest.approx((2 / 6, 1.0, 0.0))
    assert d.unused == ("c", "d")
    assert d.stronger_than_key == ("b",)
    assert d.no_answer == pytest.approx(1 / 6)
    assert (d.upper_size, d.lower_size) == (2, 2)


def test_thirds_break_ties_by_trainee_id_and_need_three_trainees():
    upper, lower = thirds({"b": 5.0, "a": 5.0, "c": 5.0, "d": 1.0, "e": 1.0, "f": 0.0})
    assert upper == {"a", "b"} and lower == {"e", "f"}
    assert thirds({"a": 1.0, "b": 0.0}) == (set(), set())


def test_multiple_response_counts_every_ticked_option_and_true_false_has_two():
    question = multiple_response("m.multi", "Pick a and c", {"a": "A", "b": "B", "c": "C"})
    answers = {"t1": ["a", "c"], "t2": ["a"], "t3": ["a", "b"]}
    d = distractors(question, ["a", "c"], answers, {"t1": 2.0, "t2": 1.0, "t3": 0.0})
    assert {o.option: o.share for o in d.options} == pytest.approx(
        {"a": 1.0, "b": 1 / 3, "c": 1 / 3}
    )
    assert [o.is_key for o in d.options] == [True, False, True]
    tf = distractors(true_false("m.tf", "True?"), True, {"t1": False}, {"t1": 1.0})
    assert [(o.option, o.share) for o in tf.options] == [("true", 0.0), ("false", 1.0)]
    assert tf.unused == ("true",)


def test_questions_without_options_have_no_distractors():
    assert distractors(numeric("m.n", "How many?"), 3.0, {"t1": 3}, {"t1": 1.0}) is None
