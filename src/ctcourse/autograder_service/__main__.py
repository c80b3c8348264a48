"""``python -m ctcourse.autograder_service``: run the grading service until stopped."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from ctcourse.autograder_service.desk_process import DeskProcess
from ctcourse.autograder_service.service import LANES, Service, default_jobs
from ctcourse.course import load_course
from ctcourse.errors import CtcourseError
from ctcourse.nbgrader_tools import ensure_tools_on_path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ctcourse.autograder_service",
        description="Collect, grade and return every new submission of a course, until stopped.",
    )
    parser.add_argument(
        "--root", type=Path, default=None, help="course folder (default: found from the cwd)"
    )
    parser.add_argument(
        "--homes",
        type=Path,
        default=None,
        help="trainees' home folders (a hub); default: the course's trainee-work/",
    )
    parser.add_argument(
        "--interval", type=float, default=2.0, help="seconds between two looks at the exchange"
    )
    parser.add_argument(
        "--jobs", type=int, default=default_jobs(), help="parallel grading processes"
    )
    parser.add_argument(
        "--formgrader",
        default=None,
        help="on a hub: the grader account whose server to keep running",
    )
    parser.add_argument(
        "--lane",
        choices=LANES,
        default="all",
        help="grade all modules, only those graded without a kernel (quiz), or only code modules",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s grading: %(message)s", stream=sys.stdout
    )
    ensure_tools_on_path()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        service = Service(
            load_course(args.root),
            dict(os.environ),
            args.homes,
            args.jobs,
            args.formgrader,
            args.lane,
        )
    except CtcourseError as exc:
        print(f"ctcourse grading service: error: {exc}", file=sys.stderr)
        return 2
    logging.getLogger("ctcourse.grading-service").info(
        "watching %s for %s", service.inbound, service.course.root
    )
    desk = DeskProcess.from_env(os.environ)
    try:
        service.run(args.interval, lambda: bool(stopping) or not desk.keep())
    except KeyboardInterrupt:
        pass
    finally:
        desk.stop()
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
