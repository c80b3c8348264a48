"""A simulated cohort whose item statistics mean something, for the report's tests, demos and bench.

Every trainee is invented (``sim-0001`` ...). Answers follow a two-parameter logistic model:
ability θ ~ N(0, 1) per trainee; each question gets a difficulty b and a discrimination a
spread over easy and hard, weak and strong items; a trainee answers right with probability
1 / (1 + e^(−a(θ − b))), otherwise gives a near miss (so partial credit occurs). The final test
is taken with θ + ``gain``, so the cohort learns. A question in ``miskeyed`` plays a key that
is wrong on purpose: it is a sharp item (a = 3, b = 0) whose knowing trainees give the true
answer, which the key scores as wrong, while most others pick the (wrong) key, the popular
misconception; the report must flag it. Written answers get a
synthetic text, so they wait for a manual grade. The same seed always gives the same cohort.
"""

from __future__ import annotations

import math
import random
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nbformat

from ctcourse.course import Course
from ctcourse.grading.answers import load_keys
from ctcourse.grading.simulation.cohort import wrong_answer
from ctcourse.quiz.reader import QuizItem
from ctcourse.quiz.responses import LOG_NAME, Event
from ctcourse.reports.gain import FINAL_TEST

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BLANK_RATE = 0.04
MISKEYED_MODEL_A, MISKEYED_MODEL_B = 3.0, 0.0
#: A wrong key usually sits on the popular misconception: who does not know mostly picks it.
MISCONCEPTION = 0.6
WRITTEN = "[Synthetic answer] The person was deceived and could not leave, so I would refer them."


@dataclass(frozen=True)
class ItemModel:
    """How one question behaves: difficulty b and discrimination a of the 2PL model."""

    difficulty: float
    discrimination: float


def item_models(items: Sequence[QuizItem], rng: random.Random) -> dict[str, ItemModel]:
    """Spread difficulties over [−2, 2] and discriminations over [0.5, 3], shuffled per module."""
    n = len(items)
    difficulties = [-2 + 4 * i / max(n - 1, 1) for i in range(n)]
    discriminations = [0.5 + 2.5 * i / max(n - 1, 1) for i in range(n)]
    rng.shuffle(discriminations)
    return {
        item.question.id: ItemModel(b, a)
        for item, b, a in zip(items, difficulties, discriminations, strict=True)
    }


def answer(
    item: QuizItem, model: ItemModel, theta: float, rng: random.Random, true_key: Any = None
) -> Any:
    """One trainee's answer; ``true_key`` is the real right answer of a miskeyed question."""
    knows = rng.random() < 1 / (1 + math.exp(-model.discrimination * (theta - model.difficulty)))
    if true_key is not None:
        if knows:
            return true_key
        if rng.random() < MISCONCEPTION:
            return item.key
        return rng.choice([k for k in item.question.option_keys if k != true_key])
    return item.key if knows else wrong_answer(item, rng)


def _events(
    items: Sequence[QuizItem], answers: Mapping[str, Any], start: datetime, rng: random.Random
) -> list[str]:
    lines, when = [], start
    for item in items:
        if item.question.id not in answers:
            continue
        when += timedelta(seconds=rng.randint(40, 240))
        stamp = when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        lines.append(
            Event(item.question.id, answers[item.question.id], "graded", 1, stamp).to_json()
        )
    return lines


def _with_written_answers(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            cell.source = WRITTEN
    return nb


def write_cohort(
    course: Course,
    students: int,
    seed: int,
    *,
    gain: float = 1.0,
    miskeyed: Mapping[str, Any] | None = None,
    skip: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """Write submissions of every module into ``submitted/``; return the trainee ids.

    ``skip`` maps a module id to trainees who never submitted it.
    """
    rng = random.Random(seed)
    ids = [f"sim-{i:04d}" for i in range(1, students + 1)]
    thetas = {s: rng.gauss(0, 1) for s in ids}
    miskeyed, skip = miskeyed or {}, skip or {}
    for day, module in enumerate(course.modules):
        items = load_keys(course, module.id).items()
        models = item_models(items, rng) | {
            qid: ItemModel(MISKEYED_MODEL_B, MISKEYED_MODEL_A) for qid in miskeyed
        }
        notebooks = sorted((course.release_dir / module.id).glob("*.ipynb"))
        for n, student in enumerate(ids):
            if student in skip.get(module.id, ()):
                continue
            theta = thetas[student] + (gain if module.id == FINAL_TEST else 0.0)
            answers = {
                i.question.id: answer(
                    i, models[i.question.id], theta, rng, miskeyed.get(i.question.id)
                )
                for i in items
                if rng.random() >= BLANK_RATE
            }
            start = START + timedelta(days=day, minutes=3 * n)
            folder = course.root / "submitted" / student / module.id
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for path in notebooks:
                nbformat.write(_with_written_answers(path), folder / path.name)
            lines = _events(items, answers, start, rng)
            (folder / LOG_NAME).write_text("".join(line + "\n" for line in lines), "utf-8")
            (folder / "timestamp.txt").write_text(
                (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S.%f UTC"), "utf-8"
            )
    return ids
