"""The responses logs of a cohort, read from ``autograded/`` (what was graded) or ``submitted/``.

One directory listing per folder and module, no per-trainee lookups; unreadable lines are
skipped by :mod:`ctcourse.quiz.responses` and every such problem is returned as a note.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from pathlib import Path

from ctcourse.quiz.responses import LOG_NAME, LoadedLog, load

FOLDERS = ("autograded", "submitted")


def read_logs(
    root: Path, modules: Sequence[str], trainees: Collection[str]
) -> tuple[dict[tuple[str, str], LoadedLog], list[str]]:
    """The log of every (trainee, module) found, and one note per problem in any of them."""
    logs: dict[tuple[str, str], LoadedLog] = {}
    notes: list[str] = []
    wanted = set(trainees)
    for folder in FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for student_dir in base.iterdir():
            student = student_dir.name
            if student not in wanted or not student_dir.is_dir():
                continue
            for module in modules:
                path = student_dir / module / LOG_NAME
                if (student, module) in logs or not path.is_file():
                    continue
                loaded = load(path)
                logs[(student, module)] = loaded
                notes.extend(loaded.problems)
    return logs, notes


def collected(root: Path, modules: Sequence[str]) -> dict[tuple[str, str], datetime | None]:
    """Every ``submitted/<trainee>/<module>/`` folder, with its ``timestamp.txt`` time if readable.

    Collected work that is not yet autograded is not in the gradebook; it still counts as
    submitted in the progress table.
    """
    found: dict[tuple[str, str], datetime | None] = {}
    base = root / "submitted"
    if not base.is_dir():
        return found
    for student_dir in base.iterdir():
        if student_dir.name.startswith(".") or not student_dir.is_dir():
            continue
        for module in modules:
            folder = student_dir / module
            if folder.is_dir():
                found[(student_dir.name, module)] = _timestamp(folder / "timestamp.txt")
    return found


def _timestamp(path: Path) -> datetime | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    try:
        return datetime.strptime(text.removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S.%f")
    except ValueError:
        return None
