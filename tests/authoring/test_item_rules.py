"""Item-writing rules: each rule fails on a small example of the fault and passes its repair;
the shipped course passes them all."""

from __future__ import annotations

from typing import Any

import nbformat
from coursefactory import REPO, key_cell, make_course, notebook, question_cell

from ctcourse.authoring import item_rules
from ctcourse.authoring.item_rules import Cell
from ctcourse.authoring.validate import validate
from ctcourse.course import load_course
from ctcourse.quiz.model import build
from ctcourse.quiz.reader import QuizItem

NB = "source/m1/quiz.ipynb"
ABCD = {"a": "Alpha one two", "b": "Beta one two", "c": "Gamma one two", "d": "Delta one two"}


def item(kind: str, qid: str, key: Any, *args: Any, cell: int = 1, **kwargs: Any) -> QuizItem:
    """A graded item (``practice=True`` makes it a practice one, answered beside the question)."""
    if kwargs.pop("practice", False):
        kwargs |= {"answer": key, "explanation": kwargs.pop("explanation", "Because.")}
    question = build(kind, qid, *args, **kwargs)
    return QuizItem(question, key, NB, cell)


def statement(qid: str, key: bool, text: str = "A statement.", **kwargs: Any) -> QuizItem:
    return item("true_false", qid, key, text, **kwargs)


def choice(qid: str, key: str, options: dict[str, str] = ABCD, **kwargs: Any) -> QuizItem:
    return item("single_choice", qid, key, "Which?", options=options, **kwargs)


def test_all_statements_of_a_module_keyed_false_fail() -> None:
    same = [statement(f"m.s{i}", False) for i in range(3)]
    [problem] = item_rules.true_false_balance("m", same)
    assert "all 3 true/false statements are keyed False" in problem.message
    assert item_rules.true_false_balance("m", [*same[:2], statement("m.t", True)]) == []
    assert item_rules.true_false_balance("m", same[:2]) == []  # too few to show a pattern


def test_practice_statements_all_false_across_the_course_fail() -> None:
    practice = [statement(f"m{i}.s", False, practice=True) for i in range(9)]
    [problem] = item_rules.course_true_false_balance(practice)
    assert "9 of the course's 9 practice true/false statements are keyed False" in problem.message
    mixed = practice[:6] + [statement(f"t{i}.s", True, practice=True) for i in range(3)]
    assert item_rules.course_true_false_balance(mixed) == []


def test_single_choice_keys_crowding_option_a_fail() -> None:
    keys = "aaaaaaaabbbcddd"  # the entry test before the fix: 8 of 15 keyed a
    items = [choice(f"e.q{i}", key) for i, key in enumerate(keys)]
    [problem] = item_rules.key_positions("e", items)
    assert "8 of 15 single-choice keys are option 1; at most 5" in problem.message
    balanced = [choice(f"e.q{i}", key) for i, key in enumerate("aaaabbbbccccddd")]
    assert item_rules.key_positions("e", balanced) == []


def test_absolutes_only_in_distractors() -> None:
    keyed = choice("m.q", "a", {"a": "You must always refer", "b": "Never refer", "c": "Ask"})
    [problem] = item_rules.absolutes([keyed])
    assert "keyed option 'a' says 'always'" in problem.message
    assert item_rules.absolutes([choice("m.q", "c", dict(keyed.question.options))]) == []
    assert item_rules.absolutes([statement("m.s", True, "Він ніколи не бреше.")])
    assert item_rules.absolutes([statement("m.s", False, "Він ніколи не бреше.")]) == []
    spot = item("multiple_response", "m.r", ["a"], "Which?", options={"a": "Завжди", "b": "Б"})
    assert item_rules.absolutes([spot])


def matching(right: dict[str, str]) -> QuizItem:
    left = {"p": "Palermo", "c": "CETS 197", "e": "ECHR Art. 4"}
    key = {"p": "definition", "c": "reflection", "e": "slavery"}
    return item("matching", "m.match", key, "Match.", left=left, right=right)


def test_matching_written_in_the_rows_order_fails() -> None:
    in_order = {"definition": "Definition", "reflection": "30 days", "slavery": "No slavery"}
    [problem] = item_rules.matching_in_key_order([matching(in_order)])
    assert "row 1 → option 1" in problem.message
    shuffled = {"slavery": "No slavery", "definition": "Definition", "reflection": "30 days"}
    assert item_rules.matching_in_key_order([matching(shuffled)]) == []


