"""The release ledger: what was published from one dataset, kept beside it and keyed by the
dataset's content, so that protection belongs to the dataset and not to a call (decision 14).

A dataset is identified by its **fingerprint**: a hash of its rows (the 63 CTDC columns,
in any row order, whatever else was added to the frame). :func:`register` records that a
frame was loaded from a file; a frame whose fingerprint is neither loaded nor in the ledger
— a selection, an edit, a recount — is no dataset, and nothing is published from it, however
it was made (``merge``, ``query``, ``concat`` …: no frame attribute is trusted).

The ledger is one JSON file per dataset, ``<fingerprint>.json`` in the releases folder
(``$CTCOURSE_RELEASES``, default ``~/.local/share/ctcourse/releases``). It holds every
release: the k, and every table as printed (labels, cell keys, lines, the published counts
and which cells were suppressed), and every number printed outside a table. The first
release fixes the dataset's k; :mod:`ctcourse.cases.lattice` serves a later request at a
lower k with that stricter publication and refuses a higher one, and
:func:`ctcourse.cases.releases.audit_dataset` attacks the union of all recorded releases.
"""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ctcourse.cases.schema import COLUMNS
from ctcourse.errors import DisclosureError

if TYPE_CHECKING:
    from ctcourse.cases.safe_tables import Key, SafeTable

RELEASES_ENV = "CTCOURSE_RELEASES"
VERSION = 1
_MISSING_HASH = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(1_000_003)

_LOADED: dict[str, str] = {}
"""Fingerprints of the datasets loaded in this process, with the file each came from."""


def fingerprint(frame: pd.DataFrame) -> str:
    """A hash of the frame's rows over the CTDC columns, independent of row order and of
    other columns (a region added by ``merge`` keeps the dataset the same)."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise DisclosureError(
            f"not a CTDC case frame (column {missing[0]!r} is missing); load one with load_cases"
        )
    rows = np.zeros(len(frame), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in COLUMNS:
            codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
            hashed = np.append(_hashes(uniques), _MISSING_HASH) if len(uniques) else None
            value = np.full(len(codes), _MISSING_HASH) if hashed is None else hashed[codes]
            rows = rows * _MIX ^ value.astype(np.uint64)
    digest = hashlib.sha256(np.sort(rows).tobytes())
    digest.update(str(len(frame)).encode())
    return digest.hexdigest()[:32]


def _hashes(values: object, chunk: int = 1 << 16) -> np.ndarray:
    """Stable 64-bit hashes of the values as text, a chunk at a time (hashing encodes every
    string: a column of distinct strings would otherwise be copied whole)."""
    parts = []
    for low in range(0, len(values), chunk):
        text = np.asarray([_text(v) for v in values[low : low + chunk]], dtype=object)
        parts.append(pd.util.hash_array(text))
    return np.concatenate(parts)


def _text(value: object) -> str:
    """A value as text, the same whether it came as a number, a bool or a category."""
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def register(frame: pd.DataFrame, source: os.PathLike[str] | str) -> str:
    """Record that ``frame`` is a dataset loaded from ``source``; its fingerprint."""
    found = fingerprint(frame)
    _LOADED[found] = str(source)
    return found


def identify(frame: pd.DataFrame) -> str:
    """The fingerprint of the dataset ``frame`` holds; :class:`DisclosureError` if it holds
    no loaded or ledgered dataset (a selection, an edit or a recount of one)."""
    found = fingerprint(frame)
    if found in _LOADED or ledger_path(found).is_file():
        return found
    raise DisclosureError(
        f"this frame ({len(frame)} rows) is not a dataset loaded with load_cases: a selection, "
        "merge that dropped or duplicated rows, or an edit of one; tables are published for a "
        "whole dataset only — select rows or columns of the published tables instead"
    )


def source_of(found: str) -> str:
    """The file a dataset was loaded from (or its fingerprint)."""
    return _LOADED.get(found, found)


def releases_dir() -> Path:
    """The folder of the ledgers: ``$CTCOURSE_RELEASES`` or ~/.local/share/ctcourse/releases."""
    chosen = os.environ.get(RELEASES_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "ctcourse" / "releases"


def ledger_path(found: str) -> Path:
    return releases_dir() / f"{found}.json"


@dataclass(frozen=True)
class Ledger:
    """Everything published from one dataset: releases (tables by name, at a k) and numbers."""

    dataset: str
    source: str
    releases: tuple[dict, ...]
    numbers: tuple[dict, ...]

    @property
    def k(self) -> int | None:
        """The dataset's k: that of its first release (None before any)."""
        return self.releases[0]["k"] if self.releases else None

    def tables(self) -> Iterator[tuple[int, dict]]:
        """(k, recorded table) for every table of every release."""
        for release in self.releases:
            for table in release["tables"].values():
                yield release["k"], table


