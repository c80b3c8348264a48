"""An attacker written for the tests, apart from ``ctcourse.cases.audit``: it reads only what
a table prints (counts, blanks, status words) and bounds each blank cell by linear
programming (HiGHS through scipy), like the reviewer who found the leaks."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

TOTALS = ("Total", "All")


def lines(counts_shape: tuple[int, int], kind: str) -> list[list[tuple[int, int, int]]]:
    """The table's additive lines as (row, col, sign) terms adding up to zero."""
    rows, cols = counts_shape
    if kind == "multi":
        if cols == 1:
            return []
        return [[(i, j, 1) for j in range(cols - 1)] + [(i, cols - 1, -1)] for i in range(rows)]
    if cols == 1:
        return [[(i, 0, 1) for i in range(rows - 1)] + [(rows - 1, 0, -1)]]
    by_row = [[(i, j, 1) for j in range(cols - 1)] + [(i, cols - 1, -1)] for i in range(rows)]
    by_col = [[(i, j, 1) for i in range(rows - 1)] + [(rows - 1, j, -1)] for j in range(cols)]
    return by_row + by_col


def leaks(table, k: int) -> list[str]:
    """Blank cells whose true count is 1..k-1 but whose feasible interval, given the table's
    published counts, zeros and status words, misses 1 or k."""
    counts = table.counts.to_numpy(dtype=float, na_value=np.nan)
    status = table.status.to_numpy()
    true = table._true.reshape(counts.shape)
    blank = [tuple(c) for c in np.argwhere(np.isnan(counts))]
    if not blank:
        return []
    column = {cell: n for n, cell in enumerate(blank)}
    low = np.ones(len(blank))
    high = np.full(len(blank), np.inf)
    equations, rhs = [], []
    for line in lines(counts.shape, table.kind):
        parts = [(i, j) for i, j, sign in line if sign > 0]
        if all(np.isnan(counts[c]) for c in parts):
            for cell in parts:
                low[column[cell]] = 0
        row, constant = np.zeros(len(blank)), 0.0
        for i, j, sign in line:
            if np.isnan(counts[i, j]):
                row[column[(i, j)]] += sign
            else:
                constant += sign * counts[i, j]
        if row.any():
            equations.append(row)
            rhs.append(-constant)
    for cell, n in column.items():
        if status[cell] == "primary":
            high[n] = k - 1
        if status[cell] == "secondary":
            low[n] = max(low[n], k)
    bounds = list(zip(low, [None if np.isinf(h) else h for h in high], strict=True))
    found = []
    for cell, n in column.items():
        if not 0 < true[cell] < k:
            continue
        ends = []
        for sign in (1, -1):
            cost = np.zeros(len(blank))
            cost[n] = sign
            result = linprog(
                cost, A_eq=np.array(equations) if equations else None,
                b_eq=np.array(rhs) if rhs else None, bounds=bounds, method="highs",
            )  # fmt: skip
            ends.append(np.inf if result.status == 3 else sign * result.fun)
        if ends[0] > 1 + 1e-6 or ends[1] < k - 1e-6:
            where = (table.counts.index[cell[0]], table.counts.columns[cell[1]])
            found.append(f"{table.title} {where}: [{ends[0]:g}, {ends[1]:g}]")
    return found
