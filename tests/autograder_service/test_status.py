"""The trainee's status page speaks the cohort's language, the course's title included."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ctcourse.autograder_service.queue import Queue
from ctcourse.autograder_service.status import render
from ctcourse.course import load_course

REPO = Path(__file__).resolve().parents[2]


def test_a_ukrainian_cohort_reads_its_course_and_modules_in_ukrainian() -> None:
    course = load_course(REPO, {"CTCOURSE_LANG": "uk"})
    page = render(course, Queue(), "olena", {}, "uk", None, datetime(2026, 12, 6, tzinfo=UTC))
    assert course.title_in("uk") in page
    assert course.title not in page
    assert "Стан ваших модулів" in page and "Ще не надіслано" in page
