"""The grading queue on disk: an append-only journal in the course folder, durable per line.

Each accepted event is one JSON line, written and ``fsync``-ed before the service goes on, so a
SIGKILL or a power cut loses at most the event being written; a torn last line is ignored when
the journal is read back. Replaying the journal through :class:`~.queue.Queue` gives the state
the service had, and the service repeats only the step that was under way (each step is
idempotent: collect takes nothing older, autograde skips a finished submission, feedback is
regenerated the same).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from ctcourse.autograder_service.queue import Event, Key, Queue

FOLDER = ".ctcourse/grading"
NAME = "journal.jsonl"
#: A service may grade only one lane of modules (see ``service.LANES``); each lane its journal.
LANE_NAME = "journal-{lane}.jsonl"


def journal_path(course_root: Path, lane: str = "all") -> Path:
    """Where a course keeps the grading journal of one lane (``all``: every module)."""
    return Path(course_root) / FOLDER / (NAME if lane == "all" else LANE_NAME.format(lane=lane))


def all_events(course_root: Path) -> list[Event]:
    """Every lane's events (lanes grade different modules, so their keys never meet)."""
    folder = Path(course_root) / FOLDER
    paths = sorted(folder.glob("journal*.jsonl")) if folder.is_dir() else []
    return [e for path in paths for e in read_events(path)]


def _decode(line: str) -> Event | None:
    try:
        data = json.loads(line)
        key = Key(data["trainee"], data["module"], data["timestamp"])
        return Event(key, data["state"], data.get("note", ""))
    except (ValueError, KeyError, TypeError):
        return None


def read_events(path: Path) -> list[Event]:
    """Every whole event in the journal (none if there is no journal yet)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [e for line in text.splitlines() if (e := _decode(line)) is not None]


class Journal:
    """The queue and its journal: :meth:`record` applies an event and makes it durable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.queue = Queue().replay(read_events(path))
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (kept open for the service's life)
        if self._file.tell() and not path.read_bytes().endswith(b"\n"):
            self._file.write("\n")  # a torn last line stays apart from the next event

    def record(self, event: Event) -> bool:
        """Apply the event; if it moved its entry, append it durably. True if it moved."""
        if not self.queue.apply(event):
            return False
        line = {
            "trainee": event.key.trainee,
            "module": event.key.module,
            "timestamp": event.key.timestamp,
            "state": event.state,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        } | ({"note": event.note} if event.note else {})
        self._file.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        return True

    def note(self, trainee: str, what: str, **details: str) -> None:
        """Append, durably, a line about a trainee that moves no submission (a certificate
        delivered again): it names no module, so replaying the journal passes it by."""
        line = {"trainee": trainee, "state": what} | details
        line["at"] = datetime.now(UTC).isoformat(timespec="seconds")
        self._file.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()
