"""The bundled copies equal the shared CTDC files (SHA-256) and carry attribution."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ctcourse.cases.data import DATA_DIR, LOOKUP_FILE, UKRAINE_FILE

SUMS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ctdc" / "SHA256SUMS"


@pytest.mark.parametrize("name", [UKRAINE_FILE, LOOKUP_FILE])
def test_bundled_file_matches_shared_checksum(name: str) -> None:
    if not SUMS.is_file():
        pytest.skip(f"shared checksums absent ({SUMS})")
    sums = dict(reversed(line.split(maxsplit=1)) for line in SUMS.read_text().splitlines())
    assert hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest() == sums[name]


def test_readme_gives_attribution_and_citation() -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "Source: Counter-Trafficking Data Collaborative (CTDC). 2021. 'The Global K-anon" in (
        readme.replace("\n> ", " ")
    )
    assert "cmonitt/Human_Trafficking" in readme and UKRAINE_FILE in readme
