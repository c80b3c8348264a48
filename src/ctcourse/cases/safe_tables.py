"""Safe count tables: the published form of a table after disclosure control, its CSV export,
and the cell model the suppression and the audit share.

A table is a grid of *cells*. Every cell has a **key** naming the people it counts — a
population (all rows, or rows with some characteristics) and conditions such as
``gender = Male`` — so that the same count in two tables is recognised as one cell, and
a *line* is a set of cells with a known sum (a row with its row total, a column with its
column total). Protection (:mod:`ctcourse.cases.suppression`) and the attacker
(:mod:`ctcourse.cases.audit`) read only keys, lines and values.

What is published: the counts of unsuppressed cells (zeros included) and, for every
suppressed cell, only that it is suppressed — never whether it was below k (primary) or
hidden to protect another cell (secondary), because that label would tell an attacker on
which side of k the count lies.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ctcourse.cases.schema import SOURCE_LINE
from ctcourse.errors import DisclosureError
from ctcourse.spreadsheet import ENCODING, inert, inert_frame

PUBLISHED, SUPPRESSED = "", "suppressed"
TOTAL = "Total"
NOT_RECORDED = "not recorded"
ALL = "All"

MULTI_ANSWER_NOTE = "Several answers per person are possible: shares may add up to over 100%."

Key = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
"""(population atoms, sorted (variable, value) conditions): the people a cell counts."""
Line = tuple[int, np.ndarray]
"""(index of the total cell, indices of the cells that add up to it)."""


@dataclass(frozen=True)
class TableSpec:
    """A count table before disclosure control: true values, cell keys and lines."""

    title: str
    kind: str
    values: np.ndarray
    index: pd.Index
    columns: pd.Index
    keys: tuple[Key, ...]
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class SafeTable:
    """A count table after disclosure control.

    ``counts`` holds the published counts (``<NA>`` where suppressed), totals included;
    ``status`` says for each cell whether it is suppressed (one label for all suppressed
    cells).
    """

    title: str
    k: int
    counts: pd.DataFrame
    status: pd.DataFrame
    kind: str
    """"crosstab" (cells add up to totals) or "multi" (several answers per person: a row per
    category, a last row of people with information, shares of that row)."""
    _true: np.ndarray = field(repr=False)
    _keys: tuple[Key, ...] = field(repr=False, default=())
    _lines: tuple[Line, ...] = field(repr=False, default=())
    recoding: str = ""
    """How the table's variables were recoded before suppression (empty if they were not)."""

    def __getstate__(self) -> dict[str, object]:
        """What pickling (or copying) keeps: the published table only — its true counts and
        cell keys stay behind (a suppressed cell's count reads -1), so an unpickled table
        cannot be verified or exported."""
        state = dict(self.__dict__)
        shown = self.counts.to_numpy(dtype=float, na_value=np.nan).ravel()
        state["_true"] = np.where(np.isnan(shown), -1, shown).astype(np.int64)
        state["_keys"], state["_lines"] = (), ()
        return state

    @property
    def suppressed(self) -> np.ndarray:
        """Per cell (row-major), whether it is suppressed."""
        return self.status.to_numpy().ravel() == SUPPRESSED

    def note(self) -> str:
        """One line saying how many cells are suppressed (and, for multi-answer tables, that
        shares may add up to more than 100%)."""
        hidden, size = int(self.suppressed.sum()), self.status.size
        if not hidden:
            said = f"No cell below k={self.k}; nothing suppressed."
        else:
            said = (
                f"{hidden} of {size} cells suppressed: counts below k={self.k}, and other "
                "counts so that these cannot be worked out from this or any other published table."
            )
        said = f"{self.recoding} {said}" if self.recoding else said
        return f"{said} {MULTI_ANSWER_NOTE}" if self.kind == "multi" else said

    def transposed(self) -> SafeTable:
        """The same published cells with rows and columns swapped."""
        rows, cols = self.counts.shape
        order = np.arange(rows * cols).reshape(rows, cols).T.ravel()
        return SafeTable(
            self.title, self.k, self.counts.T, self.status.T, self.kind,
            self._true[order], tuple(self._keys[i] for i in order), (), self.recoding,
        )  # fmt: skip

    def select(
        self, rows: list[object] | None = None, columns: list[object] | None = None
    ) -> SafeTable:
        """The same published cells, fewer of them shown (totals stay those of the whole
        table: a selection publishes nothing the table does not)."""
        rows = list(self.counts.index) if rows is None else rows
        columns = list(self.counts.columns) if columns is None else columns
        at_row = [self.counts.index.get_loc(r) for r in rows]
        at_col = [self.counts.columns.get_loc(c) for c in columns]
        shape = self.counts.shape
        flat = np.ravel_multi_index(np.ix_(at_row, at_col), shape).ravel()
        return SafeTable(
            self.title, self.k, self.counts.loc[rows, columns], self.status.loc[rows, columns],
            self.kind, self._true[flat], tuple(self._keys[i] for i in flat), (), self.recoding,
        )  # fmt: skip

    def tidy(self) -> pd.DataFrame:
        """Long form: one row per cell with its count, share and suppression status.

        For a crosstab, ``share`` is the cell's share of its row total; for a multi-answer
        table it is the share of people with information in that column (such shares may
        add up to more than 100%). Shares of suppressed cells are blank.
        """
        counts, status = self.counts, self.status
        long = []
        for i, row_label in enumerate(counts.index):
            for j, col_label in enumerate(counts.columns):
                count, base = counts.iat[i, j], self._base(i, j)
                share = None if pd.isna(count) or pd.isna(base) or not base else count / base
                long.append((row_label, col_label, count, share, status.iat[i, j]))
        out = pd.DataFrame(
            long, columns=[counts.index.name, counts.columns.name, "count", "share", "status"]
        )
        if not counts.columns.name:
            out = out.drop(columns=counts.columns.name)
        out["count"] = out["count"].astype("Int64")
        out["share"] = out["share"].astype("Float64")
        return out

    def _base(self, i: int, j: int) -> object:
        counts = self.counts
        if self.kind == "multi":
            return counts.iat[-1, j] if len(counts) else None
        if TOTAL in counts.columns:
            return counts.iat[i, counts.columns.get_loc(TOTAL)]
        if TOTAL in counts.index:
            return counts.iat[counts.index.get_loc(TOTAL), j]
        return None


