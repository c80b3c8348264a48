"""Grading on submit on a real hub: a trainee presses Submit in the Assignment List and, with no
trainer acting, the hub's grading service collects, grades and returns the feedback; the trainee
reads where the module stands in their home (in the cohort's language, Ukrainian here); the
formgrader is running for trainers without anyone pressing "Launch Server"."""

from __future__ import annotations

import json
import pwd
import time
from pathlib import Path

import pytest
import requests
import websocket
from playwright.sync_api import Page, expect

from ctcourse.course import load_course
from ctcourse.quiz.responses import LOG_NAME

from .conftest import People
from .hubclient import Hub, Person
from .hubserver import HubServer
from .test_desk_browser import SHOTS, _log_in
from .test_hub_course import MODULE, _answers

pytestmark = pytest.mark.slow
POLLS = 1200  # 0.3 s each: bounded at six minutes on a loaded machine


def _wait(condition, what: str, hub_server: HubServer) -> None:
    for _ in range(POLLS):
        if condition():
            return
        time.sleep(0.3)
    journals = sorted((hub_server.layout.course / ".ctcourse" / "grading").glob("journal*.jsonl"))
    log = "\n".join(f"{p.name}:\n{p.read_text('utf-8')}" for p in journals) or "(no journal)"
    raise AssertionError(f"{what} did not happen; {log}\nhub:\n{hub_server.log_tail(120)}")


def test_submit_is_graded_and_returned_with_no_trainer(
    hub_server: HubServer, hub: Hub, people: People, page: Page
) -> None:
    cy = Person(hub_server.url, hub_server.name("cy"), "cy-pass-5512904")
    cy.sign_up()
    assert people.trainer.approve(cy.name).ok and cy.log_in()
    course_id = load_course(hub_server.layout.course).id
    hub.start_server(cy.name)
    server = hub.server(cy.name)
    server.act("fetch", course_id, MODULE)
    server.put_text(f"{MODULE}/{LOG_NAME}", _answers(True))
    server.act("submit", course_id, MODULE)

    home = Path(pwd.getpwnam(cy.name).pw_dir)
    status = home / "мій-стан-навчання.html"
    ready = lambda: status.exists() and "Відгук готовий" in status.read_text("utf-8")  # noqa: E731
    _wait(ready, "feedback ready", hub_server)
    assert status.stat().st_uid == pwd.getpwnam(cy.name).pw_uid
    fetched = server.act("fetch_feedback", course_id, MODULE)
    assert any(a["assignment_id"] == MODULE for a in fetched["value"]), fetched
    assert list((home / MODULE / "feedback").rglob("*.html")), "fetched feedback lands in the home"

    # What the service wrote in the course folder belongs to the grader account, as formgrader's own.
    grader = pwd.getpwnam(hub_server.layout.grader_user)
    for step in ("submitted", "autograded", "feedback"):
        folder = hub_server.layout.course / step / cy.name
        assert {p.stat().st_uid for p in [folder, *folder.rglob("*")]} == {grader.pw_uid}, step

    # Nobody started the formgrader: the service did.
    running = lambda: hub.api("GET", f"/users/{grader.pw_name}")["servers"].get("")  # noqa: E731
    _wait(running, "the formgrader started", hub_server)

    # Cy reads where the module stands in a browser, in Ukrainian.
    _log_in(page, hub_server, cy.name, cy.password)
    page.goto(f"{hub_server.url}/user/{cy.name}/files/{status.name}")
    expect(page.get_by_text("Відгук готовий")).to_be_visible()
    page.screenshot(path=SHOTS / "13-trainee-status.png", full_page=True)


def test_the_trainers_desk_shows_the_cohort_and_makes_an_export(
    hub_server: HubServer, people: People
) -> None:
    """A trainer opens the desk from the hub (no Authorize page), sees the cohort in Ukrainian and
    downloads the Moodle export; a trainee is refused."""
    desk = "/services/ctcourse-desk/"
    trainer = people.trainer
    _wait(lambda: trainer.get(desk).status_code == 200, "the desk answering", hub_server)
    page = trainer.get(desk)
    assert "Робочий стіл тренера" in page.text and "Поступ групи" in page.text
    assert "Authorize" not in page.text
    xsrf = trainer.session.cookies.get("_xsrf", path=desk)
    started = trainer.session.post(
        f"{hub_server.url}{desk}jobs/moodle", headers={"X-XSRFToken": xsrf}, timeout=60
    )
    assert started.ok, started.text
    _wait(lambda: trainer.get(f"{desk}jobs/moodle").json()["state"] == "done", "export", hub_server)
    export = trainer.get(f"{desk}files/moodle")
    assert export.ok and export.text.startswith("Username")
    refused = trainer.session.post(f"{hub_server.url}{desk}jobs/moodle", timeout=60)
    assert refused.status_code == 403  # no XSRF token: nothing is made
    assert people.ana.get(desk).status_code == 403


def test_ctcourse_works_in_the_formgraders_terminal(
    hub_server: HubServer, hub: Hub, people: People
) -> None:
    """A terminal in the formgrader starts in the course folder with ``ctcourse`` on PATH."""
    grader = hub_server.layout.grader_user
    hub.wait_ready(grader)  # the grading service started it
    token = hub.user_token(people.trainer.name)
    base = f"{hub_server.url}/user/{grader}"
    created = requests.post(
        f"{base}/api/terminals", headers={"Authorization": f"token {token}"}, timeout=60
    )
    assert created.ok, created.text
    name = created.json()["name"]
    socket = websocket.create_connection(
        f"{base.replace('http', 'ws', 1)}/terminals/websocket/{name}",
        header=[f"Authorization: token {token}"],
        timeout=60,
    )
    try:
        socket.send(json.dumps(["stdin", "echo AT=$(pwd) && ctcourse --help | head -1\r"]))
        seen = ""
        for _ in range(200):  # bounded: each recv waits at most 60 s
            kind, *rest = json.loads(socket.recv())
            seen += rest[0] if kind == "stdout" else ""
            if "usage: ctcourse" in seen:
                break
    finally:
        socket.close()
        requests.delete(
            f"{base}/api/terminals/{name}", headers={"Authorization": f"token {token}"}, timeout=60
        )
    assert f"AT={hub_server.layout.course}" in seen, seen
    assert "usage: ctcourse" in seen and "command not found" not in seen, seen


def test_the_formgraders_server_keeps_its_own_tokens_scopes(
    hub_server: HubServer, hub: Hub
) -> None:
    """The grader account holds the hub's ``user`` role, so its server (the formgrader) may report
    its activity, and the idle culler sees it used; yet nobody signs up or logs in as it."""
    grader = hub_server.layout.grader_user
    hub.wait_ready(grader)
    assert "user" in hub.api("GET", f"/users/{grader}")["roles"]
    refused = f"403 POST /hub/api/users/{grader}/activity"
    assert refused not in hub_server.log_path.read_text(errors="replace")
    borrower = Person(hub_server.url, grader, "grader-pass-0192837")
    borrower.sign_up()
    assert not borrower.log_in()
