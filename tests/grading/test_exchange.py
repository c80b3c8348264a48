"""The responses log travels with the notebook through nbgrader's exchange into autograde."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cohort import released_course
from nbgrader.api import Gradebook

from ctcourse.authoring.release import publish, release
from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.nbgrader_tools import nbgrader_api
from ctcourse.quiz.responses import LOG_NAME, load, record

pytestmark = pytest.mark.slow


def _nbgrader(cwd: Path, *args: str) -> None:
    """Run the trainee's side of nbgrader as a trainee would, in their own folder."""
    nbgrader = Path(sys.executable).parent / "nbgrader"
    result = subprocess.run(
        [str(nbgrader), *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_release_fetch_answer_submit_collect_autograde(tmp_path, monkeypatch):
    exchange, cache, home = tmp_path / "exchange", tmp_path / "cache", tmp_path / "alice"
    exchange.mkdir(mode=0o777)
    home.mkdir()
    monkeypatch.setenv("CTCOURSE_EXCHANGE", str(exchange))
    course = load_course(released_course(tmp_path / "course"))
    api = nbgrader_api(course.root, {"CTCOURSE_EXCHANGE": str(exchange)})
    assert api.release_assignment("quiz")["success"]

    trainee = [
        f"--CourseDirectory.course_id={course.id}",
        f"--Exchange.root={exchange}",
        f"--Exchange.cache={cache}",
    ]
    _nbgrader(home, "fetch_assignment", "quiz", *trainee)
    record(home / "quiz" / LOG_NAME, "t.single", "b", "graded")
    record(home / "quiz" / LOG_NAME, "t.tf", True, "graded")
    _nbgrader(home, "submit", "quiz", "--student=alice", *trainee)

    collected = api.collect("quiz")
    assert collected["success"], collected["log"]
    log = course.root / "submitted" / "alice" / "quiz" / LOG_NAME
    assert [e.qid for e in load(log).events] == ["t.single", "t.tf"]

    report = autograde(course, ["quiz"], jobs=1)
    assert report.graded == ["alice/quiz"]
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", course.id) as gb:
        assert gb.find_grade("t_single", "lesson", "quiz", "alice").score == 1
        assert gb.find_grade("t_tf", "lesson", "quiz", "alice").score == 1
        assert gb.find_grade("t_multi", "lesson", "quiz", "alice").score == 0


def test_published_modules_are_fetched_into_trainee_work_not_release(tmp_path):
    """On one machine, what `make run` publishes is fetched apart from release/, which
    `ctcourse release` regenerates, so rereleasing never deletes a trainee's answers."""
    course = load_course(released_course(tmp_path / "course"))
    assert publish(course, ["quiz"]) == ["quiz"]
    _nbgrader(course.root, "fetch_assignment", "quiz", f"--Exchange.cache={tmp_path / 'cache'}")
    fetched = course.root / "trainee-work" / "quiz"
    assert (fetched / "lesson.ipynb").is_file()
    record(fetched / LOG_NAME, "t.single", "b", "graded")
    release(course)
    assert [e.answer for e in load(fetched / LOG_NAME).events] == ["b"]
