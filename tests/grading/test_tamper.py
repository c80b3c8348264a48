"""Tampered submissions score exactly what their honest answers deserve (or 0) and touch nobody else."""

from __future__ import annotations

import pytest
from cohort import (
    HONEST_ANSWERS,
    RIGHT_SOLUTION,
    dump,
    released_course,
    save_submission,
    write_submission,
)
from nbgrader.api import Gradebook

from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.grading.simulation.tamper import CHEAP, FATAL

pytestmark = pytest.mark.slow
QUIZ_ANSWERS = {"t.single": "b", "t.multi": ["a"], "t.tf": False, "t.number": 12}
QUIZ_EXPECTED = {
    "t_single": 1.0,
    "t_multi": 1.0,
    "t_tf": 0.0,
    "t_match": 0.0,
    "t_order": 0.0,
    "t_number": 1.0,
    "t_spot": 0.0,
}
CODE_EXPECTED = {"k_single": 1.0, "k_tf": 2.0, "k_number": 1.0}


def _scores(grades, student, module):
    prefix = f"{student}/{module}/"
    return {k[len(prefix) :]: v[0] for k, v in grades.items() if k.startswith(prefix)}


def test_every_tamper_is_scored_honestly_and_touches_nobody_else(tmp_path):
    root = released_course(tmp_path / "c")
    write_submission(root, "honest-right", "code", HONEST_ANSWERS, RIGHT_SOLUTION)
    write_submission(root, "honest-wrong", "code", {"k.single": "a"}, "share_of_men = 0.5")
    write_submission(root, "honest-right", "quiz", QUIZ_ANSWERS)
    cases = {**CHEAP, **FATAL}
    for kind, tamper in cases.items():
        for module, answers in (("code", HONEST_ANSWERS), ("quiz", QUIZ_ANSWERS)):
            if module == "quiz" and kind in FATAL:
                continue
            nb, lines = write_submission(root, kind, module, answers, RIGHT_SOLUTION)
            tamper(nb, lines)
            save_submission(root, kind, module, nb, lines)
    course = load_course(root)
    autograde(course, ["code"], jobs=2, cell_timeout=3)  # a trainer's manual grade, then regrade
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "testcourse") as gb:
        gb.find_grade("share-test", "lesson", "code", "honest-wrong").manual_score = 1.5
        gb.db.commit()

    report = autograde(course, jobs=2, cell_timeout=3, force=True)

    grades, students = dump(root)["grades"], dump(root)["students"]
    assert _scores(grades, "honest-right", "code") == {**CODE_EXPECTED, "share-test": 2.0}
    assert _scores(grades, "honest-wrong", "code") == {
        "k_single": 0.0,
        "k_tf": 0.0,
        "k_number": 0.0,
        "share-test": 0.0,
    }
    assert grades["honest-wrong/code/share-test"][1] == 1.5  # the manual grade survives
    assert _scores(grades, "honest-right", "quiz") == {**QUIZ_EXPECTED, "t_reflection": 0.0}
    for kind in cases:
        code = _scores(grades, kind, "code")
        assert {k: code[k] for k in CODE_EXPECTED} == CODE_EXPECTED, kind
        assert code["share-test"] in (2.0, 0.0), kind
        assert grades[f"{kind}/code/share-test"][1] is None, kind
        if kind in CHEAP:
            quiz = _scores(grades, kind, "quiz")
            assert {k: quiz[k] for k in QUIZ_EXPECTED} == QUIZ_EXPECTED, kind
    assert set(students.values()) == {(None, None)}  # nobody renamed
    failed = {line.split("/")[0]: line for line in report.failed}
    assert set(failed) == set(FATAL) and report.exit_code == 1
    assert "kernel died (DeadKernelError)" in failed["kill-kernel"]
    assert any("bad-log-lines/code: responses log: 2 unreadable" in n for n in report.notes)
    assert any(
        "bad-log-lines/code: responses.jsonl: 9.5 MB, over the 4.0 MB" in n for n in report.notes
    )
