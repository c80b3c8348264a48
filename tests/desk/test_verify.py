"""The desk's certificate check: a trainee who passed every module, a forged code, a course that
never issued one; in the cohort's language."""

from __future__ import annotations

import pytest
from servicecourse import MODULES, fetch_answer_submit, right, service_course

from ctcourse.autograder_service.service import Service
from ctcourse.course import load_course
from ctcourse.desk.verify import check
from ctcourse.desk.words import WORDS
from ctcourse.reports.codes import load_key, make_code

pytestmark = pytest.mark.slow


def test_a_passed_trainees_code_is_valid_and_a_forged_one_is_not(tmp_path, monkeypatch):
    exchange, homes = tmp_path / "exchange", tmp_path / "homes"
    exchange.mkdir(mode=0o777)
    monkeypatch.setenv("CTCOURSE_EXCHANGE", str(exchange))
    course = load_course(service_course(tmp_path / "course", exchange, "on-grading"))
    words = WORDS["uk"]
    assert not check(course, "AAAA-BBBB", words).valid  # nothing issued yet: no key at all
    for module in MODULES:
        fetch_answer_submit(course.id, exchange, homes / "ana", "ana", module, right(module))
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
    try:
        service.tick()
    finally:
        service.close()
    code = make_code(load_key(course.root), course.id, "ana")
    answer = check(course, code.lower().replace("-", " "), words)  # as a person may type it
    assert answer.valid and "дійсний" in answer.text and "(ana)" in answer.text
    assert answer.text.startswith(code)
    forged = check(course, "AAAA-BBBB-CCCC-DDDD", words)
    assert not forged.valid and "не код сертифіката" in forged.text
    assert check(course, code, WORDS["en"]).text.endswith(f"passed «{course.title_in('en')}».")
