"""A run writes only what it graded: a trainer's edits during the run and other modules stay."""

from __future__ import annotations

import threading
import time

import pytest
from cohort import HONEST_ANSWERS, RIGHT_SOLUTION, dump, released_course, write_submission
from nbgrader.api import Gradebook

from ctcourse.cli import main
from ctcourse.grading.autograde import MARKER

pytestmark = pytest.mark.slow


def _trainer_edits(root, done: threading.Event, seen: dict) -> None:
    """Wait until the first submission is graded, then edit as a trainer in formgrader would."""
    first, slow = (root / f"autograded/{s}/code/{MARKER}" for s in ("a-first", "z-slow"))
    while not first.exists() and not done.is_set():
        time.sleep(0.05)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}?timeout=60", "testcourse") as gb:
        gb.find_grade("share-test", "lesson", "code", "a-first").manual_score = 1.0
        gb.find_grade("t_reflection", "lesson", "quiz", "a-first").manual_score = 2.0
        gb.find_student("a-first").first_name = "Olena"
        gb.db.commit()
    seen["during the run"] = not slow.exists() and not done.is_set()


def test_a_trainers_edits_during_a_run_and_other_modules_are_kept(tmp_path, capsys):
    root = released_course(tmp_path / "c")
    write_submission(root, "a-first", "quiz", {"t.single": "b"})
    write_submission(root, "a-first", "code", HONEST_ANSWERS, RIGHT_SOLUTION)
    slow = RIGHT_SOLUTION + "\nimport time\ntime.sleep(4)"
    write_submission(root, "z-slow", "code", HONEST_ANSWERS, slow)
    assert main(["autograde", "quiz", "--root", str(root)]) == 0
    done, seen = threading.Event(), {}
    trainer = threading.Thread(target=_trainer_edits, args=(root, done, seen))
    trainer.start()
    try:
        code = main(["autograde", "code", "--root", str(root), "--jobs", "1", "--timeout", "20"])
    finally:
        done.set()
        trainer.join()

    assert code == 0 and seen == {"during the run": True}
    assert "restored" not in capsys.readouterr().err
    grades, students = dump(root)["grades"], dump(root)["students"]
    assert grades["a-first/code/share-test"][:2] == (2.0, 1.0)
    assert grades["a-first/quiz/t_reflection"][1] == 2.0
    assert grades["a-first/quiz/t_single"][0] == 1.0
    assert students["a-first"] == ("Olena", None)
