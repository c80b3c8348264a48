"""The one line a trainer reads when nbgrader cannot grade a submission."""

import os

import pytest
from cohort import HONEST_ANSWERS, RIGHT_SOLUTION, released_course, write_submission

from ctcourse.course import load_course
from ctcourse.grading.answers import load_keys
from ctcourse.grading.grader import Grader, Settings, failure_cause
from ctcourse.grading.sandbox import Limits, unavailable
from ctcourse.grading.submissions import find_submissions

# nbgrader logs the traceback of the error indented, with qualified exception names.
NBGRADER_LOG = """\
[INFO] Creating/updating student with ID 'alice': {}
[ERROR] There was an error processing assignment: /tmp/staging/alice/code
[ERROR] Traceback (most recent call last):
      File "/venv/lib/python3.11/site-packages/sqlalchemy/engine/base.py", line 1977, in _exec
        self.dialect.do_execute(
    sqlite3.IntegrityError: UNIQUE constraint failed: student.id

    The above exception was the direct cause of the following exception:

    Traceback (most recent call last):
      File "/venv/lib/python3.11/site-packages/nbgrader/api.py", line 1401, in add_student
        raise InvalidEntry(*e.args)
    nbgrader.api.InvalidEntry: (sqlite3.IntegrityError) UNIQUE constraint failed: student.id

[ERROR] There was an error processing assignment 'code' for student 'alice'
"""
NBGRADER_ERROR = """\
Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/nbgrader/converters/base.py", line 468, in convert
    raise NbGraderException(msg)
nbgrader.converters.base.NbGraderException: Please see the the above traceback for details.
"""


def test_the_cause_is_the_first_error_in_nbgraders_indented_traceback():
    cause = failure_cause({"log": NBGRADER_LOG, "error": NBGRADER_ERROR})

    assert cause == "IntegrityError: UNIQUE constraint failed: student.id"


def test_a_known_cause_is_said_in_plain_words():
    log = "[ERROR] Traceback (most recent call last):\n    nbclient.exceptions.DeadKernelError: x\n"

    assert failure_cause({"log": log, "error": NBGRADER_ERROR}) == "kernel died (DeadKernelError)"


def test_without_a_traceback_the_cause_says_so():
    assert failure_cause({"error": NBGRADER_ERROR}) == "nbgrader could not grade it"


@pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))
def test_a_kernel_that_does_not_start_records_no_code_score(tmp_path):
    # The run's probe passed, then this submission's kernel could not start (here: 64 MiB of
    # address space is too little for Python): the code score must not become 0, nor anything.
    root = released_course(tmp_path / "c")
    write_submission(root, "alice", "code", HONEST_ANSWERS, RIGHT_SOLUTION)
    course = load_course(root)
    settings = Settings(
        root,
        dict(os.environ),
        {"code": load_keys(course, "code")},
        {"code": False},
        "en",
        30,
        Limits(cpu_seconds=60, memory_bytes=64 * 1024**2),
    )
    grader = Grader(settings)
    try:
        outcome = grader.grade(find_submissions(course, ["code"]).submissions[0])
    finally:
        grader.close()

    assert outcome.cause is not None and "the sandboxed kernel did not start" in outcome.cause
    assert not outcome.ran and outcome.auto == {}
    assert outcome.quiz  # the quiz answers are the grader's own: they are scored
