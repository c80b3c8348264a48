"""k-anonymity over chosen quasi-identifiers: a check that names the violating groups, and an
anonymizer that generalizes then suppresses until k holds, reporting the information lost.

Missing is a value like any other here: rows missing ``gender`` form their own group. A
multi-answer variable is one quasi-identifier with its 0/1 flag columns (naming the text
column or any of its flags means all of them): its value is the text and every flag
together, and generalizing it suppresses them together, so no answer survives in a sibling
column. Columns derived from a quasi-identifier (:data:`DERIVED`: minor/adult status from
the age band, labour sectors and forms of sexual exploitation from the type of
exploitation) are part of its value and are suppressed when it is generalized. The
anonymizer uses full-domain generalization (one level per quasi-identifier for the whole
file, see :mod:`ctcourse.cases.hierarchies`), raising greedily the level that leaves the
fewest rows in small groups, until at most ``max_suppressed`` of the rows would still violate
k; those rows are then suppressed (removed). Work is done on integer codes, so a check on a
million rows takes a fraction of a second.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ctcourse.cases.hierarchies import Hierarchy, hierarchy_for
from ctcourse.cases.schema import FLAG_GROUPS, MULTI_ANSWER
from ctcourse.errors import CaseDataError

DEFAULT_K = 10


@dataclass(frozen=True)
class KAnonymityReport:
    """Result of a k-anonymity check: whether it holds and which groups violate it."""

    k: int
    quasi_identifiers: tuple[str, ...]
    rows: int
    groups: int
    violations: pd.DataFrame
    """One row per group smaller than k: the quasi-identifier values and ``size``."""

    @property
    def holds(self) -> bool:
        return self.violations.empty

    def __str__(self) -> str:
        over = ", ".join(self.quasi_identifiers)
        if self.holds:
            return f"k={self.k} holds over {over} ({self.rows} rows, {self.groups} groups)"
        rows = int(self.violations["size"].sum())
        return (
            f"k={self.k} fails over {over}: {len(self.violations)} of {self.groups} groups "
            f"({rows} of {self.rows} rows) are smaller than {self.k}"
        )


@dataclass(frozen=True)
class InformationLoss:
    """What anonymization cost: rows suppressed and, per quasi-identifier, the level used,
    how many values it changed and how many distinct values remain."""

    k: int
    rows_in: int
    rows_suppressed: int
    generalization: pd.DataFrame
    """Columns: quasi_identifier, level, values_generalized, distinct_before, distinct_after."""

    def __str__(self) -> str:
        share = self.rows_suppressed / self.rows_in if self.rows_in else 0.0
        lines = [
            f"k={self.k}: {self.rows_suppressed} of {self.rows_in} rows suppressed ({share:.1%})"
        ]
        for row in self.generalization.itertuples(index=False):
            lines.append(
                f"  {row.quasi_identifier}: {row.level}; {row.values_generalized} values "
                f"generalized; {row.distinct_before} -> {row.distinct_after} distinct values"
            )
        return "\n".join(lines)


def check_k_anonymity(
    frame: pd.DataFrame, quasi_identifiers: Sequence[str], k: int = DEFAULT_K
) -> KAnonymityReport:
    """Check that every combination of the quasi-identifiers occurs at least k times."""
    qi = _validated(frame, quasi_identifiers, k)
    codes = [_Column.of(_values(frame, name)).codes for name in qi]
    group, sizes = _groups(codes, len(frame))
    small = np.flatnonzero(sizes < k)
    first_row = np.full(len(sizes), -1)
    first_row[group[::-1]] = np.arange(len(frame))[::-1]
    shown = [column for name in qi for column in members(name, frame)]
    violations = frame.iloc[first_row[small]][shown].reset_index(drop=True)
    violations["size"] = sizes[small]
    violations = violations.sort_values("size", kind="stable").reset_index(drop=True)
    return KAnonymityReport(k, qi, len(frame), len(sizes), violations)


def anonymize(
    frame: pd.DataFrame,
    quasi_identifiers: Sequence[str],
    k: int = DEFAULT_K,
    *,
    max_suppressed: float = 0.05,
) -> tuple[pd.DataFrame, InformationLoss]:
    """Generalize and suppress until k-anonymity holds over the quasi-identifiers.

    ``max_suppressed`` is the share of rows the anonymizer may remove before it generalizes
    further. The result always satisfies :func:`check_k_anonymity` with the same arguments.
    """
    qi = _validated(frame, quasi_identifiers, k)
    if not 0 <= max_suppressed <= 1:
        raise CaseDataError(f"max_suppressed must be between 0 and 1, not {max_suppressed}")
    columns = [_column(frame, name) for name in qi]
    levels = [0] * len(qi)
    budget = max_suppressed * len(frame)
    violating = _violating(columns, levels, k, len(frame))
    while violating.sum() > budget:
        options = [i for i, column in enumerate(columns) if levels[i] < column.hierarchy.top]
        if not options:
            break
        trials = {
            i: _violating(columns, [*levels[:i], levels[i] + 1, *levels[i + 1 :]], k, len(frame))
            for i in options
        }
        best = min(options, key=lambda i: (int(trials[i].sum()), levels[i]))
        levels[best] += 1
        violating = trials[best]
    keep = ~violating
    out = frame.loc[keep].copy()
    rows = []
    for name, column, level in zip(qi, columns, levels, strict=True):
        changed = 0
        if level and name in MULTI_ANSWER:  # kept or suppressed as a whole
            changed = int(_values(frame, name)[keep].notna().sum())
            for member in members(name, frame):
                out[member] = out[member].where(pd.Series(False, index=out.index))
        elif level:
            values, was_changed = column.generalized(level)
            out[name] = values[keep]
            changed = int(was_changed[keep].sum())
            for derived in members(name, frame)[1:]:  # suppressed with the generalized value
                out[derived] = out[derived].where(pd.Series(False, index=out.index))
        rows.append(
            {
                "quasi_identifier": name,
                "level": column.hierarchy.levels[level],
                "values_generalized": changed,
                "distinct_before": int(_values(frame, name).nunique()),
                "distinct_after": int(_values(out, name).nunique()),
            }
        )
    loss = InformationLoss(k, len(frame), int(violating.sum()), pd.DataFrame(rows))
    return out.reset_index(drop=True), loss


DERIVED: dict[str, tuple[str, ...]] = {
    "ageBroad": ("majorityStatus", "majorityStatusAtExploit", "majorityEntry"),
    "typeOfExploitConcatenated": (
        *FLAG_GROUPS["typeOfLabour"],
        "typeOfLabourConcatenated",
        *FLAG_GROUPS["typeOfSex"],
        "typeOfSexConcatenated",
    ),
}
"""Columns derived from a quasi-identifier: minor/adult status from the age, the sector of
forced labour and the form of sexual exploitation from the type of exploitation. They are
part of its value, and when it is generalized they are suppressed with it (else they would
give the hidden detail back)."""


def members(name: str, frame: pd.DataFrame) -> list[str]:
    """The columns of a quasi-identifier: a multi-answer text column and its flags, or the
    column alone, then the columns derived from it (those in ``frame``)."""
    own = (name, *FLAG_GROUPS[MULTI_ANSWER[name]]) if name in MULTI_ANSWER else (name,)
    return [c for c in (*own, *DERIVED.get(name, ())) if c in frame.columns]


def _column(frame: pd.DataFrame, name: str) -> _Column:
    """A quasi-identifier as codes: at level 0 its value with the columns derived from it,
    at coarser levels the generalized value alone."""
    own = _values(frame, name) if name in MULTI_ANSWER else frame[name]
    column = _Column.of(own, hierarchy_for(name))
    if name in MULTI_ANSWER or len(members(name, frame)) == 1:
        return column
    return dataclasses.replace(column, detail=_Column.of(_values(frame, name)).codes)


def _canonical(name: str) -> str:
    """A flag column stands for its multi-answer variable (named by its text column)."""
    for text, group in MULTI_ANSWER.items():
        if name in FLAG_GROUPS[group]:
            return text
    return name


def _values(frame: pd.DataFrame, name: str) -> pd.Series:
    """The quasi-identifier's value per row; for a multi-answer variable a code for the text
    and all flags together (missing only when all of them are)."""
    columns = members(name, frame)
    if len(columns) == 1:
        return frame[columns[0]]
    key = np.zeros(len(frame), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
        key = key * (len(uniques) + 1) + codes + 1
    return pd.Series(key, index=frame.index).where(key > 0).astype("Int64")


def _validated(frame: pd.DataFrame, quasi_identifiers: Sequence[str], k: int) -> tuple[str, ...]:
    given = tuple(quasi_identifiers)
    if not given:
        raise CaseDataError("no quasi-identifiers given; name at least one column")
    unknown = [name for name in given if name not in frame.columns]
    if unknown:
        raise CaseDataError(f"quasi-identifier {unknown[0]!r} is not a column of the data")
    if len(set(given)) != len(given):
        raise CaseDataError(f"quasi-identifiers repeat a column: {', '.join(given)}")
    qi = tuple(dict.fromkeys(_canonical(name) for name in given))
    if k < 1:
        raise CaseDataError(f"k must be at least 1, not {k}")
    return qi


@dataclass(frozen=True)
class _Column:
    """A column as integer codes (0 = missing) and, per hierarchy level, a code mapping."""

    codes: np.ndarray
    uniques: np.ndarray
    hierarchy: Hierarchy
    detail: np.ndarray | None = None
    """Level-0 codes of the value with its derived columns (None: the value alone)."""

    @classmethod
    def of(cls, series: pd.Series, hierarchy: Hierarchy | None = None) -> _Column:
        codes, uniques = pd.factorize(series, sort=True, use_na_sentinel=True)
        return cls(
            codes.astype(np.int64) + 1,
            np.asarray(uniques, dtype=object),
            hierarchy or hierarchy_for(""),
        )

    def mapping(self, level: int) -> tuple[np.ndarray, np.ndarray]:
        """(code → generalized code, generalized labels), code 0 staying missing."""
        step = self.hierarchy.steps[level]
        labels = pd.Series([step(value) for value in self.uniques], dtype=object)
        new_codes, new_uniques = pd.factorize(labels, sort=True, use_na_sentinel=True)
        return np.concatenate(([0], new_codes + 1)), np.asarray(new_uniques, dtype=object)

    def codes_at(self, level: int) -> np.ndarray:
        if level == 0:
            return self.codes if self.detail is None else self.detail
        return self.mapping(level)[0][self.codes]

    def generalized(self, level: int) -> tuple[pd.Categorical, np.ndarray]:
        """The values at ``level`` and, per row, whether generalization changed the value."""
        mapping, labels = self.mapping(level)
        step = self.hierarchy.steps[level]
        changed = np.array([False, *(step(value) != value for value in self.uniques)])
        values = pd.Categorical.from_codes(mapping[self.codes] - 1, list(labels))
        return values, changed[self.codes]


def _groups(codes: Sequence[np.ndarray], rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Group number of every row and size of every group."""
    if rows == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    key = np.zeros(rows, dtype=np.int64)
    space = 1
    for column in codes:
        width = int(column.max()) + 1
        if space * width >= 2**62:
            key, _ = pd.factorize(key)
            key = key.astype(np.int64)
            space = int(key.max()) + 1
        key = key * width + column
        space *= width
    group, _ = pd.factorize(key)
    return group, np.bincount(group)


def _violating(columns: list[_Column], levels: list[int], k: int, rows: int) -> np.ndarray:
    group, sizes = _groups(
        [c.codes_at(level) for c, level in zip(columns, levels, strict=True)], rows
    )
    return sizes[group] < k
