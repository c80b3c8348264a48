"""The submissions of a cohort, read into memory before any trainee code runs.

The responses logs are snapshotted here, at the start of a run, so a kernel that rewrites its
own or another trainee's log during autograding changes no score.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ctcourse.course import Course
from ctcourse.quiz.responses import LOG_NAME

SUBMITTED = "submitted"


@dataclass(frozen=True)
class Submission:
    """One trainee's submission of one module: where it is, its log bytes and its fingerprint."""

    student: str
    module: str
    folder: Path
    log: bytes
    fingerprint: str

    @property
    def label(self) -> str:
        return f"{self.student}/{self.module}"


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def read_submission(folder: Path, student: str, module: str) -> Submission:
    """Snapshot one submission folder (a missing log is an empty one)."""
    log_path = folder / LOG_NAME
    log = log_path.read_bytes() if log_path.is_file() else b""
    return Submission(student, module, folder, log, _fingerprint(folder))


def find_submissions(course: Course, modules: Sequence[str]) -> list[Submission]:
    """Every ``submitted/<student>/<module>/`` of these modules, by module then student."""
    base = course.root / SUBMITTED
    found = []
    for module in modules:
        if not base.is_dir():
            break
        for student_dir in sorted(p for p in base.iterdir() if p.is_dir()):
            folder = student_dir / module
            if not student_dir.name.startswith(".") and folder.is_dir():
                found.append(read_submission(folder, student_dir.name, module))
    return found
