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
publishes no new number. All tables of one dataset are protected together
(:mod:`ctcourse.cases.suppression`) and audited together (:mod:`ctcourse.cases.audit`) before
any is shown; a cell the audit can narrow down has its lines withheld and the round repeats.

As a statistics office does, the publication **recodes before it suppresses**: when a crosstab
says nothing (its grand total hidden, or over half of its margins or non-zero cells), gender
is recoded to Female / Male / other or not recorded, years to periods, ages to broad bands,
countries to UN sub-regions and regions (:data:`RECODES`), one level at a time, until every
crosstab says something; :meth:`Publication.loss` states what that and suppression cost.

Protection belongs to the dataset (:mod:`ctcourse.cases.ledger`): a frame is published only
if it holds a loaded dataset, whatever pandas route made it (a selection or an edit is
refused: tables of two overlapping selections would give away their difference); the first
release is recorded, and every later one is that release again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ctcourse.cases import ilo, ledger
from ctcourse.cases.audit import AuditReport, audit
from ctcourse.cases.hierarchies import BROAD_AGE, hierarchy_for
from ctcourse.cases.safe_tables import (
    PUBLISHED,
    TOTAL,
    SafeTable,
    TableSpec,
    crosstab_spec,
    multi_spec,
    published,
)
from ctcourse.cases.schema import FLAG_GROUPS, NOT_SPECIFIED_FLAGS, YEAR
from ctcourse.cases.suppression import protect
from ctcourse.errors import DisclosureError

BY = "gender"
Levels = dict[str, int]
MAX_HIDDEN = 0.5
"""A crosstab with more than this share of its margins or non-zero cells hidden says
nothing: its variables are recoded one level coarser before suppression is tried again."""
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
    """The protected tables of one dataset at one k, by name, with the recoding they use."""

    k: int
    tables: dict[str, SafeTable]
    dataset: str = ""
    """The dataset's fingerprint (:mod:`ctcourse.cases.ledger`)."""
    levels: Levels = dataclasses.field(default_factory=dict)
    """The hierarchy level of each recoded variable (0 = as recorded)."""
    requested_k: int | None = None

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

    def rows(self) -> int | None:
        """The published number of rows (the grand total), or None where it is suppressed."""
        value = self.tables[YEAR].counts.at[TOTAL, TOTAL]
        return None if pd.isna(value) else int(value)

    def rows_text(self) -> str:
        """The number of rows as printed: the published grand total (recorded in the
        dataset's ledger as a printed number), or "a suppressed number of" — never a count
        the tables do not publish."""
        rows = self.rows()
        if rows is None:
            return "a suppressed number of"
        if self.dataset:
            ledger.record_number(self.dataset, ((), ()), rows, "rows")
        return str(rows)

    def loss(self) -> str:
        """The information this publication loses: recoding, and cells and people hidden."""
        return information_loss(self)


def information_loss(publication: Publication) -> str:
    """What recoding and suppression cost, in lines an analyst can read."""
    lines = []
    if publication.requested_k and publication.requested_k != publication.k:
        lines.append(
            f"Asked for k={publication.requested_k}; this dataset was first published at "
            f"k={publication.k}, and every release of it stays at that k."
        )
    lines += [said for said in map(_recoding(publication.levels), publication.levels) if said]
    hidden = sum(int(t.suppressed.sum()) for t in publication.tables.values())
    cells = sum(t.status.size for t in publication.tables.values())
    lines.append(f"k={publication.k}: {hidden} of {cells} cells suppressed.")
    return " ".join(lines)


def _recoding(levels: Levels) -> Callable[[str], str]:
    def said(variable: str) -> str:
        level = levels.get(variable, 0)
        return f"{_NAMES[variable]} recoded to {RECODES[variable][level - 1][0]}." if level else ""

    return said


def _with_recoding(tables: dict[str, SafeTable], levels: Levels) -> dict[str, SafeTable]:
    """The tables, each noting how its own variables were recoded."""
    said = _recoding(levels)
    out = {}
    for name, table in tables.items():
        text = " ".join(filter(None, (said(name) if name in RECODES else "", said(BY))))
        out[name] = dataclasses.replace(table, recoding=text)
    return out


