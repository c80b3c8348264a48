"""Why an item or a test deserves a trainer's look, in words (thresholds as Moodle's docs advise).

An item is flagged when its facility is under 20% or over 90%, its discrimination index is
negative or under 20, or its SD is under a third of its maximum mark; a test when its CIC
(Cronbach's alpha) is under 64%. Nothing is flagged from fewer than :data:`MIN_ATTEMPTS`
graded attempts: with a handful of trainees one answer moves a facility by tens of points and
a discrimination index is noise, so a small cohort would get every item "to review".
"""

from __future__ import annotations

from ctcourse.reports.itemstats import ItemStats, QuizStats
from ctcourse.reports.strings import number, percent, text

FACILITY_LOW, FACILITY_HIGH = 0.20, 0.90
DISCRIMINATION_LOW = 20.0
SD_SHARE_LOW = 1 / 3
CIC_LOW = 64.0
#: The fewest graded attempts of an item (or a test) from which it is flagged.
MIN_ATTEMPTS = 10


def item_flags(item: ItemStats, language: str = "en") -> list[str]:
    """Every reason to review this item, in ``language``; empty when none applies or too few
    attempted it."""
    reasons: list[str] = []
    if item.attempts < MIN_ATTEMPTS:
        return reasons
    if item.facility is not None and item.facility < FACILITY_LOW:
        reasons.append(text(language, "very_hard", facility=percent(item.facility, language)))
    if item.facility is not None and item.facility > FACILITY_HIGH:
        reasons.append(text(language, "very_easy", facility=percent(item.facility, language)))
    if item.discrimination is not None and item.discrimination < 0:
        reasons.append(text(language, "negative", value=number(item.discrimination, language, 1)))
    elif item.discrimination is not None and item.discrimination < DISCRIMINATION_LOW:
        reasons.append(text(language, "weak", value=number(item.discrimination, language, 1)))
    share = item.sd_share
    if share is not None and share < SD_SHARE_LOW:
        reasons.append(text(language, "spread", share=percent(share, language)))
    return reasons


def quiz_flags(stats: QuizStats, language: str = "en") -> list[str]:
    """Reasons to review the test as a whole, in ``language`` (none from fewer than
    MIN_ATTEMPTS attempts)."""
    if stats.attempts >= MIN_ATTEMPTS and stats.cic is not None and stats.cic < CIC_LOW:
        return [text(language, "low_cic", cic=percent(stats.cic / 100, language))]
    return []
