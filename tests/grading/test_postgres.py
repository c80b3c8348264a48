"""The same honest, parallel autograde on a real PostgreSQL gradebook (CTCOURSE_DB_URL)."""

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
from cohort import manifest, released_course

from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.grading.simulation.cohort import simulate
from ctcourse.quiz.model import grade_id

pytestmark = pytest.mark.slow
pytest.importorskip("psycopg", reason="psycopg is installed with the test extra")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the `postgres` account then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on loopback, stopped and deleted afterwards."""
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
        run(
            [
                str(bindir / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE gradebook",
            ]
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/gradebook"
    finally:
        run([*pg_ctl, "-m", "fast", "stop"])
        shutil.rmtree(home, ignore_errors=True)


def test_parallel_autograde_on_postgresql(postgres_url, tmp_path, monkeypatch):
    from nbgrader.api import Gradebook

    monkeypatch.setenv("CTCOURSE_DB_URL", postgres_url)
    course = load_course(released_course(tmp_path / "c"))
    simulate(course, 6, seed=11, tampered=2)

    report = autograde(course, jobs=2)

    assert report.exit_code == 0 and len(report.graded) == 12, report.failed
    expected = manifest(course.root)["expected"]
    with Gradebook(postgres_url, course.id) as gb:
        for student, modules in expected.items():
            for module, scores in modules.items():
                for qid, score in scores.items():
                    grade = gb.find_grade(grade_id(qid), "lesson", module, student)
                    assert grade.auto_score == pytest.approx(score), f"{student}/{module}/{qid}"
    assert not (course.root / "gradebook.db").exists()
