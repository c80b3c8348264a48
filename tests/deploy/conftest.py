"""One real hub for the whole session (root only), and the people who use it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from e2e.lab import CHROMIUM, CHROMIUM_ARGS  # tests/ is on sys.path

from .hubclient import Hub, Person
from .hubserver import HubServer, why_not


@dataclass
class People:
    """The trainer and the two trainees of the session hub, signed up and approved, and someone
    who signed up and waits for approval."""

    trainer: Person
    ana: Person
    bo: Person
    pending: Person


@pytest.fixture(scope="session")
def hub_server() -> Iterator[HubServer]:
    """A real hub on loopback, in Ukrainian (CTCOURSE_LANG=uk), stopped and cleaned up after."""
    reason = why_not()
    if reason:
        pytest.skip(f"no real hub here: {reason}")
    server = HubServer(CTCOURSE_LANG="uk")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def hub(hub_server: HubServer) -> Hub:
    return Hub(hub_server.url, hub_server.token)


@pytest.fixture(scope="session")
def people(hub_server: HubServer) -> People:
    """Sign-ups through the hub's form; the trainer (CTCOURSE_TRAINERS, with the first password
    `make hub` printed) approves the trainees."""
    url = hub_server.url
    name = hub_server.name("trainer")
    trainer = Person(url, name, hub_server.first_passwords[name])
    ana = Person(url, hub_server.name("ana"), "ana-pass-93715")
    bo = Person(url, hub_server.name("bo"), "bo-pass-260483")
    pending = Person(url, hub_server.name("carol"), "carol-pass-55120")
    assert trainer.log_in(), "a trainer logs in with the first password make hub printed"
    for trainee in (ana, bo, pending):
        trainee.sign_up()
        assert not trainee.log_in(), f"{trainee.name} logged in before a trainer approved them"
    for trainee in (ana, bo):
        assert trainer.approve(trainee.name).ok
        assert trainee.log_in(), f"{trainee.name} cannot log in after approval"
    return People(trainer, ana, bo, pending)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's chromium, never a downloaded one."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    """On failure, show the tail of the hub's log under the test."""
    report = yield
    server = item.funcargs.get("hub_server") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(server, HubServer):
        report.sections.append(("jupyterhub log (tail)", server.log_tail()))
    return report
