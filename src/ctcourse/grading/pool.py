"""Grading processes: each grades many submissions, one after another.

nbgrader's API changes directory and environment, so parallel grading uses processes, not
threads; each process keeps one :class:`~ctcourse.grading.grader.Grader` to pay nbgrader's
start-up once. A process killed while grading fails only that submission and is replaced;
killing the main process kills every grading process (and so every kernel) with it.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import warnings
from collections.abc import Iterator, Sequence

from sqlalchemy.exc import SAWarning

from ctcourse.grading.grader import Grader, Outcome, Settings
from ctcourse.grading.submissions import Submission

PR_SET_PDEATHSIG = 1
#: How long a finished grading process may take to shut its waiting kernel down and clean up.
STOP_SECONDS = 60


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux), or exit now if it has."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the queue's end stops the process instead
        return
    if os.getppid() != parent:
        os._exit(1)


def _serve(settings: Settings, tasks, results, parent: int) -> None:
    _die_with(parent)
    # Kernels inherit this process's stderr: keep their noise off the trainer's progress bar.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    warnings.simplefilter("ignore", SAWarning)  # nbgrader's known-harmless SQLAlchemy warnings
    grader = Grader(settings)
    try:
        while (task := tasks.get()) is not None:
            submission, ahead = task
            results.put(("start", os.getpid(), submission.label))
            try:
                outcome = grader.grade(submission, ahead)
            except Exception as exc:  # one submission must never stop the cohort
                outcome = Outcome(
                    submission.student, submission.module, cause=f"grader error: {exc}"
                )
            results.put(("done", os.getpid(), outcome))
    finally:
        grader.close()


def grade_all(
    settings: Settings, submissions: Sequence[Submission], jobs: int
) -> Iterator[Outcome]:
    """Grade submissions in ``jobs`` processes; yield each outcome as it is finished."""
    context = multiprocessing.get_context("fork")
    tasks, results = context.Queue(), context.Queue()
    by_label = {s.label: s for s in submissions}
    parent = os.getpid()

    def start() -> multiprocessing.Process:
        process = context.Process(
            target=_serve, args=(settings, tasks, results, parent), daemon=True
        )
        process.start()
        return process

    processes = [start() for _ in range(max(1, min(jobs, len(submissions))))]
    # The last submissions (one per process) start no kernel ahead for a next one.
    last = len(submissions) - len(processes)
    for index, submission in enumerate(submissions):
        tasks.put((submission, index < last))
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
            process.join(timeout=STOP_SECONDS)
            if process.is_alive():
                process.kill()
