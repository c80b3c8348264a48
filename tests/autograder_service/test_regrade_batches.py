"""*Grade again* goes a few trainees a pass: a new submission of another module is graded and
returned in the first pass, not after the whole module; a restart goes on where it stopped and
grades no one twice; each trainee's status page says their module is being graded again."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from servicecourse import change_key, fetch_answer_submit, right, set_up

from ctcourse.autograder_service.journal import all_events
from ctcourse.autograder_service.overrides import regrade, regrades_pending
from ctcourse.autograder_service.queue import RELEASED
from ctcourse.autograder_service.service import Service
from ctcourse.autograder_service.status import render
from ctcourse.grading.autograde import MARKER
from ctcourse.reports.build import read_cohort

pytestmark = pytest.mark.slow
TRAINEES = ("ana", "bo", "cy")


def _feedback(root, trainee: str) -> str:
    """The trainee's feedback page as last generated for return ("1.0 / 2.0" by the new key)."""
    return (root / "feedback" / trainee / "quiz" / "lesson.html").read_text("utf-8")


def _graded_at(root, trainee: str) -> int:
    """When the trainee's quiz submission was last graded (its completion marker was written)."""
    return (root / "autograded" / trainee / "quiz" / MARKER).stat().st_mtime_ns


def test_grade_again_lets_other_modules_through_and_resumes_after_a_restart(tmp_path, monkeypatch):
    s = set_up(tmp_path, monkeypatch)
    course = s.course
    for trainee in TRAINEES:
        fetch_answer_submit(
            course.id, s.exchange, s.homes / trainee, trainee, "quiz", right("quiz")
        )
    service = Service(course, s.env, s.homes, jobs=1, regrade_batch=1)
    try:
        service.tick()
        assert set(service.journal.queue.states.values()) == {RELEASED}
        first = {t: _graded_at(course.root, t) for t in TRAINEES}
        change_key(course.root, "quiz", "b", "a")
        regrade(course.root, "quiz", "Олена")
        fetch_answer_submit(course.id, s.exchange, s.homes / "dan", "dan", "quiz2", right("quiz2"))
        service.tick()  # one trainee graded again, and Dan's new work of another module
    finally:
        service.close()
    regraded = [t for t in TRAINEES if _graded_at(course.root, t) != first[t]]
    assert regraded == ["ana"]
    assert [_feedback(course.root, t).count("1.0 / 2.0") > 0 for t in TRAINEES] == [1, 0, 0]
    assert read_cohort(course).score("dan", "quiz2") == 2
    queue = service.journal.queue
    assert queue.states[queue.latest("dan")["quiz2"]] == RELEASED
    assert list(regrades_pending(course.root)) == ["quiz"]
    pages = {t: (s.homes / t / "my-course-status.html").read_text("utf-8") for t in TRAINEES}
    assert "Being graded again at your trainer&#39;s request" in pages["bo"]
    assert "Being graded again" in pages["cy"] and "Being graded again" not in pages["ana"]
    uk = render(course, queue, "bo", {}, "uk", None, datetime.now(UTC), regrading={"quiz"})
    assert "Оцінюється знову на прохання тренера" in uk

    graded_at = _graded_at(course.root, "ana")
    service = Service(course, s.env, s.homes, jobs=1, regrade_batch=1)  # a restart
    try:
        for _ in range(len(TRAINEES)):
            service.tick()
    finally:
        service.close()
    assert regrades_pending(course.root) == {}
    cohort = read_cohort(course)
    assert [cohort.score(t, "quiz") for t in TRAINEES] == [1, 1, 1]
    assert _graded_at(course.root, "ana") == graded_at  # not graded again after the restart
    assert all(_feedback(course.root, t).count("1.0 / 2.0") for t in TRAINEES)
    counts = Counter((e.key, e.state) for e in all_events(course.root))
    assert max(counts.values()) == 1  # no entry graded or returned twice in the journal
    page = (s.homes / "bo" / "my-course-status.html").read_text("utf-8")
    assert "Being graded again" not in page and "Feedback ready" in page
