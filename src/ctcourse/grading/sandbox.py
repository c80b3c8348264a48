"""A sandbox for trainee code: the kernel that runs one submission's notebook.

The kernel is started (as root) inside new mount, network and PID namespaces, in a fresh root
file system that holds only the system folders, the Python environment, the ctcourse package
and its bundled data (all read-only) and a private, size-limited space for the one submission;
then it drops to a user of its own and runs under CPU-time, memory, file-size and process
limits. So trainee code cannot read other submissions, ``source/`` or the gradebook, cannot
reach the network, cannot signal the grader, and every process it starts dies with the kernel
(the kernel is the PID namespace's init).

Limits hold per sandbox, not per process or per shared user: each sandbox leases a uid of its
own from :data:`SANDBOX_UIDS` (so ``RLIMIT_NPROC`` counts only its own processes), its files
and its ``/tmp`` live on one tmpfs of :attr:`Limits.space_bytes`, and where the kernel lets us
(cgroup v1, or v2 with the controllers delegated) a cgroup of its own caps the memory and the
processes of all its processes together and says afterwards which limit was hit.

The grader talks to the kernel over unix sockets (ZMQ ``ipc``) in the private space: TCP on
the host's loopback cannot be reached from an empty network namespace.

Linux only, and only as root with ``CAP_SYS_ADMIN``; :func:`unavailable` says why not from what
it can see, and :func:`probe` starts one real kernel to be sure before anything is graded.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import secrets
import shutil
import stat
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

import ctcourse
from ctcourse.grading.cgroup import Cgroup

#: The uids sandboxes lease, one per live sandbox: far above any account or subordinate range.
SANDBOX_UIDS = range(2_100_000_000, 2_100_000_000 + 4096)
#: Root-only folder of the leases (one locked file per uid in use).
LEASES = Path("/run/ctcourse-sandbox")
MEMORY_BYTES = 2 * 1024**3
FILE_BYTES = 64 * 1024**2
SPACE_BYTES = 256 * 1024**2
PROCESSES = 256
NPROC_MARGIN = 16
PROBE_SECONDS = 60
TOOLS = ("unshare", "setpriv", "prlimit", "chroot", "mount", "env")
KERNEL_NAME = "python3"
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
KEPT_ENV = ("PATH", "LANG", "LANGUAGE", "CTCOURSE_LANG", "NBGRADER_EXECUTION", "PYTHONHASHSEED")
SYSTEM_DIRS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32", "usr", "etc")
MNT_DETACH = 2

# Runs as root inside the new namespaces: join the sandbox's cgroups, build the new root (its
# /tmp first, so that folders under the host's /tmp bound later stay visible), then drop to the
# sandbox's user. A change of user clears the parent-death signal, so the last setpriv sets it
# again: when `unshare` is killed, the kernel and so its namespace die.
# Arguments: new root, work, run and tmp folders, connection file, uid, cgroup files (":"),
# read-only dirs..., --, command...
LAUNCH = r"""
set -eu
nr=$1 work=$2 run=$3 tmp=$4 conn=$5 uid=$6 cgroups=$7; shift 7
for f in $(echo "$cgroups" | tr ':' ' '); do echo 0 > "$f"; done
mount -t tmpfs -o mode=0755,size=16m ctcourse-sandbox "$nr"
for d in SYSTEM_DIRS; do
  if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$nr/$d"
  elif [ -d "/$d" ]; then mkdir "$nr/$d"; mount --rbind "/$d" "$nr/$d"; fi
done
mkdir -p "$nr/dev" "$nr/proc" "$nr/tmp"
mount --bind "$tmp" "$nr/tmp"
while [ "$1" != "--" ]; do mkdir -p "$nr$1"; mount -o bind,ro "$1" "$nr$1"; shift; done; shift
for f in null zero random urandom; do touch "$nr/dev/$f"; mount --bind "/dev/$f" "$nr/dev/$f"; done
mount -t proc proc "$nr/proc"
mkdir -p "$nr$work" "$nr$run"
mount --bind "$work" "$nr$work"
mount --bind "$run" "$nr$run"
chown "$uid:$uid" "$conn"
exec chroot "$nr" /usr/bin/env -C "$work" HOME="$work" \
  setpriv --reuid="$uid" --regid="$uid" --clear-groups --no-new-privs --inh-caps=-all \
  --bounding-set=-all --pdeathsig=KILL -- "$@"
