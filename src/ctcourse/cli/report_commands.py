"""``ctcourse report`` and ``ctcourse certificate``: what a training coordinator reads and hands out.

``ctcourse.reports`` is imported by the commands themselves: it pulls in scipy, matplotlib and
reportlab (~1.5 s), which every other ``ctcourse`` command (autograde, release, …) does not need.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ctcourse.course import load_course
from ctcourse.errors import CtcourseError

DEFAULT_OUT = "cohort-report"
VERIFY = "verify"


def run_report(args: argparse.Namespace) -> int:
    """Write the HTML report and its CSVs; say where."""
    from ctcourse.reports.build import analyse, write_report

    course = load_course(args.root)
    out = Path(args.out) if args.out else course.root / DEFAULT_OUT
    files = write_report(analyse(course, args.cohort, args.homes, args.modules), out)
    print(f"report: {files.html}")
    print(f"tables: {len(files.csvs)} CSV file(s) in {out}")
    return 0


def run_certificate(args: argparse.Namespace) -> int:
    """Issue a certificate (``certificate TRAINEE``) or check one (``certificate verify CODE``)."""
    from ctcourse.reports.certify import issue, verify

    course = load_course(args.root)
    if args.trainee == VERIFY and args.code:
        result = verify(course, args.code)
        print(result.message)
        return 0 if result.valid else 1
    if args.code:
        raise CtcourseError(
            f"certificate takes one trainee id, or verify CODE; got {args.code!r} too"
        )
    path, code = issue(course, args.trainee, Path(args.out) if args.out else None)
    print(f"certificate for {args.trainee}: {path} (verification code {code})")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``report`` and ``certificate``."""
    report = commands.add_parser(
        "report", help="cohort report: progress, item statistics, learning gain (HTML + CSV)"
    )
    report.add_argument("modules", nargs="*", help="module ids (default: every module)")
    report.add_argument(
        "--out", help=f"folder to write into (default: {DEFAULT_OUT}/ in the course)"
    )
    report.add_argument(
        "--cohort", help="only trainees whose id matches this pattern, e.g. 'kyiv-*'"
    )
    report.add_argument(
        "--homes",
        help="trainees' home folders, e.g. '/home/{trainee}', to see who fetched a module",
    )
    report.add_argument("--root", default=None, help="course folder (default: found from the cwd)")
    report.set_defaults(func=run_report)

    cert = commands.add_parser(
        "certificate",
        help="certificate TRAINEE: write a PDF; certificate verify CODE: check a code",
    )
    cert.add_argument("trainee", help="trainee id, or 'verify'")
    cert.add_argument("code", nargs="?", help="with 'verify': the code printed on a certificate")
    cert.add_argument("--out", help="PDF file (default: certificates/TRAINEE.pdf in the course)")
    cert.add_argument("--root", default=None, help="course folder (default: found from the cwd)")
    cert.set_defaults(func=run_certificate)
