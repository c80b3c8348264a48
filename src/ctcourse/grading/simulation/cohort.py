"""``ctcourse simulate``: a synthetic cohort's submissions, for demos, tests and benchmarks.

Every trainee here is invented (ids ``sim-0001`` ...). Answers follow a one-parameter item
response model: ability θ ~ N(0, 1) per trainee, difficulty b ~ N(0, 1) per question, right
with probability 1 / (1 + e^(b − θ)); wrong answers are plausible near-misses; some questions
are left blank. A few trainees tamper with their notebook (see :mod:`.tamper`).
``submitted/.simulation.json`` records who tampered how and what each trainee honestly earns.
The same seed always gives the same cohort.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nbformat

from ctcourse.course import Course
from ctcourse.errors import GradingError
from ctcourse.grading.simulation.tamper import CHEAP
from ctcourse.grading.submissions import SUBMITTED
from ctcourse.quiz.model import Kind
from ctcourse.quiz.reader import QuizItem, read_module
from ctcourse.quiz.responses import LOG_NAME, Event
from ctcourse.quiz.scoring import score

MANIFEST = ".simulation.json"
#: Free-text answers of simulated trainees, weakest to strongest, so trainers have something to grade.
REFLECTIONS = (
    "[Synthetic answer] I am not sure. I would tell my manager.",
    "[Synthetic answer] The person was deceived and threatened, so agreeing does not matter. "
    "I would listen to them and contact the local state administration.",
    "[Synthetic answer] Act, means and purpose are all present, and consent obtained by deception "
    "and threats is irrelevant (Art. 3(b)). I would talk with the person privately, think about "
    "the family's safety, explain the options and refer them with their agreement.",
)
BLANK_RATE = 0.08
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def wrong_answer(item: QuizItem, rng: random.Random) -> Any:
    """A plausible wrong answer: a near miss of the key (partial credit where the type gives it)."""
    q, key = item.question, item.key
    if q.kind is Kind.SINGLE_CHOICE:
        return rng.choice([k for k in q.option_keys if k != key])
    if q.kind is Kind.TRUE_FALSE:
        return not key
    if q.kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS):
        flip = rng.choice(q.option_keys)
        chosen = set(key) ^ {flip}
        return sorted(chosen) if chosen else [rng.choice([k for k in q.option_keys if k != flip])]
    if q.kind is Kind.MATCHING:
        lefts = list(key)
        a, b = rng.sample(lefts, 2)
        return key | {a: key[b], b: key[a]}
    if q.kind is Kind.ORDERING:
        order = list(key)
        i = rng.randrange(len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
        return order
    return key + rng.choice([-1, 1]) * (q.tolerance + 1 + rng.randint(0, 5))


def _answers(items: list[QuizItem], theta: float, difficulty: dict[str, float], rng) -> dict:
    answers = {}
    for item in items:
        if rng.random() < BLANK_RATE:
            continue
        p_right = 1 / (1 + math.exp(difficulty[item.question.id] - theta))
        answers[item.question.id] = item.key if rng.random() < p_right else wrong_answer(item, rng)
    return answers


def _write_reflections(nb: nbformat.NotebookNode, theta: float, rng: random.Random) -> None:
    """Fill the manually graded text cells as a trainee of this ability might (or leave one blank)."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution") and rng.random() >= BLANK_RATE:
            level = 0 if theta < -0.5 else 1 if theta < 0.5 else 2
            cell.source = REFLECTIONS[level]


def _log_lines(items: list[QuizItem], answers: dict, when: datetime, rng) -> list[str]:
    lines = []
    for n, item in enumerate(items):
        qid = item.question.id
        if qid not in answers:
            continue
        stamp = (when + timedelta(minutes=n)).isoformat(timespec="milliseconds")
        stamp = stamp.replace("+00:00", "Z")
        mode = "graded" if item.graded else "practice"
        attempt = 1
        if rng.random() < 0.2:  # changed their mind once: only the last answer counts
            lines.append(Event(qid, wrong_answer(item, rng), mode, attempt, stamp).to_json())
            attempt = 2
        lines.append(Event(qid, answers[qid], mode, attempt, stamp).to_json())
    return lines


