"""Formgrader's Autograde refuses (one line naming `ctcourse autograde`); nothing else does."""

from __future__ import annotations

from pathlib import Path

from nbconvert.exporters import NotebookExporter
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension

from ctcourse.formgrader import AutogradeRefused, refusal
from ctcourse.grading.pipeline import HonestAutograde
from ctcourse.nbgrader_settings import course_config
from ctcourse.nbgrader_tools import nbgrader_api


def formgrader_api(root: Path) -> NbGraderAPI:
    """An NbGraderAPI made as formgrader makes it: a child of the formgrader extension."""
    config = course_config(root, {})
    formgrader = FormgradeExtension(config=config)
    return NbGraderAPI(CourseDirectory(config=config), parent=formgrader)


def test_formgrader_autograde_refuses_before_touching_anything(course_root: Path) -> None:
    api = formgrader_api(course_root)
    submitted = course_root / "submitted" / "alice" / "m1"
    submitted.mkdir(parents=True)
    (submitted / "quiz.ipynb").write_text("{}")
    result = api.autograde("m1", "alice")
    assert result["success"] is False
    assert refusal("m1") in result["log"]
    assert result["error"].rstrip().endswith(refusal("m1"))
    assert not (course_root / "autograded").exists()
    assert not (course_root / "gradebook.db").exists()


def test_ctcourse_and_nbgrader_autograde_keep_their_exporter(course_root: Path) -> None:
    api = nbgrader_api(course_root, {})
    plain = Autograde(coursedir=api.coursedir, parent=api)
    honest = HonestAutograde(dict, "en", False, coursedir=api.coursedir, parent=api)
    assert plain.exporter_class is NotebookExporter
    assert honest.exporter_class is NotebookExporter
    formgrader = formgrader_api(course_root)
    made_there = Autograde(coursedir=formgrader.coursedir, parent=formgrader)
    assert made_there.exporter_class is AutogradeRefused
