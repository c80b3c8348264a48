"""A throwaway PostgreSQL cluster on loopback, for the tests that need a real server gradebook."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the `postgres` account then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yield the URL of an empty ``gradebook`` database; the cluster is stopped and deleted after.

    Skips the calling test when no PostgreSQL server (or no ``postgres`` account for root) exists.
    """
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not bins:
        pytest.skip("PostgreSQL server is not installed (apt-get install postgresql; .ci/run does)")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("no `postgres` account to run the server as")
    bindir = bins[-1].parent
    home = Path(tempfile.mkdtemp(prefix="ctcourse-pg-"))
    home.chmod(0o755)
    if os.geteuid() == 0:
        os.chown(home, owner.pw_uid, owner.pw_gid)
    data, port = home / "data", _free_port()
    run = lambda args: subprocess.run(_as_postgres(args), check=True, capture_output=True)  # noqa: E731
    run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {home}"
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(home / "server.log")]
    run([*pg_ctl, "-o", options, "-w", "start"])
    try:
        psql = [str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        run([*psql, "-c", "CREATE DATABASE gradebook"])
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/gradebook"
    finally:
        run([*pg_ctl, "-m", "fast", "stop"])
        shutil.rmtree(home, ignore_errors=True)
