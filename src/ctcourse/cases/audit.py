"""The attacker, as an audit: bound every suppressed cell with everything that is published.

This is the interval audit statistical offices run on suppressed tables (as in τ-Argus's
audit of linked tables): the attacker knows every published count of every table (zeros
included, so a suppressed count is at least 1 — unless every part of one of its lines is
suppressed, as in a withheld line, where zeros are hidden too), every line (a row or column adds up to
its total), that a cell counted in two tables is one number, and that a cell of a
sub-population can be no larger than the same cell of a larger population (e.g. men with
debt bondage among men with information on means of control, among all men). With linear
programming (HiGHS through :func:`scipy.optimize.linprog`) it finds, for every suppressed
cell, the smallest and largest value consistent with all of it.

The guarantee checked: every cell whose true count is 1..k-1 has a feasible interval that
contains both 1 and k — the attacker cannot tell it from a count of one person, nor from a
count of k. The LP interval contains the integer one, so a pass also bounds an attacker who
rounds or solves the integer problem; the check is on the LP bounds rounded inward.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ctcourse.cases.safe_tables import Key, SafeTable

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

TOLERANCE = 1e-6


@dataclass(frozen=True)
class AuditReport:
    """What the attacker could learn: cells checked, and each that fails the guarantee."""

    k: int
    tables: int
    cells_checked: int
    failures: tuple[str, ...]
    failed: tuple[Key, ...] = ()
    """The keys of the failing cells (for the protection to withhold their lines)."""

    @property
    def holds(self) -> bool:
        return not self.failures

    def __str__(self) -> str:
        head = (
            f"k={self.k}: {self.cells_checked} suppressed cells below k in {self.tables} "
            f"tables bounded by linear programming over every published cell"
        )
        if self.holds:
            return f"{head}; every one can be anything from 1 to {self.k}: audit passed"
        lines = [
            f"{head}; {len(self.failures)} findings (narrowed, printed or silent tables): audit FAILED"
        ]
        return "\n".join([*lines, *(f"  {failure}" for failure in self.failures)])


def audit(tables: Sequence[SafeTable], k: int) -> AuditReport:
    """Bound every suppressed cell given all of ``tables`` (published together at k)."""
    model = _Model(tables)
    sensitive = np.array([0 < v < k for v in model.true], dtype=bool)
    failures, failed = [], []
    for part in np.unique(model.part[sensitive]):
        for cell, low, high in model.check(np.flatnonzero(model.part == part), sensitive, k):
            shown = "inf" if np.isinf(high) else f"{high:g}"
            failures.append(
                f"{model.where[cell]}: the published tables confine it to [{low:g}, {shown}]"
            )
            failed.append(model.keys[cell])
    return AuditReport(k, len(tables), int(sensitive.sum()), tuple(failures), tuple(failed))


def contains(parent: Key, child: Key) -> bool:
    """Whether every person counted by ``child`` is counted by ``parent``."""
    if not set(parent[1]) <= set(child[1]):
        return False
    return all(any(_implies(b, a) for b in child[0]) for a in parent[0])


def parents_of(keys: Sequence[Key], children: Sequence[Key]) -> dict[Key, list[Key]]:
    """For each of ``children``, the other ``keys`` whose cells contain it."""
    by_conds: dict[tuple[tuple[str, str], ...], list[Key]] = {}
    for key in keys:
        by_conds.setdefault(key[1], []).append(key)
    found: dict[Key, list[Key]] = {}
    for child in children:
        conds = child[1]
        subsets = (s for size in range(len(conds) + 1) for s in itertools.combinations(conds, size))
        found[child] = [
            parent
            for subset in subsets
            for parent in by_conds.get(subset, ())
            if parent != child and contains(parent, child)
        ]
    return found


def unions(keys: Sequence[Key]) -> list[tuple[Key, list[Key]]]:
    """Cells counting people with any of several flags, with the cells of each flag alone
    (all present in ``keys``): a union is at most the sum of its members."""
    present = set(keys)
    found = []
    for key in keys:
        for atom in key[0]:
            if not (atom.startswith("any:") and "|" in atom):
                continue
            rest = tuple(a for a in key[0] if a != atom)
            members = [
                (tuple(sorted({*rest, f"any:{one}"})), key[1]) for one in atom[4:].split("|")
            ]
            if all(member in present for member in members):
                found.append((key, members))
    return found


def _implies(atom: str, other: str) -> bool:
    """Whether having ``atom`` implies having ``other`` ("any:a" implies "any:a|b")."""
    if atom == other:
        return True
    if atom.startswith("any:") and other.startswith("any:"):
        return set(atom[4:].split("|")) <= set(other[4:].split("|"))
    return False


class _Model:
    """The attacker's linear program: one variable per suppressed cell (by key)."""

    def __init__(self, tables: Sequence[SafeTable]) -> None:
        known: dict[Key, int] = {}
        hidden: dict[Key, int] = {}
        where: dict[Key, str] = {}
        for table in tables:
            for n, (key, value, gone) in enumerate(
                zip(table._keys, table._true, table.suppressed, strict=True)
            ):
                if gone:
                    hidden.setdefault(key, int(value))
                    i, j = divmod(n, table.counts.shape[1])
                    where.setdefault(
                        key, f"{table.title}: {table.counts.index[i]} / {table.counts.columns[j]}"
                    )
                else:
                    known[key] = int(value)
        for key in known:
            hidden.pop(key, None)
        self.keys = list(hidden)
        self.true = [hidden[key] for key in self.keys]
        self.where = [where[key] for key in self.keys]
        column = {key: n for n, key in enumerate(self.keys)}
        self.equalities = _Rows(column, known)
        self.inequalities = _Rows(column, known)
        may_be_zero: set[Key] = set()
        for table in tables:
            for total, parts in table._lines:
                if len(parts) and table.suppressed[parts].all():
                    may_be_zero.update(table._keys[p] for p in parts)
                terms = [(table._keys[total], 1.0)] + [(table._keys[p], -1.0) for p in parts]
                self.equalities.add(terms, 0.0)
        self.low = np.array([0.0 if key in may_be_zero else 1.0 for key in self.keys])
        self._containment(known, column)
        self._solve_parts()

    def _containment(self, known: dict[Key, int], column: dict[Key, int]) -> None:
        everything = [*known, *self.keys]
        for child, parents in parents_of(everything, self.keys).items():
            for parent in parents:
                self.inequalities.add([(child, 1.0), (parent, -1.0)], 0.0)
        for union, members in unions(everything):
            if union in column or any(m in column for m in members):
                self.inequalities.add([(union, 1.0)] + [(m, -1.0) for m in members], 0.0)

    def _solve_parts(self) -> None:
        """Split the program into independent parts (cells linked by no constraint)."""
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        n = len(self.keys)
        self.eq, self.b_eq = self.equalities.matrix(n)
        self.ub, self.b_ub = self.inequalities.matrix(n)
        links = abs(self.eq).T @ abs(self.eq) + abs(self.ub).T @ abs(self.ub)
        _, self.part = connected_components(csr_matrix(links) if n else csr_matrix((0, 0)))

    def check(
        self, members: np.ndarray, sensitive: np.ndarray, k: int
    ) -> list[tuple[int, float, float]]:
        """(cell, low, high) of each sensitive cell of one part whose interval misses 1 or k.

        Any feasible point proves something: a cell at most 1 in it can be 1, a cell at
        least k can be k. So the program first pushes all sensitive cells down together,
        then up together (capped at k so that it stays bounded), and solves cell by cell
        only for those no point has settled yet, each solution settling others too."""
        lp = _Program(self, members)
        wanted = sensitive[members]
        cap = np.where(wanted, float(k), np.inf)
        low_ok = ~wanted | (lp.solve(wanted.astype(float)) <= 1 + TOLERANCE)
        high_ok = ~wanted | (lp.solve(-wanted.astype(float), cap) >= k - TOLERANCE)
        failed = []
        for local in np.flatnonzero(~low_ok):
            point = lp.solve(np.eye(len(members))[local])
            low_ok |= point <= 1 + TOLERANCE
            high_ok |= point >= k - TOLERANCE
            if not low_ok[local]:
                failed.append(local)
        for local in np.flatnonzero(~high_ok):
            alone = np.full(len(members), np.inf)
            alone[local] = k
            point = lp.solve(-np.eye(len(members))[local], alone)
            high_ok |= point >= k - TOLERANCE
            if not high_ok[local] and local not in failed:
                failed.append(local)
        out = []
        for local in sorted(failed):
            low = lp.solve(np.eye(len(members))[local])[local]
            high = lp.solve(-np.eye(len(members))[local])[local]
            out.append((int(members[local]), float(low), float(high)))
        return out


