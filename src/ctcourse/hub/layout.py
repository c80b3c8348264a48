"""Where a training centre's hub keeps things, read from the environment with safe defaults.

One frozen object, so the hub config, ``make hub``'s preparation step, the tests and the
benchmark all agree on the same folders, ports and limits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ctcourse.errors import HubError
from ctcourse.trainee_ids import HUB_NAME_RULE, valid_hub_name

#: Marker written into the GECOS field of every account the hub creates.
ACCOUNT_MARKER = "ctcourse hub account"
TRAINERS_GROUP = "trainers"
TRAINEES_GROUP = "trainees"
GRADERS_GROUP = "graders"  # holds the grader account only, so the hub knows it
ADMIN_SERVICE = "ctcourse-admin"
_MEMORY = re.compile(r"^(\d+)([KMGT]?)$")


@dataclass(frozen=True)
class HubLayout:
    """Folders, accounts, ports and limits of one hub (see ``from_env`` for the variables)."""

    base: Path  # holds course/, grader/ (the grader's home) and state/ (hub database, secrets)
    exchange: Path  # nbgrader's exchange: world-writable with the sticky bit, as nbgrader needs
    homes: Path  # where trainees' and trainers' home folders are created
    grader_user: str  # the Unix account that owns the course and runs formgrader
    trainers: tuple[str, ...]  # hub users in the trainers group, created by the hub at start
    admins: tuple[str, ...]  # hub admins (full rights, including other people's servers)
    ip: str
    port: int
    hub_api_port: int
    proxy_api_port: int
    mem_limit: str  # per server, e.g. "1G"
    idle_timeout: int  # seconds before an idle server is stopped

    @property
    def course(self) -> Path:
        return self.base / "course"

    @property
    def grader_home(self) -> Path:
        return self.base / "grader"

    @property
    def state(self) -> Path:
        return self.base / "state"

    @property
    def reserved(self) -> tuple[str, ...]:
        """Names nobody may sign up with: trainers and hub admins (see ``first_passwords``)."""
        return tuple(dict.fromkeys(self.trainers + self.admins))

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> HubLayout:
        """The layout named by the environment; defaults suit one dedicated machine.

        CTCOURSE_HUB_DIR (/srv/ctcourse), CTCOURSE_EXCHANGE (/srv/nbgrader/exchange),
        CTCOURSE_HUB_HOMES (/home), CTCOURSE_GRADER_USER (ctcourse-grader), CTCOURSE_TRAINERS
        and CTCOURSE_HUB_ADMINS (comma-separated user names), HUB_IP (127.0.0.1), HUB_PORT
        (8000), CTCOURSE_HUB_API_PORT (8081), CTCOURSE_PROXY_API_PORT (8001),
        CTCOURSE_MEM_LIMIT (1G), CTCOURSE_IDLE_TIMEOUT (3600).
        """
        memory_bytes(env.get("CTCOURSE_MEM_LIMIT") or "1G")  # fail now, not at the first spawn
        layout = cls(
            base=Path(env.get("CTCOURSE_HUB_DIR") or "/srv/ctcourse"),
            exchange=Path(env.get("CTCOURSE_EXCHANGE") or "/srv/nbgrader/exchange"),
            homes=Path(env.get("CTCOURSE_HUB_HOMES") or "/home"),
            grader_user=env.get("CTCOURSE_GRADER_USER") or "ctcourse-grader",
            trainers=_names(env, "CTCOURSE_TRAINERS"),
            admins=_names(env, "CTCOURSE_HUB_ADMINS"),
            ip=env.get("HUB_IP") or "127.0.0.1",
            port=_number(env, "HUB_PORT", 8000),
            hub_api_port=_number(env, "CTCOURSE_HUB_API_PORT", 8081),
            proxy_api_port=_number(env, "CTCOURSE_PROXY_API_PORT", 8001),
            mem_limit=(env.get("CTCOURSE_MEM_LIMIT") or "1G").upper(),
            idle_timeout=_number(env, "CTCOURSE_IDLE_TIMEOUT", 3600),
        )
        for path in (layout.base, layout.exchange, layout.homes):
            if not path.is_absolute():
                raise HubError(f"hub folder {path}: must be an absolute path")
        return layout


def memory_bytes(limit: str) -> int:
    """``"512M"``, ``"1G"`` … as bytes; a CourseError names CTCOURSE_MEM_LIMIT otherwise."""
    match = _MEMORY.match(limit.strip().upper())
    if not match:
        raise HubError(f"CTCOURSE_MEM_LIMIT={limit!r}: expected a size such as 512M or 1G")
    number, unit = match.groups()
    return int(number) * 1024 ** " KMGT".index(unit or " ")


def _names(env: Mapping[str, str], key: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in env.get(key, "").split(",") if n.strip())
    bad = [n for n in names if not valid_hub_name(n)]
    if bad:
        raise HubError(f"{key}: {bad[0]!r} is not a valid user name ({HUB_NAME_RULE})")
    return names


def _number(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key) or str(default)
    if not raw.isdigit():
        raise HubError(f"{key}={raw!r}: expected a whole number")
    return int(raw)
