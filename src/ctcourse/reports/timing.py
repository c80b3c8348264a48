"""Time on task, estimated from the responses logs' timestamps.

A trainee's time on a module is the span from their first to their last logged answer: an
*estimate* that misses reading before the first answer and after the last one, and counts any
pause in between. Trainees with fewer than two timestamped answers have no span and are
counted apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np


@dataclass(frozen=True)
class TimeOnTask:
    """Median and quartiles, in minutes, of one module's first-to-last-answer spans."""

    module: str
    trainees: int
    without_span: int
    median: float | None
    q1: float | None
    q3: float | None


def parse_time(text: str) -> datetime | None:
    """An ISO-8601 log timestamp (``...Z`` allowed); None when it is not one."""
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None


def span_minutes(times: Iterable[datetime]) -> float | None:
    """Minutes from the first to the last time; None with fewer than two times."""
    ordered = sorted(times)
    if len(ordered) < 2:
        return None
    return (ordered[-1] - ordered[0]).total_seconds() / 60


def time_on_task(module: str, spans: Mapping[str, float | None]) -> TimeOnTask:
    """Summarise per-trainee spans (None = no span) with linear-interpolation quartiles."""
    values = np.array([v for v in spans.values() if v is not None], dtype=float)
    without = sum(v is None for v in spans.values())
    if not len(values):
        return TimeOnTask(module, len(spans), without, None, None, None)
    q1, median, q3 = (float(v) for v in np.percentile(values, [25, 50, 75]))
    return TimeOnTask(module, len(spans), without, median, q1, q3)
