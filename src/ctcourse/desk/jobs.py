"""Long work the desk starts (report, exports): one at a time per kind, in a background thread,
with a state the page polls. Each job writes one file that the desk then serves."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Job:
    """A job's state: ``running``, ``done`` (with its file) or ``failed`` (with one line), and
    what its file covers, in words (which modules and trainees)."""

    state: str
    started: float
    file: Path | None = None
    error: str = ""
    covers: str = ""

    def as_dict(self) -> dict:
        seconds = round(time.monotonic() - self.started, 1)
        return {"state": self.state, "seconds": seconds, "error": self.error, "covers": self.covers}


class Jobs:
    """The desk's jobs by kind; starting a running kind again does nothing."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._lock = threading.Lock()
        self.by_kind: dict[str, Job] = {}

    def start(self, kind: str, work: Callable[[], Path], covers: str = "") -> Job:
        with self._lock:
            job = self.by_kind.get(kind)
            if job is not None and job.state == "running":
                return job
            job = self.by_kind[kind] = Job("running", time.monotonic(), covers=covers)
        self._pool.submit(self._run, job, work)
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[], Path]) -> None:
        try:
            job.file = work()
            job.state = "done"
        except Exception as exc:  # shown on the desk in one line; the desk goes on
            job.error = " ".join(str(exc).split()) or type(exc).__name__
            job.state = "failed"
