"""The publication plan: the fixed lattice of tables that may be published from one dataset.

Every notebook table, explorer view, export and summary line is a cell of one of these
tables, all over the same rows (the whole file; a missing value is its own category, "not
recorded", never a dropped row):

* by gender: year of registration, age band, country of exploitation, data source
  (crosstabs with totals; the gender totals are the same cells in all four);
* by gender, several answers per person: type of exploitation (flags and text), sector of
  forced labour, means of control, ILO indicators, relationship to the recruiter.

Nothing else is computed from the rows: a selection (fewer years, one gender, one country)
shows rows and columns of these tables with the tables' own totals, so moving a filter
publishes no new number. All tables of one dataset at one k are protected together
(:mod:`ctcourse.cases.suppression`) and audited together (:mod:`ctcourse.cases.audit`) before
any is shown; a cell the audit can narrow down has its lines withheld and the round repeats.
A frame that is a selection of a loaded file (fewer rows than were loaded) is refused:
tables of two overlapping selections would give away their difference.
"""

from __future__ import annotations

import dataclasses
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ctcourse.cases import ilo
from ctcourse.cases.audit import AuditReport, audit
from ctcourse.cases.safe_tables import TOTAL, SafeTable, TableSpec, crosstab_spec, multi_spec
from ctcourse.cases.schema import FLAG_GROUPS, NOT_SPECIFIED_FLAGS, ROWS_ATTR, YEAR
from ctcourse.cases.suppression import protect
from ctcourse.errors import DisclosureError

BY = "gender"
REPAIR_ROUNDS = 4
"""Rounds of protect → audit → withhold the failing cells' lines before giving up."""
CROSSTAB_ROWS = (YEAR, "ageBroad", "CountryOfExploitation", "Datasource")

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

MULTI_TABLES = {
    "exploitation": "Type of exploitation (is* flags)",
    "exploitation_text": "Type of exploitation (typeOfExploitConcatenated)",
    "labour_sectors": "Sectors of forced labour",
    "means_of_control": "Means of control",
    "ilo_indicators": "ILO indicators of forced labour (from means of control)",
    "recruiter": "Relationship to the recruiter",
}


@dataclass(frozen=True)
class Publication:
    """The protected tables of one dataset at one k, by name."""

    k: int
    tables: dict[str, SafeTable]

    def crosstab(self, rows: str, cols: str | None = BY) -> SafeTable:
        """The published crosstab of ``rows`` by ``cols`` (or a view of one)."""
        if rows == cols:
            cols = None
        if rows in CROSSTAB_ROWS and cols == BY:
            return self.tables[rows]
        if rows in CROSSTAB_ROWS and cols is None:
            return _counts_column(self.tables[rows].select(columns=[TOTAL]))
        if rows == BY and cols in CROSSTAB_ROWS:
            return self.tables[cols].transposed()
        if rows == BY and cols is None:
            return _counts_column(self.tables[YEAR].select(rows=[TOTAL]).transposed())
        plan = ", ".join(CROSSTAB_ROWS)
        raise DisclosureError(
            f"cases by {rows}" + (f" and {cols}" if cols else "") + " are not in the "
            f"publication plan; published crosstabs are {plan} by {BY}"
        )

    def audit(self) -> AuditReport:
        """Bound every suppressed cell given every table (see :mod:`ctcourse.cases.audit`)."""
        return audit(list(self.tables.values()), self.k)


def _counts_column(table: SafeTable) -> SafeTable:
    """A one-column view with its column called "count" (as a one-way table prints)."""
    column = pd.Index(["count"], name="")
    counts, status = table.counts.copy(), table.status.copy()
    counts.columns, status.columns = column, column
    return dataclasses.replace(table, counts=counts, status=status)


_CACHE: dict[int, tuple[weakref.ref, dict[int, tuple[Publication, AuditReport]]]] = {}


def publication(frame: pd.DataFrame, k: int) -> Publication:
    """The publication of ``frame`` at ``k`` (built once per frame and k); raises
    :class:`DisclosureError` if no protection of it passes the audit."""
    tables, report = attempt(frame, k)
    if not report.holds:
        raise DisclosureError(f"no safe publication at k={k}: {report.failures[0]}")
    return tables