def read(found: str) -> Ledger:
    """The ledger of a dataset (empty if nothing was published from it)."""
    path = ledger_path(found)
    if not path.is_file():
        return Ledger(found, source_of(found), (), ())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DisclosureError(f"{path}: cannot read the release ledger ({exc})") from None
    return Ledger(data["dataset"], data["source"], tuple(data["releases"]), tuple(data["numbers"]))


def record_release(
    found: str, k: int, tables: dict[str, SafeTable], levels: dict[str, int]
) -> None:
    """Add a release of ``tables`` at ``k`` with the recoding ``levels`` it used (once per
    k: a release is fixed by its data)."""
    entry = {
        "k": k,
        "when": _now(),
        "levels": dict(levels),
        "tables": {name: table_record(table) for name, table in tables.items()},
    }
    with _locked(found) as data:
        if all(release["k"] != k for release in data["releases"]):
            data["releases"].append(entry)


def record_number(found: str, key: Key, value: int, what: str) -> None:
    """Add a number printed outside a table (e.g. "9995 rows"), with the cell it counts."""
    entry = {"what": what, "key": _key_json(key), "value": int(value), "when": _now()}
    with _locked(found) as data:
        seen = {(n["what"], json.dumps(n["key"]), n["value"]) for n in data["numbers"]}
        if (what, json.dumps(entry["key"]), entry["value"]) not in seen:
            data["numbers"].append(entry)


def table_record(table: SafeTable) -> dict:
    """A table as published: labels, cell keys, lines and counts (null where suppressed)."""
    counts = table.counts.to_numpy(dtype=float, na_value=np.nan).ravel()
    return {
        "title": table.title,
        "kind": table.kind,
        "index": [str(label) for label in table.counts.index],
        "columns": [str(label) for label in table.counts.columns],
        "keys": [_key_json(key) for key in table._keys],
        "lines": [[int(total), [int(p) for p in parts]] for total, parts in table._lines],
        "counts": [None if np.isnan(c) else int(c) for c in counts],
    }


def key_of(record: list) -> Key:
    """A cell key read back from the ledger."""
    atoms, conds = record
    return tuple(atoms), tuple((str(a), str(b)) for a, b in conds)


def _key_json(key: Key) -> list:
    atoms, conds = key
    return [list(atoms), [list(cond) for cond in conds]]


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@contextmanager
def _locked(found: str) -> Iterator[dict]:
    """The ledger's data, to change under an exclusive lock; written atomically after."""
    path = ledger_path(found)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            current = read(found)
            data = {
                "version": VERSION,
                "dataset": found,
                "source": current.source,
                "releases": list(current.releases),
                "numbers": list(current.numbers),
            }
            yield data
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
            ) as out:
                json.dump(data, out, indent=1)
            os.replace(out.name, path)
    except OSError as exc:
        raise DisclosureError(
            f"{path}: cannot record the release ({exc.strerror or exc}); nothing is published "
            f"unrecorded — set {RELEASES_ENV} to a writable folder"
        ) from None
