"""The grading queue as a state machine: one entry per submission, moved forward by events.

A submission is keyed by trainee, module and the timestamp nbgrader gave it at *Submit*. Its
states go forward only::

    submitted → collected → graded → released
    submitted | collected | graded → superseded (a newer submission of the same trainee and
                                     module was collected before this one was returned)
    submitted → refused (the collector refused this exchange folder: forged owner, a link, too
                large...; the collector's reason is kept) | failed (gone before it was collected)
    collected → failed (grading failed; the cause is kept) | waiting (cannot be graded here)

A refused or failed entry is final: the same exchange folder is never tried again, only a new
submission (a new key) is. A refused folder is not the trainee's work (it may be a classmate's
forgery filed under their name), so it never counts as their latest submission.

An event that does not move an entry forward (replayed after a crash, or repeated) is ignored,
so replaying a journal twice gives the same queue and an entry is graded at most once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SUBMITTED, COLLECTED, GRADED, RELEASED = "submitted", "collected", "graded", "released"
SUPERSEDED, FAILED, WAITING, REFUSED = "superseded", "failed", "waiting", "refused"
#: Which state may follow which.
NEXT = {
    SUBMITTED: {COLLECTED, SUPERSEDED, REFUSED, FAILED},
    COLLECTED: {GRADED, FAILED, WAITING, SUPERSEDED},
    WAITING: {COLLECTED, GRADED, FAILED, SUPERSEDED},
    FAILED: set(),
    GRADED: {RELEASED, SUPERSEDED},
    RELEASED: set(),
    SUPERSEDED: set(),
    REFUSED: set(),
}


@dataclass(frozen=True, order=True)
class Key:
    """One submission: trainee, module and nbgrader's submit timestamp."""

    trainee: str
    module: str
    timestamp: str

    def __str__(self) -> str:
        return f"{self.trainee}+{self.module}+{self.timestamp}"


@dataclass(frozen=True)
class Event:
    """An entry moved to ``state`` (``note``: a failure's cause, or why it waits)."""

    key: Key
    state: str
    note: str = ""


@dataclass
class Queue:
    """Every submission the service has seen and where it stands."""

    states: dict[Key, str] = field(default_factory=dict)
    notes: dict[Key, str] = field(default_factory=dict)

    def accepts(self, event: Event) -> bool:
        """Whether ``event`` moves its entry forward (a new key may only start submitted)."""
        current = self.states.get(event.key)
        if current is None:
            return event.state == SUBMITTED
        return event.state in NEXT[current]

    def apply(self, event: Event) -> bool:
        """Move an entry if the event allows it; True if it moved."""
        if not self.accepts(event):
            return False
        self.states[event.key] = event.state
        if event.note:
            self.notes[event.key] = event.note
        return True

    def replay(self, events: Iterable[Event]) -> Queue:
        """Apply events in order (a journal read back); returns the queue."""
        for event in events:
            self.apply(event)
        return self

    def in_state(self, *states: str) -> list[Key]:
        """Entries in any of ``states``, oldest submission first."""
        return sorted((k for k, s in self.states.items() if s in states), key=_by_time)

    def latest(self, trainee: str) -> dict[str, Key]:
        """The newest entry per module of one trainee that was neither superseded nor refused."""
        found: dict[str, Key] = {}
        for key in sorted(self.states, key=_by_time):
            if key.trainee == trainee and self.states[key] not in (SUPERSEDED, REFUSED):
                found[key.module] = key
        return found

    def trainees(self) -> list[str]:
        return sorted({k.trainee for k in self.states})


def _by_time(key: Key) -> tuple[str, str, str]:
    return key.timestamp, key.trainee, key.module


def collected_events(
    queue: Queue,
    keys: Iterable[Key],
    collected: Mapping[tuple[str, str], str],
    seen: Mapping[Key, str],
) -> list[Event]:
    """Events after a collect: ``collected`` maps (trainee, module) to the time now in
    ``submitted/``, ``seen`` each submission to the time the collector gives it (the last change
    of its exchange folder, not the name the trainee's side chose); the submission seen at the
    collected time is collected, older ones of the pair are superseded."""
    events = []
    for key in keys:
        now, stamp = collected.get((key.trainee, key.module)), seen.get(key)
        if now is None or stamp is None:
            continue
        if stamp == now:
            events.append(Event(key, COLLECTED))
        elif stamp < now:
            events.append(Event(key, SUPERSEDED))
    return [e for e in events if queue.accepts(e)]
