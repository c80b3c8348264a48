"""Certificates: a real PDF with the Cyrillic name, the modules and a code that ``verify``
accepts, refused with the reason to a trainee who has not passed; forged codes rejected."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from pypdf import PdfReader

from ctcourse.cli import main
from ctcourse.course import load_course
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.reports.build import read_cohort
from ctcourse.reports.certificate import long_date, render
from ctcourse.reports.certify import certificate_fields, issue, shortfalls
from ctcourse.reports.codes import KEY_PATH, make_code
from ctcourse.reports.gradebook_data import GradebookData, Trainee

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def _passer_and_failer(root: Path) -> tuple[str, str]:
    course = load_course(root)
    data = read_cohort(course)
    ok = [t for t in sorted(data.trainees) if not shortfalls(course, data, t)]
    not_ok = [t for t in sorted(data.trainees) if shortfalls(course, data, t)]
    assert ok and not_ok
    return ok[0], not_ok[0]


def _name(root: Path, trainee: str, first: str, last: str) -> None:
    with Gradebook(gradebook_url(root, {}), "testcourse") as gb:
        gb.update_or_create_student(trainee, first_name=first, last_name=last)


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def _embedded_fonts(pdf: Path) -> set[str]:
    fonts = PdfReader(pdf).pages[0]["/Resources"]["/Font"]
    names = set()
    for ref in fonts.values():
        font = ref.get_object()
        if "/DescendantFonts" in font:  # a composite (Type0) font
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # the TrueType program is in the file
        names.add(str(descriptor["/FontName"]).split("+")[-1])
    return names


def test_certificate_names_the_trainee_in_cyrillic_and_verify_accepts_only_its_code(
    cohort_root: Path, tmp_path: Path, capsys
):
    passer, _ = _passer_and_failer(cohort_root)
    _name(cohort_root, passer, "Олена", "Коваленко-Шевчук")
    pdf = tmp_path / "certificate.pdf"
    assert main(["certificate", passer, "--root", str(cohort_root), "--out", str(pdf)]) == 0
    code = capsys.readouterr().out.rsplit("verification code ", 1)[1].strip(" )\n")
    text = _text(pdf)
    assert "Олена Коваленко-Шевчук" in text
    assert (
        "lesson" in text and "final-test" in text and "entry-test" not in text.split("Modules")[1]
    )
    assert code in text and "Certificate" in text
    assert _embedded_fonts(pdf) >= {"DejaVuSans", "DejaVuSans-Bold"}
    assert PdfReader(pdf).pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4

    assert main(["certificate", "verify", code, "--root", str(cohort_root)]) == 0
    assert "valid; Олена Коваленко-Шевчук" in capsys.readouterr().out
    assert (
        main(["certificate", "verify", code.lower().replace("-", " "), "--root", str(cohort_root)])
        == 0
    )
    capsys.readouterr()
    altered = code[:-1] + ("A" if code[-1] != "A" else "B")
    forged = make_code(b"\x00" * 32, "testcourse", passer)
    for bad in (altered, forged):
        assert main(["certificate", "verify", bad, "--root", str(cohort_root)]) == 1
        assert "not a certificate code of this course" in capsys.readouterr().out

    key = cohort_root / KEY_PATH
    assert key.is_file() and not list((cohort_root / "release").rglob("certificate.key"))
    assert ".ctcourse/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_certificate_is_refused_with_the_reason(cohort_root: Path, capsys):
    _, failer = _passer_and_failer(cohort_root)
    assert main(["certificate", failer, "--root", str(cohort_root)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"ctcourse: error: no certificate for {failer}: ")
    assert "pass mark 70%" in error or "not submitted" in error or "wait for a grade" in error
    assert main(["certificate", "nobody", "--root", str(cohort_root)]) == 2
    assert "nobody: no such trainee" in capsys.readouterr().err


def test_ctcourse_lang_uk_gives_a_ukrainian_certificate(
    cohort_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    passer, _ = _passer_and_failer(cohort_root)
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    pdf = tmp_path / "uk.pdf"
    assert main(["certificate", passer, "--root", str(cohort_root), "--out", str(pdf)]) == 0
    text = _text(pdf)
    assert "Сертифікат" in text and "Код перевірки" in text and "Certificate" not in text
    assert re.search(r"Дата завершення: \d{1,2} (січня|лютого|березня|квітня|травня|червня|"
                     r"липня|серпня|вересня|жовтня|листопада|грудня) 20\d\d р\.", text)  # fmt: skip
    assert not re.search(r"\d{4}-\d\d-\d\d", text)


def test_certificate_of_the_ukrainian_edition_has_its_titles_dates_and_numbers():
    course = load_course(REPO, {"CTCOURSE_LANG": "uk"})
    modules = [m.id for m in course.modules]
    data = GradebookData(
        {"olena": Trainee("olena", "Олена", "Коваленко", "")},
        {("olena", m): datetime(2026, 12, 6, 15, 30) for m in modules},
    )
    fields = certificate_fields(course, data, "olena", "ABCD-EFGH")
    assert fields.course_title.startswith("Протидія торгівлі людьми")
    assert fields.modules[0] == "Згода та три елементи торгівлі людьми"
    assert not any(re.search(r"[A-Za-z]{3}", title) for title in fields.modules)
    assert len(fields.modules) == len(modules) - 1  # not the entry test
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(fields))).pages)
    assert "Дата завершення: 6 грудня 2026 р." in text
    assert f"{fields.hours:g}".replace(".", ",") + " год." in text
    assert "Згода та три елементи торгівлі людьми" in text and "Consent" not in text
    assert long_date(date(2026, 12, 6), "en") == "6 December 2026"


def test_ukrainian_course_gives_a_ukrainian_certificate(cohort_root: Path, tmp_path: Path):
    passer, _ = _passer_and_failer(cohort_root)
    course = dataclasses.replace(load_course(cohort_root), language="uk")
    path, code = issue(course, passer, tmp_path / "uk.pdf")
    text = _text(path)
    assert "Сертифікат" in text and "Код перевірки" in text and code in text
