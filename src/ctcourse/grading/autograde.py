"""``ctcourse autograde``: grade a cohort honestly, in parallel, resumably.

For each module: parse the keys from ``source/`` once, snapshot every submission's log and
the gradebook, grade the submissions in worker processes (nbgrader's pipeline with the
grader's own quiz outputs), write each submission's honest grades and then its completion
marker, and finally set every gradebook row back to what it must be. A rerun skips
submissions whose marker matches their current files; a run killed at any point leaves at
worst submissions without a marker, which the next run grades again from scratch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from nbgrader.api import Gradebook, MissingEntry

from ctcourse.authoring.validate import source_notebooks
from ctcourse.course import Course, interface_language
from ctcourse.errors import GradingError
from ctcourse.grading.gradebook import Expected, State, enforce, read_state, write_submission
from ctcourse.grading.kernelfree import is_kernel_free
from ctcourse.grading.progress import Progress
from ctcourse.grading.score import ModuleKeys, load_keys, score_bytes
from ctcourse.grading.submissions import Submission, find_submissions
from ctcourse.grading.workers import Outcome, Settings, grade_all
from ctcourse.nbgrader_settings import CELL_TIMEOUT_SECONDS, gradebook_url
from ctcourse.nbgrader_tools import ensure_tools_on_path
from ctcourse.quiz.responses import parse_lines

MARKER = ".ctcourse-graded.json"
MARKER_SCHEMA = 1


@dataclass
class RunReport:
    """What a run did: labels ``student/module`` of graded, failed (with cause) and skipped."""

    graded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        return {
            "graded": len(self.graded),
            "failed": len(self.failed),
            "skipped": len(self.skipped),
        }


def marker_path(course: Course, submission: Submission) -> Path:
    """Where the completion marker of a submission lives (inside its autograded folder)."""
    return course.root / "autograded" / submission.student / submission.module / MARKER


def quiz_scores(keys: ModuleKeys, log: bytes) -> dict[tuple[str, str], float]:
    """The grader's score of every quiz cell, keyed ``(notebook, grade_id)``."""
    return {
        (name, r.item.question.grade_id): r.score.points
        for name, results in score_bytes(keys, log).items()
        for r in results
    }


def _read_marker(path: Path, submission: Submission) -> Expected | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("schema") != MARKER_SCHEMA or data.get("fingerprint") != submission.fingerprint:
        return None
    auto = {(nb, cell): score for nb, cell, score in data["auto"]}
    return Expected({}, auto, graded=True)


def _write_marker(path: Path, submission: Submission, outcome: Outcome) -> None:
    auto = [[nb, cell, score] for (nb, cell), score in sorted(outcome.auto.items())]
    record = {"schema": MARKER_SCHEMA, "fingerprint": submission.fingerprint, "auto": auto}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, path)


def _check_gradebook(gb: Gradebook, keys: Mapping[str, ModuleKeys]) -> None:
    for module, module_keys in keys.items():
        try:
            assignment = gb.find_assignment(module)
        except MissingEntry:
            raise GradingError(
                f"module {module!r} is not in the gradebook; run `ctcourse release {module}` first"
            ) from None
        if {nb.name for nb in assignment.notebooks} != set(module_keys.notebooks):
            raise GradingError(
                f"module {module!r}: the gradebook's notebooks differ from source/; "
                f"run `ctcourse release {module}`"
            )


def _log_note(submission: Submission) -> str | None:
    problems = parse_lines(submission.log).problems
    if not problems:
        return None
    first = problems[0].split(":", 1)[1].strip()
    return (
        f"{submission.label}: responses log: {len(problems)} unreadable line(s) skipped "
        f"(first: {first}); scored from the readable answers"
    )


def autograde(
    course: Course,
    modules: Sequence[str] = (),
    *,
    force: bool = False,
    jobs: int | None = None,
    cell_timeout: int = CELL_TIMEOUT_SECONDS,
    stream: TextIO | None = None,
    env: Mapping[str, str] | None = None,
) -> RunReport:
    """Grade every submission of the modules (default: all); see the module docstring."""
    ensure_tools_on_path()
    env = dict(os.environ if env is None else env)
    module_ids = [course.module(m).id for m in modules] or [m.id for m in course.modules]
    keys = {m: load_keys(course, m) for m in module_ids}
    kernel_free = {m: is_kernel_free(source_notebooks(course, m)) for m in module_ids}
    db_url = gradebook_url(course.root, env)
    with Gradebook(db_url, course.id) as gb:
        _check_gradebook(gb, keys)
        before = read_state(gb)
    submissions = find_submissions(course, module_ids)
    report = RunReport()
    expected: dict[tuple[str, str], Expected] = {}
    todo = []
    for submission in submissions:
        note = _log_note(submission)
        if note:
            report.notes.append(note)
        done = None if force else _read_marker(marker_path(course, submission), submission)
        if done is None:
            todo.append(submission)
            continue
        quiz = quiz_scores(keys[submission.module], submission.log)
        expected[(submission.module, submission.student)] = Expected(quiz, done.auto, True)
        report.skipped.append(submission.label)
    progress = Progress(len(todo), stream)
    settings = Settings(
        course.root, env, keys, kernel_free, interface_language(course.language), cell_timeout
    )
    by_label = {s.label: s for s in todo}
    # One session for the whole run: it holds no lock between commits, and reusing it spares
    # SQLAlchemy from compiling every statement again for each submission.
    with Gradebook(db_url, course.id) as gb:
        for outcome in grade_all(settings, todo, jobs or os.cpu_count() or 1):
            submission = by_label[f"{outcome.student}/{outcome.module}"]
            _finish(course, gb, before, keys, submission, outcome, expected, report, progress)
        report.notes += enforce(gb, before, expected)
    return report


def _finish(course, gb, before: State, keys, submission, outcome, expected, report, progress):
    """Write one submission's honest grades, then (if it was graded) its completion marker."""
    quiz = quiz_scores(keys[submission.module], submission.log)
    result = Expected(quiz, outcome.auto, graded=outcome.ran)
    expected[(submission.module, submission.student)] = result
    write_submission(gb, submission.module, submission.student, result, before)
    marker = marker_path(course, submission)
    if outcome.failed:
        marker.unlink(missing_ok=True)
        report.failed.append(f"{submission.label}: {outcome.cause}")
        progress.say(report.failed[-1])
    else:
        _write_marker(marker, submission, outcome)
        report.graded.append(submission.label)
    progress.step(submission.label)