def _refuse_real_trainees(course: Course, ids: Sequence[str]) -> None:
    """A GradingError if an id is taken by a folder an earlier simulation did not write."""
    base = course.root / SUBMITTED
    try:
        earlier = set(json.loads((base / MANIFEST).read_text("utf-8"))["expected"])
    except (OSError, ValueError, KeyError, TypeError):
        earlier = set()
    for student in ids:
        folder = base / student
        if (folder.exists() or folder.is_symlink()) and student not in earlier:
            raise GradingError(
                f"submitted/{student} was not written by `ctcourse simulate`; "
                "refusing to overwrite a real trainee (simulate in an empty course folder)"
            )


def simulate(
    course: Course, students: int, seed: int, modules: Sequence[str] = (), tampered: int = 3
) -> Path:
    """Write ``students`` synthetic submissions per module into ``submitted/``; return the manifest."""
    if students < 1:
        raise GradingError("--students must be at least 1")
    _refuse_real_trainees(course, [f"sim-{i:04d}" for i in range(1, students + 1)])
    rng = random.Random(seed)
    module_ids = [course.module(m).id for m in modules] or [m.id for m in course.modules]
    ids = [f"sim-{i:04d}" for i in range(1, students + 1)]
    thetas = {s: rng.gauss(0, 1) for s in ids}
    cheaters = dict(zip(rng.sample(ids, min(tampered, students)), CHEAP, strict=False))
    manifest: dict[str, Any] = {
        "synthetic": True,
        "seed": seed,
        "students": students,
        "tampered": cheaters,
        "expected": {},
    }
    for module in module_ids:
        release = course.release_dir / module
        notebooks = sorted(release.glob("*.ipynb"))
        if not notebooks:
            raise GradingError(f"release/{module}: nothing released; run `ctcourse release` first")
        items = [i for nq in read_module(course, module) for i in nq.items]
        difficulty = {i.question.id: rng.gauss(0, 1) for i in items}
        for n, student in enumerate(ids):
            answers = _answers(items, thetas[student], difficulty, rng)
            when = START + timedelta(minutes=7 * n)
            lines = _log_lines(items, answers, when, rng)
            folder = course.root / SUBMITTED / student / module
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            nbs = {p.stem: nbformat.read(p, as_version=4) for p in notebooks}
            for nb in nbs.values():
                _write_reflections(nb, thetas[student], rng)
            if student in cheaters:
                for nb in nbs.values():
                    CHEAP[cheaters[student]](nb, lines)
            for name, nb in nbs.items():
                nbformat.write(nb, folder / f"{name}.ipynb")
            (folder / LOG_NAME).write_text("".join(line + "\n" for line in lines), "utf-8")
            (folder / "timestamp.txt").write_text(
                (when + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S.%f UTC"), "utf-8"
            )
            manifest["expected"].setdefault(student, {})[module] = {
                i.question.id: score(i.question, i.key, answers.get(i.question.id)).points
                for i in items
                if i.graded
            }
    path = course.root / SUBMITTED / MANIFEST
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return path


def simulated_logs(items: list[QuizItem], students: int, seed: int) -> list[bytes]:
    """Responses logs of a synthetic cohort, in memory only (for benchmarks at scale)."""
    rng = random.Random(seed)
    difficulty = {i.question.id: rng.gauss(0, 1) for i in items}
    logs = []
    for n in range(students):
        answers = _answers(items, rng.gauss(0, 1), difficulty, rng)
        lines = _log_lines(items, answers, START + timedelta(minutes=n), rng)
        logs.append("".join(line + "\n" for line in lines).encode())
    return logs
