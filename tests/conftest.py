"""Fixtures shared by every test folder; keep this file small and generic.

Folder-specific fixtures belong in that folder's own ``conftest.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from coursefactory import REPO, make_course, sample_notebook

VENV_BIN = REPO / ".venv" / "bin"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's Jupyter/IPython dirs or inherits ctcourse settings.

    The venv's scripts come first on PATH because nbgrader shells out to ``alembic``.
    """
    home = tmp_path_factory.mktemp("home")
    for name, sub in {
        "JUPYTER_CONFIG_DIR": "jupyter-config",
        "JUPYTER_DATA_DIR": "jupyter-data",
        "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
        "IPYTHONDIR": "ipython",
    }.items():
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("CTCOURSE_RELEASES", str(home / "releases"))  # case-data release ledgers
    for name in ("CTCOURSE_LANG", "CTCOURSE_RESPONSES", "CTCOURSE_ROOT", "CTCOURSE_DB_URL"):
        monkeypatch.delenv(name, raising=False)
    scripts = [str(VENV_BIN), str(Path(sys.executable).parent)]
    monkeypatch.setenv("PATH", os.pathsep.join([*scripts, os.environ.get("PATH", "")]))


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    """A valid one-module course (``m1/quiz.ipynb``, every question type) under ``tmp_path``."""
    return make_course(tmp_path / "course", {"m1": {"quiz": sample_notebook()}})
