"""The sections of the project's reference facts (``facts.md``) a question may cite as its source.

A question may name ``source="facts §3.1"`` instead of an entry of its module's Sources cell.
The reference file lives beside the repository, not in it, so the section list is copied
here with what each section leaves UNVERIFIED: citing a section that is unverified as a whole
is an error, citing one that holds some unverified statements is a warning to check that the
question uses none of them. ``tests/authoring/test_facts_sections.py`` keeps this list in step
with ``facts.md`` when that file is present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FACTS_REFERENCE = re.compile(r"^facts\s*§\s*([0-9]+(?:\.[0-9]+)?|[AB][0-9]+)$")


@dataclass(frozen=True)
class FactsSection:
    """One citable section: its number, title and what it leaves unverified ("" if nothing)."""

    number: str
    title: str
    unverified: str = ""
    wholly_unverified: bool = False


SECTIONS: dict[str, FactsSection] = {
    s.number: s
    for s in (
        FactsSection("0", "The model course itself"),
        FactsSection(
            "1.1", "UN Trafficking (Palermo) Protocol, 2000", "Ukraine's deposit date (21 May 2004)"
        ),
        FactsSection(
            "1.2",
            "Council of Europe Convention (CETS No. 197)",
            "Art. 10 and Art. 26 wording and Ukraine's ratification day (see §A1–§A3)",
        ),
        FactsSection("1.3", "ECHR Article 4 and Rantsev v. Cyprus and Russia"),
        FactsSection("1.4", "ILO Convention No. 29, Protocol 2014, 11 indicators"),
        FactsSection("1.5", "EU Directive 2011/36/EU"),
        FactsSection(
            "2.1",
            "Law No. 3739-VI",
            "the rest of the Art. 1 definition of a victim (partly verified)",
        ),
        FactsSection(
            "2.2",
            "Status procedure, CMU Resolution No. 417",
            "which level decides, the two-year status, the 2021 figures (see §A6)",
        ),
        FactsSection(
            "2.3",
            "National Referral Mechanism, CMU Resolution No. 783",
            "the NRM steps for teaching (partly verified); the 2016 programme's number and date",
        ),
        FactsSection(
            "2.4",
            "Criminal Code Article 149",
            "penalties of parts 2–3 and the current wording (see §A5)",
        ),
        FactsSection(
            "3.1", "IOM Ukraine (assisted victims)", "IOM Ukraine's calendar-year 2018 figures"
        ),
        FactsSection(
            "3.2", "US TIP Report and Global Slavery Index", "GSI 2018 figures (secondary source)"
        ),
        FactsSection("4", "CTDC data"),
        FactsSection("5", "Items not verified", "the whole section", wholly_unverified=True),
        FactsSection("6", "Verification pass, turn 2"),
        FactsSection("A1", "CETS 197 Art. 10 (identification)", "paras 3–4 (partly verified)"),
        FactsSection("A2", "CETS 197 Art. 26 (non-punishment)", "the English verbatim wording"),
        FactsSection("A3", "Ukraine and CETS 197: dates", "the deposit day"),
        FactsSection(
            "A4",
            "Palermo Protocol: Ukraine's deposit date",
            "the deposit date, the subject of the section",
            wholly_unverified=True,
        ),
        FactsSection(
            "A5",
            "Criminal Code Art. 149 (current wording)",
            "full wording of parts 1–3, the part 2 penalty, the text of the notes",
        ),
        FactsSection(
            "A6",
            "CMU Resolution No. 417 (status procedure)",
            "who decides, time limits, how long status lasts, amendments after 2021",
        ),
        FactsSection(
            "A7", "State programmes after 2020", "the resolution number of the 2023 programme"
        ),
        FactsSection(
            "A8",
            "Ministry renamed in 2025; national coordinator",
            "the renaming resolution's number; the coordinator (partly verified)",
        ),
        FactsSection("A9", "National hotlines", "0 800 505 501, 116 111 and who staffs 527 today"),
        FactsSection("B1", "WHO 2003 ethical and safety recommendations", "principles 8–10"),
        FactsSection(
            "B2", "IOM Handbook on Direct Assistance (2007)", "the first-contact principles"
        ),
        FactsSection("B3", "CETS 197 Art. 12 (assistance)"),
        FactsSection("B4", "CETS 197 Art. 14 (residence permit)"),
        FactsSection(
            "B5",
            "Palermo Protocol Arts 4–6 and UNTOC Art. 34(2)",
            "Art. 5(2); Art. 6(4)–(6) (partly verified)",
        ),
        FactsSection(
            "B6", "Official indicators in Ukraine", "profession-specific official indicator lists"
        ),
        FactsSection(
            "B7",
            "War-related trafficking risks since 2022",
            "the 46,000 estimate and the OSCE search figures (partly verified); GRETA's 3rd report",
        ),
        FactsSection("B8", "US TIP Reports", "most 2024/2025 figures"),
        FactsSection("B9", "Other corrections to facts.md"),
    )
}


def facts_section(reference: str) -> str | None:
    """The section number a ``facts §N`` reference names, or None if it is not one."""
    match = FACTS_REFERENCE.match(reference.strip())
    return match.group(1) if match else None
