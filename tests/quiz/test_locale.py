"""Ukrainian conventions in what a trainee sees and types: 0,75 and 13 400, 28.11.2026, «…»,
"3,5" accepted, ILO indicator labels and true/false wording in Ukrainian."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import ctcourse.quiz.notebook as quiz
from ctcourse.quiz.feedback import feedback_markdown
from ctcourse.quiz.locale import (
    NBSP,
    NumberSyntaxError,
    format_date,
    format_number,
    parse_number,
    quote,
)
from ctcourse.quiz.model import ILO_INDICATORS, numeric, spot_indicators
from ctcourse.quiz.responses import LOG_NAME, load
from ctcourse.quiz.scoring import score
from ctcourse.quiz.strings import ILO_INDICATOR_LABELS, STRINGS, text


@pytest.mark.parametrize(
    ("value", "uk", "en"),
    [
        (0.75, "0,75", "0.75"),
        (13400, f"13{NBSP}400", "13,400"),
        (7689, "7689", "7689"),
        (-1234567.5, f"-1{NBSP}234{NBSP}567,5", "-1,234,567.5"),
        (3, "3", "3"),
    ],
)
def test_numbers_as_each_language_writes_them(value: float, uk: str, en: str) -> None:
    assert format_number(value, "uk") == uk and format_number(value, "en") == en


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        (" 13 400 ", 13400),
        (f"13{NBSP}400,25", 13400.25),
        ("13\u202f400", 13400),
        ("13,400.5", 13400.5),
        ("13.400,5", 13400.5),
        ("\u22122,5", -2.5),
    ],
)
def test_numbers_typed_either_way(typed: str, value: float) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["3,5,5x", "двадцять", "1..2", ""])
def test_text_that_is_no_number_is_refused(typed: str) -> None:
    with pytest.raises(NumberSyntaxError):
        parse_number(typed)


def test_dates_and_quotes() -> None:
    day = dt.date(2026, 11, 28)
    assert format_date(day, "uk") == "28.11.2026" and format_date(day, "en") == "28 November 2026"
    assert format_date(dt.date(2011, 9, 2), "uk") == "02.09.2011"
    assert quote("Так", "uk") == "«Так»" and quote("Yes", "en") == "“Yes”"


def test_interface_numbers_and_true_false_wording() -> None:
    assert text("uk", "score", points=2.5, max_points=3) == "Бали: 2,5 з 3"
    assert text("en", "score", points=2.5, max_points=3) == "Score: 2.5 of 3"
    assert (STRINGS["uk"]["true"], STRINGS["uk"]["false"]) == ("Правильно", "Неправильно")
    assert "3,5" in STRINGS["uk"]["invalid_number"]
    assert set(ILO_INDICATOR_LABELS["uk"]) == set(ILO_INDICATORS)


def test_partial_credit_is_rounded_as_the_language_writes_it() -> None:
    """A sixth of a point (stored as 0.166667) reads 0,17 in Ukrainian and 0.17 in English."""
    assert text("uk", "score", points=0.166667, max_points=1) == "Бали: 0,17 з 1"
    assert text("en", "score", points=0.166667, max_points=1) == "Score: 0.17 of 1"
    assert text("uk", "points", points=1.5) == "Балів: 1,5"


def test_numeric_feedback_in_ukrainian() -> None:
    q = numeric("t.n", "Скільки?", answer=3.5, tolerance=0, unit="років", explanation="Так.")
    body = feedback_markdown(q, 3.5, 3.5, score(q, 3.5, 3.5), "uk")
    assert "3,5 років" in body and "Бали: 1 з 1" in body and "3.5" not in body


def test_a_ukrainian_trainee_types_3_comma_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    monkeypatch.setenv("CTCOURSE_RESPONSES", str(tmp_path / LOG_NAME))
    view = quiz.numeric("t.n", "Скільки?", answer=3.5, tolerance=0, explanation="Так.")
    view.input.field.value = "3,5"
    view.button.click()
    assert "✔ Правильно" in view.status.value
    assert load(tmp_path / LOG_NAME).last_answers()["t.n"].answer == 3.5
    view.input.field.value = "три"
    view.button.click()
    assert "Введіть число, наприклад 12 або 3,5." in view.status.value
    again = quiz.numeric("t.n", "Скільки?", answer=3.5, tolerance=0, explanation="Так.")
    assert again.input.field.value == "3,5"


def test_ilo_indicators_are_offered_in_ukrainian_with_the_same_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    monkeypatch.setenv("CTCOURSE_RESPONSES", str(tmp_path / LOG_NAME))
    view = quiz.spot_indicators("t.spot", "Випадок.", answer=["debt-bondage"], explanation="Так.")
    labels = dict(zip(view.input.keys, view.input.checks.labels, strict=True))
    assert labels == ILO_INDICATOR_LABELS["uk"]
    assert "Які індикатори примусової праці МОП" in view.widget.children[2].value
    view.input.set(["debt-bondage"])
    view.button.click()
    assert "Боргова кабала" in view.feedback.value and "Debt bondage" not in view.feedback.value
    graded = spot_indicators("t.spot", "Випадок.")
    body = feedback_markdown(
        graded, ["debt-bondage"], [], score(graded, ["debt-bondage"], []), "uk"
    )
    assert "Боргова кабала" in body and "Debt" not in body
