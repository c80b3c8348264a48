"""``trainee-work/``: nbgrader's Assignment List, reading its settings from there, finds the course."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from coursefactory import make_course, sample_notebook
from nbgrader.apps import NbGrader

from ctcourse.authoring.release import publish, release
from ctcourse.authoring.trainee_folder import prepare_trainee_folder
from ctcourse.course import load_course


def settings_read_in(folder: Path):
    """The config nbgrader's Assignment List loads after changing into ``folder``."""
    here = Path.cwd()
    os.chdir(folder)
    try:
        app = NbGrader()
        app.load_config_file()
        return app.config
    finally:
        os.chdir(here)


def test_assignment_list_reads_the_course_settings_from_the_trainee_folder(
    course_root: Path,
) -> None:
    course = load_course(course_root)
    folder = prepare_trainee_folder(course, "en")
    assert folder == course_root / "trainee-work"
    config = settings_read_in(folder)
    assert config.Exchange.root == str(course_root / "exchange")
    assert config.Exchange.assignment_dir == str(folder)
    assert config.CourseDirectory.course_id == course.id
    readme = (folder / "README.md").read_text("utf-8")
    assert readme.startswith("# Modules of the course\n")
    assert f"| 1 | `m1` | m1 | {course.modules[0].minutes} |" in readme


def test_without_it_nbgrader_falls_back_to_its_default_exchange(course_root: Path) -> None:
    (course_root / "trainee-work").mkdir()
    assert "root" not in settings_read_in(course_root / "trainee-work").Exchange


def _nbgrader(cwd: Path, *args: str) -> str:
    """nbgrader as the Assignment List runs it: in the trainee folder, with its settings."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "nbgrader"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


@pytest.mark.slow
def test_two_checkouts_on_one_account_do_not_see_each_others_submissions(
    tmp_path: Path,
) -> None:
    """nbgrader's default cache of submissions is one per Unix account ($JUPYTER_DATA_DIR): two
    copies of the course on one machine shared it, and each Assignment List showed the other's
    submissions. Each course now keeps its own."""
    first, second = (
        load_course(make_course(tmp_path / name, {"m1": {"quiz": sample_notebook()}}))
        for name in ("first", "second")
    )
    for course in (first, second):
        release(course, ["m1"])
        publish(course, ["m1"])
    work = first.root / "trainee-work"
    _nbgrader(work, "fetch_assignment", "m1")
    _nbgrader(work, "submit", "m1")
    assert "m1" in _nbgrader(work, "list", "--cached")
    assert "m1" not in _nbgrader(second.root / "trainee-work", "list", "--cached")
