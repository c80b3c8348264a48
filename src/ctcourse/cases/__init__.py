"""Case statistics on CTDC-schema data: load and validate, check and enforce k-anonymity,
build safe (suppressed) tables, analyse, plot.

Pure logic lives in :mod:`load`, :mod:`disclosure`, :mod:`lattice` (the tables that may be
published, recoded along :mod:`hierarchies`, protected by :mod:`suppression` and checked by
:mod:`audit`), :mod:`ledger` (what was published from each dataset; protection belongs to
the dataset), :mod:`releases` (the audit across every recorded release) and
:mod:`analysis`; only :mod:`ctcourse.cases.explorer` imports ipywidgets.
"""

from __future__ import annotations

from ctcourse.cases.data import cases_path
from ctcourse.cases.disclosure import (
    InformationLoss,
    KAnonymityReport,
    anonymize,
    check_k_anonymity,
)
from ctcourse.cases.lattice import Publication, publication, safe_crosstab
from ctcourse.cases.load import DroppedRows, load_cases, load_cases_lenient
from ctcourse.cases.safe_tables import SafeTable, export_table, verify_safe

__all__ = [
    "DroppedRows",
    "InformationLoss",
    "KAnonymityReport",
    "Publication",
    "SafeTable",
    "anonymize",
    "cases_path",
    "check_k_anonymity",
    "export_table",
    "load_cases",
    "load_cases_lenient",
    "publication",
    "safe_crosstab",
    "verify_safe",
]
