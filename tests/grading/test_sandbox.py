"""Trainee code runs in the sandbox: every escape fails, and the rest of the cohort is unaffected."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from cohort import (
    HONEST_ANSWERS,
    RIGHT_SOLUTION,
    dump,
    released_course,
    save_submission,
    write_submission,
)

import ctcourse
from ctcourse.cli import main
from ctcourse.grading.sandbox import SANDBOX_UID, unavailable
from ctcourse.grading.simulation.tamper import escapes

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(unavailable() is not None, reason=str(unavailable())),
]
ESCAPES = {
    "read-other-answers",
    "rewrite-gradebook",
    "background-process",
    "rewrite-other-notebooks",
    "change-stored-test",
    "forge-markers",
    "rewrite-keys",
    "open-ctcourse-for-writing",
    "kill-grader",
    "socket",
    "allocate-4-gib",
}


def _digest(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


def _honest_cohort(root: Path) -> None:
    write_submission(root, "honest-right", "code", HONEST_ANSWERS, RIGHT_SOLUTION)
    write_submission(root, "honest-wrong", "code", {"k.single": "a"}, "share_of_men = 0.5")


def _sandbox_processes() -> dict[int, bytes]:
    """Live (not zombie) processes of the sandbox user, with their command lines."""
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            alive = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
            if proc.name.isdigit() and alive and proc.stat().st_uid == SANDBOX_UID:
                found[int(proc.name)] = (proc / "cmdline").read_bytes()[:200]
        except (OSError, IndexError):
            continue
    return found


def test_every_escape_fails_and_the_cohort_is_graded_as_in_a_clean_run(tmp_path, capsys):
    clean = released_course(tmp_path / "clean")
    _honest_cohort(clean)
    assert main(["autograde", "--root", str(clean), "--timeout", "5"]) == 0

    root = released_course(tmp_path / "c")
    _honest_cohort(root)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        attacks = escapes(str(root), os.getpid(), listener.getsockname()[1])
        for name, tamper in attacks.items():
            nb, lines = write_submission(root, name, "code", HONEST_ANSWERS, RIGHT_SOLUTION)
            tamper(nb, lines)
            save_submission(root, name, "code", nb, lines)
        protected = _digest(root / "source", root / "submitted", Path(ctcourse.__file__).parent)

        assert main(["autograde", "--root", str(root), "--timeout", "5", "--jobs", "2"]) == 1

        with pytest.raises(BlockingIOError):
            listener.accept()
    out = capsys.readouterr().out
    assert "failed: endless-loop/code: a cell ran past the time limit" in out
    assert "escape-all" not in out  # graded normally
    assert not _sandbox_processes()  # the background process died with its kernel
    assert _digest(root / "source", root / "submitted", Path(ctcourse.__file__).parent) == protected
    graded = nbformat.read(root / "autograded/escape-all/code/lesson.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in graded.cells for o in c.get("outputs", []))
    tried = json.loads(printed.split("ESCAPES ", 1)[1].splitlines()[0])
    assert set(tried) == ESCAPES
    assert tried["allocate-4-gib"] == "MemoryError"
    assert tried["background-process"] == "done"  # it started, and was killed with the kernel
    assert {k: v for k, v in tried.items() if v == "done"} == {"background-process": "done"}

    clean_grades, grades = dump(clean)["grades"], dump(root)["grades"]
    for student in ("honest-right", "honest-wrong"):
        rows = {k: v for k, v in grades.items() if k.startswith(student + "/")}
        assert rows == {k: v for k, v in clean_grades.items() if k.startswith(student + "/")}
    assert grades["escape-all/code/k_tf"][0] == 2.0  # the escapee is graded on its answers
    shutil.rmtree(tmp_path, ignore_errors=True)


AS_NOBODY = [
    "setpriv",
    f"--reuid={SANDBOX_UID}",
    f"--regid={SANDBOX_UID}",
    "--clear-groups",
    "--inh-caps=-all",
    "--bounding-set=-all",
]


def _python_runs_unprivileged() -> bool:
    # Through a shell: setpriv itself still resolves the path with root's rights.
    script = f"exec {shlex.quote(sys.executable)} -c pass"
    run = subprocess.run([*AS_NOBODY, "sh", "-c", script], capture_output=True)
    return run.returncode == 0


@pytest.fixture
def nobodys_course(tmp_path):
    """A course with a quiz and a code submission, owned by the unprivileged user."""
    root = Path(tempfile.mkdtemp(prefix="ctcourse-nonroot-"))
    released_course(root / "c")
    write_submission(root / "c", "alice", "quiz", {"t.single": "b"})
    write_submission(root / "c", "alice", "code", HONEST_ANSWERS, RIGHT_SOLUTION)
    for path in [root, *root.rglob("*")]:
        os.chown(path, SANDBOX_UID, SANDBOX_UID, follow_symlinks=False)
    yield root / "c"
    shutil.rmtree(root, ignore_errors=True)


def _as_nobody(course: Path, *args: str) -> subprocess.CompletedProcess:
    bindir = Path(sys.executable).parent
    command = [*AS_NOBODY, str(bindir / "ctcourse"), "autograde", "--root", str(course), *args]
    env = {"PATH": f"{bindir}:/usr/bin:/bin", "HOME": str(course), "LANG": "C.UTF-8"}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_without_root_code_modules_are_refused(nobodys_course):
    refused = _as_nobody(nobodys_course)

    assert refused.returncode == 1, refused.stdout + refused.stderr
    line = "refused: not running as root, so trainee code cannot be sandboxed"
    assert line in refused.stdout and "(code) are not graded" in refused.stdout
    assert "alice/code" not in refused.stdout + refused.stderr
    assert dump(nobodys_course)["grades"]["alice/quiz/t_single"][0] == 1.0


@pytest.mark.skipif(
    not _python_runs_unprivileged(), reason="this Python cannot be run by an unprivileged user"
)
def test_without_root_unsafe_runs_code_with_the_users_rights(nobodys_course):
    unsafe = _as_nobody(nobodys_course, "--unsafe")

    assert unsafe.returncode == 0, unsafe.stdout + unsafe.stderr
    assert "--unsafe: not running as root" in unsafe.stderr
    assert dump(nobodys_course)["grades"]["alice/code/share-test"][0] == 2.0
