"""The whole cohort analysis, from data already read: progress, items, distractors, gain, time.

Pure: takes the gradebook data, the logs and the modules' quiz items, returns plain objects and
pandas tables; reading and writing happen in :mod:`ctcourse.reports.build`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd

from ctcourse.course import Course, Module
from ctcourse.quiz.reader import QuizItem
from ctcourse.quiz.responses import LoadedLog
from ctcourse.reports.distractors import Distractors, distractors
from ctcourse.reports.flags import item_flags, quiz_flags
from ctcourse.reports.gain import (
    ENTRY_TEST,
    FINAL_TEST,
    PairedGain,
    individual_gain,
    objective_scores,
    paired_gain,
)
from ctcourse.reports.gradebook_data import GradebookData
from ctcourse.reports.itemstats import ItemStats, QuizStats, item_statistics, quiz_statistics
from ctcourse.reports.progress import ModuleFacts, Status, counts_toward_passing, status
from ctcourse.reports.timing import TimeOnTask, parse_time, span_minutes, time_on_task


@dataclass(frozen=True)
class ModuleAnalysis:
    """Item statistics, distractors, scores and time on task of one module."""

    module: Module
    items: list[QuizItem]
    stats: list[ItemStats]
    flags: dict[str, list[str]]
    quiz: QuizStats
    quiz_flags: list[str]
    distractors: list[Distractors]
    scores: dict[str, float]
    time: TimeOnTask


@dataclass(frozen=True)
class GainAnalysis:
    """Entry-to-final gain of the cohort, per trainee and per objective."""

    cohort: PairedGain
    per_trainee: pd.DataFrame
    per_objective: dict[str, PairedGain]
    objectives_named: bool


@dataclass
class CohortReport:
    """Everything a report shows, for one cohort of one course."""

    course: Course
    generated: datetime
    cohort: str | None
    trainees: list[str]
    progress: pd.DataFrame
    progress_counts: pd.DataFrame
    waiting: pd.DataFrame
    modules: list[ModuleAnalysis]
    gain: GainAnalysis | None
    notes: list[str] = field(default_factory=list)


def progress_table(
    course: Course,
    data: GradebookData,
    trainees: Sequence[str],
    fetched: Mapping[tuple[str, str], bool] | None,
) -> pd.DataFrame:
    """One row per trainee and module: status and the date of the submission."""
    rows, mark = [], course.pass_mark
    for trainee in trainees:
        for module in course.modules:
            key = (trainee, module.id)
            facts = ModuleFacts(
                fetched=None if fetched is None else fetched.get(key, False),
                submitted_at=data.submitted_at.get(key),
                in_gradebook=key in data.cells,
                needs_manual_grade=data.needs_manual_grade(*key),
                score=data.score(*key),
                max_score=data.module_max.get(module.id),
            )
            stamp = facts.submitted_at
            rows.append(
                {
                    "trainee": trainee,
                    "module": module.id,
                    "status": status(facts, mark if counts_toward_passing(module) else None).value,
                    "date": stamp.strftime("%Y-%m-%d") if stamp else "",
                    "score": facts.score,
                    "max_score": facts.max_score if key in data.cells else None,
                }
            )
    return pd.DataFrame(rows, columns=["trainee", "module", "status", "date", "score", "max_score"])


def progress_counts(course: Course, progress: pd.DataFrame) -> pd.DataFrame:
    """Per module, how many trainees are in each status."""
    order = [s.value for s in Status]
    table = pd.crosstab(progress["module"], progress["status"]) if len(progress) else None
    counts = pd.DataFrame(0, index=[m.id for m in course.modules], columns=order)
    if table is not None:
        counts.update(table)
    counts = counts.loc[:, (counts != 0).any(axis=0)] if len(progress) else counts
    return counts.rename_axis("module").reset_index()


def waiting_table(data: GradebookData, trainees: Sequence[str]) -> pd.DataFrame:
    """Written answers waiting for a manual grade, oldest submission first."""
    keep = set(trainees)
    rows = [
        {
            "submitted": data.submitted_at.get((trainee, module)),
            "trainee": trainee,
            "module": module,
            "cell": cell,
        }
        for (trainee, module), cells in data.cells.items()
        if trainee in keep
        for cell, grade in cells.items()
        if grade.needs_manual_grade
    ]
    table = pd.DataFrame(rows, columns=["submitted", "trainee", "module", "cell"])
    return table.sort_values(["submitted", "trainee", "module", "cell"], na_position="last")


def _marks(
    data: GradebookData, module: str, items: Sequence[QuizItem], trainees: Sequence[str]
) -> tuple[list[str], np.ndarray]:
    """Trainees with a graded submission of the module, and their item marks (rows)."""
    rows, who = [], []
    for trainee in trainees:
        cells = data.cells.get((trainee, module))
        if cells is None:
            continue
        who.append(trainee)
        rows.append(
            [
                cells[i.question.grade_id].score if i.question.grade_id in cells else 0.0
                for i in items
            ]
        )
    return who, np.asarray(rows, dtype=float).reshape(len(who), len(items))


def _spans(logs: Mapping[tuple[str, str], LoadedLog], module: str, trainees: Sequence[str]):
    spans: dict[str, float | None] = {}
    for trainee in trainees:
        log = logs.get((trainee, module))
        if log is None:
            continue
        times = [t for t in (parse_time(e.time) for e in log.events) if t is not None]
        spans[trainee] = span_minutes(times)
    return spans


def analyse_module(
    module: Module,
    items: list[QuizItem],
    data: GradebookData,
    logs: Mapping[tuple[str, str], LoadedLog],
    trainees: Sequence[str],
    language: str = "en",
) -> ModuleAnalysis:
    """Item statistics (Moodle), distractors, score shares and time on task of one module
    (review flags worded in ``language``)."""
    who, marks = _marks(data, module.id, items, trainees)
    qids = [i.question.id for i in items]
    maxima = [i.question.points for i in items]
    stats = item_statistics(marks, maxima, qids)
    quiz = quiz_statistics(marks, maxima)
    totals = dict(zip(who, marks.sum(axis=1).tolist(), strict=True))
    latest = {t: logs[(t, module.id)].last_answers() for t in who if (t, module.id) in logs}
    analyses = []
    for item in items:
        qid = item.question.id
        answers = {t: latest[t][qid].answer for t in latest if qid in latest[t]}
        found = distractors(item.question, item.key, answers, totals)
        if found is not None:
            analyses.append(found)
    top = data.module_max.get(module.id) or 0.0
    scores = {t: (data.score(t, module.id) or 0.0) / top for t in who if top}
    return ModuleAnalysis(
        module,
        items,
        stats,
        {s.qid: item_flags(s, language) for s in stats},
        quiz,
        quiz_flags(quiz, language),
        analyses,
        scores,
        time_on_task(module.id, _spans(logs, module.id, trainees)),
    )


def objective_of(items: Sequence[QuizItem]) -> dict[str, str]:
    """Question id -> objective id, for questions that name one (``objective=`` in the call)."""
    named = {}
    for item in items:
        objective = getattr(item.question, "objective", None)
        if objective:
            named[item.question.id] = str(objective)
    return named


def _item_marks(data: GradebookData, module: str, items: Sequence[QuizItem]):
    marks: dict[str, dict[str, float]] = {}
    for (trainee, mod), cells in data.cells.items():
        if mod == module:
            marks[trainee] = {
                i.question.id: cells[i.question.grade_id].score
                for i in items
                if i.question.grade_id in cells
            }
    return marks


def analyse_gain(
    analyses: Mapping[str, ModuleAnalysis], data: GradebookData
) -> GainAnalysis | None:
    """Gain from ``entry-test`` to ``final-test``; None when the course lacks either."""
    entry, final = analyses.get(ENTRY_TEST), analyses.get(FINAL_TEST)
    if entry is None or final is None:
        return None
    both = sorted(set(entry.scores) & set(final.scores))
    per_trainee = pd.DataFrame(
        {
            "trainee": both,
            "entry": [entry.scores[t] for t in both],
            "final": [final.scores[t] for t in both],
            "gain": [individual_gain(entry.scores[t], final.scores[t]) for t in both],
        },
        columns=["trainee", "entry", "final", "gain"],
    )
    entry_map, final_map = objective_of(entry.items), objective_of(final.items)
    per_objective = {}
    if entry_map and final_map:
        pre = objective_scores(
            _item_marks(data, ENTRY_TEST, entry.items),
            {i.question.id: i.question.points for i in entry.items},
            entry_map,
        )
        post = objective_scores(
            _item_marks(data, FINAL_TEST, final.items),
            {i.question.id: i.question.points for i in final.items},
            final_map,
        )
        for objective in sorted(set(pre) & set(post)):
            keep = set(entry.scores) | set(final.scores)
            per_objective[objective] = paired_gain(
                {t: v for t, v in pre[objective].items() if t in keep},
                {t: v for t, v in post[objective].items() if t in keep},
            )
    return GainAnalysis(
        paired_gain(entry.scores, final.scores),
        per_trainee,
        per_objective,
        bool(entry_map and final_map),
    )