""".replace("SYSTEM_DIRS", " ".join(SYSTEM_DIRS))


class SandboxError(OSError):
    """The sandbox could not be set up (no uid left, no private space, no kernel)."""


@dataclass(frozen=True)
class Limits:
    """What one sandbox may use: CPU per kernel, memory and processes for all its processes
    together, ``space_bytes`` of disk for its files and ``/tmp`` together, ``wall_seconds`` per
    notebook (None: no limit) and ``output_bytes`` of outputs stored per notebook."""

    cpu_seconds: int
    memory_bytes: int = MEMORY_BYTES
    file_bytes: int = FILE_BYTES
    processes: int = PROCESSES
    space_bytes: int = SPACE_BYTES
    wall_seconds: int | None = None
    output_bytes: int = 16 * 1024**2

    def prlimit(self, nproc_margin: int = 0) -> list[str]:
        """``prlimit``'s arguments; ``nproc_margin`` lets a cgroup's process limit (which
        records that it was hit) act before the uid's."""
        return [
            "prlimit",
            f"--cpu={self.cpu_seconds}",
            f"--as={self.memory_bytes}",
            f"--fsize={self.file_bytes}",
            f"--nproc={self.processes + nproc_margin}",
            "--core=0",
            "--",
        ]


def unavailable() -> str | None:
    """Why trainee code cannot be sandboxed on this machine, or None when it seems it can."""
    if sys.platform != "linux":
        return "the sandbox for trainee code needs Linux"
    if os.geteuid() != 0:
        return "not running as root, so trainee code cannot be sandboxed (unshare needs root)"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"the sandbox needs {', '.join(missing)} (Debian: util-linux, coreutils, mount)"
    return None


def needed_dirs() -> list[str]:
    """Folders outside the system ones that a kernel reads: the Python environment, ctcourse
    and the course's bundled data (modules such as ``who-is-at-risk`` load it while graded)."""
    from ctcourse.cases.data import DATA_DIR

    package = Path(ctcourse.__file__).resolve().parent.parent
    dirs = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), package}
    if DATA_DIR.is_dir():
        dirs.add(DATA_DIR.resolve())
    system = tuple(f"/{d}" for d in SYSTEM_DIRS)
    keep = [str(d) for d in sorted(dirs) if not str(d).startswith(system)]
    return [d for d in keep if not any(d.startswith(k + "/") for k in keep)]


class UidLease:
    """A uid no other live sandbox uses, held by a lock on a root-only file until :meth:`close`.

    The lease's folder ``LEASES/<uid>.d`` is where the sandbox mounts its space; whatever a
    killed grader left there (a mount, files) is removed when the uid is leased again.
    """

    def __init__(self) -> None:
        _leases()
        start = secrets.randbelow(len(SANDBOX_UIDS))  # spread reuse of a uid over time
        for i in range(len(SANDBOX_UIDS)):
            uid = SANDBOX_UIDS[(start + i) % len(SANDBOX_UIDS)]
            fd = _lock(uid)
            if fd is not None:
                self.uid, self.fd = uid, fd
                self.base = _clear(uid)
                return
        raise SandboxError(f"all {len(SANDBOX_UIDS)} sandbox uids are in use")

    def close(self) -> None:
        os.close(self.fd)


def _leases() -> None:
    LEASES.mkdir(mode=0o700, exist_ok=True)
    info = os.lstat(LEASES)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or info.st_mode & 0o077:
        raise SandboxError(f"{LEASES} must be a folder only root can open")


