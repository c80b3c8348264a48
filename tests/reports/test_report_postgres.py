"""The same cohort autograded into a real PostgreSQL gradebook gives the same report as SQLite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_cohort
from pgcluster import postgres_cluster

from ctcourse.cli import main

pytestmark = pytest.mark.slow
pytest.importorskip("psycopg", reason="psycopg is installed with the test extra")
TABLES = ("progress", "progress_counts", "waiting_for_manual_grading", "test_statistics",
          "item_statistics", "distractors", "time_on_task", "learning_gain")  # fmt: skip


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on loopback, stopped and deleted afterwards."""
    with postgres_cluster() as url:
        yield url


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
