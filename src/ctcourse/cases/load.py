"""Load a CTDC-schema CSV, validate it and return a typed frame — strictly or leniently.

Strict loading (:func:`load_cases`) stops at the first problem with one line naming the file,
the line (1-based, the header is line 1) and the column. Lenient loading
(:func:`load_cases_lenient`) drops every bad row and says how many and why. A wrong header
(missing, renamed or duplicated columns, wrong delimiter) is always fatal. Nothing is coerced:
a value is accepted only if it is a known category, an ISO-2 code, 0/1, a whole year, or one
of the missing codes (empty cell, or ``-99`` as in the 2018/2020 releases).

Validation is vectorized (field counts by numpy over the raw bytes, categories by their
distinct values) so that it costs a fraction of the parse itself.
"""

from __future__ import annotations

import codecs
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ctcourse.cases.data import cases_path, country_lookup
from ctcourse.cases.hierarchies import GENERALIZED_AGE_LABELS, YEAR_BIN, region_maps
from ctcourse.cases.schema import (
    CATEGORIES,
    COLUMNS,
    COUNTRY_COLUMNS,
    FLAG_COLUMNS,
    MISSING_CODES,
    TEXT_COLUMNS,
    YEAR,
)
from ctcourse.errors import CaseDataError

_NEWLINE, _COMMA, _QUOTE = 10, 44, 34


@dataclass(frozen=True)
class DroppedRows:
    """Rows a lenient load dropped: their line numbers and how many per reason."""

    lines: tuple[int, ...] = ()
    reasons: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)

    def __str__(self) -> str:
        if not self.lines:
            return "no rows dropped"
        why = "; ".join(f"{reason}: {n}" for reason, n in self.reasons.items())
        shown = ", ".join(str(line) for line in self.lines[:10])
        more = ", …" if len(self.lines) > 10 else ""
        return f"dropped {len(self.lines)} rows ({why}) at lines {shown}{more}"


@dataclass(frozen=True)
class _Problem:
    column: str
    mask: np.ndarray
    reason: str
    expected: str


