"""The responses logs of a cohort, read from ``autograded/`` (what was graded) or ``submitted/``.

One directory scan per folder, then one open per log, no per-trainee lookups; unreadable lines
are skipped by :mod:`ctcourse.quiz.responses` and every such problem is returned as a note.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from ctcourse.quiz.responses import LOG_NAME, LoadedLog, parse_lines

FOLDERS = ("autograded", "submitted")


def _student_dirs(base: Path) -> Iterator[tuple[str, str]]:
    """(trainee, path) of every non-hidden folder in ``base``."""
    try:
        entries = list(os.scandir(base))
    except FileNotFoundError:
        return
    for entry in entries:
        if not entry.name.startswith(".") and entry.is_dir():
            yield entry.name, entry.path


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, NotADirectoryError):
        return None


def read_logs(
    root: Path, modules: Sequence[str], trainees: Collection[str]
) -> tuple[dict[tuple[str, str], LoadedLog], list[str]]:
    """The log of every (trainee, module) found, and one note per problem in any of them."""
    logs: dict[tuple[str, str], LoadedLog] = {}
    notes: list[str] = []
    wanted = set(trainees)
    for folder in FOLDERS:
        for student, path in _student_dirs(root / folder):
            if student not in wanted:
                continue
            for module in modules:
                if (student, module) in logs:
                    continue
                log_path = os.path.join(path, module, LOG_NAME)
                data = _read(log_path)
                if data is not None:
                    loaded = parse_lines(data, log_path)
                    logs[(student, module)] = loaded
                    notes.extend(loaded.problems)
    return logs, notes


def collected(root: Path, modules: Sequence[str]) -> dict[tuple[str, str], datetime | None]:
    """Every ``submitted/<trainee>/<module>/`` folder, with its ``timestamp.txt`` time if readable.

    Collected work that is not yet autograded is not in the gradebook; it still counts as
    submitted in the progress table.
    """
    found: dict[tuple[str, str], datetime | None] = {}
    for student, path in _student_dirs(root / "submitted"):
        present = set(os.listdir(path))
        for module in modules:
            if module in present and os.path.isdir(os.path.join(path, module)):
                found[(student, module)] = _timestamp(os.path.join(path, module, "timestamp.txt"))
    return found


def _timestamp(path: str) -> datetime | None:
    data = _read(path)
    if data is None:
        return None
    try:
        return datetime.strptime(
            data.decode("utf-8").strip().removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S.%f"
        )
    except (UnicodeDecodeError, ValueError):
        return None
