"""The responses logs of a cohort, read from ``autograded/`` (what was graded) or ``submitted/``.

Every folder is a trainee's and read as hostile input, through the same reader autograde uses
(:mod:`ctcourse.grading.submissions`): no link is followed, no FIFO or device is opened, a log
over the size limit is read only up to it, and a folder whose name is no trainee id (or looks
like another trainee's) is refused. Each problem is one note naming the trainee and module.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from pathlib import Path

from ctcourse.grading.submissions import (
    SUBMITTED,
    log_note,
    module_folder,
    read_log,
    read_regular,
    trainee_folders,
)
from ctcourse.quiz.responses import LOG_NAME, LoadedLog, parse_lines

FOLDERS = ("autograded", SUBMITTED)
#: Written by the collector into each collected submission (see ``ctcourse.grading.collect``).
TIMESTAMP = "timestamp.txt"
TIMESTAMP_BYTES = 100


def read_logs(
    root: Path, modules: Sequence[str], trainees: Collection[str]
) -> tuple[dict[tuple[str, str], LoadedLog], list[str]]:
    """The log of every (trainee, module) found, and one note per problem in any of them."""
    logs: dict[tuple[str, str], LoadedLog] = {}
    notes: list[str] = []
    wanted = set(trainees)
    for name in FOLDERS:
        found, refused = trainee_folders(root / name)
        notes += refused
        for student, path in found.items():
            if student not in wanted:
                continue
            for module in modules:
                if (student, module) in logs:
                    continue
                folder, problem = module_folder(path, module)
                notes += [problem] if problem else []
                if folder is None:
                    continue
                data, problem = read_log(folder)
                label = f"{student}/{module}"
                notes += [f"{label}: {problem}"] if problem else []
                loaded = parse_lines(data, f"{name}/…/{LOG_NAME}")
                logs[(student, module)] = loaded
                notes += [note] if (note := log_note(label, loaded.problems)) else []
    return logs, notes


def collected(root: Path, modules: Sequence[str]) -> dict[tuple[str, str], datetime | None]:
    """Every ``submitted/<trainee>/<module>/`` folder, with the time it was submitted if known.

    Collected work that is not yet autograded is not in the gradebook; it still counts as
    submitted in the progress table. The time is the one the collector wrote into
    ``timestamp.txt`` (the exchange folder's last change, which a trainee cannot set back).
    """
    found: dict[tuple[str, str], datetime | None] = {}
    trainees, _ = trainee_folders(root / SUBMITTED)
    for student, path in trainees.items():
        for module in modules:
            folder, _ = module_folder(path, module)
            if folder is not None:
                found[(student, module)] = _timestamp(folder / TIMESTAMP)
    return found


def _timestamp(path: Path) -> datetime | None:
    try:
        data = read_regular(path, TIMESTAMP_BYTES)
        return datetime.strptime(
            data.decode("utf-8").strip().removesuffix(" UTC"), "%Y-%m-%d %H:%M:%S.%f"
        )
    except (OSError, UnicodeDecodeError, ValueError):
        return None
