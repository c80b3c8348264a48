"""Where case data lives: the bundled Ukraine subset, the country lookup, and the override.

The bundled files sit in the repository's ``data/`` folder (see ``data/README.md`` for
attribution). ``CTCOURSE_CASES_PATH`` (or an explicit path) points the same code at another
CTDC-schema file, such as the 97,750-row global release.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd

from ctcourse.errors import CaseDataError

ENV_VAR = "CTCOURSE_CASES_PATH"
DATA_DIR = Path(__file__).resolve().parents[3] / "data"
UKRAINE_FILE = "ctdc_k_anon_2021_citizenship_UA.csv"
LOOKUP_FILE = "ctdc_country_region_lookup.csv"


def _bundled(name: str) -> Path:
    path = DATA_DIR / name
    if not path.is_file():
        raise CaseDataError(
            f"{path}: bundled data file is missing; run from a clone of the ctcourse repository "
            f"(pip install -e .) or set {ENV_VAR}"
        )
    return path


def cases_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The case file to use: ``path`` if given, else ``$CTCOURSE_CASES_PATH``, else the bundled
    Ukraine subset."""
    chosen = path if path is not None else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return _bundled(UKRAINE_FILE)
    return Path(chosen)


@functools.cache
def country_lookup() -> pd.DataFrame:
    """The CTDC country–region lookup (ISO2, ISO3, country, UN region and sub-region).

    Read with ``keep_default_na=False`` because "NA" is Namibia; the shipped lookup lost that
    code in an earlier conversion (its ISO2 cell is empty), so it is restored from ISO3 "NAM".
    """
    lookup = pd.read_csv(_bundled(LOOKUP_FILE), dtype=str, keep_default_na=False)
    lookup.loc[lookup["ISO3"] == "NAM", "ISO2"] = "NA"
    return lookup[lookup["ISO2"] != ""].reset_index(drop=True)
