"""A trainer's requests from the desk for a module, kept in the course folder for the service.

The desk neither releases feedback nor grades itself (the grading service is the only one that
does, so nothing is graded or returned twice): it appends one line per request beside the grading
journals, with the module, the trainer's name and the time, ``fsync``-ed.

- ``return-now.jsonl``: on its next pass the service treats every graded submission of that
  module handed in before that time as due, whatever the module's policy; later submissions
  follow the policy again.
- ``regrade.jsonl``: on its next pass the service grades every collected submission of that
  module again (``ctcourse autograde --force MODULE``: a key changed in ``source/``), returns the
  feedback again by the policy, then notes the request done in ``regrade-done.jsonl`` (a request
  cut short by a restart is done again: grading is repeatable).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from ctcourse.autograder_service.journal import FOLDER
from ctcourse.autograder_service.queue import Key
from ctcourse.grading.collect import TIMESTAMP_FORMAT

NAME, REGRADE, REGRADED = "return-now.jsonl", "regrade.jsonl", "regrade-done.jsonl"


def overrides_path(course_root: Path, name: str = NAME) -> Path:
    """Where a course keeps one kind of its trainers' requests (default: "return now")."""
    return Path(course_root) / FOLDER / name


def _append(path: Path, module: str, trainer: str, at: datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {"module": module, "trainer": trainer, "at": at.astimezone(UTC).isoformat()}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())


def return_now(course_root: Path, module: str, trainer: str, now: datetime | None = None) -> None:
    """Record that ``trainer`` asked for ``module``'s feedback to go back now (durably)."""
    _append(overrides_path(course_root), module, trainer, now or datetime.now(UTC))


def regrade(course_root: Path, module: str, trainer: str, now: datetime | None = None) -> None:
    """Record that ``trainer`` asked for ``module`` to be graded again (durably)."""
    _append(overrides_path(course_root, REGRADE), module, trainer, now or datetime.now(UTC))


def regrade_done(course_root: Path, module: str, requested: datetime) -> None:
    """Record that the request of ``requested`` (and every earlier one) for ``module`` is done."""
    _append(overrides_path(course_root, REGRADED), module, "grading service", requested)


def regrades_pending(course_root: Path) -> dict[str, datetime]:
    """Each module with a regrade request not done yet, with its latest request's time."""
    done = _latest(overrides_path(course_root, REGRADED))
    return {
        module: at
        for module, at in _latest(overrides_path(course_root, REGRADE)).items()
        if module not in done or done[module] < at
    }


def returned_now(course_root: Path) -> dict[str, datetime]:
    """The latest "return now" time of each module that has one."""
    return _latest(overrides_path(course_root))


def _latest(path: Path) -> dict[str, datetime]:
    """The latest time of each module in one file of requests (a torn line is skipped)."""
    try:
        text = path.read_text(encoding="utf-8")
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
