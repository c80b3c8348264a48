"""Unix accounts for the people of a hub, created on first use and never borrowed.

The hub runs each person's server as their own Unix account, so file permissions keep people
apart. It only ever runs servers as accounts it created itself (their GECOS field carries
``ACCOUNT_MARKER``): a hub user who signs up as ``root`` or as the grader gets an error, never
that account's rights.
"""

from __future__ import annotations

import grp
import os
import pwd
import subprocess
import threading
from pathlib import Path

from ctcourse.errors import HubError
from ctcourse.hub.layout import ACCOUNT_MARKER
from ctcourse.trainee_ids import valid_hub_name

HOME_MODE = 0o700
_PASSWD_LOCK = threading.Lock()  # useradd refuses to run while another holds /etc/passwd


def ensure_account(name: str, homes: Path) -> pwd.struct_passwd:
    """The hub account ``name``, created with a private home under ``homes`` if missing."""
    return _ensure(name, homes / name, system=False)


def ensure_service_account(name: str, home: Path) -> pwd.struct_passwd:
    """A system account (the grader) with its private home at ``home``."""
    return _ensure(name, home, system=True)


def remove_account(name: str) -> bool:
    """Delete an account this hub created, with its home; False if there was none."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return False
    _check_marker(entry)
    with _PASSWD_LOCK:
        _run(["userdel", "--remove", name])
    return True


def private_home(entry: pwd.struct_passwd) -> None:
    """Make the account's home exist, belong to it and be closed to everyone else."""
    home = Path(entry.pw_dir)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    home.chmod(HOME_MODE)


def primary_group(entry: pwd.struct_passwd) -> str:
    return grp.getgrgid(entry.pw_gid).gr_name


def _ensure(name: str, home: Path, *, system: bool) -> pwd.struct_passwd:
    if not valid_hub_name(name):
        raise HubError(f"{name!r} cannot be a Unix account name (lower-case letters, digits, - _)")
    with _PASSWD_LOCK:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            home.parent.mkdir(parents=True, exist_ok=True)
            command = ["useradd", "--create-home", "--home-dir", str(home), "--user-group"]
            command += ["--shell", "/bin/bash", "--comment", ACCOUNT_MARKER]
            _run([*command, *(["--system"] if system else []), name])
            entry = pwd.getpwnam(name)
    _check_marker(entry)
    private_home(entry)
    return entry


def _check_marker(entry: pwd.struct_passwd) -> None:
    if ACCOUNT_MARKER not in entry.pw_gecos:
        raise HubError(
            f"Unix account {entry.pw_name!r} already exists and was not created by the hub;"
            " refusing to use it (choose another user name)"
        )


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no detail"])[-1]
        raise HubError(f"{command[0]} {command[-1]}: {detail}")
