"""``python -m ctcourse.hub.prepare``: set up a training centre's hub before JupyterHub starts.

Run as root by ``make hub``. It creates the hub's folders, the grader account, a copy of the
course that only the grader (so only trainers, through the grader's formgrader server) can read, and
nbgrader's exchange; then, as the grader, it regenerates and publishes every module, and prints
a first password for each new trainer and hub admin (``first_passwords``). Running
it again refreshes ``source/`` and ``course.yml`` from the checkout and republishes; grades,
submissions and feedback in the course folder are kept.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from ctcourse.course import MANIFEST_NAME, find_root
from ctcourse.editions import BASE_LANGUAGE, other_languages, source_folder_name
from ctcourse.errors import CtcourseError, HubError
from ctcourse.hub import first_passwords
from ctcourse.hub.accounts import ensure_service_account
from ctcourse.hub.layout import HubLayout

BIN = Path(sys.executable).parent
COURSE_FILES = (MANIFEST_NAME, "nbgrader_config.py")
#: Paths of a checkout that hold answer keys or personal data: closed to other accounts.
PRIVATE_IN_CHECKOUT = (
    "source",
    "source-uk",
    ".git",
    "gradebook.db",
    "submitted",
    "autograded",
    "feedback",
)
PASSED_ON = ("CTCOURSE_DB_URL", "CTCOURSE_LANG")


def prepare(checkout: Path, layout: HubLayout, env: Mapping[str, str]) -> list[str]:
    """Folders, grader account, course copy and published modules; returns what was done."""
    if os.geteuid() != 0:
        raise HubError(
            "the hub must be prepared and run as root: it creates a Unix account per person"
        )
    check_reachable(BIN / "python")
    done = [f"python for every account: {BIN / 'python'}"]
    layout.base.mkdir(parents=True, exist_ok=True)
    layout.base.chmod(0o755)
    layout.state.mkdir(exist_ok=True)
    layout.state.chmod(0o700)
    layout.homes.mkdir(parents=True, exist_ok=True)
    grader = ensure_service_account(layout.grader_user, layout.grader_home)
    layout.exchange.mkdir(parents=True, exist_ok=True)
    layout.exchange.chmod(0o1777)  # nbgrader: everyone may submit; sticky: no one deletes others'
    done.append(f"exchange: {layout.exchange} (1777, as nbgrader's multi-user exchange needs)")
    copy_course(checkout, layout.course)
    for path in [layout.course, *layout.course.rglob("*")]:
        os.lchown(path, grader.pw_uid, grader.pw_gid)
    layout.course.chmod(0o700)
    done.append(f"course: {layout.course} (owner {layout.grader_user}, 0700: trainers reach it")
    done[-1] += " in the grader's formgrader server)"
    done += publish_as_grader(layout, grader.pw_uid, grader.pw_gid, env)
    return done + reserve_names(layout)


def reserve_names(layout: HubLayout) -> list[str]:
    """A first password for every new trainer and hub admin, shown once (the hub creates their
    accounts with it at start, so nobody can sign up under their names)."""
    path = layout.state / first_passwords.FILE_NAME
    new = first_passwords.ensure(path, layout.reserved)
    lines = [
        f"first password of {name}: {password} (give it to {name} in person; they log in with it"
        " and change it at /hub/change-password)"
        for name, password in new.items()
    ]
    if new:
        lines.append(f"first passwords are kept in {path} (root only)")
    return lines


def copy_course(checkout: Path, course: Path) -> None:
    """Copy the manifest, nbgrader config and every edition's sources (``source/``,
    ``source-uk/``) from the checkout into ``course``: the cohort may be taught in either."""
    if not (checkout / MANIFEST_NAME).is_file():
        raise HubError(f"{checkout}: no {MANIFEST_NAME}; run make hub in the course checkout")
    course.mkdir(parents=True, exist_ok=True)
    for name in COURSE_FILES:
        shutil.copy2(checkout / name, course / name)
    for language in (BASE_LANGUAGE, *other_languages()):
        folder = source_folder_name(language)
        shutil.rmtree(course / folder, ignore_errors=True)
        if (checkout / folder).is_dir():
            shutil.copytree(
                checkout / folder,
                course / folder,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
            )


def publish_as_grader(layout: HubLayout, uid: int, gid: int, env: Mapping[str, str]) -> list[str]:
    """``ctcourse release --publish`` as the grader, so the exchange's course folder is theirs."""
    grader_env = {
        "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(layout.grader_home),
        "CTCOURSE_EXCHANGE": str(layout.exchange),
        "LANG": "C.UTF-8",
    } | {name: env[name] for name in PASSED_ON if env.get(name)}
    command = [str(BIN / "ctcourse"), "release", "--publish", "--root", str(layout.course)]
    done = subprocess.run(
        command, cwd=layout.course, env=grader_env, user=uid, group=gid, extra_groups=[],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no detail"])[-1]
        raise HubError(f"publishing the course as {layout.grader_user} failed: {detail}")
    return done.stdout.strip().splitlines()


def check_reachable(python: Path) -> None:
    """Every account must be able to run this venv's Python (its servers do)."""
    try:
        done = subprocess.run(
            [str(python), "-c", "import ctcourse, jupyterhub"],
            user="nobody", group="nogroup", extra_groups=[], capture_output=True, check=False,
            cwd="/", env={"PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        reachable = done.returncode == 0
    except PermissionError:
        reachable = False
    if not reachable:
        raise HubError(
            f"{python} cannot be run by other accounts (its Python or checkout is in a private"
            " folder such as /root); clone the course where every account can read it (e.g."
            " /opt/ctcourse) and make its .venv from a system Python: make clean && make hub"
            " PYTHON=/usr/bin/python3"
        )


def lock_checkout(checkout: Path) -> list[str]:
    """Close the checkout's answer keys and personal data to other accounts (chmod go-rwx)."""
    locked = []
    for name in PRIVATE_IN_CHECKOUT:
        path = checkout / name
        if path.exists() and not path.is_symlink():
            path.chmod(path.stat().st_mode & 0o700)
            locked.append(f"closed to other accounts: {path}")
    return locked


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ctcourse.hub.prepare", description=__doc__)
    parser.add_argument(
        "--checkout", type=Path, default=None, help="course checkout (default: found from the cwd)"
    )
    parser.add_argument(
        "--lock-checkout",
        action="store_true",
        help="chmod go-rwx source/, .git and grades in the checkout",
    )
    args = parser.parse_args(argv)
    try:
        checkout = (args.checkout or find_root()).resolve()
        layout = HubLayout.from_env(os.environ)
        lines = lock_checkout(checkout) if args.lock_checkout else []
        lines += prepare(checkout, layout, os.environ)
    except CtcourseError as exc:
        print(f"ctcourse hub: error: {exc}", file=sys.stderr)
        return 2
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
