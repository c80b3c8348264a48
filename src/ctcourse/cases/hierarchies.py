"""Generalization hierarchies for quasi-identifiers, from the finest level to suppression.

Level 0 is the value itself; each further level is coarser; the last level suppresses the
value (missing). Age bands merge into broad bands and then minor/adult; years into 5- and
10-year bins; ISO-2 countries into UN sub-regions and UN regions (CTDC lookup). Any other
column can only be kept or suppressed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from ctcourse.cases.data import country_lookup
from ctcourse.cases.schema import COUNTRY_COLUMNS, YEAR

Step = Callable[[object], object | None]

BROAD_AGE = {
    "0--8": "0--17",
    "9--17": "0--17",
    "18--20": "18--29",
    "21--23": "18--29",
    "24--26": "18--29",
    "27--29": "18--29",
    "30--38": "30--47",
    "39--47": "30--47",
    "48+": "48+",
}
BROAD_AGE_STEP = {**BROAD_AGE, **{v: v for v in BROAD_AGE.values()}, "18+": "18+"}
MAJORITY_AGE = {band: ("0--17" if broad == "0--17" else "18+") for band, broad in BROAD_AGE.items()}
MAJORITY_AGE.update({"0--17": "0--17", "18--29": "18+", "30--47": "18+", "18+": "18+"})
GENERALIZED_AGE_LABELS = ("0--17", "18--29", "30--47", "18+")
"""Age labels an anonymized file may hold besides the nine CTDC bands."""

YEAR_BIN = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class Hierarchy:
    """Named levels and, per level, a function from a value to its generalized value."""

    levels: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def top(self) -> int:
        """Index of the last (suppressing) level."""
        return len(self.levels) - 1


def _identity(value: object) -> object:
    return value


def _suppress(value: object) -> None:
    return None


def _year_bin(width: int) -> Step:
    def step(value: object) -> str:
        match = YEAR_BIN.match(str(value))
        start = int(match.group(1)) if match else int(value)  # type: ignore[call-overload]
        first = start - start % width
        return f"{first}-{first + width - 1}"

    return step


@functools.cache
def region_maps() -> tuple[dict[str, str], dict[str, str]]:
    """(code or sub-region → UN sub-region, code/sub-region/region → UN region)."""
    lookup = country_lookup()
    known = lookup[(lookup["UNSubRegion"] != "") & (lookup["UNRegion"] != "")]
    to_sub = dict(zip(known["ISO2"], known["UNSubRegion"], strict=True))
    to_sub.update({sub: sub for sub in known["UNSubRegion"]})
    to_region = dict(zip(known["ISO2"], known["UNRegion"], strict=True))
    to_region.update(dict(zip(known["UNSubRegion"], known["UNRegion"], strict=True)))
    to_region.update({region: region for region in known["UNRegion"]})
    return to_sub, to_region


def _mapped(mapping: dict[str, str]) -> Step:
    def step(value: object) -> str | None:
        return mapping.get(str(value))

    return step


def hierarchy_for(column: str) -> Hierarchy:
    """The generalization hierarchy of ``column``."""
    if column == "ageBroad":
        return Hierarchy(
            ("age band", "broad age band (0-17, 18-29, 30-47, 48+)", "minor/adult", "suppressed"),
            (_identity, _mapped(BROAD_AGE_STEP), _mapped(MAJORITY_AGE), _suppress),
        )
    if column == YEAR:
        return Hierarchy(
            ("year", "5-year bin", "10-year bin", "suppressed"),
            (_identity, _year_bin(5), _year_bin(10), _suppress),
        )
    if column in COUNTRY_COLUMNS:
        to_sub, to_region = region_maps()
        return Hierarchy(
            ("country", "UN sub-region", "UN region", "suppressed"),
            (_identity, _mapped(to_sub), _mapped(to_region), _suppress),
        )
    return Hierarchy(("value", "suppressed"), (_identity, _suppress))
