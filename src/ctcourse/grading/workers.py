"""Grading processes: each runs nbgrader on many submissions, one after another.

nbgrader's API changes directory and environment, so parallel grading uses processes, not
threads; each process keeps one ``NbGraderAPI`` to pay nbgrader's start-up once. A process
killed by a trainee's code fails only the submission it was grading and is replaced.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.utils import capture_log, temp_attrs
from sqlalchemy.exc import SAWarning

from ctcourse.grading.converter import HonestAutograde
from ctcourse.grading.score import ModuleKeys, QuizResult, score_bytes
from ctcourse.grading.submissions import Submission
from ctcourse.nbgrader_tools import nbgrader_api

KNOWN_CAUSES = {
    "DeadKernelError": "kernel died",
    "CellTimeoutError": "a cell ran past the time limit and could not be interrupted",
    "CellExecutionError": "a cell failed to run",
}
ERROR_LINE = re.compile(r"^(\w+(?:Error|Exception)): ?(.*)$", re.M)


@dataclass(frozen=True)
class Settings:
    """What every grading process needs: the course, the keys, and how to run kernels."""

    root: Path
    env: Mapping[str, str]
    keys: Mapping[str, ModuleKeys]
    kernel_free: Mapping[str, bool]
    language: str
    cell_timeout: int


@dataclass
class Outcome:
    """The result of grading one submission.

    ``auto`` holds each grade cell's auto score as nbgrader determined it in this process
    (``ran`` is False when no notebook could be graded); ``cause`` says why grading failed.
    """

    student: str
    module: str
    cause: str | None = None
    ran: bool = False
    auto: dict[tuple[str, str], float | None] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.cause is not None


def failure_cause(result: Mapping[str, str]) -> str:
    """A one-line cause from an nbgrader result's log and traceback."""
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    for name, cause in KNOWN_CAUSES.items():
        if name in text:
            return f"{cause} ({name})"
    errors = [m for m in ERROR_LINE.finditer(text) if m.group(1) != "NbGraderException"]
    if errors:
        return f"{errors[0].group(1)}: {errors[0].group(2)}"[:200]
    return "nbgrader could not grade it"


def notebook_problems(submission: Submission, notebooks: Sequence[str]) -> tuple[list[str], bool]:
    """Missing or unreadable notebooks, and whether any notebook can be handed to nbgrader."""
    problems, readable = [], False
    for name in notebooks:
        path = submission.folder / f"{name}.ipynb"
        if not path.is_file():
            problems.append(f"notebook {name}.ipynb is missing")
            continue
        try:
            nbformat.read(path, as_version=4)
        except Exception as exc:  # nbformat raises many types for one cause: unreadable
            problems.append(f"{name}.ipynb is not a readable notebook ({type(exc).__name__})")
            return problems, False
        readable = True
    return problems, readable


class Grader:
    """Grades submissions in this process with one nbgrader API."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api = nbgrader_api(settings.root, settings.env)
        self.api.config.Execute.timeout = settings.cell_timeout
        self.api.log.propagate = False  # nbgrader's log is captured per submission instead

    def _run(self, submission: Submission, results, use_kernel: bool):
        """nbgrader's result dict and the auto scores it determined, for one submission."""
        by_grade_id = {
            name: {r.item.question.grade_id: r for r in rs} for name, rs in results.items()
        }
        coursedir = self.api.coursedir
        with temp_attrs(coursedir, assignment_id=submission.module, student_id=submission.student):
            app = HonestAutograde(
                lambda name: by_grade_id.get(name, {}),
                self.settings.language,
                use_kernel,
                coursedir=coursedir,
                parent=self.api,
            )
            app.force = True
            app.create_student = True
            result = capture_log(app)
        return result, app.recorded

    def grade(self, submission: Submission) -> Outcome:
        """Autograde one submission; on failure regrade it without a kernel, scoring what is read."""
        keys = self.settings.keys[submission.module]
        results: dict[str, list[QuizResult]] = score_bytes(keys, submission.log)
        outcome = Outcome(submission.student, submission.module)
        problems, readable = notebook_problems(submission, list(keys.notebooks))
        if not readable:
            outcome.cause = problems[0] if problems else "no notebook to grade"
            return outcome
        use_kernel = not self.settings.kernel_free[submission.module]
        result, recorded = self._run(submission, results, use_kernel)
        if not result["success"]:
            problems.insert(0, failure_cause(result))
            if use_kernel:
                result, recorded = self._run(submission, results, use_kernel=False)
        if result["success"]:
            outcome.ran, outcome.auto = True, dict(recorded)
        if problems:
            outcome.cause = problems[0]
        return outcome


def _serve(settings: Settings, tasks, results) -> None:
    # Kernels inherit this process's stderr: keep their noise off the trainer's progress bar.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    warnings.simplefilter("ignore", SAWarning)  # nbgrader's known-harmless SQLAlchemy warnings
    grader = Grader(settings)
    while (submission := tasks.get()) is not None:
        results.put(("start", os.getpid(), submission.label))
        try:
            outcome = grader.grade(submission)
        except Exception as exc:  # one submission must never stop the cohort
            outcome = Outcome(submission.student, submission.module, cause=f"grader error: {exc}")
        results.put(("done", os.getpid(), outcome))


def grade_all(
    settings: Settings, submissions: Sequence[Submission], jobs: int
) -> Iterator[Outcome]:
    """Grade submissions in ``jobs`` processes; yield each outcome as it is finished."""
    context = multiprocessing.get_context("fork")
    tasks, results = context.Queue(), context.Queue()
    by_label = {s.label: s for s in submissions}

    def start() -> multiprocessing.Process:
        process = context.Process(target=_serve, args=(settings, tasks, results), daemon=True)
        process.start()
        return process

    processes = [start() for _ in range(max(1, min(jobs, len(submissions))))]
    for submission in submissions:
        tasks.put(submission)
    for _ in processes:
        tasks.put(None)
    in_flight: dict[int, str] = {}
    remaining = len(submissions)
    try:
        while remaining:
            try:
                kind, pid, payload = results.get(timeout=0.5)
            except queue.Empty:
                for process in list(processes):
                    if process.exitcode is not None and process.pid in in_flight:
                        label = in_flight.pop(process.pid)
                        processes.remove(process)
                        processes.append(start())
                        remaining -= 1
                        lost = by_label[label]
                        yield Outcome(lost.student, lost.module, cause="grading process was killed")
                continue
            if kind == "start":
                in_flight[pid] = payload
            else:
                in_flight.pop(pid, None)
                remaining -= 1
                yield payload
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
