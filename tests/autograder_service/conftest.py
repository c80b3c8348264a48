"""The grading service's tests import their helpers from this folder and tests/grading (the root
conftest puts the venv first on PATH, as nbgrader shells out to ``alembic``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grading"))
