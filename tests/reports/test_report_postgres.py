"""The same cohort autograded into a real PostgreSQL gradebook gives the same report as SQLite."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_cohort

from ctcourse.cli import main

pytestmark = pytest.mark.slow
pytest.importorskip("psycopg", reason="psycopg is installed with the test extra")
TABLES = ("progress", "progress_counts", "waiting_for_manual_grading", "test_statistics",
          "item_statistics", "distractors", "time_on_task", "learning_gain")  # fmt: skip


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on loopback, stopped and deleted afterwards."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not bins:
        pytest.skip("PostgreSQL server is not installed (apt-get install postgresql; .ci/run does)")
    home = Path(tempfile.mkdtemp(prefix="ctcourse-pg-"))
    home.chmod(0o755)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(home, owner.pw_uid, owner.pw_gid)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bindir, data = bins[-1].parent, home / "data"
    run = lambda args: subprocess.run(_as_postgres(args), check=True, capture_output=True)  # noqa: E731
    run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(home / "server.log")]
    run([*pg_ctl, "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {home}", "-w", "start"])
    try:
        psql = [str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        run([*psql, "-c", "CREATE DATABASE gradebook"])
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/gradebook"
    finally:
        run([*pg_ctl, "-m", "fast", "stop"])
        shutil.rmtree(home, ignore_errors=True)


def test_postgresql_gradebook_gives_the_same_report_as_sqlite(
    postgres_url, cohort_root: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("CTCOURSE_DB_URL", postgres_url)  # release and report read it too
    root = build_cohort(tmp_path / "course", dict(os.environ))
    assert not (root / "gradebook.db").exists()
    assert main(["report", "--root", str(root), "--out", str(tmp_path / "pg")]) == 0
    monkeypatch.delenv("CTCOURSE_DB_URL")
    assert main(["report", "--root", str(cohort_root), "--out", str(tmp_path / "sqlite")]) == 0
    for name in TABLES:
        pg = (tmp_path / "pg" / f"{name}.csv").read_text(encoding="utf-8")
        sqlite = (tmp_path / "sqlite" / f"{name}.csv").read_text(encoding="utf-8")
        assert pg == sqlite, name
    assert "lesson.miskeyed" in (tmp_path / "pg" / "item_statistics.csv").read_text("utf-8")
