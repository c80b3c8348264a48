"""Traceability checks of ``ctcourse validate``: sources, objectives, minutes, catch-all options."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from coursefactory import key_cell, make_course, notebook, question_cell
from nbformat.v4 import new_code_cell, new_markdown_cell

from ctcourse.authoring.traceability import (
    MINUTES_PER_CODE_CELL,
    MINUTES_PER_QUESTION,
    MINUTES_PER_WRITTEN_ANSWER,
    READING_WORDS_PER_MINUTE,
    Estimate,
    review,
)
from ctcourse.authoring.validate import validate
from ctcourse.cli import main
from ctcourse.course import load_course

NB = "source/m1/quiz.ipynb"  # cells: 1 title, 2 setup, the variant's cells from 3, Sources last
OPTIONS = {"a": "Alpha", "b": "Beta", "c": "Gamma"}


def graded(qid: str = "t.a", answer: str = "a", options=None, **kwargs) -> list:
    return [
        question_cell("single_choice", qid, "Pick one", options=options or OPTIONS, **kwargs),
        key_cell(qid, answer, 1),
    ]


def one(*cells) -> Callable[[Path], Path]:
    return lambda root: make_course(root, {"m1": {"quiz": notebook(*cells)}})


def manifest(root: Path, change: Callable[[dict], None]) -> Path:
    data = json.loads((root / "course.yml").read_text())
    change(data)
    (root / "course.yml").write_text(json.dumps(data))
    return root


def objective(module: dict, oid: str) -> None:
    module["objectives"].append({"id": oid, "text": oid})


def _titled(title: str):
    nb = notebook(*graded())
    nb.cells[0].source = title
    return nb


BROKEN = {
    "no source": (
        one(*graded(source=None)),
        f'{NB}:4: t.a: name its source with source="<id>"',
    ),
    "unknown source": (
        one(*graded(source="nowhere")),
        f"{NB}:4: t.a: unknown source 'nowhere' (listed: test-source)",
    ),
    "one of several sources unknown": (
        one(*graded(source="test-source, nowhere")),
        f"{NB}:4: t.a: unknown source 'nowhere'",
    ),
    "no such facts section": (
        one(*graded(source="facts §9.9")),
        f"{NB}:4: t.a: source 'facts §9.9': no such section in facts.md",
    ),
    "facts section that is UNVERIFIED": (
        one(*graded(source="facts §5")),
        f"{NB}:4: t.a: source 'facts §5' is UNVERIFIED in facts.md",
    ),
    "Sources entry without an id": (
        one(*graded(), new_markdown_cell("## Sources\n\n1. UN, Protocol, Art. 3")),
        f"{NB}:5: Sources entry 'UN, Protocol, Art. 3' must begin with a bracketed id",
    ),
    "Sources entry listed twice": (
        one(*graded(), new_markdown_cell("## Sources\n\n- [x] One\n- [x] Two")),
        f"{NB}:5: source id 'x' is listed twice",
    ),
    "Sources entry marked UNVERIFIED": (
        one(
            *graded(source="x"), new_markdown_cell("## Sources\n\n- [x] Deposit date (UNVERIFIED)")
        ),
        f"{NB}:5: source 'x' is marked UNVERIFIED",
    ),
    "Sources entry resting on an UNVERIFIED facts section": (
        one(*graded(source="x"), new_markdown_cell("## Sources\n\n- [x] Deposit day: facts §A4")),
        f"{NB}:5: source 'x' is marked UNVERIFIED",
    ),
    "graded question without objective": (
        one(*graded(objective=None)),
        f'{NB}:4: t.a: name the course.yml objective it assesses with objective="<id>"',
    ),
    "objective of another module": (
        lambda root: make_course(
            root,
            {
                "m1": {"quiz": notebook(*graded())},
                "m2": {"quiz": notebook(*graded("u.a", objective="t.objective"))},
            },
        ),
        "source/m2/quiz.ipynb:4: u.a: objective 't.objective' is not one of module 'm2' "
        "in course.yml (listed: none)",
    ),
    "objective assessed by no graded question": (
        lambda root: manifest(one(*graded())(root), lambda d: objective(d["modules"][0], "t.b")),
        "course.yml: objective 't.b' (module 'm1') is assessed by no graded question",
    ),
    "minutes far from the estimate": (
        lambda root: manifest(one(*graded())(root), lambda d: d["modules"][0].update(minutes=60)),
        "course.yml: module 'm1': states 60 minutes but about 2 are estimated",
    ),
    "title says other minutes than course.yml": (
        lambda root: make_course(
            root,
            {"m1": {"quiz": _titled("# M1\n\n**About 20 minutes** · for practitioners")}},
        ),
        f"{NB}:1: says about 20 minutes but course.yml states",
    ),
    "all of the above": (
        one(*graded(options={"a": "Deception", "b": "Threats", "c": "All of the above"})),
        f"{NB}:4: t.a: option 'c' is a catch-all",
    ),
    "none of the above, in Ukrainian": (
        one(*graded(options={"a": "Обман", "b": "Погрози", "c": "Жоден із наведених варіантів"})),
        f"{NB}:4: t.a: option 'c' is a catch-all",
    ),
}


@pytest.mark.parametrize(("build", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_each_traceability_problem_is_found(
    build: Callable[[Path], Path], expected: str, tmp_path: Path
) -> None:
    root = tmp_path / "course"
    build(root)
    lines = [str(problem) for problem in validate(load_course(root))]
    assert any(line.startswith(expected) for line in lines), "\n".join(lines)


def test_a_clean_course_names_sources_and_objectives(course_root: Path) -> None:
    checked = review(load_course(course_root))
    assert checked.problems == [] and checked.warnings == []
    assert [e.module for e in checked.estimates] == ["m1"]


def _course_with_tests(root: Path, entry: list, final: list) -> Path:
    make_course(
        root,
        {
            "lesson": {"quiz": notebook(*graded("t.a"))},
            "entry": {"quiz": notebook(*entry)},
            "final": {"quiz": notebook(*final)},
        },
    )

    def roles(data: dict) -> None:  # tests assess the lessons' objectives, not their own
        data["modules"][1].update(role="entry-test", objectives=[])
        data["modules"][2].update(role="final-test", objectives=[])

    return manifest(root, roles)


def test_entry_and_final_tests_cover_every_objective_with_different_items(tmp_path: Path) -> None:
    same = dict(objective="t.objective")
    root = _course_with_tests(
        tmp_path / "c", graded("e.a", **same), graded("f.a", **same) + graded("f.b", **same)
    )
    lines = [str(p) for p in validate(load_course(root))]
    # f.a and f.b repeat e.a's prompt word for word: a parallel item must differ
    assert lines == [
        "source/final/quiz.ipynb:4: f.a: repeats entry-test question 'e.a' word for word; "
        "write a parallel item (different case or wording)",
        "source/final/quiz.ipynb:6: f.b: repeats entry-test question 'e.a' word for word; "
        "write a parallel item (different case or wording)",
    ]

    parallel = [
        question_cell(
            "single_choice", "f.a", "Choose one", options=OPTIONS, objective="t.objective"
        ),
        key_cell("f.a", "a", 1),
    ]
    root = _course_with_tests(tmp_path / "d", graded("e.a", **same), parallel)
    assert validate(load_course(root)) == []

    root = _course_with_tests(tmp_path / "e", graded("e.a", objective="nope.x"), parallel)
    assert [str(p) for p in validate(load_course(root))] == [
        "source/entry/quiz.ipynb:4: e.a: objective 'nope.x' is not in course.yml",
        "course.yml: objective 't.objective' (module 'lesson') has no entry-test question",
    ]


def test_longest_key_is_a_warning_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    longest = {"a": "A", "b": "Because the means were used, consent does not count", "c": "C"}
    root = one(*graded(answer="b", options=longest))(tmp_path / "c")
    assert validate(load_course(root)) == []
    assert main(["validate", "--root", str(root)]) == 0
    out, _ = capsys.readouterr()
    assert f"{NB}:4: warning: t.a: the key 'b' is the uniquely longest option" in out
    tie = {"a": "Same length!", "b": "Same length.", "c": "C"}
    root = one(*graded(answer="b", options=tie))(tmp_path / "d")
    assert review(load_course(root)).warnings == []


def test_facts_section_with_unverified_statements_warns_once_per_module(tmp_path: Path) -> None:
    root = one(*graded("t.a", source="facts §2.2"), *graded("t.b", source="facts §2.2"))(
        tmp_path / "c"
    )
    checked = review(load_course(root))
    assert checked.problems == []
    assert [str(w) for w in checked.warnings] == [
        f"{NB}:4: facts §2.2 leaves UNVERIFIED: which level decides, the two-year status, "
        "the 2021 figures (see §A6); make sure no question relies on that"
    ]


def test_estimate_counts_words_questions_written_answers_and_code(tmp_path: Path) -> None:
    text = " ".join(["word"] * 300)
    root = one(
        new_markdown_cell(text),
        new_code_cell("import pandas as pd"),  # imports take no time
        new_code_cell("pd.DataFrame({'a': [1]})"),
        *graded(),
    )(tmp_path / "c")
    (estimate,) = review(load_course(root)).estimates
    title_and_question = 3 + 2 + 3  # "A test module", "Pick one", "Alpha Beta Gamma"
    assert (estimate.words, estimate.questions, estimate.written, estimate.code_cells) == (
        300 + title_and_question,
        1,
        0,
        1,
    )
    assert estimate.minutes == pytest.approx(
        308 / READING_WORDS_PER_MINUTE + MINUTES_PER_QUESTION + MINUTES_PER_CODE_CELL
    )
    assert MINUTES_PER_WRITTEN_ANSWER == 10


def test_accepted_minutes_are_thirty_percent_either_side() -> None:
    estimate = Estimate("m", 50, words=3750, questions=10, written=1, code_cells=0)
    assert estimate.minutes == 50
    assert estimate.accepted == (35, 65)
    assert "3750 words at 150/min + 10 question(s) × 1.5 + 1 written answer(s) × 10" in str(
        estimate
    )
