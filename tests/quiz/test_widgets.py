"""Quiz widgets driven headless: set control values, click, read the log, re-open, restore."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

import ctcourse.quiz.notebook as quiz
from ctcourse.quiz import widgets
from ctcourse.quiz.controls import CheckGroup, MenuRows, RadioGroup
from ctcourse.quiz.responses import LOG_NAME, load
from ctcourse.quiz.strings import STRINGS
from ctcourse.quiz.widgets import QuestionView
from ctcourse.saved_outputs import LIVE_ONLY, WIDGET_VIEW


@dataclass(frozen=True)
class Case:
    """One question type: how to build it, put an answer in its controls, and the logged answer."""

    kind: str
    args: tuple
    kwargs: dict
    key: Any  # the right answer
    fill: Callable[[Any], None]  # puts an answer into view.input
    wrong: Any
    partial: Any = None  # an answer worth part of the points, where the type has them


# The fill functions set the synced traits the browser sets: indices into the shown options.
def _one(inp: Any, value: Any) -> None:
    inp.box.index = None if value is None else inp.keys.index(value)


def _many(inp: Any, keys: list[str]) -> None:
    inp.checks.indices = [inp.keys.index(key) for key in keys]


def _pairs(inp: Any, pairs: dict[str, str]) -> None:
    inp.box.indices = [
        None if pairs.get(left) is None else inp.keys.index(pairs[left]) for left in inp.left
    ]


def _order(inp: Any, keys: list[str]) -> None:
    inp.box.indices = [inp.keys.index(key) for key in keys]


def _number(inp: Any, value: Any) -> None:
    inp.field.value = str(value)


CASES = [
    Case("single_choice", ("Pick b",), {"options": {"a": "A", "b": "B"}}, "b", _one, "a"),
    Case(
        "multiple_response",
        ("Pick a and c",),
        {"options": {"a": "A", "b": "B", "c": "C", "d": "D"}},
        ["a", "c"],
        _many,
        ["b", "d"],
        ["a"],
    ),
    Case("true_false", ("True?",), {}, True, _one, False),
    Case(
        "matching",
        ("Match",),
        {"left": {"x": "X", "y": "Y"}, "right": {"1": "One", "2": "Two"}},
        {"x": "1", "y": "2"},
        _pairs,
        {"x": "2", "y": "1"},
        {"x": "1", "y": "1"},
    ),
    Case(
        "ordering",
        ("Order",),
        {"items": {"p": "P", "q": "Q", "r": "R"}},
        ["p", "q", "r"],
        _order,
        ["r", "q", "p"],
        ["q", "r", "p"],
    ),
    Case("numeric", ("How many?",), {"tolerance": 0.5, "unit": "people"}, 12.0, _number, 20.0),
    Case(
        "spot_indicators",
        ("A case with deception and debt.",),
        {},
        ["debt-bondage", "deception"],
        _many,
        ["isolation"],
        ["deception"],
    ),
]
IDS = [case.kind for case in CASES]
VERDICT_WORDS = ("Correct", "Not correct", "Partly correct", "✘", "◐", "Score")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh assignment folder as the cwd: the log goes to ``here / responses.jsonl``."""
    folder = tmp_path / "assignment"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def show(case: Case, qid: str, **extra: Any) -> QuestionView:
    return getattr(quiz, case.kind)(qid, *case.args, **case.kwargs, **extra)


def log_lines(folder: Path) -> list[dict]:
    path = folder / LOG_NAME
    return [json.loads(t) for t in path.read_text("utf-8").splitlines()] if path.exists() else []