def crosstab_spec(
    frame: pd.DataFrame, rows: str, cols: str | None = None, *, title: str | None = None
) -> TableSpec:
    """Counts by ``rows`` (and ``cols``) with totals, over all rows of ``frame``. Missing
    values count as their own category, "not recorded"."""
    row_codes, row_labels = _codes(frame[rows])
    if cols is None:
        counts = np.bincount(row_codes, minlength=len(row_labels))
        values = np.append(counts, counts.sum()).reshape(-1, 1)
        keys = [((), ((rows, str(label)),)) for label in row_labels] + [((), ())]
        lines = [(len(values) - 1, np.arange(len(values) - 1))]
        index = pd.Index([*row_labels, TOTAL], name=rows)
        columns = pd.Index(["count"], name="")
    else:
        col_codes, col_labels = _codes(frame[cols])
        r, c = len(row_labels), len(col_labels)
        inner = np.bincount(row_codes * c + col_codes, minlength=r * c).reshape(r, c)
        inner = np.vstack([inner, inner.sum(axis=0)])
        values = np.hstack([inner, inner.sum(axis=1, keepdims=True)])
        row_conds = [((rows, str(label)),) for label in row_labels] + [()]
        col_conds = [((cols, str(label)),) for label in col_labels] + [()]
        keys = [((), tuple(sorted(a + b))) for a in row_conds for b in col_conds]
        grid = np.arange(values.size).reshape(values.shape)
        lines = [(int(grid[i, -1]), grid[i, :-1]) for i in range(r + 1)]
        lines += [(int(grid[-1, j]), grid[:-1, j]) for j in range(c + 1)]
        index = pd.Index([*row_labels, TOTAL], name=rows)
        columns = pd.Index([*col_labels, TOTAL], name=cols)
    title = title or (f"Cases by {rows}" + (f" and {cols}" if cols else ""))
    return TableSpec(title, "crosstab", values, index, columns, tuple(keys), tuple(lines))