def _lock(uid: int) -> int | None:
    """The locked lease file of ``uid``, or None while another sandbox holds it."""
    fd = os.open(LEASES / str(uid), os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _clear(uid: int) -> Path:
    """The lease's empty folder for the sandbox's space (a leftover is unmounted and removed)."""
    base = LEASES / f"{uid}.d"
    if os.path.lexists(base):
        _unmount(base)
        shutil.rmtree(base, ignore_errors=True)
    base.mkdir(mode=0o711)
    return base


def sweep() -> int:
    """Remove what killed graders left behind (mounts, files) in unleased uids; how many."""
    _leases()
    swept = 0
    for folder in LEASES.glob("*.d"):
        fd = _lock(int(folder.name.removesuffix(".d")))
        if fd is not None:
            _unmount(folder)
            shutil.rmtree(folder, ignore_errors=True)
            os.close(fd)
            swept += 1
    return swept


def _mount_space(path: Path, size: int) -> None:
    """Mount a tmpfs of ``size`` bytes on ``path``: the sandbox's whole disk."""
    libc = ctypes.CDLL(None, use_errno=True)
    options = f"size={size},mode=0711,uid=0,gid=0".encode()
    if libc.mount(b"ctcourse-sandbox", str(path).encode(), b"tmpfs", 0, options) != 0:
        errno = ctypes.get_errno()
        raise SandboxError(errno, f"cannot mount the sandbox's private space: {os.strerror(errno)}")


def _unmount(path: Path) -> None:
    ctypes.CDLL(None, use_errno=True).umount2(str(path).encode(), MNT_DETACH)


class Sandbox:
    """One sandbox: a uid, a cgroup (when possible) and a private tmpfs holding ``work`` (its
    files, its cwd), ``run`` (its sockets), ``tmp`` (its ``/tmp``) and the launcher's log.

    The kernel may start before its submission is known (:class:`KernelPool`); :meth:`fill`
    then copies the submission into ``work``. :meth:`hits` says which limits were reached;
    :meth:`close` removes everything.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.lease = UidLease()
        self.uid = self.lease.uid
        self.base = self.lease.base
        try:
            _mount_space(self.base, limits.space_bytes)
        except SandboxError:
            self.base.rmdir()
            self.lease.close()
            raise
        self.cgroup = Cgroup.create(f"ctcourse-sandbox-{self.uid}", limits)
        self.newroot = self.base / "root"
        self.newroot.mkdir()
        self.work, self.run, self.tmp = self.base / "work", self.base / "run", self.base / "tmp"
        for folder in (self.work, self.run):
            folder.mkdir(mode=0o700)
            os.chown(folder, self.uid, self.uid)
        self.tmp.mkdir(mode=0o1777)
        self.tmp.chmod(0o1777)
        self.log = self.base / "launch.log"

    def fill(self, files: Path) -> None:
        """Copy a submission's folder (links kept as links, never followed) into ``work``."""
        shutil.copytree(files, self.work, symlinks=True, dirs_exist_ok=True)
        for path in self.work.rglob("*"):
            os.chown(path, self.uid, self.uid, follow_symlinks=False)

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
            str(self.tmp),
            connection_file,
            str(self.uid),
            ":".join(self.cgroup.procs if self.cgroup else ()),
            *needed_dirs(),
            "--",
            *self.limits.prlimit(NPROC_MARGIN if self.cgroup else 0),
            *kernel_cmd,
        ]

    def launch_error(self) -> str | None:
        """The launcher's last line of error output (why a kernel did not start), if any."""
        try:
            lines = self.log.read_bytes()[-4096:].decode("utf-8", "replace").splitlines()
        except OSError:
            return None
        lines = ["".join(c for c in line if c.isprintable()).strip() for line in lines]
        lines = [line for line in lines if line]  # no terminal control from a kernel's stderr
        return lines[-1][:200] if lines else None

    def hits(self) -> list[str]:
        """The limits this sandbox reached, in words (memory, processes, disk)."""
        found = self.cgroup.hits() if self.cgroup else []
        space = os.statvfs(self.base)
        if space.f_bavail * space.f_frsize < 1024**2:
            found.append(f"filled its {self.limits.space_bytes // 1024**2} MiB of disk")
        return found

    def close(self) -> None:
        if self.cgroup:
            self.cgroup.close()
        _unmount(self.base)
        shutil.rmtree(self.base, ignore_errors=True)
        self.lease.close()