def all_widgets(widget: w.Widget) -> list[w.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += all_widgets(child)
    return found


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_graded_answer_saved_neutrally_and_restored(case: Case, here: Path) -> None:
    view = show(case, "t.graded")
    assert not view.practice and view.button.description == "Save answer"

    case.fill(view.input, case.key)
    view.button.click()
    saved = view.status.value
    assert "Answer saved" in saved
    assert not any(word in saved for word in VERDICT_WORDS)
    assert view.feedback.value == ""

    case.fill(view.input, case.wrong)
    view.button.click()
    assert view.status.value == saved  # a wrong answer is confirmed exactly like a right one
    assert view.feedback.value == ""

    lines = log_lines(here)
    assert [(e["qid"], e["mode"], e["attempt"]) for e in lines] == [
        ("t.graded", "graded", 1),
        ("t.graded", "graded", 2),
    ]
    expected = sorted(case.key) if isinstance(case.key, list) and case.kind != "ordering" else None
    assert lines[0]["answer"] == (expected or case.key)

    reopened = show(case, "t.graded")
    assert reopened.answer() == view.answer()
    assert "restored" in reopened.status.value
    assert reopened.tries == 2


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_practice_feedback_in_words_and_icons(case: Case, here: Path) -> None:
    view = show(case, "t.practice", answer=case.key, explanation="Because of Art. 3(b).")
    assert view.practice and view.button.description == "Check answer"

    case.fill(view.input, case.wrong)
    view.button.click()
    assert "✘ Not correct" in view.status.value and "Tries: 1" in view.status.value
    assert "Because of Art. 3(b)." in view.feedback.value
    assert "Correct answer" not in view.feedback.value  # not given away on a wrong try
    assert "Try again" in view.feedback.value

    if case.partial is not None:
        case.fill(view.input, case.partial)
        view.button.click()
        assert "◐ Partly correct" in view.status.value

    case.fill(view.input, case.key)
    view.button.click()
    tries = 3 if case.partial is not None else 2
    assert "✔ Correct" in view.status.value and f"Tries: {tries}" in view.status.value
    assert "Correct answer" in view.feedback.value
    assert "Because of Art. 3(b)." in view.feedback.value

    lines = log_lines(here)
    assert [e["mode"] for e in lines] == ["practice"] * tries
    assert [e["attempt"] for e in lines] == list(range(1, tries + 1))

    reopened = show(case, "t.practice", answer=case.key, explanation="Because of Art. 3(b).")
    assert reopened.tries == tries
    reopened.button.click()
    assert f"Tries: {tries + 1}" in reopened.status.value


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_control_is_labelled(case: Case, here: Path) -> None:
    view = show(case, "t.labels")
    controls = all_widgets(view.widget)
    for widget in controls:
        if isinstance(widget, w.Text):
            assert widget.description.strip(), widget
        if isinstance(widget, RadioGroup | CheckGroup | MenuRows):
            assert widget.label == view.question.prompt  # the group is announced with its question
            assert widget.labels and all(label.strip() for label in widget.labels)
        if isinstance(widget, MenuRows):
            assert all(row.strip() for row in widget.rows)
            assert widget.placeholder == "— choose —"
    assert view.button.description.strip() and view.button.tooltip.strip()
    assert view.button.layout.width == "auto"  # never cut at a fixed width (Ukrainian is longer)
    assert any(isinstance(c, w.HTML) and case.args[0] in c.value for c in controls)


def test_radio_groups_have_their_own_name(here: Path) -> None:
    first, second = show(CASES[0], "t.one"), show(CASES[2], "t.two")
    names = {first.input.box.name, second.input.box.name}
    assert len(names) == 2 and all(name.startswith("ctcourse-") for name in names)


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize(
    ("language", "saved", "unsaved"),
    [("en", "Answer saved", "Not saved yet"), ("uk", "Відповідь збережено", "Ще не збережено")],
)
def test_saved_state_follows_the_controls(
    case: Case, language: str, saved: str, unsaved: str, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTCOURSE_LANG", language)
    view = show(case, "t.state")
    case.fill(view.input, case.key)
    assert unsaved in view.status.value  # a fresh answer is not saved until Save is pressed
    view.button.click()
    assert saved in view.status.value
    case.fill(view.input, case.wrong)
    assert unsaved in view.status.value and saved not in view.status.value
    view.button.click()
    assert saved in view.status.value

    reopened = show(case, "t.state")  # restored from the log: still true after a change
    assert unsaved not in reopened.status.value
    case.fill(reopened.input, case.key)
    assert unsaved in reopened.status.value


def test_practice_feedback_goes_when_the_answer_changes(here: Path) -> None:
    case = CASES[0]
    view = show(case, "t.practice-change", answer="b", explanation="Because.")
    case.fill(view.input, "b")
    view.button.click()
    assert "✔ Correct" in view.status.value and "Because." in view.feedback.value
    case.fill(view.input, "a")  # the verdict was about "b": it must not stand beside "a"
    assert view.status.value == "" and view.feedback.value == ""


def test_question_output_falls_back_to_a_sentence(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple] = []
    monkeypatch.setattr(widgets, "display", lambda data, **kw: shown.append((data, kw)))
    show(CASES[0], "t.fallback")._ipython_display_()
    ((data, options),) = shown
    metadata = options["metadata"]
    assert options["raw"]
    assert data[WIDGET_VIEW]["model_id"]
    assert data["text/plain"].startswith("This question appears when you run the notebook")
    assert "Run All Cells" in data["text/html"]
    assert metadata == {LIVE_ONLY: True}


@pytest.mark.parametrize(
    ("case", "fill", "message"),
    [
        (CASES[5], "twelve", "Please type a number"),
        (CASES[5], "nan", "finite number"),
        (CASES[5], "", "No answer given"),
        (CASES[4], ["p", "p", "q"], "Place every step exactly once"),
        (CASES[0], None, "No answer given"),
        (CASES[2], None, "No answer given"),
    ],
    ids=["text", "nan", "blank", "order-repeat", "single-none", "tf-none"],
)
def test_unusable_input_is_explained_and_not_logged(
    case: Case, fill: Any, message: str, here: Path
) -> None:
    view = show(case, "t.bad")
    if fill is not None:
        case.fill(view.input, fill)
    view.button.click()
    assert message in view.status.value and "role='alert'" in view.status.value
    assert not (here / LOG_NAME).exists()
    assert view.tries == 0


def test_numeric_input_accepts_decimal_comma(here: Path) -> None:
    view = show(CASES[5], "t.comma")
    view.input.field.value = " 12,5 "
    view.button.click()
    assert log_lines(here)[0]["answer"] == 12.5


@pytest.mark.parametrize("value", [1234567.0, 0.1234567, 12.5, 1e-7])
def test_numeric_restore_is_exact(value: float, here: Path) -> None:
    view = show(CASES[5], "t.exact")
    view.input.field.value = repr(value)
    view.button.click()
    assert log_lines(here)[0]["answer"] == value
    assert show(CASES[5], "t.exact").answer() == value  # re-saving must not change the answer


def test_restore_skips_torn_line_and_unfit_answers(here: Path) -> None:
    single = CASES[0]
    view = show(single, "t.one")
    single.fill(view.input, "b")
    view.button.click()
    with open(here / LOG_NAME, "ab") as handle:  # an older log entry no longer fits, then a crash
        handle.write(b'{"schema":1,"qid":"t.two","answer":"zz","mode":"graded","attempt":1,')
    assert show(single, "t.one").answer() == "b"
    other = show(single, "t.two")
    assert other.answer() is None and other.status.value == ""
    assert len(load(here / LOG_NAME).problems) == 1


def test_log_path_from_environment(tmp_path: Path, here: Path, monkeypatch) -> None:
    target = tmp_path / "elsewhere" / LOG_NAME
    target.parent.mkdir()
    monkeypatch.setenv(quiz.RESPONSES_ENV, str(target))
    view = show(CASES[2], "t.env")
    _one(view.input, True)
    view.button.click()
    assert not (here / LOG_NAME).exists()
    assert [e.answer for e in load(target).events] == [True]


def _check_ukrainian(view: QuestionView) -> None:
    assert view.button.description == "Зберегти відповідь"
    _one(view.input, "a")
    view.button.click()
    assert "Відповідь збережено" in view.status.value
    assert "Answer saved" not in view.status.value


def test_ukrainian_from_environment(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    _check_ukrainian(show(CASES[0], "t.uk"))


def test_ukrainian_from_course_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "course.yml").write_text("id: c\ntitle: C\nlanguage: uk\nmodules: []\n")
    module = tmp_path / "release" / "m1"
    module.mkdir(parents=True)
    monkeypatch.chdir(module)
    _check_ukrainian(show(CASES[0], "t.uk"))
    monkeypatch.setenv("CTCOURSE_LANG", "en")  # the environment wins over the course
    assert show(CASES[0], "t.uk2").button.description == "Save answer"


def test_practice_in_ukrainian(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    view = show(CASES[2], "t.uk", answer=True, explanation="Так.")
    _one(view.input, False)
    view.button.click()
    assert "✘ Неправильно" in view.status.value and "Спроб: 1" in view.status.value
    assert "Пояснення" in view.feedback.value


def test_strings_tables_have_the_same_names_and_fields() -> None:
    assert set(STRINGS["en"]) == set(STRINGS["uk"])
    for name, english in STRINGS["en"].items():
        fields = {part.split("}")[0].split(":")[0] for part in english.split("{")[1:]}
        assert all("{" + f in STRINGS["uk"][name] for f in fields), name


def test_key_scores_and_shows_feedback(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr(quiz, "display", shown.append)
    multi = CASES[1]
    view = show(multi, "t.key", points=4)
    multi.fill(view.input, ["a", "b"])  # 4 * (1/2 - 1/2) = 0
    view.button.click()
    multi.fill(view.input, ["a"])  # the last answer counts: 4 * 1/2
    view.button.click()

    assert quiz.key("t.key", ["a", "c"], explanation="Both a and c are means.") == 2.0
    (markdown,) = shown
    text = markdown.data
    assert "◐ Partly correct" in text and "Score: 2 of 4" in text
    assert "**Your answer:** A" in text
    assert "**Correct answer:** A; C" in text
    assert "Both a and c are means." in text


def test_key_without_answer_or_question(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr(quiz, "display", shown.append)
    show(CASES[3], "t.unanswered")
    assert quiz.key("t.unanswered", {"x": "1", "y": "2"}, explanation="E.") == 0.0
    assert "No answer given" in shown[-1].data and "One" in shown[-1].data
    assert quiz.key("t.never-shown", "a") == 0.0
    assert "missing" in shown[-1].data
