"""Write a case frame back to a CTDC-schema CSV (flags as 0/1, missing as an empty cell)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ctcourse.cases.schema import COLUMNS, FLAG_COLUMNS


def write_cases(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` so that :func:`ctcourse.cases.load_cases` reads it back unchanged."""
    out = frame[list(COLUMNS)].copy()
    for column in FLAG_COLUMNS:
        out[column] = out[column].astype("Int8")
    path = Path(path)
    out.to_csv(path, index=False)
    return path