def load_cases(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load and validate a CTDC-schema CSV (default: the bundled Ukraine subset).

    Raises :class:`CaseDataError` naming file, line and column at the first problem.
    """
    frame, _ = _load(cases_path(path), lenient=False)
    return frame


def load_cases_lenient(
    path: str | os.PathLike[str] | None = None,
) -> tuple[pd.DataFrame, DroppedRows]:
    """Like :func:`load_cases`, but drop bad rows and report them instead of failing."""
    return _load(cases_path(path), lenient=True)


def _load(path: Path, *, lenient: bool) -> tuple[pd.DataFrame, DroppedRows]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseDataError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    raw = raw.removeprefix(codecs.BOM_UTF8)
    starts, ends, lines = _records(raw)
    if len(starts) == 0:
        raise CaseDataError(f"{path}: the file is empty; expected a CSV header on line 1")
    header = _header(path, raw[starts[0] : ends[0]])
    bad_records = _bad_records(path, raw, starts[1:], ends[1:], lines[1:], lenient)
    dropped: Counter[str] = Counter(reason for reason in bad_records.values())
    keep = np.array([i not in bad_records for i in range(len(starts) - 1)], dtype=bool)
    body = raw if not bad_records else _rebuild(raw, starts, ends, keep)
    data_lines = lines[1:][keep]
    frame = _parse(path, body, header)
    problems = _validate(frame)
    if problems and not lenient:
        raise CaseDataError(_first_problem_message(path, frame, problems, data_lines))
    bad_rows = np.zeros(len(frame), dtype=bool)
    for problem in problems:
        bad_rows |= problem.mask
        dropped[problem.reason] += int(problem.mask.sum())
    if bad_rows.any():
        frame = frame.loc[~bad_rows].reset_index(drop=True)
    dropped_lines = sorted([int(lines[1:][i]) for i in bad_records] + list(data_lines[bad_rows]))
    return _typed(frame), DroppedRows(tuple(dropped_lines), dict(dropped))


def _records(raw: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Byte start/end and 1-based line number of every non-blank CSV record."""
    data = np.frombuffer(raw, dtype=np.uint8)
    newlines = np.flatnonzero(data == _NEWLINE)
    record_ends = newlines
    if b'"' in raw:
        quotes = np.flatnonzero(data == _QUOTE)
        record_ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    if raw and raw[-1] != _NEWLINE:
        record_ends = np.append(record_ends, len(raw))
    starts = np.concatenate(([0], record_ends[:-1] + 1)) if len(record_ends) else record_ends
    ends = record_ends.copy()
    ends[(ends > starts) & (data[np.maximum(ends - 1, 0)] == ord("\r"))] -= 1
    lines = np.searchsorted(newlines, starts) + 1
    nonblank = ends > starts
    return starts[nonblank], ends[nonblank], lines[nonblank]


def _header(path: Path, line: bytes) -> list[str]:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise CaseDataError(f"{path}: line 1: the header is not valid UTF-8") from None
    names = text.split(",")
    if len(names) == 1:
        for delimiter, name in ((";", "semicolon"), ("\t", "tab")):
            if delimiter in text:
                raise CaseDataError(
                    f"{path}: line 1: the file looks {name}-delimited; "
                    "CTDC files are comma-separated"
                )
    for name, n in Counter(names).items():
        if n > 1:
            raise CaseDataError(f"{path}: line 1: column {name!r} appears {n} times")
    unexpected = [(i, name) for i, name in enumerate(names, 1) if name not in COLUMNS]
    missing = [name for name in COLUMNS if name not in names]
    if unexpected:
        where, name = unexpected[0]
        instead = f"; missing: {', '.join(missing[:3])}" if missing else ""
        raise CaseDataError(
            f"{path}: line 1: column {where} is {name!r}, not a CTDC column{instead}"
        )
    if missing:
        raise CaseDataError(
            f"{path}: line 1: {len(missing)} CTDC column(s) missing: {', '.join(missing[:5])}"
        )
    return names


def _bad_records(
    path: Path,
    raw: bytes,
    starts: np.ndarray,
    ends: np.ndarray,
    lines: np.ndarray,
    lenient: bool,
) -> dict[int, str]:
    """Data records that are not valid UTF-8 or do not have 63 fields (index → reason)."""
    bad: dict[int, str] = {}
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
            try:
                raw[start:end].decode("utf-8")
            except UnicodeDecodeError as exc:
                if not lenient:
                    byte = exc.object[exc.start : exc.start + 1]
                    raise CaseDataError(
                        f"{path}: line {lines[i]}: not valid UTF-8 (byte {byte!r} at "
                        f"character {exc.start + 1}); save the file as UTF-8"
                    ) from None
                bad[i] = "not valid UTF-8"
    fields = _field_counts(raw, starts, ends)
    for i in np.flatnonzero(fields != len(COLUMNS)):
        if not lenient:
            kind = "truncated row?" if fields[i] < len(COLUMNS) else "extra fields"
            raise CaseDataError(
                f"{path}: line {lines[i]}: {fields[i]} fields, expected {len(COLUMNS)} ({kind})"
            )
        bad.setdefault(int(i), "wrong number of fields")
    return bad


def _field_counts(raw: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    data = np.frombuffer(raw, dtype=np.uint8)
    commas = np.flatnonzero(data == _COMMA)
    if b'"' in raw:
        quotes = np.flatnonzero(data == _QUOTE)
        commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
    return np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1


def _rebuild(raw: bytes, starts: np.ndarray, ends: np.ndarray, keep: np.ndarray) -> bytes:
    kept = [0, *(np.flatnonzero(keep) + 1)]
    return b"\n".join(raw[starts[i] : ends[i]] for i in kept) + b"\n"


def _parse(path: Path, body: bytes, header: list[str]) -> pd.DataFrame:
    dtype = {name: "category" for name in (*CATEGORIES, *COUNTRY_COLUMNS)}
    dtype.update({name: "str" for name in TEXT_COLUMNS})
    try:
        frame = pd.read_csv(
            io.BytesIO(body),
            dtype=dtype,
            keep_default_na=False,
            na_values=list(MISSING_CODES),
            low_memory=False,
            encoding="utf-8",
        )
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise CaseDataError(f"{path}: cannot parse as CSV: {str(exc).strip()}") from None
    return frame[list(COLUMNS)] if header != list(COLUMNS) else frame


def _allowed(column: str) -> set[str]:
    if column in COUNTRY_COLUMNS:
        to_sub, to_region = region_maps()
        return set(country_lookup()["ISO2"]) | set(to_sub) | set(to_region)
    extra = GENERALIZED_AGE_LABELS if column == "ageBroad" else ()
    return {*CATEGORIES[column], *extra}


def _validate(frame: pd.DataFrame) -> list[_Problem]:
    problems = []
    for column in (*CATEGORIES, *COUNTRY_COLUMNS):
        allowed = _allowed(column)
        unknown = [value for value in frame[column].cat.categories if value not in allowed]
        if unknown:
            expected = (
                "an ISO 3166-1 alpha-2 code (or UN region)"
                if column in COUNTRY_COLUMNS
                else "one of " + ", ".join(CATEGORIES[column])
            )
            mask = frame[column].isin(unknown).to_numpy()
            problems.append(_Problem(column, mask, f"unknown {column} value", expected))
    for column in FLAG_COLUMNS:
        mask = _bad_flags(frame[column])
        if mask.any():
            problems.append(_Problem(column, mask, f"{column} not 0/1", "0, 1 or empty"))
    mask = _bad_years(frame[YEAR])
    if mask.any():
        problems.append(_Problem(YEAR, mask, "bad year", "a whole year such as 2015"))
    return problems


def _bad_flags(column: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        return ~(np.isnan(values) | (values == 0) | (values == 1))
    numbers = pd.to_numeric(column, errors="coerce")
    return (
        (column.notna() & numbers.isna()) | (numbers.notna() & ~numbers.isin([0, 1]))
    ).to_numpy()


def _bad_years(column: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        return ~np.isnan(values) & ((values % 1 != 0) | (values < 1000) | (values > 9999))
    text = column.astype("str")
    valid = text.str.fullmatch(r"\d{4}") | text.str.fullmatch(YEAR_BIN.pattern)
    return (column.notna() & ~valid.fillna(False)).to_numpy(dtype=bool)


def _first_problem_message(
    path: Path, frame: pd.DataFrame, problems: list[_Problem], lines: np.ndarray
) -> str:
    first = min(problems, key=lambda p: int(np.argmax(p.mask)))
    row = int(np.argmax(first.mask))
    bad_rows = int(np.logical_or.reduce([p.mask for p in problems]).sum())
    value = frame.at[row, first.column]
    more = f" ({bad_rows} bad rows in all; load_cases_lenient drops them)" if bad_rows > 1 else ""
    return (
        f"{path}: line {lines[row]}: column {first.column!r}: {value!r} is not "
        f"{first.expected}{more}"
    )


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals in schema order, nullable booleans for flags, nullable integer years."""
    out: dict[str, object] = {}
    for column in COLUMNS:
        series = frame[column]
        if column in CATEGORIES:
            present = set(series.cat.categories)
            order = [*CATEGORIES[column], *(c for c in GENERALIZED_AGE_LABELS if c in present)]
            out[column] = series.cat.set_categories(
                order if column == "ageBroad" else CATEGORIES[column]
            )
        elif column in COUNTRY_COLUMNS:
            out[column] = series.cat.set_categories(sorted(series.cat.categories))
        elif column in FLAG_COLUMNS:
            values = pd.to_numeric(series).to_numpy(dtype=float, na_value=np.nan)
            out[column] = pd.arrays.BooleanArray(values == 1, np.isnan(values))
        elif column == YEAR and (
            pd.api.types.is_numeric_dtype(series.dtype) or not series.str.contains("-").any()
        ):
            values = pd.to_numeric(series).to_numpy(dtype=float, na_value=np.nan)
            missing = np.isnan(values)
            out[column] = pd.arrays.IntegerArray(
                np.where(missing, 0, values).astype(np.int64), missing
            )
        elif column == YEAR:
            out[column] = series.astype("category")
        else:
            out[column] = series
    return pd.DataFrame(out)
