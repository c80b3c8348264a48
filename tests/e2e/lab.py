"""A real JupyterLab for browser tests, and the waits a Playwright test needs around it.

``LabServer`` starts ``jupyter lab`` from this project's venv on a free loopback port with a
random token and every Jupyter folder (config, data, runtime, IPython) isolated under a
temporary folder, so nothing is written into the repository or the venv. Its config folder
turns off the "Jupyter news" toast and autosave (autosave would write outputs into the
notebook under test).

The page helpers copy what Galata does: wait for the *status bar* to say the kernel is idle
(the notebook's own indicator reads "idle" before any kernel exists), run all cells through
the menu, and wait until every code cell has an execution count. No ``page.evaluate`` is used:
it has no timeout.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
from playwright.sync_api import Locator, Page, expect

from ctcourse.authoring.validate import builds_question

VENV_BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

START_TIMEOUT = 60.0  # seconds for `jupyter lab` to answer /api/status
KERNEL_IDLE_MS = 60_000  # a cold kernel start on a loaded CI machine
RUN_ALL_MS = 90_000  # running every cell of a lesson
UI_MS = 20_000  # one click's visible effect (a round trip to the kernel)

IDLE = re.compile(r"\(ipykernel\) \| Idle")
EXECUTED = re.compile(r"\[\d+\]:")

# Lab settings written into the isolated config folder.
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """One ``jupyter lab`` process serving ``root``; use ``start()`` / ``stop()``."""

    def __init__(self, root: Path, home: Path, language: str = "en") -> None:
        self.root = Path(root)
        self.home = Path(home)
        self.language = language
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.home / "jupyter-lab.log"
        self.proc: subprocess.Popen[bytes] | None = None

    # -- process ---------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        """The environment of the server (and of commands run as its user): isolated Jupyter
        folders, this venv first on PATH, the quiz language."""
        dirs = {
            "JUPYTER_CONFIG_DIR": self.home / "config",
            "JUPYTER_DATA_DIR": self.home / "data",
            "JUPYTER_RUNTIME_DIR": self.home / "runtime",
            "IPYTHONDIR": self.home / "ipython",
        }
        for folder in dirs.values():
            folder.mkdir(parents=True, exist_ok=True)
        config = dirs["JUPYTER_CONFIG_DIR"]
        (config / "labconfig").mkdir(exist_ok=True)
        (config / "labconfig" / "page_config.json").write_text(json.dumps(PAGE_CONFIG))
        for name, settings in USER_SETTINGS.items():
            path = config / "lab" / "user-settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CTCOURSE_"))}
        env.update({k: str(v) for k, v in dirs.items()})
        env["PATH"] = str(VENV_BIN) + os.pathsep + env.get("PATH", "")
        env["CTCOURSE_LANG"] = self.language  # tests expect the texts of this language
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def start(self) -> LabServer:
        cmd = [
            str(VENV_BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
        ]
        if os.getuid() == 0:
            cmd.append("--allow-root")
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd,
                cwd=self.root,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: kernels die with it
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"jupyter lab exited with {self.proc.returncode}:\n{self.log_tail()}"
                )
            try:
                self.api("GET", "/api/status", timeout=2)
                return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"jupyter lab did not answer in {START_TIMEOUT:.0f} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:  # shut kernels down cleanly first
            for session in self.api("GET", "/api/sessions", timeout=5) or []:
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=10)
        except (OSError, urllib.error.URLError, ValueError):
            pass
        self.proc.send_signal(signal.SIGTERM)  # jupyter server shuts its kernels down, then exits
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):  # kernels left behind
            os.killpg(self.proc.pid, signal.SIGKILL)

    def run(self, *command: str) -> str:
        """Run a README command in the served folder, as the server's user; return its output."""
        done = subprocess.run(
            list(command),
            cwd=self.root,
            env=self.environment(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    # -- REST ------------------------------------------------------------------------------

    def api(self, method: str, path: str, timeout: float = 10) -> Any:
        request = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def close_sessions_under(self, folder: str) -> None:
        """DELETE every session (and so its kernel) of a notebook inside ``folder``."""
        for session in self.api("GET", "/api/sessions") or []:
            if session.get("path", "").startswith(folder.rstrip("/") + "/"):
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=20)

    def lab_url(self, notebook: str) -> str:
        """A fresh, reset workspace opening ``notebook`` (a path relative to the root)."""
        workspace = "e2e-" + secrets.token_hex(6)
        return f"{self.url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"


# -- page helpers --------------------------------------------------------------------------


def course_copy(parent: Path, repo: Path) -> Path:
    """A fresh course folder under ``parent``: the repository's manifest, settings and source/,
    nothing else (what a clone holds before ``make run`` releases it)."""
    root = parent / "course"
    root.mkdir()
    for name in ("course.yml", "nbgrader_config.py"):
        shutil.copy(repo / name, root / name)
    shutil.copytree(
        repo / "source", root / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    return root


@contextlib.contextmanager
def make_run_lab(course: Path, home: Path) -> Iterator[LabServer]:
    """`make run` on ``course``: ``ctcourse release --publish``, then one JupyterLab over it."""
    server = LabServer(root=course, home=home)
    server.run("ctcourse", "release", "--publish")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def open_notebook(page: Page, lab: LabServer, notebook: str) -> None:
    """Open a notebook in a fresh workspace and wait until its kernel is really idle."""
    page.goto(lab.lab_url(notebook), timeout=60_000)
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    expect(page.locator("#jp-main-statusbar")).to_contain_text(IDLE, timeout=KERNEL_IDLE_MS)


def run_all_cells(page: Page, questions: int) -> None:
    """Run › Run All Cells by clicking the menus, then wait for every code cell to finish.

    Question cells are collapsed, so their (empty) placeholder prompts never show an execution
    count: the run is over when all ``questions`` widgets are on screen, every visible prompt
    shows a count and the kernel is idle again.
    """
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    widgets = page.locator(".jp-NotebookPanel .ctcourse-question")
    expect(widgets).to_have_count(questions, timeout=RUN_ALL_MS)
    prompts = page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt")
    expect(prompts.filter(has_not_text=EXECUTED)).to_have_count(0, timeout=RUN_ALL_MS)
    expect(page.locator("#jp-main-statusbar")).to_contain_text(IDLE, timeout=RUN_ALL_MS)
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    tracebacks = errors.filter(has_text="Traceback")
    expect(tracebacks).to_have_count(0)


def question(page: Page, prompt: str) -> Locator:
    """The widget box of the question whose prompt is ``prompt``."""
    words = r"\s+".join(re.escape(word) for word in prompt.split())
    exact = re.compile(rf"^\s*{words}\s*$")
    box = page.locator(".ctcourse-question").filter(has=page.locator("p > b", has_text=exact))
    expect(box).to_have_count(1, timeout=UI_MS)
    return box


def question_cells(path: Path) -> int:
    """How many cells of a notebook build a question (each shows one widget when run)."""
    cells = nbformat.read(path, as_version=4).cells
    return sum(c.cell_type == "code" and builds_question(c.source) for c in cells)


def read_log(path: Path) -> list[dict[str, Any]]:
    """The lines of a responses log (none if it does not exist yet)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
