"""A cgroup per sandbox: memory and processes capped for all of a sandbox's processes together.

``RLIMIT_AS`` holds per process (a trainee's kernel and three children could each take 2 GiB),
so the sandbox's memory and process count are capped by a cgroup of its own, and its event
counters say afterwards which limit was reached, to name the culprit. Two layouts:

- cgroup v1 (``/sys/fs/cgroup/memory`` and ``/sys/fs/cgroup/pids``): a child of this process's
  own group in each hierarchy;
- cgroup v2 (``/sys/fs/cgroup/cgroup.controllers``): a child of this process's group, possible
  only where ``memory`` and ``pids`` can be enabled for its children (delegation).

:meth:`Cgroup.create` returns None where neither is possible; :func:`unavailable` says why.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ctcourse.grading.sandbox import Limits

ROOT = Path("/sys/fs/cgroup")


def _own_groups() -> dict[str, str]:
    """This process's group per hierarchy, from ``/proc/self/cgroup`` ("" is cgroup v2)."""
    groups = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(","):
            groups[controller] = path
    return groups


def _parents() -> tuple[str, dict[str, Path]] | str:
    """The layout and the parent folder per controller, or why there is no usable layout."""
    try:
        groups = _own_groups()
    except OSError as exc:
        return f"cannot read /proc/self/cgroup ({exc.strerror})"
    if (ROOT / "cgroup.controllers").is_file():
        parent = ROOT / groups.get("", "/").lstrip("/")
        wanted = {"memory", "pids"}
        try:
            enabled = set((parent / "cgroup.subtree_control").read_text().split())
            if not wanted <= enabled:
                (parent / "cgroup.subtree_control").write_text("+memory +pids")
        except OSError as exc:
            return f"cgroup v2 without memory and pids delegated to {parent} ({exc.strerror})"
        return "v2", {"memory": parent, "pids": parent}
    parents = {c: ROOT / c / groups.get(c, "/").lstrip("/") for c in ("memory", "pids")}
    missing = [c for c, p in parents.items() if not (p / "cgroup.procs").is_file()]
    if missing:
        return f"no cgroup controller for {', '.join(missing)}"
    return "v1", parents


def unavailable() -> str | None:
    """Why sandboxes get no cgroup here (their limits then hold per process and per uid)."""
    found = _parents()
    if isinstance(found, str):
        return found
    for parent in set(found[1].values()):
        trial = parent / f"ctcourse-trial-{os.getpid()}"
        try:
            trial.mkdir()
            trial.rmdir()
        except OSError as exc:  # e.g. /sys/fs/cgroup mounted read-only in a container
            return f"cannot create a cgroup in {parent} ({exc.strerror})"
    return None


LIMIT_FILES = {
    "v1": {
        "memory": ("memory.limit_in_bytes", "memory.memsw.limit_in_bytes"),
        "pids": ("pids.max",),
    },
    "v2": {"memory": ("memory.max", "memory.swap.max"), "pids": ("pids.max",)},
}


class Cgroup:
    """The cgroup(s) of one sandbox; :attr:`procs` are the files a process writes 0 into to join."""

    def __init__(self, layout: str, folders: dict[str, Path], limits: Limits) -> None:
        self.layout, self.folders, self.limits = layout, folders, limits
        self.procs = sorted({str(f / "cgroup.procs") for f in folders.values()})
        self.before = self._counts()  # a group left by a killed grader keeps its counters

    @classmethod
    def create(cls, name: str, limits: Limits) -> Cgroup | None:
        """A new cgroup ``name`` with the sandbox's memory and process limits, or None."""
        found = _parents()
        if isinstance(found, str):
            return None
        layout, parents = found
        folders = {c: p / name for c, p in parents.items()}
        values = {"memory": limits.memory_bytes, "pids": limits.processes}
        try:
            for controller, folder in folders.items():
                folder.mkdir(exist_ok=True)
                for i, file in enumerate(LIMIT_FILES[layout][controller]):
                    value = 0 if layout == "v2" and i == 1 else values[controller]
                    if (folder / file).exists():
                        (folder / file).write_text(str(value))
        except OSError:  # unavailable() names the cause once per run
            return None
        return cls(layout, folders, limits)

    def _events(self, controller: str, file: str) -> dict[str, int]:
        try:
            text = (self.folders[controller] / file).read_text()
        except OSError:
            return {}
        pairs = (line.split() for line in text.splitlines())
        return {p[0]: int(p[1]) for p in pairs if len(p) == 2 and p[1].isdigit()}

    def _counts(self) -> tuple[int, int]:
        """How often memory ran out and a process could not be started, so far."""
        file = "memory.oom_control" if self.layout == "v1" else "memory.events"
        memory = self._events("memory", file)
        return (
            memory.get("oom_kill", 0) + memory.get("max", 0),
            self._events("pids", "pids.events").get("max", 0),
        )

    def hits(self) -> list[str]:
        """The limits reached since the group was made, in words."""
        (memory, processes), (memory0, processes0) = self._counts(), self.before
        found = []
        if memory > memory0:
            found.append(f"reached its memory limit ({self.limits.memory_bytes // 1024**2} MiB)")
        if processes > processes0:
            found.append(f"reached its process limit ({self.limits.processes})")
        return found

    def close(self) -> None:
        """Remove the group (once its processes are gone; a leftover empty group is harmless)."""
        for folder in set(self.folders.values()):
            wait_gone(folder)


def wait_gone(path: Path, seconds: float = 5.0) -> bool:
    """Remove an empty group, retrying until ``seconds`` pass (a group empties as its processes
    are reaped); True once it is gone."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            path.rmdir()
            return True
        except FileNotFoundError:
            return True
        except OSError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
