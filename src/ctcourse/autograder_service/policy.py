"""When a module's feedback goes back to trainees, as ``course.yml`` says (Moodle's review options).

Each module may carry ``feedback:`` with one of

- ``on-grading``: as soon as the module is graded (feedback shows the right answers, so a
  trainee may pass them on to those who have not submitted yet);
- ``after-close YYYY-MM-DD``: once that day has begun (UTC), for everyone graded by then;
- ``after-manual-grading`` (the default): once no written answer of the submission waits for a
  trainer's grade; for a module without written answers this is the same as ``on-grading``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from ctcourse.course import MANIFEST_NAME
from ctcourse.errors import CourseError

ON_GRADING, AFTER_CLOSE, AFTER_MANUAL = "on-grading", "after-close", "after-manual-grading"
DEFAULT = AFTER_MANUAL


@dataclass(frozen=True)
class FeedbackPolicy:
    """A module's rule; ``closes`` is set for ``after-close``."""

    rule: str = DEFAULT
    closes: date | None = None

    def due(self, now: datetime, waits_for_trainer: bool) -> bool:
        """Whether a graded submission's feedback goes back now."""
        if self.rule == ON_GRADING:
            return True
        if self.rule == AFTER_CLOSE:
            return self.closes is not None and now.astimezone(UTC).date() >= self.closes
        return not waits_for_trainer

    def __str__(self) -> str:
        return f"{self.rule} {self.closes.isoformat()}" if self.closes else self.rule


def parse(text: Any, where: str) -> FeedbackPolicy:
    """A policy from its ``course.yml`` text; a CourseError says what is allowed otherwise."""
    if text is None:
        return FeedbackPolicy()
    words = str(text).split()
    if words == [ON_GRADING]:
        return FeedbackPolicy(ON_GRADING)
    if words == [AFTER_MANUAL]:
        return FeedbackPolicy(AFTER_MANUAL)
    if len(words) == 2 and words[0] == AFTER_CLOSE:
        try:
            return FeedbackPolicy(AFTER_CLOSE, date.fromisoformat(words[1]))
        except ValueError:
            pass
    raise CourseError(
        f"{where}: feedback {str(text)!r} must be {ON_GRADING}, {AFTER_CLOSE} YYYY-MM-DD "
        f"or {AFTER_MANUAL}"
    )


def policies(root: Path) -> dict[str, FeedbackPolicy]:
    """Every module's feedback policy from the course's manifest (default for those without)."""
    path = Path(root) / MANIFEST_NAME
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    modules = raw.get("modules", []) if isinstance(raw, Mapping) else []
    return {
        str(m["id"]): parse(m.get("feedback"), f"{path}: module {m['id']!r}")
        for m in modules
        if isinstance(m, Mapping) and "id" in m
    }
