"""A trainee renamed on the desk after their certificate was issued gets the corrected one where
they found the first, from the grading service (as a real process), even if it was down when the
trainer saved the name; delivered once."""

from __future__ import annotations

import io
import json
import signal

import pytest
from pypdf import PdfReader
from servicecourse import MODULES, fetch_answer_submit, right, set_up, start_service, stop, wait_for

from ctcourse.autograder_service.journal import journal_path
from ctcourse.autograder_service.overrides import certificates_pending, overrides_path
from ctcourse.autograder_service.service import DELIVERED_AGAIN
from ctcourse.desk import names
from ctcourse.reports.certify import verify
from ctcourse.reports.codes import load_key, make_code

pytestmark = pytest.mark.slow


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_renamed_trainee_finds_the_corrected_certificate_in_their_home(tmp_path, monkeypatch):
    s = set_up(tmp_path, monkeypatch)
    course, log = s.course, tmp_path / "service.log"
    for module in MODULES:
        fetch_answer_submit(course.id, s.exchange, s.homes / "ana", "ana", module, right(module))
    home_copy = s.homes / "ana" / "certificate.pdf"
    service = start_service(course.root, s.exchange, s.homes, log)
    wait_for(home_copy.is_file, service, log)
    service.send_signal(signal.SIGKILL)  # down while the trainer corrects the name
    service.wait(timeout=30)
    first = home_copy.read_bytes()
    code = make_code(load_key(course.root), course.id, "ana")
    assert code in _text(first) and "Ганна" not in _text(first)

    changed, _ = names.save(course, s.env, {"ana": ("Ганна", "Шевченко-Кузьмич")})
    assert names.reissue(course, changed, "Олена") == ["ana"]
    request = json.loads(overrides_path(course.root, "certificate.jsonl").read_text("utf-8"))
    assert (request["trainee"], request["trainer"]) == ("ana", "Олена")
    assert home_copy.read_bytes() == first  # the desk cannot write into a trainee's home

    service = start_service(course.root, s.exchange, s.homes, log)
    try:
        wait_for(lambda: home_copy.read_bytes() != first, service, log)
        wait_for(lambda: not certificates_pending(course.root), service, log)
    finally:
        stop(service)
    again = home_copy.read_bytes()
    assert again == (course.root / "certificates" / "ana.pdf").read_bytes()
    assert "Ганна Шевченко-Кузьмич" in _text(again) and code in _text(again)  # same code
    assert verify(course, code).valid
    lines = journal_path(course.root).read_text("utf-8").splitlines()
    delivered = [json.loads(x) for x in lines if DELIVERED_AGAIN in x]
    assert len(delivered) == 1 and delivered[0]["trainee"] == "ana"  # delivered once
    assert delivered[0]["to"] == str(home_copy)
