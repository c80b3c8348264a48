"""``ctcourse certificate``: issue a trainee's certificate, or verify a code against the gradebook.

A certificate is issued only to a trainee who passed every required module (all modules but
the entry test, which is scored and not counted toward passing) with nothing left to grade
by hand. Verification recomputes the code of every trainee in the gradebook and accepts a
code only if it belongs to one who still passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ctcourse.authoring.editions import module_titles
from ctcourse.course import Course
from ctcourse.errors import GradingError
from ctcourse.reports.build import read_cohort
from ctcourse.reports.certificate import CertificateFields, render
from ctcourse.reports.codes import load_key, make_code, owner
from ctcourse.reports.gradebook_data import GradebookData
from ctcourse.reports.progress import counts_toward_passing, passed

CERTIFICATES = "certificates"


@dataclass(frozen=True)
class Verification:
    """The answer to "is this code real?"."""

    valid: bool
    message: str


def required_modules(course: Course) -> list[str]:
    """Modules a trainee must pass for a certificate."""
    return [m.id for m in course.modules if counts_toward_passing(m)]


def shortfalls(course: Course, data: GradebookData, trainee: str) -> list[str]:
    """Why this trainee cannot have a certificate yet; empty when they can."""
    reasons = []
    for module in required_modules(course):
        key = (trainee, module)
        if key not in data.cells:
            reasons.append(f"{module}: not submitted or not graded")
        elif data.needs_manual_grade(*key):
            reasons.append(f"{module}: written answers still wait for a grade")
        elif not passed(data.score(*key), data.module_max.get(module), course.pass_mark):
            share = (data.score(*key) or 0.0) / (data.module_max.get(module) or 1.0)
            reasons.append(f"{module}: scored {share:.0%}, pass mark {course.pass_mark:.0%}")
    return reasons


def certificate_fields(
    course: Course, data: GradebookData, trainee: str, code: str
) -> CertificateFields:
    """What the trainee's certificate says, in the cohort's language (``course.language``)."""
    stamps = [data.submitted_at.get((trainee, m)) for m in required_modules(course)]
    completed = max((s for s in stamps if s is not None), default=datetime.now(UTC))
    titles = module_titles(course, course.language)
    return CertificateFields(
        language=course.language,
        course_title=course.title_in(course.language),
        trainee_name=data.trainees[trainee].name,
        modules=[titles[m] for m in required_modules(course)],
        hours=round(sum(m.minutes for m in course.modules) / 60, 1),
        completed=completed.date(),
        code=code,
    )


def issue(course: Course, trainee: str, out: Path | None = None) -> tuple[Path, str]:
    """Write the trainee's certificate PDF; return its path and code (GradingError if refused)."""
    data = read_cohort(course)
    if trainee not in data.trainees:
        raise GradingError(f"{trainee}: no such trainee in the gradebook")
    reasons = shortfalls(course, data, trainee)
    if reasons:
        raise GradingError(f"no certificate for {trainee}: " + "; ".join(reasons))
    code = make_code(load_key(course.root, create=True), course.id, trainee)
    path = out or course.root / CERTIFICATES / f"{trainee}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(certificate_fields(course, data, trainee, code)))
    return path, code


def verify(course: Course, code: str) -> Verification:
    """Whether ``code`` is the certificate code of a trainee of this course who passed."""
    key = load_key(course.root)
    data = read_cohort(course)
    trainee = owner(key, course.id, code, data.trainees)
    if trainee is None:
        return Verification(False, f"{code}: not a certificate code of this course")
    reasons = shortfalls(course, data, trainee)
    name = data.trainees[trainee].name
    if reasons:
        return Verification(False, f"{code}: issued to {name} ({trainee}), who no longer passes: "
                            + "; ".join(reasons))  # fmt: skip
    return Verification(True, f"{code}: valid; {name} ({trainee}) passed {course.title}")
