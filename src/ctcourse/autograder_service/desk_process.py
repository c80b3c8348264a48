"""On a hub, the grading service also runs the trainer's desk (see :mod:`ctcourse.desk.hub`) and
starts it again if it stops."""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field

log = logging.getLogger("ctcourse.grading-service")
DESK_ENV = "CTCOURSE_DESK_ENV"
DESK_COMMAND = "CTCOURSE_DESK_COMMAND"


@dataclass
class DeskProcess:
    """The desk's server as a child process (nothing when the environment names no desk)."""

    command: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> DeskProcess:
        if not environ.get(DESK_COMMAND):
            return cls()
        base = {k: v for k, v in environ.items() if k not in (DESK_ENV, DESK_COMMAND)}
        return cls(json.loads(environ[DESK_COMMAND]), base | json.loads(environ[DESK_ENV]))

    def keep(self) -> bool:
        """Start the desk if it is not running; always True (the service goes on)."""
        if self.command and (self.process is None or self.process.poll() is not None):
            if self.process is not None:
                log.warning(
                    "the desk stopped (status %s); starting it again", self.process.returncode
                )
            self.process = subprocess.Popen(self.command, env=self.env)
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
