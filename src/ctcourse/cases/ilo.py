"""CTDC means of control mapped to the ILO's 11 indicators of forced labour.

Source of the indicators: ILO Special Action Programme to Combat Forced Labour (SAP-FL),
*ILO Indicators of Forced Labour* (booklet, 2012), as listed in the course's reference facts
(§1.4). Each link says its basis: "reference facts §1.4" for the links the course reference
names, "CTDC codebook v7" where the codebook's definition of the variable names the indicator,
"ctcourse reading" for links this module adds by reading the indicator definitions.
The ILO notes that one indicator may in some cases imply forced labour, in others several are
needed: the mapping describes the recorded means of control, it does not diagnose cases.
"""

from __future__ import annotations

from dataclasses import dataclass

INDICATORS = (
    "Abuse of vulnerability",
    "Deception",
    "Restriction of movement",
    "Isolation",
    "Physical and sexual violence",
    "Intimidation and threats",
    "Retention of identity documents",
    "Withholding of wages",
    "Debt bondage",
    "Abusive working and living conditions",
    "Excessive overtime",
)
"""The 11 ILO indicators, in the ILO's order."""

REFERENCE = "reference facts §1.4"
CODEBOOK = "CTDC codebook v7"
CTCOURSE = "ctcourse reading"


@dataclass(frozen=True)
class Link:
    """One CTDC means-of-control column counted under one ILO indicator."""

    column: str
    indicator: str
    basis: str


LINKS = (
    Link("meansOfControlFalsePromises", "Deception", REFERENCE),
    Link("meansOfControlRestrictsMovement", "Restriction of movement", REFERENCE),
    # the codebook: "isolated, confined or limited the movement of the individual"
    Link("meansOfControlRestrictsMovement", "Isolation", CODEBOOK),
    Link("meansOfControlPhysicalAbuse", "Physical and sexual violence", REFERENCE),
    Link("meansOfControlSexualAbuse", "Physical and sexual violence", REFERENCE),
    Link("meansOfControlThreats", "Intimidation and threats", REFERENCE),
    Link("meansOfControlWithholdsDocuments", "Retention of identity documents", REFERENCE),
    Link("meansOfControlTakesEarnings", "Withholding of wages", REFERENCE),
    Link("meansOfControlDebtBondage", "Debt bondage", REFERENCE),
    Link("meansOfControlWithholdsNecessities", "Abusive working and living conditions", CTCOURSE),
    Link("meansOfControlExcessiveWorkingHours", "Excessive overtime", REFERENCE),
    Link("meansOfControlPsychoactiveSubstances", "Abuse of vulnerability", CTCOURSE),
    Link("meansOfControlThreatOfLawEnforcement", "Intimidation and threats", CTCOURSE),
    Link("meansOfControlPsychologicalAbuse", "Intimidation and threats", CTCOURSE),
    Link("meansOfControlRestrictsFinancialAccess", "Withholding of wages", CTCOURSE),
    Link("meansOfControlRestrictsMedicalCare", "Abusive working and living conditions", CTCOURSE),
)
"""Not linked: UsesChildren, Other, NotSpecified. RestrictsMovement counts under two indicators."""


def columns_for(indicator: str) -> tuple[str, ...]:
    """The CTDC columns counted under an ILO indicator."""
    return tuple(link.column for link in LINKS if link.indicator == indicator)
