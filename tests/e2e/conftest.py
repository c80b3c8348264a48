"""Fixtures for the browser tests: Debian's chromium, one JupyterLab per session, notebook copies."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .lab import CHROMIUM, CHROMIUM_ARGS, UI_MS, LabServer

expect.set_options(timeout=UI_MS)  # every expect waits for a kernel round trip, not 5 s


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium, never a downloaded one (`playwright install` is not needed)."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1000}}


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A real `jupyter lab` serving an empty folder; tests copy modules into it."""
    server = LabServer(
        root=tmp_path_factory.mktemp("served"), home=tmp_path_factory.mktemp("jupyter-home")
    ).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    """On failure, show the tail of the Lab log and the browser console under the test."""
    report = yield
    if report.failed:
        for server in getattr(item, "funcargs", {}).values():
            if isinstance(server, LabServer):
                report.sections.append(("jupyter lab log (tail)", server.log_tail()))
        console = getattr(item, "browser_console", None)
        if console:
            report.sections.append(("browser console", "\n".join(console[-60:])))
    return report


@pytest.fixture
def lab_page(page: Page, request: pytest.FixtureRequest) -> Page:
    """pytest-playwright's page with finite default timeouts and a recorded console."""
    page.set_default_timeout(UI_MS)
    page.set_default_navigation_timeout(60_000)
    console: list[str] = []
    request.node.browser_console = console
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    return page


@pytest.fixture
def serve_copy(lab: LabServer, request: pytest.FixtureRequest) -> Iterator:
    """``serve_copy(module_folder)`` copies a released module into a unique served folder.

    Returns the copy's path on disk and its path relative to the server root. Each test gets
    its own copy (own kernel, own responses.jsonl); its sessions are deleted afterwards.
    """
    made: list[str] = []

    def copy(module_folder: Path) -> tuple[Path, str]:
        name = f"{request.node.name[:40]}-{secrets.token_hex(4)}".replace("[", "-").strip("]")
        target = lab.root / name
        shutil.copytree(module_folder, target, ignore=shutil.ignore_patterns("responses.jsonl"))
        made.append(name)
        return target, name

    yield copy
    for name in made:
        lab.close_sessions_under(name)
