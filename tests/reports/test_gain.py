"""Hake's gain, the paired confidence interval and Cohen's d against hand computation."""

from __future__ import annotations

import math

import pytest

from ctcourse.reports.gain import individual_gain, objective_scores, paired_gain

ENTRY = {"a": 0.2, "b": 0.5, "c": 1.0, "d": 0.4, "e": 0.6}
FINAL = {"a": 0.6, "b": 0.75, "c": 0.9, "d": 0.4, "f": 0.8}
T_975_3 = 3.182446305  # Student's t, 97.5th percentile, 3 degrees of freedom (tables)


def test_gain_of_averages_and_average_of_gains_differ_and_are_both_given():
    g = paired_gain(ENTRY, FINAL)
    assert (g.pairs, g.only_entry, g.only_final) == (4, 1, 1)
    assert g.entry_mean == pytest.approx(0.525) and g.final_mean == pytest.approx(0.6625)
    assert g.gain_of_averages == pytest.approx(0.1375 / 0.475)
    # a: 0.4/0.8, b: 0.25/0.5, d: 0/0.6; c began at 100% and is left out (and counted)
    assert g.average_gain == pytest.approx(1 / 3)
    assert (g.individual_gains, g.at_ceiling) == (3, 1)


def test_paired_difference_confidence_interval_and_effect_sizes():
    g = paired_gain(ENTRY, FINAL)
    sd_diff = math.sqrt(0.156875 / 3)  # differences 0.4, 0.25, -0.1, 0
    assert g.mean_difference == pytest.approx(0.1375)
    half = T_975_3 * sd_diff / 2
    assert g.ci_low == pytest.approx(0.1375 - half)
    assert g.ci_high == pytest.approx(0.1375 + half)
    assert g.cohens_dz == pytest.approx(0.1375 / sd_diff)
    sd_pre, sd_post = math.sqrt(0.3475 / 3), math.sqrt(0.136875 / 3)
    assert g.cohens_d_av == pytest.approx(0.1375 / ((sd_pre + sd_post) / 2))


def test_undefined_gains_are_said_in_words():
    assert individual_gain(1.0, 0.8) is None
    nobody = paired_gain({"a": 0.5}, {"b": 0.5})
    assert nobody.pairs == 0 and nobody.undefined == ("no trainee took both tests",)
    one = paired_gain({"a": 0.5}, {"a": 0.75})
    assert one.gain_of_averages == pytest.approx(0.5) and one.ci_low is None
    assert "one pair only" in one.undefined[0]
    full = paired_gain({"a": 1.0, "b": 1.0}, {"a": 1.0, "b": 0.5})
    assert full.gain_of_averages is None and full.average_gain is None
    assert "entry-test average is 100%" in full.undefined[0]


def test_objective_scores_share_each_objectives_marks():
    marks = {"s1": {"q1": 1.0, "q2": 0.5, "q3": 2.0}, "s2": {"q1": 0.0}}
    scores = objective_scores(
        marks,
        {"q1": 1.0, "q2": 1.0, "q3": 2.0},
        {"q1": "elements", "q2": "elements", "q3": "referral"},
    )
    assert scores == {"elements": {"s1": 0.75, "s2": 0.0}, "referral": {"s1": 1.0, "s2": 0.0}}
