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
from ctcourse.reports.strings import COLUMNS, VALUES
from ctcourse.reports.strings import TEXT as REPORT_TEXT

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
    every Ukrainian interface string, the cohort report's and the trainer notebook's too."""
    found = [(f"strings.uk[{k}]", v) for k, v in STRINGS["uk"].items()]
    found += [(f"ILO label {k}", v) for k, v in ILO_INDICATOR_LABELS["uk"].items()]
    found += [("spot prompt", SPOT_PROMPT["uk"])]
    report = [*REPORT_TEXT["uk"].items(), *COLUMNS["uk"].items(), *VALUES["uk"].items()]
    found += [(f"reports.strings.uk[{k}]", v) for k, v in report]
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


NBSP = "\u00a0"
PLAIN_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u202f]\d{3})+(?![\d\w])")
UNGROUPED = re.compile(r"(?<![\w.,/№-])\d{5,}(?![\d/])")  # 25965/04 is a case number
UNIT = r"(?:грн|євро|%|днів|дні|день|місяц\w*|років|роки|рік|хвилин\w*|годин\w*|тис\.|млн|млрд)"
PLAIN_BEFORE_UNIT = re.compile(rf"(?<![\w.])\d+(?:,\d+)? (?={UNIT}(?!\w))")
NUMERO_WITHOUT_NBSP = re.compile(r"№(?!\u00a0)")


ISBN = re.compile(r"ISBN[\d\s-]+")


def _prose(text: str) -> str:
    return ISBN.sub("", CODE.sub("", URL.sub("", text)))


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("thousands are grouped with a non-breaking space (13\u00a0400)", PLAIN_THOUSANDS),
        ("five or more digits are grouped (11\u00a0695)", UNGROUPED),
        ("a non-breaking space between a number and its unit (3\u00a0місяці)", PLAIN_BEFORE_UNIT),
        ("a non-breaking space after «№» (№\u00a03739-VI)", NUMERO_WITHOUT_NBSP),
    ],
)
def test_non_breaking_spaces(rule: str, pattern: re.Pattern) -> None:
    hits = [f"{where}: {text[:60]!r}" for where, text in TEXTS if pattern.search(_prose(text))]
    assert hits == [], f"{rule}: {hits[:5]}"


@pytest.mark.parametrize(
    ("pattern", "bad", "good"),
    [
        (PLAIN_THOUSANDS, "понад 19 200 осіб", f"понад 19{NBSP}200 осіб"),
        (UNGROUPED, "серед 11695 осіб", f"серед 11{NBSP}695 осіб; заява 25965/04; 9995"),
        (PLAIN_BEFORE_UNIT, "до 3 місяців", f"до 3{NBSP}місяців у 2012 році"),
        (NUMERO_WITHOUT_NBSP, "Закон № 3739-VI", f"Закон №{NBSP}3739-VI"),
    ],
)
def test_the_spacing_rules_tell_bad_from_good(pattern: re.Pattern, bad: str, good: str) -> None:
    assert pattern.search(bad) and not pattern.search(good)


def test_number_units_agree_with_the_key() -> None:
    """The feedback prints the key with its unit: «3 місяці», «3 прожиткові мінімуми»."""
    wrong = re.compile(r"^(?:[2-4]|\d*[02-9][2-4]) (?:місяців|днів|років|прожиткових мінімумів)$")
    for module in status(COURSE, "uk").present:
        for path in edition_notebooks(COURSE, "uk", module):
            for item in read_notebook(path, str(path)).items:
                if item.question.unit:
                    shown = f"{item.key:g} {item.question.unit}"
                    assert not wrong.match(shown), f"{path.name}: {shown}"
