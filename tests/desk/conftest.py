"""The desk's tests reuse the grading service's course and trainees; the venv first on PATH."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder_service"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grading"))


@pytest.fixture(autouse=True)
def _tools_on_path(monkeypatch):
    scripts = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", scripts + ":" + os.environ.get("PATH", ""))
    monkeypatch.delenv("CTCOURSE_DB_URL", raising=False)
    monkeypatch.delenv("CTCOURSE_LANG", raising=False)
