"""CSV for people who open it in a spreadsheet: no live formula, Ukrainian text intact.

A field that starts with a formula character (``=``, ``+``, ``-``, ``@``, a tab or a carriage
return), or has one right after a ``;``, is written with a leading ``'`` there, as OWASP
advises against CSV injection (decision 11 of the design: trainee text is inert): trainee ids, names and e-mail addresses are text a trainee controls. Files for people are UTF-8
with a byte-order mark: Excel reads a CSV without one in the computer's legacy code page, which
turns Cyrillic names and titles into mojibake, while pandas, LibreOffice and Google Sheets
read the mark as UTF-8 too.
"""

from __future__ import annotations

from typing import TypeVar

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The encoding of every CSV a trainer or analyst opens (UTF-8 with a byte-order mark).
ENCODING = "utf-8-sig"

T = TypeVar("T")


def inert(value: T) -> T | str:
    """The value, or text with a leading ``'`` if a spreadsheet would run it as a formula —
    also after each ``;``: Excel with a ``;`` list separator (the Ukrainian locale) splits an
    unquoted field there, so ``Threats;=cmd|…`` becomes ``Threats;'=cmd|…``."""
    if not isinstance(value, str):
        return value
    parts = value.split(";")
    return ";".join(
        "'" + part if (part if n == 0 else part.lstrip(" ")).startswith(FORMULA_START) else part
        for n, part in enumerate(parts)
    )


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text fields and column names are all inert."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column].dtype):
            out[column] = out[column].map(inert, na_action="ignore")
    out.columns = [inert(str(name)) for name in out.columns]
    return out
