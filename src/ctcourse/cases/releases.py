"""The attacker across releases: everything a dataset's ledger records, attacked at once.

An attacker holds every release ever made from the dataset (each k, each table, each number
printed outside a table). :func:`audit_dataset` rebuilds them from the ledger
(:mod:`ctcourse.cases.ledger`) on the data, and fails when

* a suppressed cell below a release's k can be narrowed, by linear programming over the
  union of all releases (:func:`ctcourse.cases.audit.audit`, once per recorded k);
* a count from 1 to k-1 of one release's k is printed by another release or as a number;
* a crosstab says nothing (its grand total, or over half of its margins or cells, hidden):
  an empty publication is a failure too, not a pass.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctcourse.cases import ledger
from ctcourse.cases.audit import AuditReport, audit
from ctcourse.cases.lattice import plan, says_nothing
from ctcourse.cases.safe_tables import PUBLISHED, SUPPRESSED, Key, SafeTable


def audit_dataset(frame: pd.DataFrame) -> AuditReport:
    """Attack every release recorded for the dataset ``frame`` holds (see the module)."""
    book = ledger.read(ledger.identify(frame))
    values: dict[Key, int] = {}
    for release in book.releases:
        for spec in plan(frame, release.get("levels", {}), release["k"]).values():
            values.update(zip(spec.keys, spec.values.ravel().tolist(), strict=True))
    tables = [_table(record, k, values) for k, record in book.tables()]
    tables += [_number(entry, values) for entry in book.numbers]
    ks = sorted({release["k"] for release in book.releases})
    if not ks:
        return AuditReport(0, 0, 0, ("nothing is recorded as published from this dataset",))
    failures: list[str] = []
    checked = 0
    for k in ks:
        report = audit(tables, k)
        checked += report.cells_checked
        failures += [f"k={k}: {failure}" for failure in report.failures]
    failures += _printed_below(tables, ks[-1])
    failures += [
        f"{table.title} (k={table.k}) says nothing: grand total, or over half of its margins "
        "or cells, suppressed"
        for table in tables
        if says_nothing(table)
    ]
    return AuditReport(ks[-1], len(tables), checked, tuple(dict.fromkeys(failures)))


def _printed_below(tables: list[SafeTable], k: int) -> list[str]:
    """Counts from 1 to k-1 printed anywhere (a release at a smaller k, or a number)."""
    found = []
    for table in tables:
        shown = table.counts.to_numpy(dtype=float, na_value=np.nan).ravel()
        for n in np.flatnonzero(~np.isnan(shown) & (shown > 0) & (shown < k)):
            i, j = divmod(int(n), table.counts.shape[1])
            how = "as a number" if table.kind == "number" else f"at k={table.k}"
            found.append(
                f"{table.title}: {table.counts.index[i]} / {table.counts.columns[j]} = "
                f"{int(shown[n])} is printed {how} though a release of this dataset has k={k}"
            )
    return found


def _table(record: dict, k: int, values: dict[Key, int]) -> SafeTable:
    """A recorded table with the data's true counts (for the audit's own check)."""
    keys = tuple(ledger.key_of(key) for key in record["keys"])
    shape = (len(record["index"]), len(record["columns"]))
    counts = pd.DataFrame(
        np.array([pd.NA if c is None else c for c in record["counts"]], dtype=object).reshape(
            shape
        ),
        index=pd.Index(record["index"]),
        columns=pd.Index(record["columns"]),
    ).astype("Int64")
    hidden = counts.isna().to_numpy()
    status = pd.DataFrame(
        np.where(hidden, SUPPRESSED, PUBLISHED), index=counts.index, columns=counts.columns
    )
    true = np.array([values.get(key, -1) for key in keys], dtype=np.int64)
    lines = tuple((total, np.asarray(parts, dtype=np.int64)) for total, parts in record["lines"])
    return SafeTable(record["title"], k, counts, status, record["kind"], true, keys, lines)


def _number(entry: dict, values: dict[Key, int]) -> SafeTable:
    """A printed number as a one-cell table: the attacker knows it."""
    key = ledger.key_of(entry["key"])
    counts = pd.DataFrame([[entry["value"]]], index=[entry["what"]], columns=["printed"])
    status = pd.DataFrame([[PUBLISHED]], index=counts.index, columns=counts.columns)
    true = np.array([values.get(key, entry["value"])], dtype=np.int64)
    return SafeTable(f"printed: {entry['what']}", 0, counts.astype("Int64"), status, "number",
                     true, (key,), ())  # fmt: skip
