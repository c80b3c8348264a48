"""First passwords of the hub's reserved names (trainers and hub admins), made by ``make hub``.

A reserved name must exist before anyone can sign up with it, or the first to sign up would get
its rights. ``make hub`` (as root) gives every reserved name without one a random first password,
keeps them in a root-only file in the hub's state folder and prints the new ones once; the hub
creates the accounts from that file when it starts (``ctcourse.hub.authenticator``).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

FILE_NAME = "first-passwords.json"
PASSWORD_BYTES = 12


def read(path: Path) -> dict[str, str]:
    """``{name: first password}``; empty if the file does not exist yet."""
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def ensure(path: Path, names: Iterable[str]) -> dict[str, str]:
    """Give every name without one a first password in ``path`` (mode 0600); return the new ones."""
    known = read(path)
    new = {name: secrets.token_urlsafe(PASSWORD_BYTES) for name in names if name not in known}
    if new:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(fd, 0o600)
            json.dump(known | new, handle, indent=1)
    return new
