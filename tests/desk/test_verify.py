"""The desk's certificate check: a trainee who passed every module, a forged code, a course that
never issued one; in the cohort's language."""

from __future__ import annotations

import pytest
from servicecourse import MODULES, fetch_answer_submit, right, set_up

from ctcourse.autograder_service.service import Service
from ctcourse.desk.verify import check
from ctcourse.desk.words import WORDS
from ctcourse.reports.codes import load_key, make_code

pytestmark = pytest.mark.slow


def test_a_passed_trainees_code_is_valid_and_a_forged_one_is_not(tmp_path, monkeypatch):
    course, exchange, homes, _ = set_up(tmp_path, monkeypatch)
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
