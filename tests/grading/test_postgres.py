"""The same honest, parallel autograde on a real PostgreSQL gradebook (CTCOURSE_DB_URL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cohort import manifest, released_course
from pgcluster import postgres_cluster

from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.grading.simulation.cohort import simulate
from ctcourse.quiz.model import grade_id

pytestmark = pytest.mark.slow
pytest.importorskip("psycopg", reason="psycopg is installed with the test extra")


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on loopback, stopped and deleted afterwards."""
    with postgres_cluster() as url:
        yield url


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