def _counts_column(table: SafeTable) -> SafeTable:
    """A one-column view with its column called "count" (as a one-way table prints)."""
    column = pd.Index(["count"], name="")
    counts, status = table.counts.copy(), table.status.copy()
    counts.columns, status.columns = column, column
    return dataclasses.replace(table, counts=counts, status=status)


_CACHE: dict[tuple[str, int], tuple[Publication, AuditReport]] = {}
"""Publications built in this process, by ledger file and k."""


def publication(frame: pd.DataFrame, k: int) -> Publication:
    """The publication of the dataset ``frame`` holds, at ``k`` or at the stricter k it was
    first published at (recorded in its ledger); raises :class:`DisclosureError` for a frame
    that is no loaded dataset, for a k above the recorded one, or if no protection passes the
    audit."""
    tables, report = attempt(frame, k)
    if not report.holds:
        raise DisclosureError(f"no safe publication at k={k}: {report.failures[0]}")
    return tables


def attempt(frame: pd.DataFrame, k: int, *, record: bool = True) -> tuple[Publication, AuditReport]:
    """The publication of ``frame``'s dataset at ``k`` and its audit. A dataset's first
    release is recoded, protected, audited (withholding the lines of any cell the audit
    narrows down, at most REPAIR_ROUNDS times) and, if it passes and ``record`` is set,
    recorded in its ledger; later requests get the recorded release."""
    if k < 1:
        raise DisclosureError(f"k must be at least 1, not {k}")
    found = ledger.identify(frame)
    recorded = ledger.read(found)
    if recorded.k is not None and k > recorded.k:
        raise DisclosureError(
            f"{recorded.source}: this dataset was already published at k={recorded.k}; a "
            f"release at k={k} would be read together with it and cannot hide what k="
            f"{recorded.k} showed — publish at k={recorded.k} (or lower, which gives the same)"
        )
    use = recorded.k or k
    cached = (str(ledger.ledger_path(found)), use)
    if cached not in _CACHE:
        if recorded.releases:
            tables = _recorded(frame, recorded.releases[0])
            report = AuditReport(use, len(tables.tables), 0, ())
        else:
            tables, report = _protected(frame, use)
        _CACHE[cached] = (dataclasses.replace(tables, dataset=found), report)
    tables, report = _CACHE[cached]
    if record and report.holds and not recorded.releases:
        ledger.record_release(found, use, tables.tables, tables.levels)
    return dataclasses.replace(tables, requested_k=k), report


def _protected(frame: pd.DataFrame, k: int) -> tuple[Publication, AuditReport]:
    """Recode along the hierarchies until every table says something, then protect."""
    levels: Levels = dict.fromkeys(RECODES, 0)
    while True:
        tables, report = _protect(frame, k, levels)
        coarser = _coarser(tables, levels)
        if coarser is None:
            break
        levels[coarser] += 1
    quiet = tuple(
        f"{table.title} says nothing at k={k} even recoded: grand total, or over half of its "
        "margins or cells, suppressed — choose a smaller k or a larger dataset"
        for table in tables.tables.values()
        if says_nothing(table)
    )
    return tables, dataclasses.replace(report, failures=(*report.failures, *quiet))


def _protect(frame: pd.DataFrame, k: int, levels: Levels) -> tuple[Publication, AuditReport]:
    specs = plan(frame, levels, k)
    withheld: set = set()
    for _ in range(REPAIR_ROUNDS):
        protected = protect(list(specs.values()), k, withheld)
        named = _with_recoding(dict(zip(specs, protected, strict=True)), levels)
        tables = Publication(k, named, levels=dict(levels))
        report = tables.audit()
        if report.holds:
            break
        withheld.update(report.failed)
    return tables, report


def says_nothing(table: SafeTable) -> bool:
    """Whether a crosstab tells too little to publish: its grand total suppressed, or more
    than MAX_HIDDEN of its margins (row and column totals) or of its non-zero cells."""
    if table.kind != "crosstab":
        return False
    status = table.status
    hidden = status.to_numpy() != PUBLISHED
    if hidden[-1, -1]:
        return True
    margins = np.concatenate([hidden[-1, :-1], hidden[:-1, -1]])
    nonzero = table._true.reshape(hidden.shape) > 0
    return bool(margins.mean() > MAX_HIDDEN or hidden[nonzero].mean() > MAX_HIDDEN)


