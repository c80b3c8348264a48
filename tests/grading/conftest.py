"""Grading tests drive nbgrader, which shells out to ``alembic``: put the venv first on PATH."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


@pytest.fixture(autouse=True)
def _tools_on_path(monkeypatch):
    scripts = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", scripts + ":" + __import__("os").environ.get("PATH", ""))
    monkeypatch.delenv("CTCOURSE_DB_URL", raising=False)
    monkeypatch.delenv("CTCOURSE_LANG", raising=False)
