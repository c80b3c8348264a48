"""Grading tests import their helpers from this folder and the tests root (the root conftest puts
the venv first on PATH, as nbgrader shells out to ``alembic``)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cohort import released_course

from ctcourse.course import Course, load_course


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """The test course released once per test module (each test copies it)."""
    return released_course(tmp_path_factory.mktemp("course") / "c")


@pytest.fixture
def course(released: Path, tmp_path: Path) -> Course:
    """A fresh copy of the released course, loaded."""
    return load_course(shutil.copytree(released, tmp_path / "c"))
