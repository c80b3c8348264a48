"""Why an item or a test deserves a trainer's look, in words (thresholds as Moodle's docs advise).

An item is flagged when its facility is under 20% or over 90%, its discrimination index is
negative or under 20, or its SD is under a third of its maximum mark; a test when its CIC
(Cronbach's alpha) is under 64%. Nothing is flagged from fewer than :data:`MIN_ATTEMPTS`
graded attempts: with a handful of trainees one answer moves a facility by tens of points and
a discrimination index is noise, so a small cohort would get every item "to review".
"""

from __future__ import annotations

from ctcourse.reports.itemstats import ItemStats, QuizStats

FACILITY_LOW, FACILITY_HIGH = 0.20, 0.90
DISCRIMINATION_LOW = 20.0
SD_SHARE_LOW = 1 / 3
CIC_LOW = 64.0
#: The fewest graded attempts of an item (or a test) from which it is flagged.
MIN_ATTEMPTS = 10


def item_flags(item: ItemStats) -> list[str]:
    """Every reason to review this item; empty when none applies or too few attempted it."""
    reasons: list[str] = []
    if item.attempts < MIN_ATTEMPTS:
        return reasons
    if item.facility is not None and item.facility < FACILITY_LOW:
        reasons.append(f"very hard: facility {item.facility:.0%} is under 20%")
    if item.facility is not None and item.facility > FACILITY_HIGH:
        reasons.append(f"very easy: facility {item.facility:.0%} is over 90%")
    if item.discrimination is not None and item.discrimination < 0:
        reasons.append(
            f"negative discrimination ({item.discrimination:.1f}): trainees who do well on the "
            "rest of the test do worse here; check the key"
        )
    elif item.discrimination is not None and item.discrimination < DISCRIMINATION_LOW:
        reasons.append(
            f"weak discrimination ({item.discrimination:.1f} < 20): the item barely separates "
            "stronger from weaker trainees"
        )
    share = item.sd_share
    if share is not None and share < SD_SHARE_LOW:
        reasons.append(f"little spread: SD is {share:.0%} of the item's maximum (under 33%)")
    return reasons


def quiz_flags(stats: QuizStats) -> list[str]:
    """Reasons to review the test as a whole (none from fewer than MIN_ATTEMPTS attempts)."""
    if stats.attempts >= MIN_ATTEMPTS and stats.cic is not None and stats.cic < CIC_LOW:
        return [
            f"CIC {stats.cic:.0f}% is under 64%: the items do not measure one thing consistently"
        ]
    return []
