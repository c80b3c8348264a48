"""A trainer's "return feedback now" for a module, kept in the course folder for the service.

The desk does not release feedback itself (the grading service is the only one that returns it,
so nothing goes back twice): it appends one line per request to ``return-now.jsonl`` beside the
grading journals, with the module, the trainer's name and the time, ``fsync``-ed. On its next
pass the service treats every graded submission of that module handed in before that time as
due, whatever the module's policy; later submissions follow the policy again.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from ctcourse.autograder_service.journal import FOLDER
from ctcourse.autograder_service.queue import Key
from ctcourse.grading.collect import TIMESTAMP_FORMAT

NAME = "return-now.jsonl"


def overrides_path(course_root: Path) -> Path:
    """Where a course keeps its trainers' "return now" requests."""
    return Path(course_root) / FOLDER / NAME


def return_now(course_root: Path, module: str, trainer: str, now: datetime | None = None) -> None:
    """Record that ``trainer`` asked for ``module``'s feedback to go back now (durably)."""
    path = overrides_path(course_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    at = (now or datetime.now(UTC)).astimezone(UTC)
    line = {"module": module, "trainer": trainer, "at": at.isoformat()}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())


def returned_now(course_root: Path) -> dict[str, datetime]:
    """The latest "return now" time of each module that has one (a torn line is skipped)."""
    try:
        text = overrides_path(course_root).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    latest: dict[str, datetime] = {}
    for line in text.splitlines():
        try:
            data = json.loads(line)
            module, at = str(data["module"]), datetime.fromisoformat(data["at"])
        except (ValueError, KeyError, TypeError):
            continue
        if module not in latest or at > latest[module]:
            latest[module] = at
    return latest


def covers(key: Key, overrides: dict[str, datetime]) -> bool:
    """Whether a trainer's "return now" covers this submission (handed in before it)."""
    at = overrides.get(key.module)
    if at is None:
        return False
    try:
        handed_in = datetime.strptime(key.timestamp, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return False
    return handed_in <= at
