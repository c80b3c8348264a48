"""``ctcourse autograde``, ``simulate`` and ``export``: grade a cohort, fake one, report it."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.grading.export import EXPORTS
from ctcourse.grading.progress import summary_table
from ctcourse.grading.simulation.cohort import simulate
from ctcourse.nbgrader_settings import CELL_TIMEOUT_SECONDS


def run_autograde(args: argparse.Namespace) -> int:
    """Grade every submission; failures and notes on stderr, the summary table on stdout."""
    course = load_course(args.root)
    report = autograde(
        course,
        args.modules,
        force=args.force,
        jobs=args.jobs,
        cell_timeout=args.timeout,
        unsafe=args.unsafe,
    )
    for note in report.notes:
        print(note, file=sys.stderr)
    print(summary_table(report.counts()))
    for line in report.refused:
        print(f"refused: {line}")
    for line in report.failed:
        print(f"failed: {line}")
    return report.exit_code


def run_simulate(args: argparse.Namespace) -> int:
    """Write a synthetic cohort into ``submitted/``."""
    course = load_course(args.root)
    manifest = simulate(course, args.students, args.seed, args.module, args.tampered)
    print(f"{args.students} synthetic trainee(s) written; manifest: {manifest}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the gradebook as CSV (``--format moodle``: Moodle's grade-import CSV)."""
    course = load_course(args.root)
    rows = EXPORTS[args.format](course, Path(args.out), args.modules, args.cohort)
    print(f"{rows} row(s) written to {args.out}")
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``autograde``, ``simulate`` and ``export``."""
    grade = commands.add_parser(
        "autograde", help="grade every submission; quiz scores computed outside the kernel"
    )
    grade.add_argument("modules", nargs="*", help="module ids (default: every module)")
    grade.add_argument("--force", action="store_true", help="regrade finished submissions too")
    grade.add_argument(
        "--jobs", type=_positive, default=os.cpu_count() or 1, help="parallel grading processes"
    )
    grade.add_argument(
        "--timeout",
        type=_positive,
        default=CELL_TIMEOUT_SECONDS,
        help=f"seconds per notebook cell (default {CELL_TIMEOUT_SECONDS})",
    )
    grade.add_argument(
        "--unsafe",
        action="store_true",
        help="without root, run trainee code unsandboxed, with your rights",
    )
    grade.add_argument("--root", default=None, help="course folder (default: found from the cwd)")
    grade.set_defaults(func=run_autograde)

    sim = commands.add_parser("simulate", help="write a synthetic cohort into submitted/")
    sim.add_argument("--students", type=_positive, required=True)
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--module", action="append", default=[], help="module id (repeatable)")
    sim.add_argument("--tampered", type=int, default=3, help="trainees who tamper (default 3)")
    sim.add_argument("--root", default=None, help="course folder (default: found from the cwd)")
    sim.set_defaults(func=run_simulate)

    exp = commands.add_parser("export", help="write scores as CSV, one row per trainee and module")
    exp.add_argument("modules", nargs="*", help="module ids (default: every module)")
    exp.add_argument("--out", required=True, help="CSV file to write")
    exp.add_argument("--cohort", help="only trainees whose id matches this pattern, e.g. 'kyiv-*'")
    exp.add_argument(
        "--format",
        choices=tuple(EXPORTS),
        default="csv",
        help="csv: one row per trainee and module; moodle: Moodle's grade import (one row per trainee)",
    )
    exp.add_argument("--root", default=None, help="course folder (default: found from the cwd)")
    exp.set_defaults(func=run_export)
