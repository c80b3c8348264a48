"""Killing ``ctcourse autograde``'s main process alone kills its workers and their kernels."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cohort import HONEST_ANSWERS, RIGHT_SOLUTION, released_course, write_submission

from ctcourse.grading.sandbox import LEASES, SANDBOX_UIDS, sweep, unavailable

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(unavailable() is not None, reason=str(unavailable())),
]
LIVENESS_SECONDS = 120  # a bound for a loaded machine, not a performance limit


def _processes() -> dict[int, tuple[int, int]]:
    """``{pid: (parent pid, uid)}`` of every live process."""
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                found[int(proc.name)] = (int(fields[1]), proc.stat().st_uid)
        except (OSError, ValueError, IndexError):
            continue
    return found


def _wait(condition) -> bool:
    deadline = time.monotonic() + LIVENESS_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_killing_the_main_process_kills_workers_and_kernels(tmp_path):
    root = released_course(tmp_path / "c")
    for n in range(3):
        slow = RIGHT_SOLUTION + "\nimport time\ntime.sleep(60)"
        write_submission(root, f"t{n}", "code", HONEST_ANSWERS, slow)
    command = [str(Path(sys.executable).parent / "ctcourse"), "autograde", "code", "--jobs", "2"]
    command += ["--timeout", "90", "--root", str(root)]
    run = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        kernels = lambda: [p for p, (_, uid) in _processes().items() if uid in SANDBOX_UIDS]  # noqa: E731
        assert _wait(lambda: len(kernels()) >= 2)
        workers = [p for p, (ppid, _) in _processes().items() if ppid == run.pid]
        assert len(workers) >= 2
        run.send_signal(signal.SIGKILL)  # the main process only, as `kill -9 <pid>` would
        run.wait()
        assert _wait(lambda: not set(workers) & set(_processes()) and not kernels())
        left = [folder for folder in LEASES.glob("*.d") if os.path.ismount(folder)]
        assert left  # the killed workers could not unmount their sandboxes' space
        # The next run's probe sweeps them away, once their launchers have exited too.
        assert _wait(lambda: sweep() >= 0 and not [f for f in left if f.exists()])
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever survived on failure
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
