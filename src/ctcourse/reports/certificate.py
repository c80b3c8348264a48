"""The certificate as an A4 PDF (ReportLab), with DejaVu Sans embedded so Cyrillic typesets.

DejaVu Sans ships with matplotlib's data files, so no system font is needed. Texts come from
:mod:`ctcourse.quiz.strings` in the cohort's language (English or Ukrainian), with the date and
the hours written as that language writes them on a document: «6 грудня 2026 р.», «7,5 год.».
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ctcourse.quiz.locale import MONTHS_EN, LocalNumber
from ctcourse.quiz.strings import text

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
#: Month names in the genitive, as a Ukrainian document writes a date.
MONTHS_UK = (
    "січня", "лютого", "березня", "квітня", "травня", "червня",
    "липня", "серпня", "вересня", "жовтня", "листопада", "грудня",
)  # fmt: skip


def long_date(day: date, language: str) -> str:
    """«6 грудня 2026 р.» in Ukrainian, "6 December 2026" in English."""
    if language == "uk":
        return f"{day.day} {MONTHS_UK[day.month - 1]} {day.year} р."
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class CertificateFields:
    """What a certificate says."""

    language: str
    course_title: str
    trainee_name: str
    modules: Sequence[str]
    hours: float
    completed: date
    code: str


def _register_fonts() -> None:
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fonts / file)))


def _wrapped(canvas: Canvas, words: str, font: str, size: float, y: float, width: float) -> float:
    """Draw centred lines no wider than ``width``; return the y below the last one."""
    line: list[str] = []
    lines = []
    for word in words.split():
        trial = " ".join([*line, word])
        if line and pdfmetrics.stringWidth(trial, font, size) > width:
            lines.append(" ".join(line))
            line = [word]
        else:
            line.append(word)
    lines.append(" ".join(line))
    canvas.setFont(font, size)
    for entry in lines:
        canvas.drawCentredString(A4[0] / 2, y, entry)
        y -= size * 1.35
    return y


def render(fields: CertificateFields) -> bytes:
    """The PDF bytes of one certificate."""
    _register_fonts()
    buffer = io.BytesIO()
    t = lambda name, **v: text(fields.language, name, **v)  # noqa: E731
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=FONT)
    canvas.setTitle(f"{t('certificate_title')}: {fields.trainee_name}")
    width, height = A4
    canvas.setStrokeColorRGB(0.29, 0.47, 0.71)
    canvas.setLineWidth(3)
    canvas.rect(1.5 * cm, 1.5 * cm, width - 3 * cm, height - 3 * cm)
    y = _wrapped(canvas, t("certificate_title"), BOLD, 30, height - 5 * cm, width - 5 * cm)
    y = _wrapped(canvas, t("certificate_awarded"), FONT, 13, y - 0.6 * cm, width - 5 * cm)
    y = _wrapped(canvas, fields.trainee_name, BOLD, 24, y - 0.4 * cm, width - 5 * cm)
    y = _wrapped(canvas, t("certificate_completed"), FONT, 13, y - 0.4 * cm, width - 5 * cm)
    y = _wrapped(canvas, fields.course_title, BOLD, 15, y - 0.2 * cm, width - 5 * cm)
    hours = t("certificate_hours", hours=LocalNumber(fields.hours, fields.language))
    y = _wrapped(canvas, hours, FONT, 12, y - 0.3 * cm, width - 5 * cm)
    y = _wrapped(canvas, t("certificate_modules"), BOLD, 12, y - 0.5 * cm, width - 5 * cm)
    for title in fields.modules:
        y = _wrapped(canvas, title, FONT, 11, y, width - 6 * cm)
    canvas.setFont(FONT, 11)
    canvas.drawString(
        2.5 * cm, 4 * cm, t("certificate_date", date=long_date(fields.completed, fields.language))
    )
    canvas.drawString(2.5 * cm, 3.3 * cm, t("certificate_code", code=fields.code))
    canvas.setFont(FONT, 9)
    canvas.drawString(2.5 * cm, 2.6 * cm, t("certificate_verify", code=fields.code))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