def _coarser(tables: Publication, levels: Levels) -> str | None:
    """The variable to recode one level further, or None when every table says something
    (or nothing can be recoded further). Gender first when the grand total is hidden (it
    is the columns of every table), else the quiet table's own variable, most hidden first."""
    quiet = [name for name in CROSSTAB_ROWS if says_nothing(tables.tables[name])]
    if not quiet:
        return None
    open_ = {name for name in RECODES if levels[name] < len(RECODES[name])}
    if tables.tables[YEAR].status.iat[-1, -1] != PUBLISHED and BY in open_:
        return BY
    shares = {n: float(tables.tables[n].suppressed.mean()) for n in quiet if n in open_}
    if shares:
        return max(shares, key=shares.__getitem__)
    return BY if BY in open_ else None


def _recorded(frame: pd.DataFrame, release: dict) -> Publication:
    """The recorded release, rebuilt on the data: the same recoding, the same cells hidden;
    :class:`DisclosureError` if a recorded count is not the data's."""
    levels = {name: int(level) for name, level in release.get("levels", {}).items()}
    specs = plan(frame, levels, release["k"])
    tables = {}
    for name, spec in specs.items():
        record = release["tables"].get(name)
        if record is None or [ledger.key_of(key) for key in record["keys"]] != list(spec.keys):
            raise DisclosureError(
                f"the ledger's release at k={release['k']} has no table {name!r} as this "
                "version publishes it; audit the dataset with `ctcourse cases audit`"
            )
        counts = np.array([np.nan if c is None else c for c in record["counts"]], dtype=float)
        hidden = np.isnan(counts)
        if not np.array_equal(counts[~hidden], spec.values.ravel()[~hidden]):
            raise DisclosureError(f"{spec.title}: the ledger records counts these data do not have")
        tables[name] = published(spec, release["k"], hidden)
    return Publication(release["k"], _with_recoding(tables, levels), levels=levels)


def safe_crosstab(
    frame: pd.DataFrame, rows: str, cols: str | None = None, k: int = 10
) -> SafeTable:
    """The published crosstab of ``rows`` by ``cols`` of ``frame``'s publication at ``k``."""
    return publication(frame, k).crosstab(rows, cols)


def plan(frame: pd.DataFrame, levels: Levels | None = None, k: int = 1) -> dict[str, TableSpec]:
    """Every table of the publication, before protection, with the variables recoded to
    ``levels`` (free-text labels held by fewer than ``k`` people pooled)."""
    levels = levels or {}
    columns = {name: recoded(frame[name], levels.get(name, 0)) for name in (*CROSSTAB_ROWS, BY)}
    view = pd.DataFrame(columns, index=frame.index)
    specs = {rows: crosstab_spec(view, rows, BY, title=_title(rows)) for rows in CROSSTAB_ROWS}
    for name, title in MULTI_TABLES.items():
        indicators, informed = _MULTI[name](frame, k)
        specs[name] = multi_spec(
            indicators, informed, view[BY], title=title, category_name=_CATEGORY[name]
        )
    return specs


def recoded(series: pd.Series, level: int) -> pd.Series:
    """``series`` at a level of its recoding hierarchy (level 0: as recorded)."""
    if not level:
        return series
    _, step = RECODES[str(series.name)][level - 1]
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    labels = [UNMAPPED if (new := step(value)) is None else new for value in uniques]
    if series.name == BY:  # the missing gender joins the smallest recorded ones
        labels.append(OTHER_GENDER)
        codes = np.where(codes < 0, len(labels) - 1, codes)
    else:
        labels.append(None)
    values = pd.Series(np.asarray(labels, dtype=object)[codes], index=series.index)
    order = [c for c in dict.fromkeys(_ORDER.get(str(series.name), ())) if c in set(values)]
    order += sorted(set(values.dropna()) - set(order), key=str)
    return values.astype(pd.CategoricalDtype(order)).rename(series.name)