def kernel_environment(env: Mapping[str, str], work: Path) -> dict[str, str]:
    """The grader's environment cut to what a kernel needs: no database URL, token or secret.

    IPython's folder is in the sandbox's ``/tmp``, not in ``work``: a submission's own
    ``.ipython/profile_default/startup`` must not run before the notebook does."""
    kept = {k: v for k, v in env.items() if k in KEPT_ENV or k.startswith("LC_")}
    return kept | {"HOME": str(work), "TMPDIR": "/tmp", "IPYTHONDIR": "/tmp/.ipython"}


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
        kw["stdout"] = subprocess.DEVNULL
        kw["stderr"] = self.sandbox.log.open("ab")  # in the sandbox's space: its size is capped
        kw["env"] = kernel_environment(kw.get("env") or os.environ, self.sandbox.work)
        # A path through a folder the sandbox does not hold (`bench/../.venv/bin/python`)
        # would not resolve inside it.
        kernel_cmd = [os.path.normpath(kernel_cmd[0]), *kernel_cmd[1:]]
        wrapped = self.sandbox.command(kernel_cmd, self.connection_file)
        try:
            await super()._async_launch_kernel(wrapped, **kw)
        finally:
            kw["stderr"].close()

    def kill_now(self) -> None:
        """Kill the sandbox at once (from any thread): its launcher, so every process in it."""
        process = getattr(self.provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()


class KernelPool:
    """Sandboxed kernels started one submission ahead, so a kernel boots while another works.

    :meth:`take` returns a started kernel and at once starts the next one; the kernel's own
    start-up (seconds of imports) then overlaps with grading the current notebook. Unless
    ``ahead`` is False (no submission is known to follow): a kernel started for nobody would be
    shut down unused, a core-second lost on each grading process at the end of every batch.
    """

    def __init__(self, limits: Limits, kernel_name: str = KERNEL_NAME) -> None:
        self.limits = limits
        self.kernel_name = kernel_name
        self.waiting: tuple[SandboxKernelManager, Sandbox] | None = None
        self.ahead = True

    def _start(self) -> tuple[SandboxKernelManager, Sandbox]:
        return start_kernel(self.limits, self.kernel_name)

    def take(self) -> tuple[SandboxKernelManager, Sandbox]:
        """A started kernel and its empty sandbox; the next kernel is started meanwhile (if
        :attr:`ahead`)."""
        ready = self.waiting or self._start()
        self.waiting = self._start() if self.ahead else None
        return ready

    def close(self) -> None:
        if self.waiting is not None:
            km, sandbox = self.waiting
            run_sync(km.shutdown_kernel)(now=True)
            sandbox.close()
            self.waiting = None


def start_kernel(
    limits: Limits, kernel_name: str = KERNEL_NAME
) -> tuple[SandboxKernelManager, Sandbox]:
    """A kernel started in a new sandbox (not yet known to have replied)."""
    sandbox = Sandbox(limits)
    km = SandboxKernelManager(kernel_name=kernel_name)
    km.attach(sandbox)
    try:
        run_sync(km.start_kernel)(extra_arguments=list(KERNEL_ARGUMENTS))
    except Exception:
        sandbox.close()
        raise
    return km, sandbox


def probe(limits: Limits, kernel_name: str = KERNEL_NAME) -> str | None:
    """Start one sandboxed kernel and wait for its reply: None if it answers, else why not.

    A grading run calls this before it grades anything, so a sandbox that cannot start (no
    ``CAP_SYS_ADMIN``, a folder the sandbox cannot see) stops the run with one line instead of
    turning every code score into 0.
    """
    try:
        sweep()
        km, sandbox = start_kernel(limits, kernel_name)
    except OSError as exc:
        return f"the sandbox for trainee code cannot start: {exc.strerror or exc}"
    client = km.client()
    try:
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=PROBE_SECONDS)
    except (RuntimeError, TimeoutError) as exc:
        cause = sandbox.launch_error() or str(exc)
        return f"the sandbox for trainee code cannot start a kernel: {cause}"
    finally:
        client.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)
        sandbox.close()
    return None