def attempt(frame: pd.DataFrame, k: int) -> tuple[Publication, AuditReport]:
    """The protected tables of ``frame`` at ``k`` and their audit: protect, audit, withhold
    the lines of any cell the audit narrows down, repeat (at most REPAIR_ROUNDS times)."""
    if k < 1:
        raise DisclosureError(f"k must be at least 1, not {k}")
    loaded = frame.attrs.get(ROWS_ATTR)
    if loaded is not None and loaded != len(frame):
        raise DisclosureError(
            f"this frame is a selection ({len(frame)} of {loaded} loaded rows); tables are "
            "published for a whole dataset only — select rows of the published tables instead"
        )
    ref, by_k = _CACHE.get(id(frame), (None, None))
    if ref is None or ref() is not frame or by_k is None:
        by_k = {}
        _CACHE[id(frame)] = (weakref.ref(frame), by_k)
        weakref.finalize(frame, _CACHE.pop, id(frame), None)
    if k not in by_k:
        specs = plan(frame)
        withheld: set = set()
        for _ in range(REPAIR_ROUNDS):
            protected = protect(list(specs.values()), k, withheld)
            tables = Publication(k, dict(zip(specs, protected, strict=True)))
            report = tables.audit()
            if report.holds:
                break
            withheld.update(report.failed)
        by_k[k] = (tables, report)
    return by_k[k]


def safe_crosstab(
    frame: pd.DataFrame, rows: str, cols: str | None = None, k: int = 10
) -> SafeTable:
    """The published crosstab of ``rows`` by ``cols`` of ``frame``'s publication at ``k``."""
    return publication(frame, k).crosstab(rows, cols)


def plan(frame: pd.DataFrame) -> dict[str, TableSpec]:
    """Every table of the publication, before protection."""
    specs = {rows: crosstab_spec(frame, rows, BY, title=_title(rows)) for rows in CROSSTAB_ROWS}
    for name, title in MULTI_TABLES.items():
        indicators, informed = _MULTI[name](frame)
        specs[name] = multi_spec(
            indicators, informed, frame[BY], title=title, category_name=_CATEGORY[name]
        )
    return specs


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


_TITLES = {
    YEAR: "Identified victims by year of registration and gender",
    "CountryOfExploitation": "Victims by country of exploitation",
    "ageBroad": "Victims by age band and gender",
    "Datasource": "Victims by data source and gender",
}
_CATEGORY = {
    "exploitation": "type of exploitation",
    "exploitation_text": "type of exploitation",
    "labour_sectors": "sector",
    "means_of_control": "means of control",
    "ilo_indicators": "ILO indicator",
    "recruiter": "recruiter",
}


def _title(rows: str) -> str:
    return _TITLES[rows]


Indicators = dict[str, tuple[pd.Series, tuple[str, ...]]]


def _flag_group(group: str) -> Callable[[pd.DataFrame], tuple[Indicators, tuple[pd.Series, str]]]:
    def build(frame: pd.DataFrame) -> tuple[Indicators, tuple[pd.Series, str]]:
        unspecified = NOT_SPECIFIED_FLAGS.get(group)
        indicators = {
            label(f): (frame[f].fillna(False), (f"any:{f}",))
            for f in FLAG_GROUPS[group]
            if f != unspecified
        }
        return indicators, (informed(frame, group), f"informed:{group}")

    return build


def _exploitation_text(frame: pd.DataFrame) -> tuple[Indicators, tuple[pd.Series, str]]:
    text = frame["typeOfExploitConcatenated"].astype("string")
    parts = text.str.split(";").explode().str.strip()
    parts = parts[parts.notna() & (parts != "")]
    names = parts.value_counts().index
    indicators = {
        str(name): (
            parts.eq(name).groupby(level=0).any().reindex(frame.index, fill_value=False),
            (f"text:{name}",),
        )
        for name in names
    }
    return indicators, (text.notna(), "informed:typeOfExploitConcatenated")


def _ilo(frame: pd.DataFrame) -> tuple[Indicators, tuple[pd.Series, str]]:
    indicators = {
        indicator: (
            frame[list(columns)].fillna(False).any(axis=1),
            ("any:" + "|".join(sorted(columns)),),
        )
        for indicator in ilo.INDICATORS
        if (columns := ilo.columns_for(indicator))
    }
    return indicators, (informed(frame, "meansOfControl"), "informed:meansOfControl")


_MULTI = {
    "exploitation": _flag_group("typeOfExploit"),
    "exploitation_text": _exploitation_text,
    "labour_sectors": _flag_group("typeOfLabour"),
    "means_of_control": _flag_group("meansOfControl"),
    "ilo_indicators": _ilo,
    "recruiter": _flag_group("recruiterRelation"),
}
