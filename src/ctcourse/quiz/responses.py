"""The responses log: every answer a trainee gives, appended as one JSON line.

nbgrader re-runs notebooks in a fresh kernel, so widget state never reaches the grader; this
log (``responses.jsonl`` beside the notebook) does, because submit and collect carry every
file of the assignment folder. Each line is one event::

    {"schema": 1, "qid": "consent.under-threat", "answer": "b", "mode": "graded",
     "attempt": 2, "time": "2026-11-28T14:02:11.120Z"}

A line is written with a single ``write`` and flushed, so a crash leaves at most one torn last
line; loading skips it (and any other unreadable line) and reports it, never raising.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ctcourse.errors import ResponsesError

LOG_NAME = "responses.jsonl"
SCHEMA_VERSION = 1
MAX_LINE_BYTES = 64 * 1024
MODES = ("practice", "graded")


@dataclass(frozen=True)
class Event:
    """One answer given to one question."""

    qid: str
    answer: Any
    mode: str
    attempt: int
    time: str

    def to_json(self) -> str:
        record = {"schema": SCHEMA_VERSION, "qid": self.qid, "answer": self.answer}
        record |= {"mode": self.mode, "attempt": self.attempt, "time": self.time}
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@dataclass
class LoadedLog:
    """The readable events of a log, in order, and a line for each problem that was skipped."""

    events: list[Event] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def last_answers(self) -> dict[str, Event]:
        """The latest event per question id: what the trainee's answer is now."""
        latest: dict[str, Event] = {}
        for event in self.events:
            latest[event.qid] = event
        return latest

    def attempts(self, qid: str) -> int:
        """How many answers were given to a question."""
        return sum(event.qid == qid for event in self.events)


def now() -> str:
    """The current UTC time as an ISO-8601 string with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _event(record: Any) -> Event:
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if type(record.get("schema")) is not int or record["schema"] != SCHEMA_VERSION:
        raise ValueError(f"unknown schema version {record.get('schema')!r}")
    qid, mode, attempt, time = (record.get(k) for k in ("qid", "mode", "attempt", "time"))
    if not isinstance(qid, str) or not qid:
        raise ValueError("qid must be text")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
        raise ValueError("attempt must be a whole number >= 1")
    if not isinstance(time, str):
        raise ValueError("time must be text")
    if "answer" not in record:
        raise ValueError("answer is missing")
    return Event(qid=qid, answer=record["answer"], mode=mode, attempt=attempt, time=time)


def parse_lines(data: bytes, source: str = LOG_NAME) -> LoadedLog:
    """Parse log bytes; unreadable lines are skipped and reported as ``source:line: reason``."""
    loaded = LoadedLog()
    lines = data.split(b"\n")
    torn_tail = not data.endswith(b"\n") and data != b""
    if data.endswith(b"\n"):
        lines.pop()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        last = number == len(lines)
        if len(raw) > MAX_LINE_BYTES:
            loaded.problems.append(f"{source}:{number}: line of {len(raw):,} bytes skipped")
            continue
        try:
            event = _event(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
            reason = "torn last line (interrupted write)" if last and torn_tail else str(exc)
            loaded.problems.append(f"{source}:{number}: skipped: {reason}")
            continue
        loaded.events.append(event)
    return loaded


def load(path: Path) -> LoadedLog:
    """Read a responses log; a missing file is an empty log, unreadable lines are reported."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return LoadedLog()
    except OSError as exc:
        raise ResponsesError(f"{path}: cannot read the responses log ({exc.strerror})") from None
    return parse_lines(data, str(path))


def append(path: Path, events: Iterable[Event]) -> None:
    """Append events, each as one line; a torn last line is first closed off so it stays alone."""
    text = "".join(event.to_json() + "\n" for event in events)
    try:
        with open(path, "ab") as handle:
            if handle.tell() > 0:
                with open(path, "rb") as reader:
                    reader.seek(-1, os.SEEK_END)
                    if reader.read(1) != b"\n":
                        text = "\n" + text
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise ResponsesError(f"{path}: cannot save the answer ({exc.strerror})") from None


def record(path: Path, qid: str, answer: Any, mode: str) -> Event:
    """Append one answer to the log at ``path``, numbering the attempt; return the event."""
    event = Event(
        qid=qid, answer=answer, mode=mode, attempt=load(path).attempts(qid) + 1, time=now()
    )
    append(path, [event])
    return event
