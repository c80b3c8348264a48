"""A sandbox for trainee code: the kernel that runs one submission's notebook.

The kernel is started (as root) inside new mount, network and PID namespaces, in a fresh root
file system that holds only the system folders, the Python environment, the ctcourse package
and a private working copy of the one submission; then it drops to an unprivileged user and
runs under CPU-time, memory, file-size and process limits. So trainee code cannot read other
submissions, ``source/`` or the gradebook, cannot reach the network, cannot signal the grader,
and every process it starts dies with the kernel (the kernel is the PID namespace's init).

The grader talks to the kernel over unix sockets (ZMQ ``ipc``) in the private folder: TCP on
the host's loopback cannot be reached from an empty network namespace.

Linux only, and only as root (``unshare`` needs it); :func:`unavailable` says why not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

import ctcourse

#: The unprivileged user trainee code runs as (Debian's ``nobody``/``nogroup``).
SANDBOX_UID = 65534
SANDBOX_GID = 65534
MEMORY_BYTES = 2 * 1024**3
FILE_BYTES = 64 * 1024**2
PROCESSES = 256
TOOLS = ("unshare", "setpriv", "prlimit", "chroot", "mount", "env")
KERNEL_NAME = "python3"
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
KEPT_ENV = ("PATH", "LANG", "LANGUAGE", "CTCOURSE_LANG", "NBGRADER_EXECUTION", "PYTHONHASHSEED")
SYSTEM_DIRS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc")

# Runs as root inside the new namespaces: build the new root, then drop to the sandbox user.
# A change of user clears the parent-death signal, so the last setpriv sets it again: when
# `unshare` is killed (a kernel that ignores interrupts), the kernel and so its namespace die.
# Arguments: new root, work and run folders, connection file, uid, gid, dirs..., --, command...
LAUNCH = r"""
set -eu
nr=$1 work=$2 run=$3 conn=$4 uid=$5 gid=$6; shift 6
mount -t tmpfs -o mode=0755,size=16m ctcourse-sandbox "$nr"
for d in SYSTEM_DIRS; do
  if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$nr/$d"
  elif [ -d "/$d" ]; then mkdir "$nr/$d"; mount --rbind "/$d" "$nr/$d"; fi
done
while [ "$1" != "--" ]; do mkdir -p "$nr$1"; mount --bind "$1" "$nr$1"; shift; done; shift
mkdir -p "$nr/dev" "$nr/proc" "$nr/tmp"
for f in null zero random urandom; do touch "$nr/dev/$f"; mount --bind "/dev/$f" "$nr/dev/$f"; done
mount -t proc proc "$nr/proc"
mount -t tmpfs -o mode=1777,size=64m tmpfs "$nr/tmp"
mkdir -p "$nr$work" "$nr$run"
mount --bind "$work" "$nr$work"
mount --bind "$run" "$nr$run"
chown "$uid:$gid" "$conn"
exec chroot "$nr" /usr/bin/env -C "$work" HOME="$work" \
  setpriv --reuid="$uid" --regid="$gid" --clear-groups --no-new-privs --inh-caps=-all \
  --bounding-set=-all --pdeathsig=KILL -- "$@"
