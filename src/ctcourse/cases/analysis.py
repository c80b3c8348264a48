"""The course's questions as safe tables: victims by year and gender, exploitation type,
country of exploitation, labour sectors, means of control and ILO indicators, recruiters.

Every function returns a table of the dataset's publication
(:mod:`ctcourse.cases.lattice`): all of them are protected together at k, so no two of
them give away a suppressed cell. Call ``.tidy()`` for the long form. Denominators follow
the CTDC codebooks: a share counts only people with information on that variable group (at
least one flag recorded, and not only its "not specified" flag). Several answers per person
are possible, so such shares may add up to more than 100%.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ctcourse.cases.lattice import (
    BY,
    EXPLOITATION_LABELS,
    informed,
    label,
    publication,
)
from ctcourse.cases.safe_tables import ALL, NOT_RECORDED, TOTAL, SafeTable
from ctcourse.cases.schema import YEAR
from ctcourse.errors import CaseDataError, DisclosureError

__all__ = [
    "EXPLOITATION_LABELS",
    "countries_of_exploitation",
    "crossover_year",
    "exploitation_by_gender",
    "gender_balance",
    "ilo_indicators",
    "informed",
    "label",
    "labour_sectors",
    "means_of_control",
    "recruiter_relationship",
    "victims_by_year_gender",
]


def victims_by_year_gender(frame: pd.DataFrame, k: int = 10) -> SafeTable:
    """Identified victims by year of registration and gender."""
    return publication(frame, k).crosstab(YEAR, BY)


def crossover_year(table: SafeTable, rising: str = "Male", falling: str = "Female") -> int | None:
    """First year from which ``rising`` outnumbers ``falling`` in every later published year
    (None if it never does, or if years are binned); years with a suppressed count are
    skipped."""
    counts = table.counts.drop(index=[TOTAL], errors="ignore")
    years = [y for y in counts.index if isinstance(y, int | np.integer)]
    if not years or rising not in counts.columns or falling not in counts.columns:
        return None
    both = counts.loc[years, [rising, falling]].dropna()
    ahead = (both[rising] > both[falling]).to_numpy()
    if not ahead.any() or not ahead[-1]:
        return None
    last_behind = np.flatnonzero(~ahead)
    start = last_behind[-1] + 1 if len(last_behind) else 0
    return int(both.index[start])


def gender_balance(table: SafeTable, rising: str = "Male", falling: str = "Female") -> str:
    """One sentence on whether ``rising`` outnumbers ``falling``, read from the published
    counts only: from which year on (whole years), or in the latest year or period with both
    counts published (binned years, or no lasting crossover)."""
    crossover = crossover_year(table, rising, falling)
    if crossover is not None:
        return f"{_plural(rising)} outnumber {_plural(falling).lower()} in every year from {crossover} on."
    counts = table.counts.drop(index=[TOTAL, NOT_RECORDED], errors="ignore")
    if rising not in counts.columns or falling not in counts.columns:
        return "The published table does not split these genders."
    both = counts[[rising, falling]].dropna()
    if both.empty:
        return "Every year's count of one of these genders is suppressed: the table cannot say."
    when = both.index[-1]
    up, down = int(both.iat[-1, 0]), int(both.iat[-1, 1])
    share = up / (up + down) if up + down else 0.0
    verb = "outnumber" if up > down else "do not outnumber"
    return (
        f"In {when}, the latest {'year' if isinstance(when, int | np.integer) else 'period'} "
        f"with both counts published, {_plural(rising).lower()} {verb} "
        f"{_plural(falling).lower()}: {up} to {down} ({share:.0%} {_plural(rising).lower()})."
    )


def _plural(gender: str) -> str:
    return {"Male": "Men", "Female": "Women"}.get(gender, gender)


def _multi(frame: pd.DataFrame, k: int, name: str, by: str | None) -> SafeTable:
    table = publication(frame, k).tables[name]
    if by == BY:
        return table
    if by is None:
        return table.select(columns=[ALL])
    raise DisclosureError(
        f"{table.title} by {by} is not in the publication plan; it is published by {BY} "
        "(by=None shows its All column)"
    )


def exploitation_by_gender(
    frame: pd.DataFrame, k: int = 10, *, basis: str = "flags", by: str | None = BY
) -> SafeTable:
    """People per type of exploitation, by gender, out of those with a type recorded.

    ``basis="flags"`` uses the codebook's is* variables; ``basis="text"`` uses
    typeOfExploitConcatenated, which in the 2021 release is empty for some rows whose flags
    are set (UA citizens: 1,023 rows flagged forced labour have no text).
    """
    if basis not in ("flags", "text"):
        raise CaseDataError(f"basis must be 'flags' or 'text', not {basis!r}")
    return _multi(frame, k, "exploitation" if basis == "flags" else "exploitation_text", by)


def countries_of_exploitation(frame: pd.DataFrame, k: int = 10, by: str | None = BY) -> SafeTable:
    """Victims by country of exploitation (for IOM often the country of identification)."""
    return publication(frame, k).crosstab("CountryOfExploitation", by)


def labour_sectors(frame: pd.DataFrame, k: int = 10, by: str | None = BY) -> SafeTable:
    """People per sector of forced labour (typeOfLabour* flags)."""
    return _multi(frame, k, "labour_sectors", by)


def means_of_control(frame: pd.DataFrame, k: int = 10, by: str | None = BY) -> SafeTable:
    """People per means of control used by the exploiters (meansOfControl* flags)."""
    return _multi(frame, k, "means_of_control", by)


def recruiter_relationship(frame: pd.DataFrame, k: int = 10, by: str | None = BY) -> SafeTable:
    """People by relationship to the recruiter (recruiterRelation* flags)."""
    return _multi(frame, k, "recruiter", by)


def ilo_indicators(frame: pd.DataFrame, k: int = 10, by: str | None = BY) -> SafeTable:
    """People with at least one means of control linked to each ILO indicator
    (:mod:`ctcourse.cases.ilo`)."""
    return _multi(frame, k, "ilo_indicators", by)
