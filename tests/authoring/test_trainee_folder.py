"""``trainee-work/``: nbgrader's Assignment List, reading its settings from there, finds the course."""

from __future__ import annotations

import os
from pathlib import Path

from nbgrader.apps import NbGrader

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
