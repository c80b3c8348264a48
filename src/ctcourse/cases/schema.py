"""The CTDC k-anonymized dataset schema: its 63 columns, known categories and column kinds.

Names, order and values follow the CTDC codebook v7 (Sept 2021) and the 2018/2021 data
dictionaries, as summarised in ``data/README.md``.
"""

from __future__ import annotations

YEAR = "yearOfRegistration"

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Datasource": ("Case Management", "Hotline"),
    "gender": ("Female", "Male", "Transgender/NonConforming"),
    "ageBroad": (
        "0--8",
        "9--17",
        "18--20",
        "21--23",
        "24--26",
        "27--29",
        "30--38",
        "39--47",
        "48+",
    ),
    "majorityStatus": ("Adult", "Minor"),
    "majorityStatusAtExploit": ("Adult", "Minor"),
    "majorityEntry": ("Adult", "Minor"),
}
"""Columns with a closed vocabulary (missing values aside)."""

COUNTRY_COLUMNS = ("citizenship", "CountryOfExploitation")
"""Columns holding ISO 3166-1 alpha-2 codes."""

FLAG_GROUPS: dict[str, tuple[str, ...]] = {
    "meansOfControl": tuple(
        "meansOfControl" + name
        for name in (
            "DebtBondage",
            "TakesEarnings",
            "RestrictsFinancialAccess",
            "Threats",
            "PsychologicalAbuse",
            "PhysicalAbuse",
            "SexualAbuse",
            "FalsePromises",
            "PsychoactiveSubstances",
            "RestrictsMovement",
            "RestrictsMedicalCare",
            "ExcessiveWorkingHours",
            "UsesChildren",
            "ThreatOfLawEnforcement",
            "WithholdsNecessities",
            "WithholdsDocuments",
            "Other",
            "NotSpecified",
        )
    ),
    "typeOfExploit": (
        "isForcedLabour",
        "isSexualExploit",
        "isOtherExploit",
        "isSexAndLabour",
        "isForcedMarriage",
        "isForcedMilitary",
        "isOrganRemoval",
        "isSlaveryAndPractices",
    ),
    "typeOfLabour": tuple(
        "typeOfLabour" + name
        for name in (
            "Agriculture",
            "Aquafarming",
            "Begging",
            "Construction",
            "DomesticWork",
            "Hospitality",
            "IllicitActivities",
            "Manufacturing",
            "MiningOrDrilling",
            "Peddling",
            "Transportation",
            "Other",
            "NotSpecified",
        )
    ),
    "typeOfSex": (
        "typeOfSexProstitution",
        "typeOfSexPornography",
        "typeOfSexRemoteInteractiveServices",
        "typeOfSexPrivateSexualServices",
    ),
    "recruiterRelation": (
        "recruiterRelationIntimatePartner",
        "recruiterRelationFriend",
        "recruiterRelationFamily",
        "recruiterRelationOther",
        "recruiterRelationUnknown",
    ),
}
"""The 0/1 flag columns, by variable group (used for codebook denominators)."""

NOT_SPECIFIED_FLAGS = {
    "meansOfControl": "meansOfControlNotSpecified",
    "typeOfLabour": "typeOfLabourNotSpecified",
    "recruiterRelation": "recruiterRelationUnknown",
}
"""The flag of each group that records "no information" rather than a value."""

COLUMNS: tuple[str, ...] = (
    YEAR,
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    *FLAG_GROUPS["meansOfControl"],
    "meansOfControlConcatenated",
    *FLAG_GROUPS["typeOfExploit"],
    "typeOfExploitConcatenated",
    *FLAG_GROUPS["typeOfLabour"],
    "typeOfLabourConcatenated",
    *FLAG_GROUPS["typeOfSex"],
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    *FLAG_GROUPS["recruiterRelation"],
)
"""The 63 columns in file order (codebook v7)."""

FLAG_COLUMNS: tuple[str, ...] = (
    *(flag for group in FLAG_GROUPS.values() for flag in group),
    "isAbduction",
)
TEXT_COLUMNS = (
    "meansOfControlConcatenated",
    "typeOfExploitConcatenated",
    "typeOfLabourConcatenated",
    "typeOfSexConcatenated",
    "RecruiterRelationship",
)
"""Free-text columns (``;``-joined labels), kept as strings."""

MULTI_ANSWER: dict[str, str] = {
    "meansOfControlConcatenated": "meansOfControl",
    "typeOfExploitConcatenated": "typeOfExploit",
    "typeOfLabourConcatenated": "typeOfLabour",
    "typeOfSexConcatenated": "typeOfSex",
    "RecruiterRelationship": "recruiterRelation",
}
"""Each multi-answer text column and its flag group: the same answers, twice."""

MISSING_CODES = ("", "-99")
"""Missing value codes: empty cell (2021 release) and ``-99`` (2018 and 2020 releases)."""

SOURCE_LINE = (
    "Source: Counter-Trafficking Data Collaborative (CTDC). 2021. "
    "'The Global K-anon Dataset' (15 July 2021). https://www.ctdatacollaborative.org"
)
"""Short citation printed under every chart and table (full form in data/README.md)."""
