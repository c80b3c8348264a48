"""A memory limit per server, enforced by the kernel through a memory cgroup.

Each server (the Jupyter server and every kernel it starts) joins its own cgroup under the
hub's cgroup before it drops root, so the limit covers the whole server, not one process.
cgroup v1 (a ``memory`` hierarchy) and v2 (a delegated unified hierarchy) are both handled;
where neither is writable the limit is only advisory (``MEM_LIMIT`` in the server's
environment) and the hub logs that once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
GROUP_NAME = "ctcourse-hub"


@dataclass(frozen=True)
class MemoryCgroups:
    """Where per-server cgroups are made, and the file names of this cgroup version."""

    parent: Path  # the hub's own folder of per-server cgroups
    limit_file: str  # memory.limit_in_bytes (v1) or memory.max (v2)
    usage_file: str  # memory.usage_in_bytes (v1) or memory.current (v2)

    def create(self, name: str, limit: int) -> Path:
        """The cgroup of server ``name`` with ``limit`` bytes; returns its folder."""
        group = self.parent / name
        group.mkdir(exist_ok=True)
        (group / self.limit_file).write_text(str(limit))
        return group

    def remove(self, name: str) -> None:
        """Remove the (empty) cgroup of a stopped server; a busy one stays until next time."""
        try:
            (self.parent / name).rmdir()
        except FileNotFoundError:
            pass
        except OSError:
            return

    def limit(self, name: str) -> int:
        return int((self.parent / name / self.limit_file).read_text())

    def usage(self, name: str) -> int:
        """Bytes the server's processes use now (page cache included, as the kernel counts)."""
        return int((self.parent / name / self.usage_file).read_text())


def join(group: Path) -> None:
    """Move the calling process into ``group`` (run in the child before it drops root)."""
    (group / "cgroup.procs").write_text("0")


def detect(root: Path = CGROUP_ROOT, own: str | None = None) -> MemoryCgroups | None:
    """The per-server cgroup folder under this process's own cgroup, or None if unavailable."""
    lines = own.splitlines() if own is not None else _own_cgroups()
    v1 = next((line.split(":", 2)[2] for line in lines if ":memory:" in line), None)
    if v1 is not None and (root / "memory").is_dir():
        return _make(
            root / "memory" / v1.lstrip("/"), "memory.limit_in_bytes", "memory.usage_in_bytes"
        )
    v2 = next((line.split(":", 2)[2] for line in lines if line.startswith("0::")), None)
    if v2 is not None and (root / "cgroup.controllers").is_file():
        return _make_v2(root / v2.lstrip("/"))
    return None


def _own_cgroups() -> list[str]:
    try:
        return Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return []


def _make(base: Path, limit_file: str, usage_file: str) -> MemoryCgroups | None:
    try:
        (base / GROUP_NAME).mkdir(exist_ok=True)
    except OSError:
        return None
    if not os.access(base / GROUP_NAME, os.W_OK):
        return None
    return MemoryCgroups(base / GROUP_NAME, limit_file, usage_file)


def _make_v2(base: Path) -> MemoryCgroups | None:
    """v2 needs the memory controller delegated to the children of the hub's cgroup."""
    found = _make(base, "memory.max", "memory.current")
    if found is None:
        return None
    try:
        (base / "cgroup.subtree_control").write_text("+memory")
        (found.parent / "cgroup.subtree_control").write_text("+memory")
    except OSError:
        return None
    return found
