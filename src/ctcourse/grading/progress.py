"""A plain-text progress bar and the end-of-run summary table (no extra dependency)."""

from __future__ import annotations

import sys
from typing import TextIO

WIDTH = 30


class Progress:
    """``[#####.....] 12/40 consent/alice`` on one refreshed line of a stream (stderr)."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        filled = WIDTH * self.done // max(1, self.total)
        bar = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} {label}"
        if self.live:
            self.stream.write(f"\r\033[K{bar}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(bar + "\n")
        self.stream.flush()

    def say(self, line: str) -> None:
        """A line that must stay on screen (a failure), above the bar."""
        self.stream.write(("\r\033[K" if self.live else "") + line + "\n")
        self.stream.flush()


def summary_table(counts: dict[str, int]) -> str:
    """The counts as a small aligned table."""
    width = max(len(name) for name in counts)
    lines = [f"{'result'.ljust(width)}  count", f"{'-' * width}  -----"]
    lines += [f"{name.ljust(width)}  {count:5d}" for name, count in counts.items()]
    return "\n".join(lines)
