"""Scoring of every question type, Moodle's partial-credit rules and their edge cases."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from ctcourse.errors import QuestionError
from ctcourse.quiz import model
from ctcourse.quiz.scoring import InvalidAnswer, Score, parse_answer, parse_key, score

SINGLE = model.single_choice("t.single", "Pick b", {"a": "A", "b": "B", "c": "C"}, points=2)
# Multiple response: n = 5 options, k = 2 right (a, c) -> +1/2 each, -1/3 per wrong one.
MULTI = model.multiple_response(
    "t.multi", "Pick a and c", {"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}, points=6
)
MULTI_ALL_RIGHT = model.multiple_response("t.all", "All", {"a": "A", "b": "B", "c": "C"})
TF = model.true_false("t.tf", "True?")
MATCH = model.matching(
    "t.match", "Match", {"x": "X", "y": "Y", "z": "Z", "w": "W"}, {"1": "1", "2": "2", "3": "3"}
)
ORDER = model.ordering("t.order", "Order", {"p": "P", "q": "Q", "r": "R", "s": "S", "t": "T"})
NUMBER = model.numeric("t.number", "How many?", tolerance=0.5, points=3)
EXACT = model.numeric("t.exact", "Exactly?")
SPOT = model.spot_indicators("t.spot", "A case.", points=11)

KEYS: dict[str, Any] = {
    "t.single": "b",
    "t.multi": ["a", "c"],
    "t.all": ["a", "b", "c"],
    "t.tf": True,
    "t.match": {"x": "1", "y": "2", "z": "3", "w": "1"},
    "t.order": ["p", "q", "r", "s", "t"],
    "t.number": 12.0,
    "t.exact": 0.1,
    "t.spot": ["deception", "debt-bondage"],
}


def check(question: model.Question, answer: Any) -> Score:
    return score(question, parse_key(question, KEYS[question.id]), answer)


@pytest.mark.parametrize(
    ("question", "answer", "points"),
    [
        # single choice and true/false: all or nothing
        (SINGLE, "b", 2),
        (SINGLE, "a", 0),
        (TF, True, 1),
        (TF, False, 0),
        # multiple response (Moodle): +1/k per right, -1/(n-k) per wrong, floor 0
        (MULTI, ["a", "c"], 6),
        (MULTI, ["c", "a"], 6),  # order does not matter
        (MULTI, ["a"], 3),
        (MULTI, ["a", "b"], 1),  # 6 * (1/2 - 1/3)
        (MULTI, ["a", "c", "b"], 4),  # 6 * (1 - 1/3)
        (MULTI, ["a", "b", "d", "e"], 0),  # right and wrong: 1/2 - 1 -> 0, not negative
        (MULTI, ["a", "c", "b", "d", "e"], 0),  # everything ticked earns nothing
        (MULTI, ["b"], 0),  # only wrong -> 0, never negative
        (MULTI, ["b", "d", "e"], 0),
        (MULTI, [], 0),  # an empty selection is an answer worth 0
        # k == n: no wrong option exists, so nothing is subtracted
        (MULTI_ALL_RIGHT, ["a", "b", "c"], 1),
        (MULTI_ALL_RIGHT, ["a"], 1 / 3),
        (SPOT, ["deception", "debt-bondage"], 11),
        (SPOT, ["deception"], 5.5),
        (SPOT, ["deception", "debt-bondage", "isolation"], 11 * (1 - 1 / 9)),
        # matching: 1/m per right pair, blanks allowed, right items may repeat
        (MATCH, {"x": "1", "y": "2", "z": "3", "w": "1"}, 1),
        (MATCH, {"x": "1", "y": "2", "z": "1", "w": "2"}, 0.5),
        (MATCH, {"x": "1"}, 0.25),
        (MATCH, {"x": "1", "y": None}, 0.25),
        (MATCH, {}, 0),
        # ordering, "relative to the next item": 1/(n-1) per adjacent pair kept
        (ORDER, ["p", "q", "r", "s", "t"], 1),
        (ORDER, ["t", "s", "r", "q", "p"], 0),  # reversed keeps no pair
        (ORDER, ["q", "r", "s", "t", "p"], 0.75),  # rotated: q-r, r-s, s-t kept
        (ORDER, ["p", "q", "t", "r", "s"], 0.5),  # p-q and r-s kept
        (ORDER, ["r", "p", "t", "q", "s"], 0),
        # numeric with tolerance: boundaries inclusive
        (NUMBER, 12, 3),
        (NUMBER, 11.5, 3),
        (NUMBER, 12.5, 3),
        (NUMBER, 12.51, 0),
        (NUMBER, 11.49, 0),
        (NUMBER, -12, 0),
        (EXACT, 0.1, 1),
        (EXACT, 0.30000000000000004 - 0.2, 1),  # float noise is not a wrong answer
        (EXACT, 0.1001, 0),
    ],
    ids=lambda v: repr(v)[:40] if not isinstance(v, model.Question) else v.id,
)
def test_score(question: model.Question, answer: Any, points: float) -> None:
    result = check(question, answer)
    assert result.answered
    assert result.points == pytest.approx(points)
    assert result.max_points == question.points
    assert result.correct == (points == pytest.approx(question.points))
    assert result.partial == (0 < points < question.points)
    assert 0 <= result.fraction <= 1


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (SINGLE, None),
        (SINGLE, "z"),  # unknown option
        (SINGLE, ["b"]),
        (SINGLE, 1),
        (MULTI, "a"),  # a str is not a list of keys
        (MULTI, ["a", "a"]),  # duplicates
        (MULTI, ["a", "zz"]),  # unknown key
        (MULTI, [1, 2]),
        (MULTI, {"a": True}),
        (SPOT, ["not-an-indicator"]),
        (TF, "true"),
        (TF, 1),
        (TF, None),
        (MATCH, [["x", "1"]]),
        (MATCH, {"q": "1"}),  # unknown left item
        (MATCH, {"x": "9"}),  # unknown right item
        (ORDER, ["p", "q", "r", "s"]),  # incomplete
        (ORDER, ["p", "q", "r", "s", "t", "t"]),
        (ORDER, ["p", "q", "r", "s", "s"]),
        (ORDER, "pqrst"),
        (NUMBER, True),  # bool is not a number
        (NUMBER, "12"),
        (NUMBER, float("nan")),
        (NUMBER, float("inf")),
        (NUMBER, [12]),
    ],
    ids=lambda v: repr(v)[:40] if not isinstance(v, model.Question) else v.id,
)
def test_invalid_answer_scores_zero_unanswered(question: model.Question, answer: Any) -> None:
    result = check(question, answer)
    assert result == Score(0.0, question.points, answered=False)
    assert not result.correct and not result.partial
    if answer is not None:
        with pytest.raises(InvalidAnswer):
            parse_answer(question, answer)


def test_parse_answer_normalises() -> None:
    assert parse_answer(MULTI, ["c", "a"]) == ["a", "c"]
    assert parse_answer(MATCH, {"x": "1", "y": None}) == {"x": "1"}
    assert parse_answer(NUMBER, 12) == 12.0 and isinstance(parse_answer(NUMBER, 12), float)
    assert parse_answer(ORDER, ["t", "s", "r", "q", "p"]) == ["t", "s", "r", "q", "p"]


@pytest.mark.parametrize(
    ("question", "key", "fragment"),
    [
        (SINGLE, "z", "key 'z' is invalid"),  # names an option that does not exist
        (SINGLE, None, "invalid"),
        (MULTI, ["a", "zz"], "unknown option 'zz'"),
        (MULTI, [], "at least one right option"),
        (SPOT, ["trafficking"], "unknown option"),
        (TF, "yes", "true or false"),
        (MATCH, {"x": "1", "y": "2"}, "every left item"),  # incomplete key
        (MATCH, {"x": "1", "y": "2", "z": "3", "w": "9"}, "unknown right item '9'"),
        (ORDER, ["p", "q", "r", "s"], "exactly once"),
        (ORDER, ["p", "q", "r", "s", "zz"], "unknown option"),
        (NUMBER, "12", "finite number"),
        (NUMBER, True, "finite number"),
    ],
)
def test_parse_key_rejects(question: model.Question, key: Any, fragment: str) -> None:
    with pytest.raises(QuestionError, match=question.id) as info:
        parse_key(question, key)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("kind", "args", "kwargs", "fragment"),
    [
        ("single_choice", ("Bad_ID", "P", {"a": "A", "b": "B"}), {}, "question id"),
        ("single_choice", ("noprefix", "P", {"a": "A", "b": "B"}), {}, "question id"),
        ("single_choice", ("t.q", "P", {"a": "A"}), {}, "at least 2"),
        ("single_choice", ("t.q", "  ", {"a": "A", "b": "B"}), {}, "prompt"),
        ("single_choice", ("t.q", "P", {"a b": "A", "b": "B"}), {}, "short word"),
        ("single_choice", ("t.q", "P", {"a": "A", "b": ""}), {}, "non-empty"),
        ("single_choice", ("t.q", "P", ["A", "B"]), {}, "mapping"),
        ("single_choice", ("t.q", "P", {"a": "A", "b": "B"}), {"points": 0}, "positive"),
        ("single_choice", ("t.q", "P", {"a": "A", "b": "B"}), {"points": True}, "positive"),
        ("single_choice", ("t.q", "P", {"a": "A", "b": "B"}), {"colour": "red"}, "colour"),
        ("numeric", ("t.q", "P"), {"tolerance": -1}, "tolerance"),
        ("true_false", ("t.q",), {}, "prompt"),
        ("essay", ("t.q", "P"), {}, "unknown question type"),
    ],
)
def test_build_rejects_bad_literals(kind: str, args: tuple, kwargs: dict, fragment: str) -> None:
    with pytest.raises(QuestionError, match=fragment):
        model.build(kind, *args, **kwargs)


def test_build_every_kind_and_mode() -> None:
    practice = model.build("true_false", "t.p", "P", answer=False, explanation="E")
    graded = model.build("spot_indicators", "t.s", "Case text")
    assert practice.mode is model.Mode.PRACTICE and graded.mode is model.Mode.GRADED
    assert graded.option_keys == tuple(model.ILO_INDICATORS)
    assert len(graded.option_keys) == 11
    assert set(model.BUILDERS) == {kind.value for kind in model.Kind}
    assert model.grade_id("consent.under-threat") == "consent_under-threat"


def test_pure_modules_never_import_ipywidgets() -> None:
    code = (
        "import sys\n"
        "import ctcourse.quiz, ctcourse.quiz.scoring, ctcourse.quiz.model\n"
        "import ctcourse.quiz.responses, ctcourse.quiz.feedback, ctcourse.quiz.strings\n"
        "import ctcourse.quiz.reader\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'IPython'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""
