"""The one line a trainer reads when nbgrader cannot grade a submission."""

from ctcourse.grading.grader import failure_cause

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
