"""Is this certificate real? The desk's answer to an employer's call, as ``ctcourse certificate
verify CODE`` gives it, in the cohort's language: whose code it is and whether they still pass."""

from __future__ import annotations

from dataclasses import dataclass

from ctcourse.authoring.editions import module_titles
from ctcourse.course import Course
from ctcourse.errors import CourseError
from ctcourse.reports.build import read_cohort
from ctcourse.reports.certify import required_modules, shortfalls
from ctcourse.reports.codes import load_key, normalise, owner


@dataclass(frozen=True)
class Answer:
    """What the desk says about one code."""

    valid: bool
    text: str


def check(course: Course, code: str, words: dict[str, str]) -> Answer:
    """Whether ``code`` is the certificate code of a trainee of ``course`` who still passes."""
    shown = normalise(code)
    try:
        key = load_key(course.root)
    except CourseError:
        return Answer(False, words["verify_no_key"].format(code=shown))
    data = read_cohort(course)
    trainee = owner(key, course.id, code, data.trainees)
    if trainee is None:
        return Answer(False, words["verify_unknown"].format(code=shown))
    who = {"code": shown, "name": data.trainees[trainee].name, "trainee": trainee}
    reasons = shortfalls(course, data, trainee)
    if reasons:
        titles = module_titles(course, course.language)
        missing = [
            titles[m]
            for m in required_modules(course)
            if any(r.startswith(f"{m}:") for r in reasons)
        ]
        return Answer(False, words["verify_lapsed"].format(**who, modules="; ".join(missing)))
    return Answer(
        True, words["verify_valid"].format(**who, course=course.title_in(course.language))
    )
