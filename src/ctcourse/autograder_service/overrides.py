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
  cut short by a restart is done again: grading is repeatable). It goes a few trainees a pass
  (each batch noted in ``regrade-trainees.jsonl``, so a restart goes on from there), so other
  submissions are graded between two batches.
- ``certificate.jsonl`` (one line per trainee, not per module): the desk renamed a trainee who
  holds a certificate and issued it again in ``certificates/``; on its next pass the service
  puts the new one into the trainee's home where the first went, then notes it done in
  ``certificate-done.jsonl`` (a delivery cut short is repeated: it writes the same file).
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
REGRADED_TRAINEES = "regrade-trainees.jsonl"
CERTIFICATE, CERTIFICATE_DONE = "certificate.jsonl", "certificate-done.jsonl"
SERVICE = "grading service"
#: The journal's note on feedback a trainer's "return now" sent back before the policy would.
RETURNED_EARLY = "returned early: a trainer's Return feedback now"


def overrides_path(course_root: Path, name: str = NAME) -> Path:
    """Where a course keeps one kind of its trainers' requests (default: "return now")."""
    return Path(course_root) / FOLDER / name


def _append(
    path: Path, module: str, trainer: str, at: datetime, subject: str = "module", **more: str
) -> None:
    """One request (or its "done") as one ``fsync``-ed line; its ``subject`` is a module, or a
    trainee for a certificate."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = {subject: module, "trainer": trainer, "at": at.astimezone(UTC).isoformat()} | more
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
    _append(overrides_path(course_root, REGRADED), module, SERVICE, requested)


def regraded_trainees(
    course_root: Path, module: str, requested: datetime, trainees: list[str]
) -> None:
    """Record that ``trainees``' submissions of ``module`` were graded again for the request of
    ``requested`` (one batch of it)."""
    path = overrides_path(course_root, REGRADED_TRAINEES)
    for trainee in trainees:
        _append(path, module, SERVICE, requested, trainee=trainee)


def regraded_so_far(course_root: Path, module: str, requested: datetime) -> set[str]:
    """The trainees whose submission of ``module`` was graded again for the request of
    ``requested`` (a later request starts over)."""
    return {
        str(data["trainee"])
        for data in _lines(overrides_path(course_root, REGRADED_TRAINEES))
        if data.get("module") == module
        and data.get("at") == requested.astimezone(UTC).isoformat()
        and "trainee" in data
    }


def regrades_pending(course_root: Path) -> dict[str, datetime]:
    """Each module with a regrade request not done yet, with its latest request's time."""
    return _pending(course_root, REGRADE, REGRADED)


def returned_now(course_root: Path) -> dict[str, datetime]:
    """The latest "return now" time of each module that has one."""
    return _latest(overrides_path(course_root))


def certificate_again(
    course_root: Path, trainee: str, trainer: str, now: datetime | None = None
) -> None:
    """Record that ``trainee``'s certificate was issued again (renamed by ``trainer``) and is to
    be delivered again into their home (durably)."""
    at = now or datetime.now(UTC)
    _append(overrides_path(course_root, CERTIFICATE), trainee, trainer, at, "trainee")


def certificate_delivered(course_root: Path, trainee: str, requested: datetime) -> None:
    """Record that the request of ``requested`` (and every earlier one) for ``trainee`` is done."""
    _append(overrides_path(course_root, CERTIFICATE_DONE), trainee, SERVICE, requested, "trainee")


def certificates_pending(course_root: Path) -> dict[str, datetime]:
    """Each trainee whose re-issued certificate is not delivered yet, with the latest request."""
    return _pending(course_root, CERTIFICATE, CERTIFICATE_DONE, "trainee")


def _pending(
    course_root: Path, requests: str, done_name: str, subject: str = "module"
) -> dict[str, datetime]:
    done = _latest(overrides_path(course_root, done_name), subject)
    return {
        name: at
        for name, at in _latest(overrides_path(course_root, requests), subject).items()
        if name not in done or done[name] < at
    }


def _lines(path: Path) -> list[dict]:
    """Every whole line of one file of requests (a torn or foreign line is skipped)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    found = []
    for line in text.splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if isinstance(data, dict):
            found.append(data)
    return found


def _latest(path: Path, subject: str = "module") -> dict[str, datetime]:
    """The latest time of each module (or trainee: ``subject``) in one file of requests."""
    latest: dict[str, datetime] = {}
    for data in _lines(path):
        try:
            module, at = str(data[subject]), datetime.fromisoformat(data["at"])
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
