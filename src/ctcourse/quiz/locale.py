"""Numbers, dates and quotation marks as each interface language writes them (pure).

Ukrainian writes a decimal comma and a non-breaking space between thousands (0,75; 13 400),
dates as 28.11.2026 and quotes as «…» (see docs/glossary-uk.md, conventions). Four-digit
numbers are not split (7689), as in official Ukrainian texts. Trainees may type a number
either way: "3,5", "3.5", "13 400" and "13,400.5" are all read.
"""

from __future__ import annotations

import datetime as dt
import re

NBSP = "\u00a0"
#: Spaces people and spreadsheets put between thousands (plain, no-break, narrow no-break, thin).
GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class NumberSyntaxError(ValueError):
    """A typed answer that is not a number in either convention."""


def format_number(value: float, language: str, *, group: bool = True) -> str:
    """``value`` with up to 15 significant digits and no trailing zeros, in the language's
    convention: ``13 400`` and ``0,75`` in Ukrainian, ``13,400`` and ``0.75`` in English.
    Without ``group``, thousands are not separated (for an input field to read back)."""
    text = f"{value:.15g}"
    if "e" in text:
        return text.replace(".", ",") if language == "uk" else text
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if group and len(whole) > 4:
        groups = [whole[max(0, i - 3) : i] for i in range(len(whole), 0, -3)][::-1]
        whole = (NBSP if language == "uk" else ",").join(groups)
    decimal = "," if language == "uk" else "."
    return sign + whole + (decimal + fraction if fraction else "")


def parse_number(raw: str) -> float:
    """A number typed in either convention; NumberSyntaxError if it is not one.

    A comma alone is a decimal comma ("3,5"); with both marks, the last one is the decimal
    separator ("13,400.5" or "13.400,5"); spaces between thousands are ignored.
    """
    text = GROUP_SPACES.sub("", raw.strip()).replace("\u2212", "-")
    if "," in text and "." in text:
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    try:
        return float(text)  # also "inf" and "nan", which the scorer refuses with its own message
    except ValueError:
        raise NumberSyntaxError(f"not a number: {raw!r}") from None


def format_date(day: dt.date, language: str) -> str:
    """28.11.2026 in Ukrainian, 28 November 2026 in English."""
    if language == "uk":
        return day.strftime("%d.%m.%Y")
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def quote(text: str, language: str) -> str:
    """``text`` in the language's quotation marks: «…» in Ukrainian, “…” in English."""
    return f"«{text}»" if language == "uk" else f"“{text}”"


#: Decimal places of a number shown in a sentence (a score of 1/6 reads 0,17, not 0,166667).
SHOWN_PLACES = 2


class LocalNumber:
    """A number that formats itself in a language, so string templates such as
    ``"{points:g}"`` give ``2,5`` in Ukrainian without changing the template; rounded to
    ``SHOWN_PLACES`` decimals as people write scores."""

    def __init__(self, value: float, language: str) -> None:
        self.value = value
        self.language = language

    def __format__(self, spec: str) -> str:
        return str(self)

    def __str__(self) -> str:
        return format_number(round(float(self.value), SHOWN_PLACES), self.language)
