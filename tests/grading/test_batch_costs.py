"""What a grading pass pays once per batch rather than once per submission, or not at all: only
the batch's submissions are read and checked, ``course.yml`` is parsed once for all feedback
pages, and no sandboxed kernel is started ahead for a submission that does not follow."""

from __future__ import annotations

import json

import pytest
from cohort import HONEST_ANSWERS, write_submission
from jupyter_core.utils import run_sync

from ctcourse.grading import feedback
from ctcourse.grading.autograde import autograde
from ctcourse.grading.sandbox import KernelPool, Limits, unavailable


@pytest.mark.slow
def test_a_batch_grades_and_checks_only_its_own_trainees_in_its_order(course):
    for name in ("ana", "bo", "cy"):
        write_submission(course.root, name, "quiz", HONEST_ANSWERS)
    (course.root / "submitted" / "no id!").mkdir()  # refused whatever the batch

    report = autograde(course, ["quiz"], jobs=1, students=["cy", "ana"])

    assert report.graded == ["cy/quiz", "ana/quiz"] and not report.skipped  # in the batch's order
    assert not (course.root / "autograded" / "bo").exists()
    assert any("no id!" in line for line in report.refused)
    again = autograde(course, ["quiz"], jobs=1, students=["bo"])
    assert again.graded == ["bo/quiz"] and not again.skipped  # ana and cy are not read again


def test_feedback_reads_course_yml_once_per_version(tmp_path, monkeypatch):
    manifest = {"id": "c", "title": "C", "language": "uk", "modules": []}
    (tmp_path / "course.yml").write_text(json.dumps(manifest), "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CTCOURSE_LANG", raising=False)
    reads = []
    original = feedback.load_course
    monkeypatch.setattr(feedback, "load_course", lambda *a: reads.append(a) or original(*a))

    assert [feedback._language() for _ in range(5)] == ["uk"] * 5
    assert len(reads) == 1
    manifest["language"] = "en"
    (tmp_path / "course.yml").write_text(json.dumps(manifest) + "\n", "utf-8")
    assert feedback._language() == "en"  # a changed course.yml is read again
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    assert feedback._language() == "uk"  # and the cohort's override still wins
    assert len(reads) == 3


@pytest.mark.slow
@pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))
def test_no_kernel_is_started_ahead_when_no_submission_follows():
    pool = KernelPool(Limits(cpu_seconds=60))
    taken = []
    try:
        taken.append(pool.take())
        assert pool.waiting is not None  # the next submission's kernel boots meanwhile
        pool.ahead = False
        taken.append(pool.take())  # the one started ahead
        assert pool.waiting is None
    finally:
        pool.close()
        for km, box in taken:
            run_sync(km.shutdown_kernel)(now=True)
            box.close()
