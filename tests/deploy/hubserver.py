"""A real training-centre hub for tests and the benchmark, started the way ``make hub`` does.

Everything lives in a fresh folder under /tmp (readable by the accounts the hub creates, unlike
pytest's private tmp folders), on free loopback ports, with account names that start with a
random prefix. ``stop()`` ends the hub and the processes it started (by their ids), then
removes the accounts, their memory cgroups and the folder.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from ctcourse.errors import HubError
from ctcourse.hub import memory
from ctcourse.hub.accounts import remove_account
from ctcourse.hub.layout import ACCOUNT_MARKER, HubLayout
from ctcourse.hub.prepare import check_reachable

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG = REPO / "deploy" / "hub" / "jupyterhub_config.py"
PROXY = REPO / "deploy" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
START_SECONDS = 60.0
FIRST_PASSWORD = re.compile(r"^first password of (\S+): (\S+) ", re.M)


def free_ports(count: int) -> list[int]:
    """``count`` distinct free loopback ports (all held open while they are chosen)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def why_not() -> str | None:
    """Why a real hub cannot run here (None if it can)."""
    if os.geteuid() != 0:
        return "needs root: the hub creates a Unix account per person"
    if not PROXY.exists():
        return f"{PROXY.relative_to(REPO)} is missing (make hub-proxy)"
    try:
        check_reachable(BIN / "python")
    except HubError as exc:
        return str(exc)
    return None


class HubServer:
    """One hub in its own folder; ``start()`` prepares the course and starts JupyterHub."""

    def __init__(self, **extra_env: str) -> None:
        self.prefix = "ct" + secrets.token_hex(3)
        self.base = Path(tempfile.mkdtemp(prefix="ctcourse-hub-"))
        self.base.chmod(0o755)
        self.token = secrets.token_hex(24)
        public, hub_api, proxy_api = free_ports(3)
        self.env = {
            "CTCOURSE_HUB_DIR": str(self.base / "srv"),
            "CTCOURSE_EXCHANGE": str(self.base / "exchange"),
            "CTCOURSE_HUB_HOMES": str(self.base / "homes"),
            "CTCOURSE_GRADER_USER": f"{self.prefix}-grader",
            "CTCOURSE_TRAINERS": f"{self.name('trainer')},{self.name('trainer2')}",
            "CTCOURSE_HUB_ADMINS": self.name("admin"),
            "CTCOURSE_HUB_TOKEN": self.token,
            "HUB_PORT": str(public),
            "CTCOURSE_HUB_API_PORT": str(hub_api),
            "CTCOURSE_PROXY_API_PORT": str(proxy_api),
        } | extra_env
        self.layout = HubLayout.from_env(self.env)
        self.url = self.layout.url
        self.log_path = self.base / "jupyterhub.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.first_passwords: dict[str, str] = {}  # as `make hub` printed them

    def name(self, who: str) -> str:
        """A user name of this hub (all share the random prefix, so cleanup finds them)."""
        return f"{self.prefix}-{who}"

    def _environment(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CTCOURSE_"))}
        return keep | self.env | {"PATH": f"{BIN}:{os.environ.get('PATH', '')}"}

    def start(self) -> HubServer:
        prepare = subprocess.run(
            [str(BIN / "python"), "-m", "ctcourse.hub.prepare", "--checkout", str(REPO)],
            env=self._environment(), capture_output=True, text=True, check=False,
        )  # fmt: skip
        if prepare.returncode != 0:
            raise RuntimeError(f"prepare failed: {prepare.stderr.strip()}")
        self.first_passwords = dict(FIRST_PASSWORD.findall(prepare.stdout))
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(CONFIG)],
                cwd=self.base, env=self._environment(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/hub/api", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"the hub did not answer in {START_SECONDS:.0f} s:\n{self.log_tail()}")

    def accounts(self) -> list[pwd.struct_passwd]:
        """The Unix accounts this hub created."""
        return [
            entry
            for entry in pwd.getpwall()
            if entry.pw_name.startswith(self.prefix + "-") and ACCOUNT_MARKER in entry.pw_gecos
        ]

    def stop(self) -> None:
        """Stop the servers (by process id), the hub, then remove accounts, cgroups, folder."""
        uids = {entry.pw_uid for entry in self.accounts()}
        _signal_processes(uids, signal.SIGTERM)
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stop_proxy()
        _signal_processes(uids, signal.SIGKILL)
        groups = memory.detect()
        for entry in self.accounts():
            if groups is not None:
                groups.remove(entry.pw_name)
            try:
                remove_account(entry.pw_name)
            except HubError as exc:  # never hide the test's own failure behind a cleanup one
                print(f"cleanup: {exc}", file=sys.stderr)
        shutil.rmtree(self.base, ignore_errors=True)

    def _stop_proxy(self) -> None:
        """The proxy the hub started, if the hub died before stopping it (its pid file)."""
        pid_file = self.layout.state / "jupyterhub-proxy.pid"
        with contextlib.suppress(OSError, ValueError, ProcessLookupError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)

    def log_tail(self, lines: int = 60) -> str:
        """The hub's last log lines, without the proxy's (they drown the hub's own errors)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        own = [line for line in text.splitlines() if line.startswith(("[", "Traceback", "  ", "E"))]
        return "\n".join(
            line for line in own if "ConfigProxy" not in line and "    at " not in line
        )[-8000:]


def _signal_processes(uids: set[int], sig: signal.Signals) -> None:
    """Signal every process owned by one of ``uids`` (the servers this hub started); wait up
    to 10 s for them to end."""
    deadline = time.monotonic() + 10.0
    while uids:
        alive = [
            int(p.name)
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and owner_uid(p) in uids
        ]
        if not alive or time.monotonic() > deadline:
            return
        for pid in alive:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        time.sleep(0.3)


def owner_uid(proc: Path) -> int:
    """The uid of a /proc entry, or -1 for a zombie or a process that is gone."""
    try:
        if (proc / "status").read_text().find("State:\tZ") >= 0:
            return -1
        return proc.stat().st_uid
    except OSError:
        return -1
