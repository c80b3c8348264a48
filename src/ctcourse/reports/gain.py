"""Learning gain from the entry test to the final test: Hake's normalised gain, paired statistics.

Scores are shares of the maximum (0..1). Two cohort gains are reported because they differ:

* the *gain of class averages* (Hake 1998): (mean post − mean pre) / (1 − mean pre);
* the *average of individual gains*: the mean over trainees of (post − pre) / (1 − pre), leaving
  out trainees who scored 100% on the entry test (their gain is undefined, and they are counted).

The paired difference (post − pre) comes with a 95% confidence interval from Student's t with
n − 1 degrees of freedom, and two effect sizes: Cohen's d_av (mean difference over the average
of the pre and post SDs) and d_z (mean difference over the SD of the differences). Trainees
who took only one of the two tests are counted and left out.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from scipy.stats import t as student_t

ENTRY_TEST = "entry-test"
FINAL_TEST = "final-test"


@dataclass(frozen=True)
class PairedGain:
    """Gain of one cohort (or one objective) from the entry to the final test."""

    pairs: int
    only_entry: int
    only_final: int
    entry_mean: float | None
    final_mean: float | None
    gain_of_averages: float | None
    average_gain: float | None
    individual_gains: int
    at_ceiling: int
    mean_difference: float | None
    ci_low: float | None
    ci_high: float | None
    cohens_d_av: float | None
    cohens_dz: float | None
    undefined: tuple[str, ...] = ()


def individual_gain(entry: float, final: float) -> float | None:
    """Hake's gain of one trainee; None when the entry score is already 100%."""
    return None if entry >= 1 else (final - entry) / (1 - entry)


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else numerator / denominator


def paired_gain(entry: Mapping[str, float], final: Mapping[str, float]) -> PairedGain:
    """The gain of the trainees present in both mappings (trainee id -> share of the maximum)."""
    both = sorted(set(entry) & set(final))
    only_entry, only_final = len(set(entry) - set(final)), len(set(final) - set(entry))
    undefined: list[str] = []
    if not both:
        undefined.append("no trainee took both tests")
        return PairedGain(
            0, only_entry, only_final, *([None] * 4), 0, 0, *([None] * 5), tuple(undefined)
        )  # type: ignore[misc]
    pre = [entry[s] for s in both]
    post = [final[s] for s in both]
    pre_mean, post_mean = statistics.fmean(pre), statistics.fmean(post)
    class_gain = None if pre_mean >= 1 else (post_mean - pre_mean) / (1 - pre_mean)
    if class_gain is None:
        undefined.append("the entry-test average is 100%: the gain of averages is undefined")
    gains = [
        g for g in (individual_gain(a, b) for a, b in zip(pre, post, strict=True)) if g is not None
    ]
    at_ceiling = len(both) - len(gains)
    average_gain = statistics.fmean(gains) if gains else None
    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    mean_diff = statistics.fmean(diffs)
    ci_low = ci_high = d_av = d_z = None
    n = len(both)
    if n < 2:
        undefined.append("one pair only: confidence interval and effect sizes need at least 2")
    else:
        sd_diff = statistics.stdev(diffs)
        half = student_t.ppf(0.975, n - 1) * sd_diff / math.sqrt(n)
        ci_low, ci_high = mean_diff - half, mean_diff + half
        d_av = _ratio(mean_diff, (statistics.stdev(pre) + statistics.stdev(post)) / 2)
        d_z = _ratio(mean_diff, sd_diff)
        if d_av is None or d_z is None:
            undefined.append("no spread in the scores: an effect size is undefined")
    return PairedGain(
        n, only_entry, only_final, pre_mean, post_mean, class_gain, average_gain, len(gains),
        at_ceiling, mean_diff, ci_low, ci_high, d_av, d_z, tuple(undefined),
    )  # fmt: skip


def objective_scores(
    marks: Mapping[str, Mapping[str, float]],
    max_marks: Mapping[str, float],
    objective_of: Mapping[str, str],
) -> dict[str, dict[str, float]]:
    """Per objective, each trainee's share of that objective's marks.

    ``marks`` maps trainee -> question id -> mark; ``objective_of`` maps question id ->
    objective id (questions without an objective are left out).
    """
    totals: dict[str, float] = {}
    for qid, objective in objective_of.items():
        totals[objective] = totals.get(objective, 0.0) + max_marks[qid]
    scores: dict[str, dict[str, float]] = {}
    for trainee, by_question in marks.items():
        earned: dict[str, float] = {}
        for qid, objective in objective_of.items():
            earned[objective] = earned.get(objective, 0.0) + by_question.get(qid, 0.0)
        for objective, value in earned.items():
            scores.setdefault(objective, {})[trainee] = value / totals[objective]
    return scores
