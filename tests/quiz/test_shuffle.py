"""Options shown in an order of each trainee's own, stable for them, answers kept by option id;
and a change sent by the view as a message reaches the answer before the click that follows."""

from __future__ import annotations

from pathlib import Path

import pytest

import ctcourse.quiz.notebook as quiz
from ctcourse.quiz.responses import LOG_NAME, load
from ctcourse.quiz.shuffle import shown_order

ROWS = {f"r{i}": f"Row {i}" for i in range(1, 5)}
RIGHT = {f"o{i}": f"Option {i}" for i in range(1, 5)}
KEY = {f"r{i}": f"o{i}" for i in range(1, 5)}  # authored in row order: the order gives it away


def test_each_trainee_has_an_order_of_their_own_that_stays() -> None:
    options = list(RIGHT)
    orders = {shown_order(options, who, "m.q").__repr__() for who in ("olena", "taras", "iryna")}
    assert len(orders) > 1
    assert shown_order(options, "olena", "m.q") == shown_order(options, "olena", "m.q")
    assert sorted(shown_order(options, "olena", "m.q")) == sorted(options)


def test_the_authored_order_is_never_the_one_shown() -> None:
    for n in (2, 3, 4):
        options = [f"o{i}" for i in range(n)]
        for who in (f"trainee{i}" for i in range(40)):
            assert shown_order(options, who, f"q{n}") != options


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CTCOURSE_RESPONSES", str(tmp_path / LOG_NAME))
    monkeypatch.setenv("CTCOURSE_LANG", "en")
    monkeypatch.setenv("JUPYTERHUB_USER", "olena")
    return tmp_path / LOG_NAME


def test_matching_shows_options_out_of_row_order_and_saves_by_id(log: Path) -> None:
    view = quiz.matching("m.pairs", "Match", left=ROWS, right=RIGHT, answer=KEY)
    menus = view.input.box
    assert menus.rows == list(ROWS.values())
    assert menus.labels != list(RIGHT.values())
    # The trainee picks, in every row, the option whose label has the row's number.
    menus.indices = [menus.labels.index(f"Option {i}") for i in range(1, 5)]
    view.button.click()
    assert load(log).last_answers()["m.pairs"].answer == KEY
    again = quiz.matching("m.pairs", "Match", left=ROWS, right=RIGHT, answer=KEY)
    assert again.input.box.labels == menus.labels and again.input.box.indices == menus.indices


def test_single_and_multiple_choice_are_shuffled_too(log: Path) -> None:
    one = quiz.single_choice("m.one", "Pick", options=RIGHT, answer="o3")
    many = quiz.multiple_response("m.many", "Pick", options=RIGHT, answer=["o1", "o2"])
    assert one.input.box.labels != list(RIGHT.values())
    assert many.input.checks.labels != list(RIGHT.values())
    one.input.box.index = one.input.box.labels.index("Option 3")
    one.button.click()
    assert load(log).last_answers()["m.one"].answer == "o3"


def test_a_value_sent_as_a_message_is_what_save_answer_saves(log: Path) -> None:
    view = quiz.numeric("m.year", "Which year?", answer=2012, tolerance=0)
    field = view.input.field
    field.value = "20"  # the state update that reached the kernel before the click
    field._from_view(field, {"set": {"value": "2012"}}, [])  # the message sent on the last key
    view.button.click()
    assert load(log).last_answers()["m.year"].answer == 2012
    field._from_view(field, {"set": {"value": 7, "labels": ["x"]}}, [])  # malformed: ignored
    assert field.value == "2012" and field.labels == []
