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
from jupyter_core.utils import run_sync

import ctcourse
from ctcourse.cli import main
from ctcourse.course import load_course
from ctcourse.grading import sandbox
from ctcourse.grading.autograde import RunReport, autograde
from ctcourse.grading.cgroup import unavailable as cgroup_unavailable
from ctcourse.grading.sandbox import SANDBOX_UIDS, Limits, start_kernel, unavailable
from ctcourse.grading.simulation.tamper import escapes

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(unavailable() is not None, reason=str(unavailable())),
]
NOBODY = 65534  # Debian's unprivileged user, for running ctcourse itself without root
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
    """Live (not zombie) processes of sandbox users, with their command lines."""
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            alive = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
            if proc.name.isdigit() and alive and proc.stat().st_uid in SANDBOX_UIDS:
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
    f"--reuid={NOBODY}",
    f"--regid={NOBODY}",
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
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
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


def _run(km, code: str) -> str:
    """What ``code`` prints in a sandboxed kernel (stdout and error names)."""
    client = km.client()
    client.start_channels()
    printed = []

    def keep(msg):
        content = msg["content"]
        printed.append(content.get("text") or content.get("ename", ""))

    try:
        run_sync(client.wait_for_ready)(timeout=120)
        run_sync(client.execute_interactive)(code, output_hook=keep, timeout=300)
    finally:
        client.stop_channels()
    return "".join(printed)


@pytest.fixture
def kernels():
    """Start sandboxed kernels with given limits; all are shut down and removed afterwards."""
    started = []

    def start(**limits):
        km, box = start_kernel(Limits(cpu_seconds=120, **limits))
        started.append((km, box))
        return km, box

    yield start
    for km, box in started:
        run_sync(km.shutdown_kernel)(now=True)
        box.close()


def test_folders_under_the_hosts_tmp_stay_visible_in_the_sandbox(kernels, monkeypatch):
    # A checkout or venv under /tmp was hidden by the sandbox's own /tmp: no kernel started.
    folder = Path(tempfile.mkdtemp(prefix="ctcourse-checkout-", dir="/tmp"))
    (folder / "seen.txt").write_text("visible")
    folder.chmod(0o755)
    original = sandbox.needed_dirs
    monkeypatch.setattr(sandbox, "needed_dirs", lambda: [*original(), str(folder)])
    km, _ = kernels()

    printed = _run(km, f"print(open({str(folder / 'seen.txt')!r}).read())")

    assert printed.strip() == "visible"
    shutil.rmtree(folder)


def test_the_bundled_case_data_can_be_read_but_not_written(kernels):
    km, _ = kernels()

    printed = _run(
        km,
        "from ctcourse.cases import load_cases, cases_path\n"
        "from ctcourse.cases.data import DATA_DIR\n"
        "print(len(load_cases(cases_path())))\n"
        "try:\n    open(DATA_DIR / 'planted.csv', 'w')\nexcept OSError as e:\n    print(e.errno)",
    )

    assert printed.split() == ["9995", "30"]  # 30: EROFS, a read-only file system


def test_one_sandbox_holding_every_process_it_may_have_starves_no_other(kernels):
    hog, hog_box = kernels(processes=40)
    held = _run(
        hog,
        "import subprocess\nheld = []\ntry:\n"
        "    while True: held.append(subprocess.Popen(['sleep', '600']))\n"
        "except OSError as e:\n    print('held', len(held))",
    )
    assert held.startswith("held ")

    other, other_box = kernels(processes=40)
    printed = _run(
        other,
        "import subprocess\nprint(sum(subprocess.run(['true']).returncode for _ in range(5)))",
    )

    assert printed.strip() == "0"
    assert other_box.uid != hog_box.uid
    if cgroup_unavailable() is None:
        assert "reached its process limit (40)" in hog_box.hits()
        assert other_box.hits() == []


@pytest.mark.skipif(cgroup_unavailable() is not None, reason=str(cgroup_unavailable()))
def test_memory_is_limited_for_all_of_a_sandboxs_processes_together(kernels):
    km, box = kernels(memory_bytes=1024**3)
    code = "import time; b = b'1' * 600_000_000; print('ok', flush=True); time.sleep(3)"
    printed = _run(
        km,
        f"import subprocess, sys\nchildren = [subprocess.Popen([sys.executable, '-c', {code!r}])"
        " for _ in range(3)]\nprint([c.wait() for c in children])",
    )

    assert "-9" in printed  # each child is under 1 GiB, together they are not: one is killed
    assert "reached its memory limit (1024 MiB)" in box.hits()


def test_the_sandbox_has_a_disk_of_its_own_size(kernels):
    km, box = kernels(space_bytes=64 * 1024**2)
    printed = _run(
        km,
        "import os\nwritten = 0\ntry:\n    for i in range(10):\n"
        "        with open(f'/tmp/f{i}' if i % 2 else f'f{i}', 'wb') as f:\n"
        "            f.write(os.urandom(16 * 1024**2))\n        written += 1\n"
        "except OSError as e:\n    print(written, e.errno)",
    )

    assert printed.split()[1] == "28"  # ENOSPC: work and /tmp share 64 MiB
    assert int(printed.split()[0]) <= 4
    assert "filled its 64 MiB of disk" in box.hits()


