"""The desk's tests reuse the grading service's course and trainees (the root conftest puts the
venv first on PATH for nbgrader's ``alembic``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "autograder_service"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grading"))
