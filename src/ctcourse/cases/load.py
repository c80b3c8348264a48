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
import datetime
import io
import mmap
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ctcourse.cases.data import cases_path, country_lookup
from ctcourse.cases.hierarchies import GENERALIZED_AGE_LABELS, region_maps
from ctcourse.cases.ledger import register
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
WINDOW = 1 << 24
"""Bytes scanned at a time when finding records."""
BLOCK_BYTES = 1 << 21
"""Least bytes of records parsed, validated and typed at a time; a file is cut into at most
MAX_BLOCKS blocks, so the parser's working memory stays a small share of the file's size."""
MAX_BLOCKS = 64
TEXT_SAMPLE = 100_000
"""Values of a free-text column looked at to decide whether it repeats (see _compact_text)."""
FIRST_YEAR = 1990
"""Earliest plausible year of registration (CTDC data start in 2002)."""


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
        with path.open("rb") as file:
            empty = os.fstat(file.fileno()).st_size == 0
            raw = b"" if empty else mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError as exc:
        raise CaseDataError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    first = len(codecs.BOM_UTF8) if raw[:3] == codecs.BOM_UTF8 else 0
    _check_line_endings(path, raw, first)
    starts, ends, lines = _records(raw, first)
    _release(raw, 0, len(raw))
    if len(starts) == 0:
        raise CaseDataError(f"{path}: the file is empty; expected a CSV header on line 1")
    header_line = raw[starts[0] : ends[0]]
    header = _header(path, header_line)
    parts, dropped_lines, dropped = [], [], Counter[str]()
    size = max(BLOCK_BYTES, len(raw) // MAX_BLOCKS)
    per_block = max(1, len(starts) * size // max(len(raw), 1))
    for low in range(1, max(len(starts), 2), per_block):
        at = slice(low, low + per_block)
        frame, bad_lines, reasons = _load_block(
            path, raw, header_line, header, (starts[at], ends[at], lines[at]), lenient
        )
        parts.append(frame)
        if len(starts[at]):
            _release(raw, int(starts[at][0]), int(ends[at][-1]))
        dropped_lines += bad_lines
        dropped.update(reasons)
    del raw
    frame = _concat(parts)
    register(frame, path)
    return frame, DroppedRows(tuple(sorted(dropped_lines)), dict(dropped))


def _load_block(
    path: Path,
    raw: bytes,
    header_line: bytes,
    header: list[str],
    records: tuple[np.ndarray, np.ndarray, np.ndarray],
    lenient: bool,
) -> tuple[pd.DataFrame, list[int], Counter[str]]:
    """Parse, validate and type one block of records (bounded memory per block)."""
    starts, ends, lines = records
    bad_records = _bad_records(path, raw, starts, ends, lines, lenient)
    dropped: Counter[str] = Counter()
    bad_lines: list[int] = []
    for i, reason in bad_records.items():  # a record over several lines drops each of them
        span = raw[starts[i] : ends[i]].count(b"\n") + 1
        dropped[reason] += span
        bad_lines += range(int(lines[i]), int(lines[i]) + span)
    keep = np.array([i not in bad_records for i in range(len(starts))], dtype=bool)
    if bad_records:
        kept = (raw[starts[i] : ends[i]] for i in np.flatnonzero(keep))
        body = header_line + b"\n" + b"\n".join(kept)
    else:
        body = header_line + b"\n" + (raw[starts[0] : ends[-1]] if len(starts) else b"")
    data_lines = lines[keep]
    frame = _parse(path, body, header)
    del body
    problems = _validate(frame)
    if problems and not lenient:
        raise CaseDataError(_first_problem_message(path, frame, problems, data_lines))
    bad_rows = np.zeros(len(frame), dtype=bool)
    for problem in problems:
        bad_rows |= problem.mask
        dropped[problem.reason] += int(problem.mask.sum())
    if bad_rows.any():
        frame = frame.loc[~bad_rows].reset_index(drop=True)
    dropped_lines = bad_lines + data_lines[bad_rows].tolist()
    return _typed(frame), dropped_lines, dropped


def _release(raw: bytes | mmap.mmap, low: int, high: int) -> None:
    """Let the kernel drop the file's pages from ``low`` to ``high`` once they are read (the
    file is mapped, not copied, so memory holds the parsed rows and little of the file)."""
    if isinstance(raw, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        start = low - low % mmap.PAGESIZE
        if high > start:
            raw.madvise(mmap.MADV_DONTNEED, start, high - start)


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One frame from the typed blocks: category columns get the union of the blocks'
    categories first (so they stay categorical), unused ones dropped after."""
    for column in TEXT_COLUMNS:  # a category in every block, or strings in every block
        if not all(isinstance(part[column].dtype, pd.CategoricalDtype) for part in parts):
            for part in parts:
                part[column] = part[column].astype("str")
    if any(isinstance(part[YEAR].dtype, pd.CategoricalDtype) for part in parts):
        for part in parts:
            part[YEAR] = part[YEAR].astype("string").astype("category")
    for column in parts[0].columns:
        if not isinstance(parts[0][column].dtype, pd.CategoricalDtype):
            continue
        every = dict.fromkeys(c for part in parts for c in part[column].cat.categories)
        order = list(CATEGORIES.get(column, ())) + sorted(
            (c for c in every if c not in CATEGORIES.get(column, ())), key=str
        )
        for part in parts:
            part[column] = part[column].cat.set_categories(order)
    if len(parts) > 1:  # column by column, each part's column freed once joined
        frame = pd.DataFrame(
            {c: pd.concat([p.pop(c) for p in parts], ignore_index=True) for c in list(parts[0])}
        )
    else:
        frame = parts[0]
    parts.clear()
    for column in (*COUNTRY_COLUMNS, *TEXT_COLUMNS):
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].cat.remove_unused_categories()
    if isinstance(frame[YEAR].dtype, pd.CategoricalDtype):
        frame[YEAR] = frame[YEAR].cat.remove_unused_categories()
    return frame


def _compact_text(series: pd.Series) -> pd.Series:
    """A free-text column as a category when its values repeat (each stored once), else as
    strings: a category of one value per row would cost its values twice over plus a hash
    table, 5.6 times the file where the text is distinct per row."""
    head = series.iloc[:TEXT_SAMPLE].dropna()
    repeats = 2 * head.nunique() <= len(head)
    return series.astype("category") if repeats else series


def _check_line_endings(path: Path, raw: bytes, first: int) -> None:
    """Files whose lines end in CR alone (classic Mac) or with an unbalanced quote get one
    line naming where."""
    head = raw[first : first + (1 << 20)]
    if b"\r" in head and b"\n" not in head:
        line = head[: head.index(b"\r")].decode("utf-8", errors="replace")
        raise CaseDataError(
            f"{path}: line 1, column {line.count(',') + 1}: the line ends with a carriage "
            "return alone (old Mac line endings); save the file with LF or CRLF line endings"
        )
    if _quotes(raw, first) % 2:
        line_number, text = _unbalanced_quote_line(raw, first)
        column = text[: text.index('"')].count(",") + 1 if '"' in text else 1
        raise CaseDataError(
            f"{path}: line {line_number}, column {column}: a quote opens a field and never "
            'closes (stray " in the file?)'
        )


def _quotes(raw: bytes | mmap.mmap, first: int) -> int:
    """How many double quotes the file holds (window by window)."""
    return sum(
        raw[offset : offset + WINDOW].count(b'"') for offset in range(first, len(raw), WINDOW)
    )


def _unbalanced_quote_line(raw: bytes | mmap.mmap, first: int) -> tuple[int, str]:
    """The first physical line with an odd number of quotes (1-based) and its text."""
    number, position = 1, first
    while position < len(raw):
        end = raw.find(b"\n", position)
        end = len(raw) if end < 0 else end
        line = raw[position:end]
        if line.count(b'"') % 2:
            return number, line.decode("utf-8", errors="replace")
        number, position = number + 1, end + 1
    return 1, ""


def _records(raw: bytes, first: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Byte start/end and 1-based line number of every non-blank CSV record, found window
    by window so that the scan needs little memory beyond the file itself."""
    newline_parts, end_parts, quotes_before = [], [], 0
    for offset in range(first, len(raw), WINDOW):
        data = np.frombuffer(
            raw, dtype=np.uint8, count=min(WINDOW, len(raw) - offset), offset=offset
        )
        newlines = np.flatnonzero(data == _NEWLINE) + offset
        newline_parts.append(newlines)
        quotes = np.flatnonzero(data == _QUOTE) + offset
        before = quotes_before + np.searchsorted(quotes, newlines)
        end_parts.append(newlines[before % 2 == 0])
        quotes_before += len(quotes)
    newlines = np.concatenate(newline_parts) if newline_parts else np.zeros(0, np.int64)
    record_ends = np.concatenate(end_parts) if end_parts else np.zeros(0, np.int64)
    if len(raw) > first and raw[-1] != _NEWLINE:
        record_ends = np.append(record_ends, len(raw))
    starts = np.concatenate(([first], record_ends[:-1] + 1)) if len(record_ends) else record_ends
    ends = record_ends.copy()
    data = np.frombuffer(raw, dtype=np.uint8)
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
    """Records of a block that are not valid UTF-8 or do not have 63 fields (index → reason)."""
    bad: dict[int, str] = {}
    if not len(starts):
        return bad
    try:
        raw[starts[0] : ends[-1]].decode("utf-8")
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
    for i in np.flatnonzero(_line_breaks(raw, starts, ends)):
        if not lenient:
            record = raw[starts[i] : ends[i]]
            column = record[: record.find(b'"')].count(b",") + 1
            last = lines[i] + record.count(b"\n")
            raise CaseDataError(
                f"{path}: line {lines[i]}, column {column}: a quoted field runs over "
                f"{last - lines[i] + 1} lines, to line {last} (stray quotes?); CTDC values "
                "hold no line breaks"
            )
        bad[int(i)] = "quoted field over several lines"
    fields = _field_counts(raw, starts, ends)
    for i in np.flatnonzero(fields != len(COLUMNS)):
        if not lenient:
            kind = "truncated row?" if fields[i] < len(COLUMNS) else "extra fields"
            raise CaseDataError(
                f"{path}: line {lines[i]}: {fields[i]} fields, expected {len(COLUMNS)} ({kind})"
            )
        bad.setdefault(int(i), "wrong number of fields")
    return bad


def _line_breaks(raw: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Line breaks inside each record of a block (only inside quotes: stray quotes)."""
    low, high = int(starts[0]), int(ends[-1])
    data = np.frombuffer(raw, dtype=np.uint8, count=high - low, offset=low)
    breaks = np.flatnonzero(data == _NEWLINE)
    return np.searchsorted(breaks, ends - low) - np.searchsorted(breaks, starts - low)


def _field_counts(raw: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Fields per record of a block (commas outside quotes, plus one)."""
    low, high = int(starts[0]), int(ends[-1])
    data = np.frombuffer(raw, dtype=np.uint8, count=high - low, offset=low)
    commas = np.flatnonzero(data == _COMMA)
    quotes = np.flatnonzero(data == _QUOTE)
    if len(quotes):
        commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
    return np.searchsorted(commas, ends - low) - np.searchsorted(commas, starts - low) + 1


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
        problems.append(
            _Problem(YEAR, mask, "bad year", f"a year from {FIRST_YEAR} to {_this_year()}")
        )
    return problems


def _bad_flags(column: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        return ~(np.isnan(values) | (values == 0) | (values == 1))
    numbers = pd.to_numeric(column, errors="coerce")
    return (
        (column.notna() & numbers.isna()) | (numbers.notna() & ~numbers.isin([0, 1]))
    ).to_numpy()


def _this_year() -> int:
    return datetime.date.today().year


def _bad_years(column: pd.Series) -> np.ndarray:
    """Years that are not whole, or outside 1990..this year (a bin such as 2020-2029 from
    the anonymizer must start in that range)."""
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype=float, na_value=np.nan)
        wrong = (values % 1 != 0) | (values < FIRST_YEAR) | (values > _this_year())
        return ~np.isnan(values) & wrong
    text = column.astype("str")
    bounds = text.str.extract(r"^(\d{4})(?:-(\d{4}))?$")
    low = pd.to_numeric(bounds[0]).to_numpy(dtype=float, na_value=np.nan)
    high = pd.to_numeric(bounds[1].fillna(bounds[0])).to_numpy(dtype=float, na_value=np.nan)
    single = bounds[1].isna().to_numpy()
    valid = (low >= FIRST_YEAR) & (low <= _this_year()) & (low <= high)
    valid &= ~single | (high <= _this_year())
    return column.notna().to_numpy(dtype=bool) & ~valid


def _first_problem_message(
    path: Path, frame: pd.DataFrame, problems: list[_Problem], lines: np.ndarray
) -> str:
    first = min(problems, key=lambda p: int(np.argmax(p.mask)))
    row = int(np.argmax(first.mask))
    bad_rows = int(np.logical_or.reduce([p.mask for p in problems]).sum())
    value = frame.at[row, first.column]
    value = value.item() if isinstance(value, np.generic) else value
    more = f" ({bad_rows} bad rows in all; load_cases_lenient drops them)" if bad_rows > 1 else ""
    return (
        f"{path}: line {lines[row]}: column {first.column!r}: {value!r} is not "
        f"{first.expected}{more}"
    )


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals in schema order (text columns too), nullable booleans for flags,
    nullable integer years."""
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
        else:  # a free-text column: a category if its values repeat (see _compact_text)
            out[column] = _compact_text(series)
    return pd.DataFrame(out)