def multi_spec(
    indicators: Mapping[str, tuple[pd.Series, tuple[str, ...]]],
    informed: tuple[pd.Series, str],
    groups: pd.Series | None,
    *,
    title: str,
    category_name: str = "category",
    informed_label: str = "people with information",
) -> TableSpec:
    """People with each of several non-exclusive characteristics, by group, out of the people
    with information.

    ``indicators`` maps a category label to (row mask, population atoms naming it);
    ``informed`` is (mask, atom) of the people with information. Each row and its "All"
    total form a line; the columns do not add up (several answers per person).
    """
    basis_mask, basis_atom = informed
    if groups is None:
        group_codes, group_labels = np.zeros(len(basis_mask), dtype=np.int64), []
    else:
        group_codes, group_labels = _codes(groups)
    width = len(group_labels)
    basis = basis_mask.to_numpy(dtype=bool, na_value=False)
    rows, keys = [], []
    group_name = str(groups.name) if groups is not None else ""
    conds = [((group_name, str(label)),) for label in group_labels] + [()]
    for mask, atoms in (*indicators.values(), (basis_mask, ())):
        hits = mask.to_numpy(dtype=bool, na_value=False) & basis
        by_group = np.bincount(group_codes[hits], minlength=width)[:width]
        rows.append([*by_group, int(hits.sum())])
        population = tuple(sorted({*atoms, basis_atom}))
        keys += [(population, cond) for cond in conds]
    values = np.array(rows, dtype=np.int64).reshape(len(rows), width + 1)
    grid = np.arange(values.size).reshape(values.shape)
    lines = [(int(grid[i, -1]), grid[i, :-1]) for i in range(len(rows))] if width else []
    index = pd.Index([*indicators, informed_label], name=category_name)
    columns = pd.Index([*group_labels, ALL], name=group_name)
    return TableSpec(title, "multi", values, index, columns, tuple(keys), tuple(lines))


def published(spec: TableSpec, k: int, suppressed: np.ndarray) -> SafeTable:
    """The safe table of ``spec`` with the given cells (row-major) suppressed."""
    shape = spec.values.shape
    counts = pd.DataFrame(spec.values, index=spec.index, columns=spec.columns).astype("Int64")
    counts = counts.mask(suppressed.reshape(shape))
    labels = np.where(suppressed, SUPPRESSED, PUBLISHED).astype(object)
    status = pd.DataFrame(labels.reshape(shape), index=spec.index, columns=spec.columns)
    true = spec.values.ravel().astype(np.int64)
    return SafeTable(spec.title, k, counts, status, spec.kind, true, spec.keys, spec.lines)


def verify_safe(table: SafeTable) -> None:
    """Raise :class:`DisclosureError` unless the table, on its own, passes the audit: no
    published count from 1 to k-1, and every suppressed count from 1 to
    k-1 can be anything from 1 to k given the table's published cells."""
    from ctcourse.cases.audit import audit  # the audit builds on this module

    if len(table._keys) != table.status.size:
        raise DisclosureError(
            f"{table.title}: this table has lost its link to the data (it was pickled or "
            "copied); publish it again from the dataset"
        )
    true = table._true
    counts = table.counts.to_numpy(dtype=float, na_value=np.nan).ravel()
    hidden = np.isnan(counts)
    if hidden.tolist() != table.suppressed.tolist():
        raise DisclosureError(f"{table.title}: status does not match the suppressed cells")
    if not np.array_equal(counts[~hidden], true[~hidden]):
        raise DisclosureError(f"{table.title}: a published count differs from the data")
    if (~hidden & (true > 0) & (true < table.k)).any():
        raise DisclosureError(f"{table.title}: a count below k={table.k} is published")
    report = audit([table], table.k)
    if not report.holds:
        raise DisclosureError(f"{table.title}: {report.failures[0]}")


def export_table(table: SafeTable, path: str | os.PathLike[str]) -> Path:
    """Write a safe table as CSV (tidy form, ``#`` lines stating k, suppression and source).

    Only :class:`SafeTable` objects that pass :func:`verify_safe` are written; text fields
    that a spreadsheet would run as a formula are written with a leading ``'``, and the file is
    UTF-8 with a byte-order mark (:mod:`ctcourse.spreadsheet`).
    """
    if not isinstance(table, SafeTable):
        raise DisclosureError(
            f"only safe tables can be exported, not {type(table).__name__}; "
            "build one with the ctcourse.cases.analysis functions"
        )
    verify_safe(table)
    path = Path(path)
    title = str(inert(table.title))
    header = f"# {title}\n# {table.note()} Suppressed counts are blank.\n# {SOURCE_LINE}\n"
    path.write_text(header + inert_frame(table.tidy()).to_csv(index=False), encoding=ENCODING)
    return path


def _codes(series: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Integer codes and labels of a column, missing values last as "not recorded"."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy().astype(np.int64)
        labels = list(series.cat.categories)
    else:
        codes, uniques = pd.factorize(series, sort=True, use_na_sentinel=True)
        codes, labels = codes.astype(np.int64), list(uniques)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(labels), codes)
        labels.append(NOT_RECORDED)
    return codes, labels
