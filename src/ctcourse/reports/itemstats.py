"""Item and test statistics with the formulas of Moodle's quiz statistics report.

Ported from Moodle's ``question/classes/statistics/questions/calculator.php`` (per item) and
``mod/quiz/report/statistics/classes/calculator.php`` (per test), formula by formula:

* facility = mean mark / maximum mark;
* item SD = sqrt(Σ(x − x̄)² / (s − 1)) (sample SD, ``s`` attempts);
* discrimination index = 100 · cov(x, y) / sqrt(var x · var y), where y is the rest of the
  test (total minus this item): the corrected item–rest correlation, with partial credit as
  given;
* discriminative efficiency = 100 · cov(x, y) / Cov_max, where Cov_max pairs the item marks and
  the rest-of-test marks after sorting *each list on its own* (the largest covariance those
  two mark distributions could have);
* test: mean, median (mean of the two middle totals for an even count), SD (s − 1), skewness
  k3 / k2^(3/2) and kurtosis k4 / k2² from the k-statistics, CIC = 100 · p / (p − 1) ·
  (1 − Σ item variances / k2), error ratio = 100 · sqrt(1 − CIC / 100) and standard error =
  error ratio · SD / 100.

Where Moodle stores ``null`` the value here is ``None`` and ``undefined`` says why in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Variances below this share of the squared maximum mark are zero (float noise, not spread).
ZERO = 1e-12


@dataclass(frozen=True)
class ItemStats:
    """Moodle's statistics of one item (a question position) over ``attempts`` attempts."""

    qid: str
    max_mark: float
    attempts: int
    mean: float | None
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    undefined: tuple[str, ...] = ()

    @property
    def sd_share(self) -> float | None:
        """The SD as a share of the item's maximum mark (Moodle shows it as a percentage)."""
        return None if self.sd is None or not self.max_mark else self.sd / self.max_mark


@dataclass(frozen=True)
class QuizStats:
    """Moodle's statistics of the test totals (sum of item marks per attempt)."""

    attempts: int
    items: int
    max_total: float
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None
    undefined: tuple[str, ...] = ()


def _is_zero(value: float, scale: float) -> bool:
    return abs(value) <= ZERO * max(scale, 1.0) ** 2


def _item(qid: str, x: np.ndarray, y: np.ndarray, max_mark: float) -> ItemStats:
    s = len(x)
    if s == 0:
        return ItemStats(qid, max_mark, 0, None, None, None, None, None, ("no attempts",))
    mean = float(x.mean())
    facility = mean / max_mark if max_mark else None
    if s < 2:
        why = "one attempt only: SD, discrimination and efficiency need at least 2"
        return ItemStats(qid, max_mark, s, mean, facility, None, None, None, (why,))
    dx, dy = x - mean, y - y.mean()
    var_x = float(dx @ dx) / (s - 1)
    var_y = float(dy @ dy) / (s - 1)
    cov = float(dx @ dy) / (s - 1)
    cov_max = float((np.sort(x) - mean) @ (np.sort(y) - y.mean())) / (s - 1)
    scale = max_mark + float(np.abs(y).max(initial=0.0))
    undefined = []
    discrimination = efficiency = None
    if _is_zero(var_x, max_mark):
        undefined.append("every attempt scored the same on this item: no discrimination")
    elif _is_zero(var_y, scale):
        undefined.append(
            "the rest of the test has no spread (or there is no rest: a one-item test)"
        )
    else:
        discrimination = 100 * cov / math.sqrt(var_x * var_y)
    if _is_zero(cov_max, scale):
        undefined.append("Cov_max is 0: discriminative efficiency is undefined")
    else:
        efficiency = 100 * cov / cov_max
    return ItemStats(
        qid, max_mark, s, mean, facility, math.sqrt(var_x), discrimination, efficiency,
        tuple(undefined),
    )  # fmt: skip


def _matrix(marks: Sequence[Sequence[float]] | np.ndarray, items: int) -> np.ndarray:
    """``marks`` as attempts × items; a module with no graded item has empty rows (numpy cannot
    infer the number of rows of a reshape to zero columns)."""
    array = np.asarray(marks, dtype=float)
    return array.reshape(len(array), 0) if items == 0 else array.reshape(-1, items)


def item_statistics(
    marks: Sequence[Sequence[float]] | np.ndarray, max_marks: Sequence[float], qids: Sequence[str]
) -> list[ItemStats]:
    """Statistics of every item; ``marks`` has one row per attempt, one column per item."""
    matrix = _matrix(marks, len(qids))
    totals = matrix.sum(axis=1)
    return [
        _item(qid, matrix[:, j], totals - matrix[:, j], float(max_marks[j]))
        for j, qid in enumerate(qids)
    ]


def _median(totals: np.ndarray) -> float:
    ordered = np.sort(totals)
    s, middle = len(ordered), len(ordered) // 2
    return float(ordered[middle]) if s % 2 else float(ordered[middle - 1 : middle + 1].mean())


def quiz_statistics(
    marks: Sequence[Sequence[float]] | np.ndarray, max_marks: Sequence[float]
) -> QuizStats:
    """Statistics of the totals of a test whose item marks are ``marks`` (attempts × items)."""
    p = len(max_marks)
    matrix = _matrix(marks, p)
    totals, s, max_total = matrix.sum(axis=1), matrix.shape[0], float(sum(max_marks))
    if s == 0:
        return QuizStats(0, p, max_total, *([None] * 8), ("no attempts",))  # type: ignore[arg-type]
    mean, median = float(totals.mean()), _median(totals)
    undefined: list[str] = []
    sd = skewness = kurtosis = cic = error_ratio = standard_error = None
    if s < 2:
        undefined.append("one attempt only: SD and everything after it need at least 2")
    else:
        d = totals - mean
        power2, power3, power4 = float(d @ d), float(d**3 @ np.ones(s)), float(d**4 @ np.ones(s))
        sd = math.sqrt(power2 / (s - 1))
        m2, m3, m4 = power2 / s, power3 / s, power4 / s
        k2 = s * m2 / (s - 1)
        if s < 3:
            undefined.append("fewer than 3 attempts: skewness, kurtosis and CIC are undefined")
        elif _is_zero(k2, max_total):
            undefined.append(
                "every attempt has the same total: skewness, kurtosis and CIC undefined"
            )
        else:
            k3 = s * s * m3 / ((s - 1) * (s - 2))
            skewness = k3 / k2**1.5
            if s > 3:
                k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
                kurtosis = k4 / (k2 * k2)
            else:
                undefined.append("fewer than 4 attempts: kurtosis is undefined")
            if p > 1:
                item_variance = float(matrix.var(axis=0, ddof=1).sum())
                cic = (100 * p / (p - 1)) * (1 - item_variance / k2)
                error_ratio = 100 * math.sqrt(1 - cic / 100)
                standard_error = error_ratio * sd / 100
            else:
                undefined.append(
                    "a one-item test: CIC, error ratio and standard error need 2 items"
                )
    return QuizStats(
        s, p, max_total, mean, median, sd, skewness, kurtosis, cic, error_ratio, standard_error,
        tuple(undefined),
    )  # fmt: skip