class _Program:
    """The attacker's program restricted to one independent part of the cells."""

    def __init__(self, model: _Model, members: np.ndarray) -> None:
        self.where = model.where
        eq_rows = np.unique(model.eq[:, members].nonzero()[0])
        ub_rows = np.unique(model.ub[:, members].nonzero()[0])
        self.eq, self.b_eq = model.eq[eq_rows][:, members], model.b_eq[eq_rows]
        self.ub, self.b_ub = model.ub[ub_rows][:, members], model.b_ub[ub_rows]
        self.low = model.low[members]

    def solve(self, cost: np.ndarray, cap: np.ndarray | None = None) -> np.ndarray:
        """An optimal point of min cost·x (a coordinate is inf where it is unbounded)."""
        from scipy.optimize import linprog  # imported here: the CLI starts without scipy

        cap = np.full(len(self.low), np.inf) if cap is None else cap
        high = [None if np.isinf(c) else c for c in cap]
        result = linprog(
            cost,
            A_ub=self.ub if self.ub.shape[0] else None,
            b_ub=self.b_ub if self.ub.shape[0] else None,
            A_eq=self.eq if self.eq.shape[0] else None,
            b_eq=self.b_eq if self.eq.shape[0] else None,
            bounds=list(zip(self.low, high, strict=True)),
            method="highs-ds",
            options={"presolve": False},
        )
        if result.status == 3:
            return np.where(cost < 0, np.inf, np.nan)
        if result.status != 0:
            raise RuntimeError(f"audit LP failed: {result.message}")
        return result.x


class _Rows:
    """Linear constraints over the hidden cells, published cells moved to the right side."""

    def __init__(self, column: dict[Key, int], known: dict[Key, int]) -> None:
        self.column, self.known = column, known
        self.entries: list[tuple[int, int, float]] = []
        self.rhs: list[float] = []

    def add(self, terms: list[tuple[Key, float]], rhs: float) -> None:
        hidden = [(self.column[key], c) for key, c in terms if key in self.column]
        if not hidden:
            return
        constant = sum(c * self.known[key] for key, c in terms if key not in self.column)
        row = len(self.rhs)
        self.entries += [(row, col, c) for col, c in hidden]
        self.rhs.append(rhs - constant)

    def matrix(self, n: int) -> tuple[csr_matrix, np.ndarray]:
        from scipy.sparse import coo_matrix

        rows, cols, data = zip(*self.entries, strict=True) if self.entries else ((), (), ())
        shape = (len(self.rhs), n)
        matrix = coo_matrix((data, (rows, cols)), shape=shape).tocsr()
        return matrix, np.array(self.rhs, dtype=float)
