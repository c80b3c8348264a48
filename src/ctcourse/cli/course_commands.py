"""``ctcourse validate`` and ``ctcourse release``: check the course and publish student versions."""

from __future__ import annotations

import argparse
import sys

from ctcourse.authoring.editions import status
from ctcourse.authoring.release import publish, release
from ctcourse.authoring.traceability import review
from ctcourse.authoring.validate import validate
from ctcourse.course import LANGUAGES, load_course
from ctcourse.editions import other_languages
from ctcourse.lab_language import set_lab_language


def run_validate(args: argparse.Namespace) -> int:
    """Print every problem as ``path:cell: message``, then warnings and each module's
    estimated minutes; exit 1 if there is any problem (warnings alone do not fail)."""
    course = load_course(args.root)
    problems = validate(course)
    for problem in problems:
        print(problem)
    checked = review(course)
    for warning in checked.warnings:
        print(
            f"{warning.path}{'' if warning.cell is None else f':{warning.cell}'}: warning: {warning.message}"
        )
    for language in other_languages():
        edition = status(course, language)
        if edition.missing:
            print(f"{language} edition: not yet for {', '.join(edition.missing)}")
    for estimate in checked.estimates:
        print(estimate)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"{course.id}: {len(course.modules)} module(s), no problems")
    return 0


def run_release(args: argparse.Namespace) -> int:
    """Validate, regenerate ``release/`` through nbgrader, and prove it holds no key."""
    course = load_course(args.root)
    for problem in validate(course, args.lang, args.modules):
        print(problem)
    for folder in release(course, args.modules, args.lang):
        print(f"released {folder.relative_to(course.root)}/")
    language = args.lang or course.language
    try:
        if set_lab_language(language):
            print(f"JupyterLab's menus set to {language} for this installation")
    except PermissionError as exc:  # e.g. the hub's grader account: the hub sets servers' menus
        print(f"JupyterLab's menus left as they are: {exc.filename} is not writable here")
    if args.publish:
        for module_id in publish(course, args.modules, args.lang):
            print(
                f"published {module_id} to the exchange: trainees fetch it from the Assignment List"
            )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``validate`` and ``release``."""
    validate_cmd = commands.add_parser(
        "validate", help="check the course; print path:cell: message lines"
    )
    validate_cmd.add_argument(
        "--root", default=None, help="course folder (default: found from the cwd)"
    )
    validate_cmd.set_defaults(func=run_validate)

    release_cmd = commands.add_parser(
        "release", help="regenerate release/ from source/ and prove it key-free"
    )
    release_cmd.add_argument(
        "modules", nargs="*", help="module ids (default: every module of course.yml)"
    )
    release_cmd.add_argument(
        "--root", default=None, help="course folder (default: found from the cwd)"
    )
    release_cmd.add_argument(
        "--publish",
        action="store_true",
        help="also put the modules into nbgrader's exchange for trainees to fetch",
    )
    release_cmd.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="edition to release: en (source/ -> release/) or uk (source-uk/ -> release-uk/); "
        "default: language of course.yml",
    )
    release_cmd.set_defaults(func=run_release)
