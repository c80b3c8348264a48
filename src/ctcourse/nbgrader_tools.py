"""Small helpers for driving nbgrader in-process."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from ctcourse.nbgrader_settings import course_config


def ensure_tools_on_path() -> None:
    """nbgrader shells out to ``alembic``; put this interpreter's scripts folder on PATH first."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


def nbgrader_api(root: Path, env: Mapping[str, str], extra: Config | None = None) -> NbGraderAPI:
    """An NbGraderAPI for the course at ``root`` configured by :mod:`ctcourse.nbgrader_settings`
    (and ``extra`` on top)."""
    ensure_tools_on_path()
    config = course_config(root, env)
    if extra is not None:
        config.merge(extra)
    return NbGraderAPI(CourseDirectory(config=config), config=config)
