"""Moodle's item and test statistics against values computed by hand (fractions shown)."""

from __future__ import annotations

import math

import pytest

from ctcourse.reports.itemstats import item_statistics, quiz_statistics

# Four attempts, three items with partial credit: item maxima 1, 2, 1.
MARKS = [
    [1.0, 2.0, 0.5],
    [1.0, 1.0, 1.0],
    [0.0, 1.0, 0.0],
    [0.0, 0.0, 0.5],
]
MAXIMA = [1.0, 2.0, 1.0]
QIDS = ["m.one", "m.two", "m.three"]


def test_items_with_partial_credit_match_hand_computation():
    one, two, _three = item_statistics(MARKS, MAXIMA, QIDS)
    # item one: x = 1,1,0,0 (mean 1/2); rest = 2.5,2,1,0.5 (mean 3/2)
    assert one.facility == pytest.approx(0.5)
    assert one.sd == pytest.approx(math.sqrt(1 / 3))
    assert one.discrimination == pytest.approx(100 * 1.5 / math.sqrt(2.5))
    assert one.efficiency == pytest.approx(100.0)
    # item two: x = 2,1,1,0 (mean 1, var 2/3); rest = 1.5,2,0,0.5 (var 2.5/3); cov 1/3
    assert two.facility == pytest.approx(0.5)
    assert two.sd_share == pytest.approx(math.sqrt(2 / 3) / 2)
    assert two.discrimination == pytest.approx(100 / math.sqrt(5))
    assert two.efficiency == pytest.approx(50.0)  # Cov_max = 2/3 from the sorted lists


def test_cov_max_pairs_the_two_mark_lists_sorted_independently():
    three = item_statistics(MARKS, MAXIMA, QIDS)[2]
    # x = 0.5,1,0,0.5 ; rest = 3,2,1,0. cov = (0.25 + 0.25)/3 = 1/6.
    # Sorted: x 0,.5,.5,1 against rest 0,1,2,3 -> Cov_max = (0.75 + 0.75)/3 = 1/2.
    # Pairing the lists as they come would give Cov_max = cov, i.e. 100%.
    assert three.discrimination == pytest.approx(100 * 0.5 / math.sqrt(2.5))
    assert three.efficiency == pytest.approx(100 * (1 / 6) / 0.5)


def test_test_statistics_match_hand_computation():
    stats = quiz_statistics(MARKS, MAXIMA)
    # totals 3.5, 3, 1, 0.5: mean 2, median (1 + 3) / 2 = 2, Σd² = 6.5, Σd³ = 0, Σd⁴ = 12.125
    assert (stats.attempts, stats.items, stats.max_total) == (4, 3, 4.0)
    assert stats.mean == pytest.approx(2.0)
    assert stats.median == pytest.approx(2.0)
    assert stats.sd == pytest.approx(math.sqrt(6.5 / 3))
    assert stats.skewness == pytest.approx(0.0)
    assert stats.kurtosis == pytest.approx(-1653 / 338)  # k4 = -551/24, k2 = 13/6
    # Σ item variances = 1/3 + 2/3 + 1/6 = 7/6; CIC = 100·3/2·(1 − (7/6)/(13/6)) = 900/13
    assert stats.cic == pytest.approx(900 / 13)
    assert stats.error_ratio == pytest.approx(100 * math.sqrt(4 / 13))
    assert stats.standard_error == pytest.approx(math.sqrt(4 / 6))
    assert stats.undefined == ()


def test_zero_variance_item_is_undefined_in_words_and_changes_no_other_item():
    with_constant = [[*row, 1.0] for row in MARKS]
    stats = item_statistics(with_constant, [*MAXIMA, 1.0], [*QIDS, "m.same"])
    same = stats[3]
    assert same.facility == 1.0 and same.sd == 0.0
    assert same.discrimination is None and same.efficiency is None
    assert "every attempt scored the same" in same.undefined[0]
    assert "Cov_max is 0" in same.undefined[1]
    before = item_statistics(MARKS, MAXIMA, QIDS)
    assert [s.discrimination for s in stats[:3]] == pytest.approx(
        [s.discrimination for s in before]
    )


def test_one_item_test_has_no_rest_and_no_cic():
    (item,) = item_statistics([[1.0], [0.0], [1.0], [1.0]], [1.0], ["m.only"])
    assert item.facility == pytest.approx(0.75)
    assert item.discrimination is None
    assert "one-item test" in item.undefined[0]
    stats = quiz_statistics([[1.0], [0.0], [1.0], [1.0]], [1.0])
    assert stats.cic is None and stats.error_ratio is None and stats.standard_error is None
    assert stats.skewness is not None
    assert any("one-item test" in why for why in stats.undefined)


def test_ties_give_the_mean_of_the_two_middle_totals_and_a_tied_sort():
    marks = [[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 1.0]]
    stats = quiz_statistics(marks, [1.0, 1.0])
    assert stats.median == pytest.approx(1.5)  # totals 1, 2, 1, 2 -> sorted 1, 1, 2, 2
    first = item_statistics(marks, [1.0, 1.0], ["a.x", "a.y"])[0]
    # x = 1,1,0,1 and rest = 0,1,1,1 (means 3/4): cov = −(1/4)/3 = −1/12, both variances 1/4.
    # Sorted, both lists read 0,1,1,1, so Cov_max = (9/16 + 3·1/16)/3 = 1/4.
    assert first.discrimination == pytest.approx(100 * (-1 / 12) / (1 / 4))
    assert first.efficiency == pytest.approx(100 * (-1 / 12) / (1 / 4))


def test_too_few_attempts_are_said_in_words():
    (item,) = item_statistics([[1.0]], [1.0], ["m.one"])
    assert item.facility == 1.0 and item.sd is None
    assert "one attempt only" in item.undefined[0]
    two = quiz_statistics([[1.0, 0.0], [0.0, 0.0]], [1.0, 1.0])
    assert two.sd == pytest.approx(math.sqrt(0.5))
    assert two.skewness is None and two.cic is None
    assert "fewer than 3 attempts" in two.undefined[0]
    three = quiz_statistics([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]], [1.0, 1.0])
    assert three.skewness is not None and three.kurtosis is None
    assert "fewer than 4 attempts" in three.undefined[0]
    empty = quiz_statistics([], [1.0])
    assert empty.mean is None and empty.undefined == ("no attempts",)


def test_a_module_with_no_graded_item_has_no_item_rows_and_totals_of_zero() -> None:
    assert item_statistics([[], [], []], [], []) == []
    quiz = quiz_statistics([[], [], []], [])
    assert (quiz.attempts, quiz.items, quiz.max_total, quiz.mean) == (3, 0, 0.0, 0.0)
    assert quiz.cic is None and quiz.undefined
