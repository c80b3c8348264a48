"""The ``ctcourse`` command: a thin layer that forwards to plain functions of the package.

Every error meant for a person is printed as one line on stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ctcourse.cli import cases_commands, course_commands, grading_commands, report_commands
from ctcourse.errors import CtcourseError

COMMAND_GROUPS = (course_commands, grading_commands, cases_commands, report_commands)
DEBUG_ENV = "CTCOURSE_DEBUG"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and exit 2, like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser, one sub-command per job."""
    parser = _Parser(prog="ctcourse", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ctcourse command; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CtcourseError as exc:
        print(f"ctcourse: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ctcourse: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"ctcourse: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # e.g. an unreachable gradebook database: still one line
        if os.environ.get(DEBUG_ENV):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        print(
            f"ctcourse: error: {type(exc).__name__}: {first} (set {DEBUG_ENV}=1 for details)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