def test_a_key_printed_in_bold_just_above_its_item_fails() -> None:
    crossover = item("numeric", "m.year", 2012, "From which year?", cell=4)
    cells = [
        Cell(1, "markdown", "## Women and men"),
        Cell(2, "markdown", "Men outnumber women **in every year from 2012 to 2021**."),
        Cell(3, "code", 'quiz.numeric("m.year", "From which year?")'),
        Cell(4, "code", '### BEGIN HIDDEN TESTS\nquiz.key("m.year", 2012)\n### END HIDDEN TESTS'),
    ]
    [problem] = item_rules.cued(NB, cells, [crossover])
    assert problem.cell == 3 and "'2012'" in problem.message
    asked_first = [cells[0], cells[2], cells[3], cells[1]]
    assert (
        item_rules.cued(
            NB,
            [Cell(n, c.kind, c.text) for n, c in enumerate(asked_first, 1)],
            [item("numeric", "m.year", 2012, "From which year?", cell=3)],
        )
        == []
    )


def test_a_practice_answer_that_gives_the_next_key_fails() -> None:
    options = {
        "a": "The Ministry of Social Policy (since 2025: and Unity)",
        "b": "The National Police, through its units",
        "c": "The State Migration Service, which issues documents",
    }
    practice = statement(
        "m.police",
        False,
        "The police co-ordinates.",
        practice=True,
        cell=2,
        explanation="False. Paragraph 3 gives co-ordination to the Ministry of Social Policy. The National Police is one of the actors.",
    )
    graded = choice("m.who", "a", options, cell=4)
    cells = [
        Cell(1, "markdown", "## The mechanism"),
        Cell(2, "code", 'quiz.true_false("m.police", "The police co-ordinates.")'),
        Cell(3, "code", 'quiz.single_choice("m.who", "Which?")'),
        Cell(4, "code", '### BEGIN HIDDEN TESTS\nquiz.key("m.who", "a")\n### END HIDDEN TESTS'),
    ]
    [problem] = item_rules.cued(NB, cells, [practice, graded])
    assert "the ministry of social policy" in problem.message
    other = statement("m.police", True, "Article 13 …", practice=True, cell=2, explanation="True.")
    assert item_rules.cued(NB, cells, [other, graded]) == []


def test_one_case_name_introduced_in_two_modules_fails() -> None:
    texts = [
        ("international-law", "a.ipynb", 9, "Andrii, 41, from a village, took a job abroad."),
        ("identification", "b.ipynb", 6, "Andrii, 41, a builder, answered an online advert."),
        ("identification", "b.ipynb", 7, "Later Andrii calls you."),  # not introduced again
    ]
    [problem] = item_rules.case_introductions(texts)
    assert problem.path == "b.ipynb" and "'Andrii'" in problem.message
    texts[1] = ("identification", "b.ipynb", 6, "Yurii, 41, a builder, answered an online advert.")
    assert item_rules.case_introductions(texts) == []
    ukrainian = [
        ("m", "u.ipynb", 3, "**Ірина**, 31, виїхала"),
        ("n", "v.ipynb", 8, "Ірина, 23, офіціантка"),
    ]
    assert len(item_rules.case_introductions(ukrainian)) == 1


def test_validate_reports_item_rules(tmp_path) -> None:
    cells = []
    for i in range(3):
        qid = f"m1.s{i}"
        cells += [
            question_cell("true_false", qid, "A statement.", points=1),
            key_cell(qid, False, 1),
        ]
    make_course(tmp_path, {"m1": {"quiz": notebook(*cells)}})
    messages = [str(p) for p in validate(load_course(tmp_path))]
    assert any("all 3 true/false statements are keyed False" in m for m in messages), messages


def test_the_shipped_course_passes_the_item_rules() -> None:
    assert [str(p) for p in item_rules.check(load_course(REPO))] == []


def test_absolutes_in_a_translated_edition_are_reported(tmp_path) -> None:
    cells = [
        question_cell("true_false", "m1.s", "A statement.", points=1),
        key_cell("m1.s", True, 1),
    ]
    make_course(tmp_path, {"m1": {"quiz": notebook(*cells)}})
    uk = [
        question_cell("true_false", "m1.s", "Так буває завжди.", points=1),
        key_cell("m1.s", True, 1),
    ]
    folder = tmp_path / "source-uk" / "m1"
    folder.mkdir(parents=True)
    nbformat.write(notebook(*uk), folder / "quiz.ipynb")
    messages = [str(p) for p in item_rules.check(load_course(tmp_path))]
    assert messages == [
        "source-uk/m1/quiz.ipynb:4: m1.s: the statement keyed True says 'завжди'; "
        "absolutes belong in distractors only"
    ]
