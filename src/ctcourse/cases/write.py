"""Write a case frame back to a CTDC-schema CSV (flags as 0/1, missing as an empty cell;
text that a spreadsheet would run as a formula is written with a leading ``'``)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ctcourse.cases.schema import COLUMNS, FLAG_COLUMNS
from ctcourse.spreadsheet import inert_frame


def write_cases(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` so that :func:`ctcourse.cases.load_cases` reads it back unchanged
    (formula-leading text aside, which no CTDC value has)."""
    out = frame[list(COLUMNS)].copy()
    for column in FLAG_COLUMNS:
        out[column] = out[column].astype("Int8")
    path = Path(path)
    inert_frame(out).to_csv(path, index=False)
    return path