def _gender_step(value: object) -> str:
    return str(value) if value in ("Female", "Male") else OTHER_GENDER


OTHER_GENDER = "other or not recorded"
_YEAR, _AGE, _COUNTRY = (hierarchy_for(c) for c in (YEAR, "ageBroad", "CountryOfExploitation"))
RECODES: dict[str, tuple[tuple[str, Callable[[object], object]], ...]] = {
    BY: (("Female, Male, other or not recorded", _gender_step),),
    YEAR: (("5-year periods", _YEAR.steps[1]), ("10-year periods", _YEAR.steps[2])),
    "ageBroad": (("broad age bands", _AGE.steps[1]), ("minor or adult", _AGE.steps[2])),
    "CountryOfExploitation": (
        ("UN sub-regions", _COUNTRY.steps[1]),
        ("UN regions", _COUNTRY.steps[2]),
    ),
}
"""Per variable, its recodings from finer to coarser (a name and a value → value step)."""
_ORDER = {
    BY: ("Female", "Male", OTHER_GENDER),
    "ageBroad": (*BROAD_AGE, "0--17", "18--29", "30--47", "48+", "18+"),
}
UNMAPPED = "not in the UN region lookup"
_NAMES = {
    BY: "Gender",
    YEAR: "Year of registration",
    "ageBroad": "Age",
    "CountryOfExploitation": "Country of exploitation",
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


def _flag_group(
    group: str,
) -> Callable[[pd.DataFrame, int], tuple[Indicators, tuple[pd.Series, str]]]:
    def build(frame: pd.DataFrame, k: int) -> tuple[Indicators, tuple[pd.Series, str]]:
        unspecified = NOT_SPECIFIED_FLAGS.get(group)
        indicators = {
            label(f): (frame[f].fillna(False), (f"any:{f}",))
            for f in FLAG_GROUPS[group]
            if f != unspecified
        }
        return indicators, (informed(frame, group), f"informed:{group}")

    return build


OTHER_TEXT = "other wording (each held by fewer than k people)"


def _exploitation_text(frame: pd.DataFrame, k: int) -> tuple[Indicators, tuple[pd.Series, str]]:
    """One row per wording of typeOfExploitConcatenated held by at least k people, in a
    fixed order (the codebook's types, then the others alphabetically), never by count; the
    rarer wordings pooled in one row, so that no row label is a value fewer than k people
    hold."""
    text = frame["typeOfExploitConcatenated"]
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    rows, parts = [], []
    for code, value in enumerate(uniques):
        for part in dict.fromkeys(p.strip() for p in str(value).split(";")):
            if part:
                rows.append(code)
                parts.append(part)
    part_codes, names = pd.factorize(pd.Series(parts, dtype=object))
    by_value = np.zeros((len(uniques), len(names)), dtype=bool)
    by_value[np.asarray(rows, dtype=np.int64), part_codes] = True
    present = codes >= 0
    held = by_value[codes[present]].sum(axis=0) if len(names) else np.zeros(0)
    known = list(EXPLOITATION_LABELS.values())
    common = [n for n, h in zip(names, held, strict=True) if h >= k]
    order = [n for n in known if n in common] + sorted(n for n in common if n not in known)
    rare = np.array([h < k for h in held], dtype=bool)
    indicators: Indicators = {}
    for name in order:
        column = by_value[:, names.get_loc(name)]
        indicators[str(name)] = (_rows_with(codes, column, frame.index), (f"text:{name}",))
    if rare.any():
        column = by_value[:, rare].any(axis=1)
        indicators[OTHER_TEXT] = (_rows_with(codes, column, frame.index), ("text:(rare)",))
    informed = pd.Series(present, index=frame.index)
    return indicators, (informed, "informed:typeOfExploitConcatenated")


def _rows_with(codes: np.ndarray, by_value: np.ndarray, index: pd.Index) -> pd.Series:
    """Per row, whether its text value (``codes``) is one of those marked in ``by_value``."""
    return pd.Series((codes >= 0) & by_value[np.maximum(codes, 0)], index=index)


def _ilo(frame: pd.DataFrame, k: int) -> tuple[Indicators, tuple[pd.Series, str]]:
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
