"""Trainees' names on the desk: saved into nbgrader's gradebook, printed on the certificate."""

from __future__ import annotations

import pytest
from servicecourse import MODULES, fetch_answer_submit, right, set_up

from ctcourse.autograder_service.service import Service
from ctcourse.desk import names
from ctcourse.reports.build import read_cohort
from ctcourse.reports.certify import certificate_fields

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Ганна", False),
        ("Шевченко-Кузьмич", False),
        ("Мар’яна", False),
        ("О'Коннор", False),
        ("", False),
        ("Anna2", True),
        ("<b>Anna</b>", True),
        ("А" * 61, True),
    ],
)
def test_a_name_is_letters_of_any_alphabet_with_hyphens_and_apostrophes(text, bad):
    assert names.problem(text) is bad


def test_names_saved_on_the_desk_are_on_the_certificate_and_a_bad_one_is_refused_alone(
    tmp_path, monkeypatch
):
    course, exchange, homes, _ = set_up(tmp_path, monkeypatch)
    for module in MODULES:
        fetch_answer_submit(course.id, exchange, homes / "ana", "ana", module, right(module))
    fetch_answer_submit(course.id, exchange, homes / "bo", "bo", "quiz", right("quiz"))
    service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
    try:
        service.tick()
    finally:
        service.close()
    assert (course.root / "certificates" / "ana.pdf").is_file()  # issued under the id alone
    assert [t.id for t in names.trainees(course, {})] == ["ana", "bo"]

    form = {
        "first:ana": " Ганна ",
        "last:ana": "Шевченко-Кузьмич",
        "first:bo": "Bo2",
        "last:bo": "Ray",
        "first:eve": "Eve",
    }
    changed, refused = names.save(course, {}, names.from_form(form))
    assert (changed, refused) == (["ana"], ["bo", "eve"])  # bo's digit, eve not a trainee
    assert names.reissue(course, changed) == ["ana"]
    rows = {t.id: (t.first, t.last) for t in names.trainees(course, {})}
    assert rows == {"ana": ("Ганна", "Шевченко-Кузьмич"), "bo": ("", "")}
    fields = certificate_fields(course, read_cohort(course), "ana", "CODE")
    assert fields.trainee_name == "Ганна Шевченко-Кузьмич"
    assert names.save(course, {}, names.from_form(form))[0] == []  # unchanged: nothing rewritten
