"""The hub's spawner: each person's server runs as their own Unix account, in a memory cgroup.

On the first start of a server the account is created (private home, see ``accounts``), the
person joins the ``trainees`` group unless they are a trainer, and the server is started as
that account inside a cgroup capped at ``Spawner.mem_limit``.

The grader account's server is the formgrader: it runs in the course folder with the grader's
settings, and the hub's roles let trainers (only) open it. It is an ordinary hub server rather
than a hub-managed service so that a slow machine never stops the hub from starting (the hub
gives a managed service ten seconds to answer, then exits).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from jupyterhub import orm
from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Dict, Unicode

from ctcourse.hub import memory
from ctcourse.hub.accounts import ensure_account
from ctcourse.hub.layout import TRAINEES_GROUP, TRAINERS_GROUP

_CGROUPS: list[memory.MemoryCgroups | None] = []  # detected once per hub process


def cgroups() -> memory.MemoryCgroups | None:
    """The hub's per-server memory cgroups (None where the kernel offers none to us)."""
    if not _CGROUPS:
        _CGROUPS.append(memory.detect())
    return _CGROUPS[0]


class CourseSpawner(LocalProcessSpawner):
    """LocalProcessSpawner that creates the Unix account and enforces the memory limit."""

    homes = Unicode("/home", config=True, help="Folder under which new homes are created.")
    grader_user = Unicode("", config=True, help="The account whose server is the formgrader.")
    grader_root = Unicode("", config=True, help="The course folder the formgrader serves.")
    grader_environment = Dict(config=True, help="Environment of the formgrader's server.")

    @property
    def is_grader(self) -> bool:
        return bool(self.grader_user) and self.user.name == self.grader_user

    async def start(self):  # type: ignore[override]
        await asyncio.to_thread(ensure_account, self.user.name, Path(self.homes))
        if self.is_grader:
            self.notebook_dir = self.grader_root
            self.default_url = "/formgrader"
        else:
            self._join_trainees()
        self._cgroup = self._memory_cgroup()
        return await super().start()

    def get_env(self) -> dict[str, str]:
        env = super().get_env()
        return env | dict(self.grader_environment) if self.is_grader else env

    async def stop(self, now: bool = False) -> None:
        await super().stop(now=now)
        found = cgroups()
        if found is not None:
            found.remove(self.user.name)

    def make_preexec_fn(self, name: str) -> Callable[[], None]:
        drop_root = super().make_preexec_fn(name)
        group = getattr(self, "_cgroup", None)

        def preexec() -> None:
            if group is not None:
                memory.join(group)  # as root, before the server can allocate anything
            drop_root()

        return preexec

    def _memory_cgroup(self) -> Path | None:
        found = cgroups()
        if found is None or not self.mem_limit:
            self.log.warning("No writable memory cgroup: %s's limit is advisory", self.user.name)
            return None
        return found.create(self.user.name, int(self.mem_limit))

    def _join_trainees(self) -> None:
        """Everyone who is not a trainer is a trainee, from their first server on."""
        names = {group.name for group in self.user.groups}
        if names & {TRAINERS_GROUP, TRAINEES_GROUP}:
            return
        group = orm.Group.find(self.user.db, TRAINEES_GROUP)
        if group is not None:
            self.user.orm_user.groups.append(group)
            self.user.db.commit()
