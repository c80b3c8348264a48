"""On a hub the service runs as root and gives what it wrote, the exchange's ``feedback/`` too,
back to the grader account that owns the course folder (formgrader releases there as well); the
next trainee's feedback must still be released."""

from __future__ import annotations

import os
import shutil

import pytest
from servicecourse import fetch_answer_submit, right, set_up

from ctcourse.autograder_service.queue import RELEASED
from ctcourse.autograder_service.service import Service

pytestmark = pytest.mark.slow
#: Passes a submission may take from the exchange to released feedback (collect, grade, release).
PASSES = 4
#: The grader account's stand-in: not root.
GRADER = 65534


@pytest.mark.skipif(os.geteuid() != 0, reason="the hub's service runs as root")
def test_feedback_is_released_into_an_exchange_folder_root_does_not_own(tmp_path):
    course, exchange, homes, _ = set_up(tmp_path)
    root = course.root
    env = dict(os.environ) | {"CTCOURSE_EXCHANGE": str(exchange)}
    outbound = exchange / course.id / "feedback"
    for top, dirs, files in os.walk(root):  # the course folder is the grader account's
        for entry in [top, *(os.path.join(top, n) for n in dirs + files)]:
            os.lchown(entry, GRADER, GRADER)
    service = Service(course, env, homes, jobs=1)
    try:
        for trainee in ("ana", "cy"):
            fetch_answer_submit(
                course.id, exchange, homes / trainee, trainee, "quiz", right("quiz")
            )
            for _ in range(PASSES):
                service.tick()
            queue = service.journal.queue
            assert queue.states[queue.latest(trainee)["quiz"]] == RELEASED, trainee
        assert outbound.stat().st_uid == GRADER and outbound.stat().st_mode & 0o7777 == 0o711
        assert len(list(outbound.glob("*.html"))) == 2
    finally:
        service.close()
        shutil.rmtree(exchange, ignore_errors=True)
