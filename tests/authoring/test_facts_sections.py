"""The package's copy of the facts.md section list stays in step with the reference file."""

from __future__ import annotations

import re

import pytest
from coursefactory import REPO

from ctcourse.authoring.facts_sections import SECTIONS, facts_section

FACTS = REPO.parent / "shared" / "reference" / "facts.md"
HEADING = re.compile(r"^#{2,4} (?:([0-9]+(?:\.[0-9]+)?)\.? |([AB][0-9]+)\. )", re.M)


def _sections(text: str) -> dict[str, str]:
    """Section number -> its body (up to the next numbered heading), for leaf sections."""
    marks = [(m.group(1) or m.group(2), m.start()) for m in HEADING.finditer(text)]
    bodies = {}
    for (number, start), (_, end) in zip(marks, [*marks[1:], ("", len(text))], strict=True):
        bodies[number] = text[start:end]
    return {n: b for n, b in bodies.items() if not any(o.startswith(f"{n}.") for o in bodies)}


@pytest.mark.skipif(not FACTS.is_file(), reason="the reference facts live beside the repository")
def test_every_facts_section_is_listed_with_what_it_leaves_unverified() -> None:
    sections = _sections(FACTS.read_text(encoding="utf-8"))
    assert set(sections) == set(SECTIONS)
    for number, body in sections.items():
        if number == "6":  # explains the labels, states nothing unverified itself
            continue
        if "UNVERIFIED" in body.replace("STILL UNVERIFIED stays out", ""):
            assert SECTIONS[number].unverified, f"§{number} holds UNVERIFIED statements"


@pytest.mark.parametrize(
    ("reference", "number"),
    [("facts §3.1", "3.1"), ("facts §A6", "A6"), ("facts§4", "4"), ("palermo-art3", None)],
)
def test_facts_reference(reference: str, number: str | None) -> None:
    assert facts_section(reference) == number
