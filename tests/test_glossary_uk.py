"""The Ukrainian edition uses the project glossary (docs/glossary-uk.md) and Ukrainian
conventions: no forbidden variant, «жертва» only in quotations, «…» quotes, decimal comma."""

from __future__ import annotations

import re

import nbformat
import pytest
from coursefactory import REPO

from ctcourse.authoring.editions import status
from ctcourse.course import load_course
from ctcourse.editions import edition_notebooks
from ctcourse.quiz.reader import read_notebook
from ctcourse.quiz.strings import ILO_INDICATOR_LABELS, SPOT_PROMPT, STRINGS

GLOSSARY = REPO / "docs" / "glossary-uk.md"
COURSE = load_course(REPO)
URL = re.compile(r"https?://\S+")
CODE = re.compile(r"`[^`]*`")
QUOTED = re.compile(r"«[^»]*»")
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


def forbidden() -> list[str]:
    """The variants of the glossary's 'Do not write' table."""
    text = GLOSSARY.read_text("utf-8").split("## Do not write", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in text.splitlines() if line.startswith("| ")]
    return [row for row in rows if row not in ("Variant",)]


def ukrainian_texts() -> list[tuple[str, str]]:
    """(where, text) for every lesson line and question text of the Ukrainian edition, and
    every Ukrainian interface string."""
    found = [(f"strings.uk[{k}]", v) for k, v in STRINGS["uk"].items()]
    found += [(f"ILO label {k}", v) for k, v in ILO_INDICATOR_LABELS["uk"].items()]
    found += [("spot prompt", SPOT_PROMPT["uk"])]
    for module in status(COURSE, "uk").present:
        for path in edition_notebooks(COURSE, "uk", module):
            shown = str(path.relative_to(REPO))
            nb = nbformat.read(path, as_version=4)
            for number, cell in enumerate(nb.cells, start=1):
                if cell.cell_type == "markdown" and not cell.metadata.get("nbgrader", {}).get(
                    "solution"
                ):
                    found += [(f"{shown}:{number}", line) for line in cell.source.splitlines()]
            for item in read_notebook(path, shown).items:
                q = item.question
                texts = [q.prompt, q.explanation, q.case_text, q.unit]
                texts += [label for _, label in (*q.options, *q.left)]
                found += [(f"{shown}:{item.cell}", t) for t in texts if t]
    return found


TEXTS = ukrainian_texts()


def test_the_glossary_lists_forbidden_variants() -> None:
    assert {"трафікінг", "правда", "неправда", "статус жертви", "вірно"} <= set(forbidden())


@pytest.mark.parametrize("variant", forbidden())
def test_no_forbidden_variant(variant: str) -> None:
    pattern = re.compile(rf"(?<![\w'ʼ]){re.escape(variant)}", re.IGNORECASE)
    hits = [where for where, text in TEXTS if pattern.search(URL.sub("", text))]
    assert hits == [], f"{variant!r} (see docs/glossary-uk.md) in {hits}"


def test_victim_only_in_quotations() -> None:
    hits = [
        where
        for where, text in TEXTS
        if not text.lstrip().startswith(">") and re.search(r"жертв", QUOTED.sub("", text), re.I)
    ]
    assert hits == []


def test_ukrainian_quotes_and_decimal_comma() -> None:
    for where, text in TEXTS:
        prose = CODE.sub("", URL.sub("", text))
        assert not re.search(r"[\"“”]", prose), f"{where}: use «…»: {text[:60]!r}"
        assert not DECIMAL_POINT.search(prose), f"{where}: decimal comma: {text[:60]!r}"


def test_the_law_s_term_for_the_person() -> None:
    lessons = " ".join(text for where, text in TEXTS if where.startswith("source-uk"))
    assert re.search(r"особ\w*, як\w* постраждал\w* від торгівлі людьми", lessons)
    assert "Національний механізм взаємодії" in lessons
