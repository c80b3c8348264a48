"""Shared fixtures: the bundled data, the (optional) shared global file, synthetic CSVs."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from casefiles import write_synthetic

from ctcourse.cases import load_cases

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "data" / "ctdc"
GLOBAL_FILE = SHARED / "ctdc_global_k_anon_dataset_2021-07-15.csv"
UA_FILE = REPO / "data" / "ctdc_k_anon_2021_citizenship_UA.csv"


@pytest.fixture(autouse=True)
def releases(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test publishes into a release ledger of its own (as a fresh statistics office)."""
    folder = tmp_path_factory.mktemp("releases")
    monkeypatch.setenv("CTCOURSE_RELEASES", str(folder))
    return folder


@pytest.fixture(scope="session")
def ua() -> pd.DataFrame:
    return load_cases()


@pytest.fixture(scope="session")
def global_file() -> Path:
    if not GLOBAL_FILE.is_file():
        pytest.skip(f"shared CTDC global file absent ({GLOBAL_FILE})")
    return GLOBAL_FILE


@pytest.fixture
def synthetic_file(tmp_path: Path) -> Path:
    return write_synthetic(tmp_path / "synthetic_ctdc_cases.csv")
