"""Out-of-kernel scoring, kernel-free detection, simulation: pure and fast."""

from __future__ import annotations

import json
import shutil

import nbformat
from cohort import code_notebook
from coursefactory import make_course, sample_notebook

from ctcourse.course import load_course
from ctcourse.grading.answers import cell_outputs, load_keys, score_bytes
from ctcourse.grading.kernelfree import is_kernel_free
from ctcourse.grading.simulation.cohort import simulate
from ctcourse.grading.simulation.tamper import CHEAP
from ctcourse.quiz.responses import Event


def _course(tmp_path):
    root = make_course(tmp_path / "c", {"quiz": {"lesson": sample_notebook()}})
    (root / "release" / "quiz").mkdir(parents=True)  # simulate reads the student versions
    shutil.copy(root / "source/quiz/lesson.ipynb", root / "release/quiz/lesson.ipynb")
    return load_course(root)


def _log(*events: tuple[str, object]) -> bytes:
    return b"".join(
        (Event(q, a, "graded", 1, "2026-01-01T00:00:00Z").to_json() + "\n").encode()
        for q, a in events
    )


def test_latest_answer_counts_and_blanks_score_zero(tmp_path):
    keys = load_keys(_course(tmp_path), "quiz")
    results = score_bytes(keys, _log(("t.single", "a"), ("t.single", "b"), ("t.multi", ["a"])))
    points = {r.item.question.id: r.score.points for r in results["lesson"]}
    assert points["t.single"] == 1.0
    assert points["t.multi"] == 1.0  # one of two right options, no wrong one: half of 2 points
    assert points["t.tf"] == 0.0 and points["t.spot"] == 0.0
    assert "t.practice-one" not in points  # practice questions are not graded


def test_unreadable_lines_are_skipped_not_fatal(tmp_path):
    keys = load_keys(_course(tmp_path), "quiz")
    data = b"{not json\n" + b"x" * 10_000_000 + b"\n" + _log(("t.tf", "yes"), ("t.number", 12))
    points = {r.item.question.id: r.score.points for r in score_bytes(keys, data)["lesson"]}
    assert points["t.number"] == 1.0 and points["t.tf"] == 0.0


def test_cell_outputs_show_answer_key_and_score_like_the_kernel(tmp_path):
    keys = load_keys(_course(tmp_path), "quiz")
    result = score_bytes(keys, _log(("t.single", "a")))["lesson"][0]
    display, value = cell_outputs(result, "en", 7)
    markdown = display["data"]["text/markdown"]
    assert "**Your answer:** A" in markdown and "**Correct answer:** B" in markdown
    assert "Because." in markdown
    assert value == {
        "output_type": "execute_result",
        "data": {"text/plain": "0.0"},
        "metadata": {},
        "execution_count": 7,
    }


def test_quiz_only_modules_need_no_kernel(tmp_path):
    nbformat.write(sample_notebook(), tmp_path / "quiz.ipynb")
    nbformat.write(code_notebook(), tmp_path / "code.ipynb")
    assert is_kernel_free([tmp_path / "quiz.ipynb"])
    assert not is_kernel_free([tmp_path / "code.ipynb"])
    assert not is_kernel_free([tmp_path / "quiz.ipynb", tmp_path / "code.ipynb"])


def test_simulation_is_deterministic_and_labelled(tmp_path):
    course = _course(tmp_path)
    first = simulate(course, 12, seed=5, tampered=len(CHEAP))
    snapshot = {
        p: p.read_bytes() for p in sorted((course.root / "submitted").rglob("*")) if p.is_file()
    }
    simulate(course, 12, seed=5, tampered=len(CHEAP))
    again = {
        p: p.read_bytes() for p in sorted((course.root / "submitted").rglob("*")) if p.is_file()
    }
    assert snapshot == again
    data = json.loads(first.read_text())
    assert data["synthetic"] is True
    assert sorted(data["tampered"].values()) == sorted(CHEAP)
    totals = [sum(m["quiz"].values()) for m in data["expected"].values()]
    assert len(set(totals)) > 3  # abilities spread the scores
