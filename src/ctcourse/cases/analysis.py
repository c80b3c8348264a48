"""The course's questions as safe tidy tables: victims by year and gender, exploitation type,
country of exploitation, labour sectors, means of control and ILO indicators, recruiters.

Every function returns a :class:`SafeTable` (cells below k suppressed, see
:mod:`ctcourse.cases.safe_tables`); call ``.tidy()`` for the long form. Denominators follow
the CTDC codebooks: a share counts only people with information on that variable group (at
least one flag recorded, and not only its "not specified" flag). Several answers per person
are possible, so such shares may add up to more than 100%.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ctcourse.cases import ilo
from ctcourse.cases.safe_tables import TOTAL, SafeTable, safe_crosstab, safe_multi_table
from ctcourse.cases.schema import FLAG_GROUPS, NOT_SPECIFIED_FLAGS, YEAR
from ctcourse.errors import CaseDataError

EXPLOITATION_LABELS = {
    "isForcedLabour": "Forced labour",
    "isSexualExploit": "Sexual exploitation",
    "isOtherExploit": "Other exploitation",
    "isSexAndLabour": "Combined sexual and labour exploitation",
    "isForcedMarriage": "Forced marriage",
    "isForcedMilitary": "Forced military service",
    "isOrganRemoval": "Organ removal",
    "isSlaveryAndPractices": "Slavery and similar practices",
}


def label(column: str) -> str:
    """A readable label for a flag column, e.g. meansOfControlDebtBondage → "Debt bondage"."""
    if column in EXPLOITATION_LABELS:
        return EXPLOITATION_LABELS[column]
    name = re.sub(r"^(meansOfControl|typeOfLabour|typeOfSex|recruiterRelation)", "", column)
    words = re.findall(r"[A-Z][a-z]*", name)
    return " ".join([words[0], *(word.lower() for word in words[1:])])


def informed(frame: pd.DataFrame, group: str) -> pd.Series:
    """Rows with information on a flag group: a flag recorded, and not only "not specified"."""
    flags = frame[list(FLAG_GROUPS[group])]
    has_any = flags.notna().any(axis=1)
    unspecified = NOT_SPECIFIED_FLAGS.get(group)
    if unspecified is None:
        return has_any
    others = flags.drop(columns=unspecified).fillna(False).any(axis=1)
    return has_any & (others | ~frame[unspecified].fillna(False))


def victims_by_year_gender(frame: pd.DataFrame, k: int = 10) -> SafeTable:
    """Identified victims by year of registration and gender."""
    return safe_crosstab(
        frame, YEAR, "gender", k, title="Identified victims by year of registration and gender"
    )


def crossover_year(table: SafeTable, rising: str = "Male", falling: str = "Female") -> int | None:
    """First year from which ``rising`` outnumbers ``falling`` in every later published year
    (None if it never does); years with a suppressed count are skipped."""
    counts = table.counts.drop(index=[TOTAL], errors="ignore")
    years = [y for y in counts.index if isinstance(y, int | np.integer)]
    both = counts.loc[years, [rising, falling]].dropna()
    ahead = (both[rising] > both[falling]).to_numpy()
    if not ahead.any() or not ahead[-1]:
        return None
    last_behind = np.flatnonzero(~ahead)
    start = last_behind[-1] + 1 if len(last_behind) else 0
    return int(both.index[start])


def exploitation_by_gender(
    frame: pd.DataFrame, k: int = 10, *, basis: str = "flags", by: str | None = "gender"
) -> SafeTable:
    """People per type of exploitation, by gender, out of those with a type recorded.

    ``basis="flags"`` uses the codebook's is* variables; ``basis="text"`` uses
    typeOfExploitConcatenated, which in the 2021 release is empty for some rows whose flags
    are set (UA citizens: 1,023 rows flagged forced labour have no text).
    """
    groups = frame[by] if by else None
    if basis == "flags":
        flags = FLAG_GROUPS["typeOfExploit"]
        indicators = {label(f): frame[f].fillna(False) for f in flags}
        return safe_multi_table(
            indicators, informed(frame, "typeOfExploit"), groups, k,
            title="Type of exploitation (is* flags)", category_name="type of exploitation",
        )  # fmt: skip
    if basis != "text":
        raise CaseDataError(f"basis must be 'flags' or 'text', not {basis!r}")
    text = frame["typeOfExploitConcatenated"]
    parts = text.str.split(";").explode().str.strip()
    names = parts.value_counts().index
    indicators = {name: parts.eq(name).groupby(level=0).any() for name in names}
    return safe_multi_table(
        indicators, text.notna(), groups, k,
        title="Type of exploitation (typeOfExploitConcatenated)",
        category_name="type of exploitation",
    )  # fmt: skip


def countries_of_exploitation(
    frame: pd.DataFrame, k: int = 10, by: str | None = "gender"
) -> SafeTable:
    """Victims by country of exploitation (for IOM often the country of identification)."""
    return safe_crosstab(
        frame, "CountryOfExploitation", by, k, title="Victims by country of exploitation"
    )


def _flag_group_table(
    frame: pd.DataFrame, group: str, k: int, by: str | None, title: str, name: str
) -> SafeTable:
    unspecified = NOT_SPECIFIED_FLAGS.get(group)
    indicators = {label(f): frame[f].fillna(False) for f in FLAG_GROUPS[group] if f != unspecified}
    groups = frame[by] if by else None
    return safe_multi_table(
        indicators, informed(frame, group), groups, k, title=title, category_name=name
    )


def labour_sectors(frame: pd.DataFrame, k: int = 10, by: str | None = "gender") -> SafeTable:
    """People per sector of forced labour (typeOfLabour* flags)."""
    return _flag_group_table(frame, "typeOfLabour", k, by, "Sectors of forced labour", "sector")


def means_of_control(frame: pd.DataFrame, k: int = 10, by: str | None = "gender") -> SafeTable:
    """People per means of control used by the exploiters (meansOfControl* flags)."""
    return _flag_group_table(frame, "meansOfControl", k, by, "Means of control", "means of control")


def recruiter_relationship(
    frame: pd.DataFrame, k: int = 10, by: str | None = "gender"
) -> SafeTable:
    """People by relationship to the recruiter (recruiterRelation* flags)."""
    return _flag_group_table(
        frame, "recruiterRelation", k, by, "Relationship to the recruiter", "recruiter"
    )


def ilo_indicators(frame: pd.DataFrame, k: int = 10, by: str | None = "gender") -> SafeTable:
    """People with at least one means of control linked to each ILO indicator
    (:mod:`ctcourse.cases.ilo`)."""
    indicators = {
        indicator: frame[list(columns)].fillna(False).any(axis=1)
        for indicator in ilo.INDICATORS
        if (columns := ilo.columns_for(indicator))
    }
    groups = frame[by] if by else None
    return safe_multi_table(
        indicators, informed(frame, "meansOfControl"), groups, k,
        title="ILO indicators of forced labour (from means of control)",
        category_name="ILO indicator",
    )  # fmt: skip


def filter_cases(
    frame: pd.DataFrame,
    *,
    years: tuple[int, int] | None = None,
    genders: Iterable[str] | None = None,
    age_bands: Iterable[str] | None = None,
    exploitation: str | None = None,
    countries: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows matching every given filter (None = no filter); ``exploitation`` is an is* flag."""
    keep = pd.Series(True, index=frame.index)
    if years is not None:
        keep &= frame[YEAR].between(*years).fillna(False)
    if genders is not None:
        keep &= frame["gender"].isin(list(genders))
    if age_bands is not None:
        keep &= frame["ageBroad"].isin(list(age_bands))
    if exploitation is not None:
        keep &= frame[exploitation].fillna(False)
    if countries is not None:
        keep &= frame["CountryOfExploitation"].isin(list(countries))
    return frame.loc[keep.to_numpy(dtype=bool)]
