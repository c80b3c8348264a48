"""The report's strings table: both languages say the same things with the same fields, and
cells, numbers, percentages and dates are written as each language writes them."""

from __future__ import annotations

import string
from datetime import datetime

import pandas as pd
import pytest

from ctcourse.reports.html import cell, grid
from ctcourse.reports.strings import COLUMNS, TEXT, VALUES, day, moment, number, percent, text


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_sentence_exists_in_ukrainian_with_the_same_fields():
    assert TEXT["uk"].keys() == TEXT["en"].keys()
    assert {k for k in TEXT["en"] if _fields(TEXT["en"][k]) != _fields(TEXT["uk"][k])} == set()
    assert all(v and v != k for k, v in [*COLUMNS["uk"].items(), *VALUES["uk"].items()])


def test_numbers_percentages_and_dates_in_each_language():
    assert number(-8.567, "uk", 1) == "-8,6" and number(10.0, "en", 1) == "10.0"
    assert percent(0.7, "uk") == "70\u00a0%" and percent(0.7, "en") == "70%"
    assert day("2026-11-28", "uk") == "28.11.2026" and day("2026-11-28", "en") == "2026-11-28"
    assert moment(datetime(2026, 12, 6, 21, 50), "uk") == "6 грудня 2026 р., 21:50"
    assert cell(13400, "uk") == "13\u00a0400" and cell(1234567, "uk") == "1\u00a0234\u00a0567"
    assert (
        cell(0.75, "uk") == "0,75" and cell(0.75, "en") == "0.75" and cell(13400, "en") == "13400"
    )
    assert cell("passed; nobody chose it", "uk") == "складено; ніхто не обрав"
    assert cell("sim-0001", "uk") == "sim-0001" and cell(float("nan"), "uk") == ""
    assert text("uk", "attempts", module="lesson", n=3) == "lesson (оцінених спроб: 3)"


@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_grid_names_its_columns_in_the_language(language: str):
    shown = grid(pd.DataFrame({"trainee": ["sim-0001"], "facility_pct": [62.5]}), None, language)
    expected = {"en": ["trainee", "facility_pct"], "uk": ["Слухач", "Легкість, %"]}[language]
    assert shown.columns == expected
    assert shown.rows == [["sim-0001", {"en": "62.5", "uk": "62,5"}[language]]]