def test_without_cap_sys_admin_grading_stops_with_one_line_and_records_no_code_score(tmp_path):
    root = released_course(tmp_path / "c")
    write_submission(root, "alice", "quiz", {"t.single": "b"})
    write_submission(root, "alice", "code", HONEST_ANSWERS, RIGHT_SOLUTION)
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}")
    command = ["setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin"]
    run = subprocess.run(
        [*command, str(bindir / "ctcourse"), "autograde", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
    )

    assert run.returncode == 1, run.stdout + run.stderr
    refused = [line for line in run.stdout.splitlines() if line.startswith("refused:")]
    assert len(refused) == 1
    assert "the sandbox for trainee code cannot start" in refused[0]
    assert "Operation not permitted" in refused[0] and "(code) are not graded" in refused[0]
    grades = dump(root)["grades"]
    assert grades["alice/quiz/t_single"][0] == 1.0
    assert not [k for k in grades if k.startswith("alice/code/")]


def _grade(root: Path, **options) -> tuple[RunReport, dict]:
    report = autograde(load_course(root), **options)
    return report, dump(root)["grades"]


def test_a_notebook_past_its_wall_clock_limit_is_stopped_and_named(tmp_path):
    # Each cell stays under its own time limit; together they would hold a worker for long.
    root = released_course(tmp_path / "c")
    slow = "import time\ntime.sleep(15)\nshare_of_men = 2 / 5"
    write_submission(root, "slow", "code", HONEST_ANSWERS, slow)
    write_submission(root, "quick", "code", HONEST_ANSWERS, RIGHT_SOLUTION)

    report, grades = _grade(root, cell_timeout=20, notebook_timeout=8)

    assert report.failed == [
        "slow/code: the notebook ran past its wall-clock limit and was stopped "
        "(NotebookTimeoutError)"
    ]
    assert grades["quick/code/share-test"][0] == 2.0


def test_stored_outputs_are_capped_and_the_culprit_named(tmp_path):
    root = released_course(tmp_path / "c")
    loud = "print('x' * 40_000_000)\nshare_of_men = 2 / 5"
    write_submission(root, "loud", "code", HONEST_ANSWERS, loud)

    report, grades = _grade(root, cell_timeout=60)

    assert "loud/code: the notebook printed more than 16777216 bytes" in report.notes
    assert (root / "autograded/loud/code/lesson.ipynb").stat().st_size < 17 * 1024**2
    assert grades["loud/code/share-test"][0] == 2.0  # the test cell itself printed nothing


def test_rebinding_a_builtin_does_not_turn_a_wrong_answer_into_marks(tmp_path):
    root = released_course(tmp_path / "c")
    cheat = "import builtins\nbuiltins.abs = lambda x: 0\nshare_of_men = 0.5"
    write_submission(root, "cheat", "code", HONEST_ANSWERS, cheat)
    write_submission(root, "honest", "code", HONEST_ANSWERS, RIGHT_SOLUTION)
    write_submission(
        root, "numpy", "code", HONEST_ANSWERS, "import numpy\nshare_of_men = numpy.float64(0.4)"
    )

    _, grades = _grade(root, cell_timeout=30)

    assert grades["cheat/code/share-test"][0] == 0.0
    assert grades["honest/code/share-test"][0] == 2.0
    assert grades["numpy/code/share-test"][0] == 2.0


def test_a_trainee_holding_every_process_is_named_and_starves_nobody(tmp_path):
    root = released_course(tmp_path / "c")
    hog = (
        "import subprocess\nheld = []\ntry:\n"
        "    while True: held.append(subprocess.Popen(['sleep', '600']))\n"
        "except OSError:\n    pass\nshare_of_men = 2 / 5"
    )
    write_submission(root, "hog", "code", HONEST_ANSWERS, hog)
    for n in range(3):
        write_submission(root, f"honest-{n}", "code", HONEST_ANSWERS, RIGHT_SOLUTION)

    report, grades = _grade(root, cell_timeout=60, jobs=2)

    assert not report.failed
    assert all(grades[f"honest-{n}/code/share-test"][0] == 2.0 for n in range(3))
    if cgroup_unavailable() is None:
        assert "hog/code: the sandbox reached its process limit (256)" in report.notes


def test_a_python_reached_through_dot_dot_still_starts_in_the_sandbox(tmp_path):
    # `python bench/autograde.py` from bench/ ran `../.venv/bin/python`: bench/ is not in the
    # sandbox, so the kernel could not start (the probe said so; grading then needed --unsafe).
    root = released_course(tmp_path / "c")
    write_submission(root, "alice", "code", HONEST_ANSWERS, RIGHT_SOLUTION)
    bindir = Path(sys.executable).parent
    python = os.path.relpath(sys.executable, tmp_path)  # through tmp_path, which is not bound
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}")
    run = subprocess.run(
        [python, "-m", "ctcourse", "autograde", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert dump(root)["grades"]["alice/code/share-test"][0] == 2.0
