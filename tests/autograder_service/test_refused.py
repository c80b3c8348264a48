"""A submission the strict collector refuses (here: another trainee's folder filed under Bo's
name) is refused once, journalled with the collector's reason, and holds up nobody else."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from servicecourse import fetch_answer_submit, right, set_up

from ctcourse.autograder_service.queue import GRADED, REFUSED, RELEASED
from ctcourse.autograder_service.service import Service
from ctcourse.grading.collect import CourseCollect

pytestmark = pytest.mark.slow
#: Passes a submission may take from the exchange to released feedback (collect, grade, release).
PASSES = 4
#: The account that owns the forged folder: neither Bo nor the collecting account.
STRANGER = 65534


@pytest.fixture
def looked_at(monkeypatch) -> Counter:
    """How often the real collector examined each inbound folder (it still does all the work)."""
    seen: Counter = Counter()
    examine = CourseCollect._path_to_record

    def counting(self, path: str) -> dict:
        seen[os.path.basename(path)] += 1
        return examine(self, path)

    monkeypatch.setattr(CourseCollect, "_path_to_record", counting)
    return seen


def _forge(inbound: Path, trainee: str, module: str) -> str:
    """The newest folder filed under ``trainee`` becomes a stranger's (as Ana's forged one is)."""
    name = max(p.name for p in inbound.iterdir() if p.name.startswith(f"{trainee}+{module}+"))
    for top, dirs, files in os.walk(inbound / name):
        for entry in [top, *(os.path.join(top, n) for n in dirs + files)]:
            os.chown(entry, STRANGER, STRANGER)
    return name


@pytest.mark.skipif(os.geteuid() != 0, reason="forging a folder's owner needs root")
def test_a_refused_submission_is_terminal_and_holds_up_no_other(tmp_path, looked_at):
    course, exchange, homes, _ = set_up(tmp_path)
    root = course.root
    env = dict(os.environ) | {"CTCOURSE_EXCHANGE": str(exchange)}
    inbound = exchange / course.id / "inbound"
    fetch_answer_submit(course.id, exchange, homes / "bo", "bo", "quiz", {"quiz.single": "a"})
    # Ana submits her right answers as Bo: the newest folder filed under Bo is not Bo's.
    fetch_answer_submit(course.id, exchange, homes / "ana", "bo", "quiz", right("quiz"))
    forged = _forge(inbound, "bo", "quiz")
    fetch_answer_submit(course.id, exchange, homes / "cy", "cy", "quiz", right("quiz"))

    service = Service(course, env, homes, jobs=1)
    try:
        for _ in range(PASSES):
            service.tick()
        queue = service.journal.queue
        by_folder = {str(k): s for k, s in queue.states.items()}
        forged_key = next(k for k in queue.states if forged.startswith(str(k)))
        assert queue.states[forged_key] == REFUSED
        assert "owned by" in queue.notes[forged_key], queue.notes[forged_key]
        released = sorted(k.trainee for k, s in queue.states.items() if s == RELEASED)
        assert released == ["bo", "cy"], by_folder
        assert looked_at[forged] == 1, "refused once, not on every pass"
        assert list((root / "feedback" / "cy" / "quiz").rglob("*.html"))

        # Cy submits again: only Cy's folders are looked at, not the whole module's.
        fetch_answer_submit(course.id, exchange, homes / "cy", "cy", "quiz", right("quiz"))
        for _ in range(PASSES):
            service.tick()
        assert looked_at[forged] == 1
        assert queue.states[queue.latest("cy")["quiz"]] == RELEASED

        # Bo submits again: the new submission is graded; the forged folder stays refused.
        fetch_answer_submit(course.id, exchange, homes / "bo", "bo", "quiz", right("quiz"))
        for _ in range(PASSES):
            service.tick()
        latest = queue.latest("bo")["quiz"]
        assert queue.states[latest] in (GRADED, RELEASED) and latest != forged_key
        assert queue.states[forged_key] == REFUSED
        assert looked_at[forged] <= 2, "looked at again only because a new submission came"
        for _ in range(PASSES):
            service.tick()
        assert looked_at[forged] <= 2
    finally:
        service.close()
        shutil.rmtree(exchange, ignore_errors=True)
