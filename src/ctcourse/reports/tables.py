"""The report's tables as pandas DataFrames: the same tables go to the HTML page and the CSVs.

Undefined statistics are left empty in the numbers and explained in a ``note`` column, never
shown as NaN.
"""

from __future__ import annotations

import pandas as pd

from ctcourse.reports.analysis import CohortReport, GainAnalysis, ModuleAnalysis
from ctcourse.reports.gain import PairedGain
from ctcourse.reports.guess import random_guess_score


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def item_table(analysis: ModuleAnalysis) -> pd.DataFrame:
    """Moodle's per-item columns, plus the reasons to review and what is undefined."""
    kinds = {i.question.id: i.question.kind.value for i in analysis.items}
    guesses = {i.question.id: random_guess_score(i.question) for i in analysis.items}
    rows = [
        {
            "module": analysis.module.id,
            "question": s.qid,
            "type": kinds[s.qid],
            "max_mark": s.max_mark,
            "attempts": s.attempts,
            "facility_pct": _pct(s.facility),
            "sd_pct": _pct(s.sd_share),
            "random_guess_pct": _pct(guesses[s.qid]),
            "discrimination_index": _round(s.discrimination),
            "discriminative_efficiency": _round(s.efficiency),
            "flags": "; ".join(analysis.flags[s.qid]),
            "note": "; ".join(
                [*s.undefined]
                + (
                    []
                    if guesses[s.qid] is not None
                    else ["random guess score not defined for this type"]
                )
            ),
        }
        for s in analysis.stats
    ]
    return pd.DataFrame(rows)


def quiz_table(analyses: list[ModuleAnalysis]) -> pd.DataFrame:
    """Moodle's test statistics, one row per module."""
    rows = []
    for a in analyses:
        q, top = a.quiz, a.quiz.max_total
        rows.append(
            {
                "module": a.module.id,
                "attempts": q.attempts,
                "items": q.items,
                "max_total": top,
                "mean_pct": _pct(None if q.mean is None or not top else q.mean / top),
                "median_pct": _pct(None if q.median is None or not top else q.median / top),
                "sd_pct": _pct(None if q.sd is None or not top else q.sd / top),
                "skewness": _round(q.skewness, 4),
                "kurtosis": _round(q.kurtosis, 4),
                "cic_pct": _round(q.cic),
                "error_ratio_pct": _round(q.error_ratio),
                "standard_error_pct": _pct(
                    None if q.standard_error is None or not top else q.standard_error / top
                ),
                "flags": "; ".join(a.quiz_flags),
                "note": "; ".join(q.undefined),
            }
        )
    return pd.DataFrame(rows)


def distractor_table(analysis: ModuleAnalysis) -> pd.DataFrame:
    """Every option of every option-based question: shares overall, upper and lower third."""
    rows = []
    for d in analysis.distractors:
        for o in d.options:
            notes = []
            if o.option in d.unused:
                notes.append("nobody chose it")
            if o.option in d.stronger_than_key:
                notes.append("the upper third chose it more often than the key")
            rows.append(
                {
                    "module": analysis.module.id,
                    "question": d.qid,
                    "option": o.option,
                    "label": o.label,
                    "key": "yes" if o.is_key else "",
                    "chosen_pct": _pct(o.share),
                    "upper_third_pct": _pct(o.upper),
                    "lower_third_pct": _pct(o.lower),
                    "trainees": d.trainees,
                    "note": "; ".join(notes),
                }
            )
    return pd.DataFrame(rows)


def time_table(analyses: list[ModuleAnalysis]) -> pd.DataFrame:
    """Estimated minutes on each module: first to last logged answer."""
    rows = [
        {
            "module": a.module.id,
            "planned_minutes": a.module.minutes,
            "trainees_with_logs": a.time.trainees,
            "without_span": a.time.without_span,
            "q1_minutes": _round(a.time.q1, 1),
            "median_minutes": _round(a.time.median, 1),
            "q3_minutes": _round(a.time.q3, 1),
        }
        for a in analyses
    ]
    return pd.DataFrame(rows)


def gain_row(label: str, g: PairedGain) -> dict:
    """One line of a gain table."""
    return {
        "scope": label,
        "pairs": g.pairs,
        "only_entry_test": g.only_entry,
        "only_final_test": g.only_final,
        "entry_mean_pct": _pct(g.entry_mean),
        "final_mean_pct": _pct(g.final_mean),
        "gain_of_class_averages": _round(g.gain_of_averages, 3),
        "average_of_individual_gains": _round(g.average_gain, 3),
        "at_100pct_on_entry": g.at_ceiling,
        "mean_difference_pct": _pct(g.mean_difference),
        "ci95_low_pct": _pct(g.ci_low),
        "ci95_high_pct": _pct(g.ci_high),
        "cohens_d_av": _round(g.cohens_d_av, 3),
        "cohens_dz": _round(g.cohens_dz, 3),
        "note": "; ".join(g.undefined),
    }


def gain_table(gain: GainAnalysis) -> pd.DataFrame:
    """The cohort's gain, then one row per objective."""
    rows = [gain_row("whole test", gain.cohort)]
    rows += [gain_row(f"objective {o}", g) for o, g in gain.per_objective.items()]
    return pd.DataFrame(rows)


def trainee_gain_table(gain: GainAnalysis) -> pd.DataFrame:
    """Each trainee's entry and final score and individual gain."""
    table = gain.per_trainee.copy()
    table["entry"] = (100 * table["entry"]).round(2)
    table["final"] = (100 * table["final"]).round(2)
    table["gain"] = [None if g is None else round(g, 3) for g in table["gain"]]
    return table.rename(columns={"entry": "entry_pct", "final": "final_pct"})


def all_tables(report: CohortReport) -> dict[str, pd.DataFrame]:
    """Every table of the report by its CSV file stem."""
    tables = {
        "progress": report.progress,
        "progress_counts": report.progress_counts,
        "waiting_for_manual_grading": report.waiting,
        "test_statistics": quiz_table(report.modules),
        "item_statistics": pd.concat(
            [item_table(a) for a in report.modules] or [pd.DataFrame()], ignore_index=True
        ),
        "distractors": pd.concat(
            [distractor_table(a) for a in report.modules] or [pd.DataFrame()], ignore_index=True
        ),
        "time_on_task": time_table(report.modules),
    }
    if report.gain is not None:
        tables["learning_gain"] = gain_table(report.gain)
        tables["learning_gain_per_trainee"] = trainee_gain_table(report.gain)
    return tables