""".replace("SYSTEM_DIRS", " ".join(SYSTEM_DIRS))


@dataclass(frozen=True)
class Limits:
    """What one sandboxed kernel may use."""

    cpu_seconds: int
    memory_bytes: int = MEMORY_BYTES
    file_bytes: int = FILE_BYTES
    processes: int = PROCESSES

    def prlimit(self) -> list[str]:
        return [
            "prlimit",
            f"--cpu={self.cpu_seconds}",
            f"--as={self.memory_bytes}",
            f"--fsize={self.file_bytes}",
            f"--nproc={self.processes}",
            "--core=0",
            "--",
        ]


def unavailable() -> str | None:
    """Why trainee code cannot be sandboxed on this machine, or None when it can."""
    if sys.platform != "linux":
        return "the sandbox for trainee code needs Linux"
    if os.geteuid() != 0:
        return "not running as root, so trainee code cannot be sandboxed (unshare needs root)"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"the sandbox needs {', '.join(missing)} (Debian: util-linux, coreutils, mount)"
    return None


def _needed_dirs() -> list[str]:
    """Folders outside the system ones that a kernel needs: the Python environment and ctcourse."""
    package = Path(ctcourse.__file__).resolve().parent.parent
    dirs = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), package}
    system = tuple(f"/{d}" for d in SYSTEM_DIRS)
    keep = [str(d) for d in sorted(dirs) if not str(d).startswith(system)]
    return [d for d in keep if not any(d.startswith(k + "/") for k in keep)]


class Sandbox:
    """Private folders for one kernel: ``work`` (its files, its cwd) and ``run`` (its sockets).

    The kernel may start before its submission is known (:class:`KernelPool`); :meth:`fill`
    then copies the submission into ``work``. Remove everything with :meth:`close`.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.base = Path(tempfile.mkdtemp(prefix="ctcourse-sandbox-"))
        self.base.chmod(0o711)
        self.newroot = self.base / "root"
        self.newroot.mkdir()
        self.work, self.run = self.base / "work", self.base / "run"
        for folder in (self.work, self.run):
            folder.mkdir(mode=0o700)
            os.chown(folder, SANDBOX_UID, SANDBOX_GID)

    def fill(self, files: Path) -> None:
        """Copy a submission's folder (links kept as links, never followed) into ``work``."""
        shutil.copytree(files, self.work, symlinks=True, dirs_exist_ok=True)
        for path in self.work.rglob("*"):
            os.chown(path, SANDBOX_UID, SANDBOX_GID, follow_symlinks=False)

    def command(self, kernel_cmd: list[str], connection_file: str) -> list[str]:
        """The kernel command wrapped into namespaces, the new root, the user and the limits."""
        return [
            "setpriv",
            "--pdeathsig=KILL",  # the grader dies: so does the sandbox
            "--",
            "unshare",
            "--mount",
            "--net",
            "--pid",
            "--ipc",
            "--uts",
            "--kill-child",  # the sandbox's first process dies: so does every other one in it
            "--propagation=private",
            "--",
            "sh",
            "-c",
            LAUNCH,
            "ctcourse-sandbox",
            str(self.newroot),
            str(self.work),
            str(self.run),
            connection_file,
            str(SANDBOX_UID),
            str(SANDBOX_GID),
            *_needed_dirs(),
            "--",
            *self.limits.prlimit(),
            *kernel_cmd,
        ]

    def close(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


def kernel_environment(env: Mapping[str, str], work: Path) -> dict[str, str]:
    """The grader's environment cut to what a kernel needs: no database URL, token or secret."""
    kept = {k: v for k, v in env.items() if k in KEPT_ENV or k.startswith("LC_")}
    return kept | {"HOME": str(work), "TMPDIR": "/tmp"}


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager that starts its kernel in :attr:`sandbox` and talks to it over ipc."""

    sandbox: Sandbox | None = None

    def attach(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.transport = "ipc"
        self.ip = str(sandbox.run / "kernel")
        self.connection_file = str(sandbox.run / "kernel.json")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        assert self.sandbox is not None, "attach a sandbox first"
        kw["cwd"] = str(self.sandbox.work)
        kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
        kw["env"] = kernel_environment(kw.get("env") or os.environ, self.sandbox.work)
        wrapped = self.sandbox.command(kernel_cmd, self.connection_file)
        await super()._async_launch_kernel(wrapped, **kw)


class KernelPool:
    """Sandboxed kernels started one submission ahead, so a kernel boots while another works.

    :meth:`take` returns a started kernel and at once starts the next one; the kernel's own
    start-up (seconds of imports) then overlaps with grading the current notebook.
    """

    def __init__(self, limits: Limits, kernel_name: str = KERNEL_NAME) -> None:
        self.limits = limits
        self.kernel_name = kernel_name
        self.waiting: tuple[SandboxKernelManager, Sandbox] | None = None

    def _start(self) -> tuple[SandboxKernelManager, Sandbox]:
        sandbox = Sandbox(self.limits)
        km = SandboxKernelManager(kernel_name=self.kernel_name)
        km.attach(sandbox)
        run_sync(km.start_kernel)(extra_arguments=list(KERNEL_ARGUMENTS))
        return km, sandbox

    def take(self) -> tuple[SandboxKernelManager, Sandbox]:
        """A started kernel and its empty sandbox; the next kernel is started meanwhile."""
        ready = self.waiting or self._start()
        self.waiting = self._start()
        return ready

    def close(self) -> None:
        if self.waiting is not None:
            km, sandbox = self.waiting
            run_sync(km.shutdown_kernel)(now=True)
            sandbox.close()
            self.waiting = None
