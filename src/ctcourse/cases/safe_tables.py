"""Safe count tables: every cell below k is suppressed, and enough other cells with it that no
suppressed value can be worked out from the published cells and totals.

Rules (the disclosure model, tested in ``tests/cases/test_safe_tables.py``):

* **Primary suppression**: every cell — inner cells *and* totals — with a count from 1 to k-1.
* **Zeros are published.** A zero describes nobody, so it is not suppressed, and it is never
  chosen for secondary suppression either (a suppressed zero would let its neighbours be
  bounded tightly).
* **Secondary suppression.** A table is a set of *lines*: sets of cells with a known sum (each
  row with its row total, each column with its column total, the total row with the grand
  total). Read cells as edges of a graph whose nodes are the lines (a cell lying in a single
  line joins it to a free "ground" node). A suppressed cell's value is fixed by the published
  cells exactly when it is a *bridge* of the graph of suppressed cells; if it lies on a cycle
  of suppressed cells, adding +1/-1 alternately around the cycle changes it and keeps every
  published total, and since all suppressed cells are at least 1, both directions stay
  non-negative. So suppression continues until every suppressed cell lies on a cycle of
  suppressed non-zero cells: for each bridge, the cheapest path of further cells (weighted by
  their counts) that closes a cycle through it is suppressed. This implies the usual rule
  that a line holding a suppressed cell holds at least two, and is stronger than it.
* Exported tables say what was suppressed (``status`` column: primary / secondary).

Each table is protected on its own; linking different tables of the same data (differencing)
is not covered, which is why exports go through tables, never through row-level data.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ctcourse.cases.schema import SOURCE_LINE
from ctcourse.errors import DisclosureError

PUBLISHED, PRIMARY, SECONDARY = "", "primary", "secondary"
TOTAL = "Total"
NOT_RECORDED = "not recorded"


MULTI_ANSWER_NOTE = "Several answers per person are possible: shares may add up to over 100%."


@dataclass(frozen=True)
class SafeTable:
    """A count table after disclosure control.

    ``counts`` holds the published counts (``<NA>`` where suppressed), totals included;
    ``status`` says for each cell whether it was suppressed and why.
    """

    title: str
    k: int
    counts: pd.DataFrame
    status: pd.DataFrame
    kind: str
    """"crosstab" (cells add up to totals) or "multi" (several answers per person: a row per
    category, a last row of people with information, shares of that row)."""
    _true: np.ndarray = field(repr=False)
    _ends: np.ndarray = field(repr=False)

    def note(self) -> str:
        """One line saying what was suppressed (and, for multi-answer tables, that shares
        may add up to more than 100%)."""
        flat = self.status.to_numpy().ravel()
        primary, secondary = int((flat == PRIMARY).sum()), int((flat == SECONDARY).sum())
        if not primary + secondary:
            said = f"No cell below k={self.k}; nothing suppressed."
        else:
            said = (
                f"{primary + secondary} of {flat.size} cells suppressed: {primary} below k={self.k}, "
                f"{secondary} more so that they cannot be recovered from totals."
            )
        return f"{said} {MULTI_ANSWER_NOTE}" if self.kind == "multi" else said

    def tidy(self) -> pd.DataFrame:
        """Long form: one row per cell with its count, share and suppression status.

        For a crosstab, ``share`` is the cell's share of its row total; for a multi-answer
        table it is the share of people with information in that column (such shares may
        add up to more than 100%).
        """
        counts, status = self.counts, self.status
        if self.kind == "multi":
            denominator = counts.iloc[-1]
        else:
            denominator = counts[TOTAL] if TOTAL in counts.columns else counts.loc[TOTAL]
        long = []
        for i, row_label in enumerate(counts.index):
            for j, col_label in enumerate(counts.columns):
                count = counts.iat[i, j]
                if self.kind == "multi":
                    base = denominator.iat[j]
                elif TOTAL in counts.columns:
                    base = denominator.iat[i]
                else:
                    base = denominator.iat[0]
                share = count / base if not (pd.isna(count) or pd.isna(base) or not base) else None
                long.append((row_label, col_label, count, share, status.iat[i, j]))
        out = pd.DataFrame(
            long, columns=[counts.index.name, counts.columns.name, "count", "share", "status"]
        )
        if not counts.columns.name:
            out = out.drop(columns=counts.columns.name)
        out["count"] = out["count"].astype("Int64")
        out["share"] = out["share"].astype("Float64")
        return out


def safe_crosstab(
    frame: pd.DataFrame,
    rows: str,
    cols: str | None = None,
    k: int = 10,
    *,
    title: str | None = None,
) -> SafeTable:
    """Counts by ``rows`` (and ``cols``) with totals, suppressed so that no cell below k can be
    read or recovered. Missing values count as their own category, "not recorded"."""
    _check_k(k)
    row_codes, row_labels = _codes(frame[rows])
    if cols is None:
        counts = np.bincount(row_codes, minlength=len(row_labels))
        values = np.append(counts, counts.sum()).reshape(-1, 1)
        n = len(values)
        ends = np.column_stack([np.zeros(n, dtype=np.int64), np.ones(n, dtype=np.int64)])
        index = pd.Index([*row_labels, TOTAL], name=rows)
        columns = pd.Index(["count"], name="")
    else:
        col_codes, col_labels = _codes(frame[cols])
        r, c = len(row_labels), len(col_labels)
        inner = np.bincount(row_codes * c + col_codes, minlength=r * c).reshape(r, c)
        inner = np.vstack([inner, inner.sum(axis=0)])
        values = np.hstack([inner, inner.sum(axis=1, keepdims=True)])
        grid_rows, grid_cols = np.indices(values.shape)
        ends = np.column_stack([grid_rows.ravel(), r + 1 + grid_cols.ravel()])
        index = pd.Index([*row_labels, TOTAL], name=rows)
        columns = pd.Index([*col_labels, TOTAL], name=cols)
    title = title or (f"Cases by {rows}" + (f" and {cols}" if cols else ""))
    return _build(title, k, values, ends, index, columns, "crosstab")


def safe_multi_table(
    indicators: Mapping[str, pd.Series],
    informed: pd.Series,
    groups: pd.Series | None = None,
    k: int = 10,
    *,
    title: str,
    category_name: str = "category",
    informed_label: str = "people with information",
) -> SafeTable:
    """People with each of several non-exclusive characteristics, by group, out of the people
    with information (``informed``); suppressed so that no cell below k can be recovered.

    Each row (a category, or the people with information) and its "All" total form a line;
    the columns do not add up (several answers per person), so they are not lines.
    """
    _check_k(k)
    if groups is None:
        group_codes, group_labels = np.zeros(len(informed), dtype=np.int64), []
    else:
        group_codes, group_labels = _codes(groups)
    width = len(group_labels)
    basis = informed.to_numpy(dtype=bool, na_value=False)
    rows = []
    for mask in (*indicators.values(), informed):
        hits = mask.to_numpy(dtype=bool, na_value=False) & basis
        by_group = np.bincount(group_codes[hits], minlength=width)[:width]
        rows.append([*by_group, int(hits.sum())])
    values = np.array(rows, dtype=np.int64)
    ground = len(values)
    grid_rows, _ = np.indices(values.shape)
    ends = np.column_stack([grid_rows.ravel(), np.full(values.size, ground)])
    index = pd.Index([*indicators, informed_label], name=category_name)
    columns = pd.Index([*group_labels, "All"], name=groups.name if groups is not None else "")
    return _build(title, k, values, ends, index, columns, "multi")


def verify_safe(table: SafeTable) -> None:
    """Raise :class:`DisclosureError` unless the table obeys the module's rules: no published
    count from 1 to k-1, every suppressed cell non-zero and on a cycle of suppressed cells."""
    true = table._true
    published = table.counts.to_numpy(dtype=float, na_value=np.nan).ravel()
    suppressed = np.isnan(published)
    if (table.status.to_numpy().ravel() != PUBLISHED).tolist() != suppressed.tolist():
        raise DisclosureError(f"{table.title}: status does not match the suppressed cells")
    if not np.array_equal(published[~suppressed], true[~suppressed]):
        raise DisclosureError(f"{table.title}: a published count differs from the data")
    small = ~suppressed & (true > 0) & (true < table.k)
    if small.any():
        raise DisclosureError(f"{table.title}: a count below k={table.k} is published")
    if (true[suppressed] == 0).any():
        raise DisclosureError(f"{table.title}: a zero cell is suppressed")
    graph = _Graph(table._ends, true)
    for cell in np.flatnonzero(suppressed):
        if graph.is_bridge(cell, suppressed):
            raise DisclosureError(
                f"{table.title}: suppressed cell {cell} can be recovered from the totals"
            )


def export_table(table: SafeTable, path: str | os.PathLike[str]) -> Path:
    """Write a safe table as CSV (tidy form, ``#`` lines stating k, suppression and source).

    Only :class:`SafeTable` objects that pass :func:`verify_safe` are written.
    """
    if not isinstance(table, SafeTable):
        raise DisclosureError(
            f"only safe tables can be exported, not {type(table).__name__}; "
            "build one with safe_crosstab or the ctcourse.cases.analysis functions"
        )
    verify_safe(table)
    path = Path(path)
    header = f"# {table.title}\n# {table.note()} Suppressed counts are blank.\n# {SOURCE_LINE}\n"
    path.write_text(header + table.tidy().to_csv(index=False), encoding="utf-8")
    return path


def _check_k(k: int) -> None:
    if k < 1:
        raise DisclosureError(f"k must be at least 1, not {k}")


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


def _build(
    title: str,
    k: int,
    values: np.ndarray,
    ends: np.ndarray,
    index: pd.Index,
    columns: pd.Index,
    kind: str,
) -> SafeTable:
    true = values.ravel().astype(np.int64)
    status = _protect(true, ends, k)
    labels = np.array([PUBLISHED, PRIMARY, SECONDARY], dtype=object)[status]
    shape = values.shape
    counts = pd.DataFrame(values, index=index, columns=columns).astype("Int64")
    counts = counts.mask(status.reshape(shape) != 0)
    status_frame = pd.DataFrame(labels.reshape(shape), index=index, columns=columns)
    return SafeTable(title, k, counts, status_frame, kind, true, ends)


def _protect(values: np.ndarray, ends: np.ndarray, k: int) -> np.ndarray:
    """0 = published, 1 = primary, 2 = secondary suppression, per cell."""
    status = np.where((values > 0) & (values < k), 1, 0)
    suppressed = status > 0
    graph = _Graph(ends, values)
    for cell in np.flatnonzero(suppressed):
        if graph.is_bridge(cell, suppressed):
            path = graph.cheapest_cycle(cell, suppressed)
            status[path[~suppressed[path]]] = 2
            suppressed[path] = True
    return status


class _Graph:
    """Lines as nodes, cells as edges; zero cells are left out (never suppressed)."""

    def __init__(self, ends: np.ndarray, values: np.ndarray) -> None:
        self.ends = ends
        self.values = values
        self.adjacent: dict[int, list[tuple[int, int]]] = {}
        for cell, (a, b) in enumerate(ends.tolist()):
            if values[cell] > 0:
                self.adjacent.setdefault(a, []).append((b, cell))
                self.adjacent.setdefault(b, []).append((a, cell))

    def is_bridge(self, cell: int, suppressed: np.ndarray) -> bool:
        """Whether removing ``cell`` disconnects its ends in the suppressed-cell graph."""
        start, goal = (int(node) for node in self.ends[cell])
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for other, edge in self.adjacent.get(node, ()):
                if edge != cell and suppressed[edge] and other not in seen:
                    if other == goal:
                        return False
                    seen.add(other)
                    todo.append(other)
        return True

    def cheapest_cycle(self, cell: int, suppressed: np.ndarray) -> np.ndarray:
        """Cells of the cheapest path between the ends of ``cell`` that avoids it (Dijkstra;
        suppressed cells cost nothing, others their count)."""
        start, goal = (int(node) for node in self.ends[cell])
        best = {start: 0}
        previous: dict[int, tuple[int, int]] = {}
        queue = [(0, start)]
        while queue:
            cost, node = heapq.heappop(queue)
            if node == goal:
                break
            if cost > best[node]:
                continue
            for other, edge in self.adjacent.get(node, ()):
                step = 0 if suppressed[edge] else int(self.values[edge])
                if edge != cell and cost + step < best.get(other, np.iinfo(np.int64).max):
                    best[other] = cost + step
                    previous[other] = (node, edge)
                    heapq.heappush(queue, (cost + step, other))
        if goal not in best:
            raise DisclosureError("no set of cells can protect a small cell of this table")
        path, node = [], goal
        while node != start:
            node, edge = previous[node]
            path.append(edge)
        return np.array(path, dtype=np.int64)
