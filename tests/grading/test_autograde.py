"""End to end on a temporary course: release → simulate → autograde → gradebook, feedback, CSV."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from cohort import dump, manifest

from ctcourse.cli import main
from ctcourse.course import load_course
from ctcourse.grading.autograde import MARKER, autograde
from ctcourse.grading.export import export
from ctcourse.grading.simulation.cohort import simulate
from ctcourse.nbgrader_tools import nbgrader_api
from ctcourse.quiz.model import grade_id

pytestmark = pytest.mark.slow
WIDGET_VIEW = re.compile(
    r'<div class="output_wrapper">\s*<div class="output">\s*<div class="output_area">\s*'
    r'<div class="prompt"></div>\s*<div class="output_subarea output_widget_view".*?</script>'
    r".*?</script>\s*</div>\s*</div>\s*</div>\s*</div>",
    re.S,
)


def _quiz_scores(course) -> dict:
    grades = dump(course.root)["grades"]
    return {
        student: {
            m: {q: grades[f"{student}/{m}/{grade_id(q)}"][0] for q in qs} for m, qs in mods.items()
        }
        for student, mods in manifest(course.root)["expected"].items()
    }


def test_gradebook_equals_the_simulated_answers_and_reruns_change_nothing(course, tmp_path):
    simulate(course, 6, seed=3, tampered=3)
    report = autograde(course, jobs=2)
    assert report.exit_code == 0 and len(report.graded) == 12 and not report.failed
    assert _quiz_scores(course) == manifest(course.root)["expected"]
    first = dump(course.root)
    again = autograde(course, jobs=2)
    assert len(again.skipped) == 12 and not again.graded and dump(course.root) == first
    forced = autograde(course, ["quiz"], jobs=2, force=True)
    assert len(forced.graded) == 6 and dump(course.root) == first

    rows = export(course, tmp_path / "scores.csv")
    text = (tmp_path / "scores.csv").read_text("utf-8-sig")
    table = list(csv.DictReader(text.splitlines()))
    assert rows == len(table) == 12 and text.startswith('"student_id","module"')
    quiz_row = next(r for r in table if r["student_id"] == "sim-0001" and r["module"] == "quiz")
    expected = manifest(course.root)["expected"]["sim-0001"]["quiz"]
    assert float(quiz_row["score"]) == pytest.approx(sum(expected.values()))
    assert {q: float(quiz_row[q]) for q in expected} == expected


def _feedback(root, module) -> dict:
    pages = {}
    for path in sorted((root / "feedback").glob(f"*/{module}/*.html")):
        html = path.read_text()
        html = WIDGET_VIEW.sub("", html)  # an empty placeholder: widgets never render here
        html = re.sub(r"\n\s*\n", "\n", html)
        pages[path.parts[-3]] = html
    return pages


def test_in_kernel_and_out_of_kernel_agree_and_feedback_is_the_same(course, tmp_path):
    simulate(course, 4, seed=9, tampered=0)
    plain = load_course(shutil.copytree(course.root, tmp_path / "plain"))
    api = nbgrader_api(plain.root, os.environ)
    for student in manifest(plain.root)["expected"]:
        for module in ("quiz", "code"):
            assert api.autograde(module, student)["success"]
    assert autograde(course, jobs=2).exit_code == 0
    assert dump(course.root)["grades"] == dump(plain.root)["grades"]
    assert _quiz_scores(course) == manifest(course.root)["expected"]
    for root in (plain.root, course.root):
        assert nbgrader_api(root, os.environ).generate_feedback("quiz")["success"]
    kernel, no_kernel = _feedback(plain.root, "quiz"), _feedback(course.root, "quiz")
    assert len(kernel) == 4 and kernel == no_kernel
    assert "Your answer" in no_kernel["sim-0001"] and "Correct answer" in no_kernel["sim-0001"]


def test_a_run_killed_halfway_resumes_to_the_same_gradebook(course, tmp_path):
    simulate(course, 5, seed=4, tampered=1, modules=["code"])
    whole = load_course(shutil.copytree(course.root, tmp_path / "whole"))
    autograde(whole, jobs=1)
    command = [
        sys.executable,
        "-c",
        "import sys; from ctcourse.cli import main; sys.exit(main())",
        "autograde",
        "--jobs",
        "1",
        "--root",
        str(course.root),
    ]
    run = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while run.poll() is None and not list(course.root.glob(f"autograded/*/*/{MARKER}")):
            time.sleep(0.05)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    markers = list(course.root.glob(f"autograded/*/*/{MARKER}"))
    assert 1 <= len(markers) < 5
    rerun = autograde(course, jobs=1)
    assert len(rerun.skipped) == len(markers) and rerun.exit_code == 0
    assert dump(course.root) == dump(whole.root)


def test_errors_are_one_line_with_exit_2(course, capsys):
    assert main(["autograde", "nosuch", "--root", str(course.root)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nosuch" in err
    shutil.rmtree(course.root / "release")
    assert main(["simulate", "--students", "2", "--root", str(course.root)]) == 2
    assert "ctcourse release" in capsys.readouterr().err
