"""A training centre's hub, end to end, with real Unix accounts: trainees fetch and submit through
their own servers' Assignment List, the trainer collects and autogrades through the formgrader
service, and every person is kept apart by Unix permissions and the hub's roles."""

from __future__ import annotations

import glob
import os
import pwd
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

from ctcourse.course import load_course
from ctcourse.hub import memory
from ctcourse.hub.layout import memory_bytes
from ctcourse.quiz.reader import read_notebook
from ctcourse.quiz.responses import LOG_NAME, Event, load, now

from .conftest import People
from .hubclient import Hub, Person, ServerClient
from .hubserver import REPO, HubServer, owner_uid

pytestmark = pytest.mark.slow
MODULE = "consent"
BIN = Path(sys.executable).parent
WRITTEN = "Bo's written answer, with pictures"


@dataclass
class Cohort:
    """What the session's trainees and trainer did, for the tests below to check."""

    hub: HubServer
    people: People
    course_id: str
    trainer: ServerClient  # the formgrader (the grader account's server), as the trainer
    statuses: dict[str, list[str]]  # per trainee: Assignment List statuses after each step
    autograde_output: str
    forged: subprocess.CompletedProcess[str]


def _answers(correct: bool) -> str:
    """A responses log: every graded question right, or two of them wrong."""
    items = [
        i for i in read_notebook(REPO / "source" / MODULE / f"{MODULE}.ipynb").items if i.graded
    ]
    if correct:
        given = [(i.question.id, i.key) for i in items]
    else:
        given = [("consent.under-threat", "a"), ("consent.child-willing", True)]
    return "".join(Event(qid, answer, "graded", 1, now()).to_json() + "\n" for qid, answer in given)


def as_account(name: str, command: list[str], hub: HubServer, cwd: Path | None = None):
    """Run ``command`` as the Unix account ``name`` with the environment its server has."""
    entry = pwd.getpwnam(name)
    env = {
        "PATH": f"{BIN}:/usr/bin:/bin",
        "HOME": entry.pw_dir,
        "LANG": "C.UTF-8",
        "JUPYTER_CONFIG_PATH": str(REPO / "deploy" / "hub" / "singleuser"),
        "CTCOURSE_COURSE_ID": load_course(hub.layout.course).id,
        "CTCOURSE_EXCHANGE": str(hub.layout.exchange),
    }
    return subprocess.run(
        command, cwd=cwd or entry.pw_dir, env=env, user=entry.pw_uid, group=entry.pw_gid,
        extra_groups=[], capture_output=True, text=True, check=False,
    )  # fmt: skip


def _write_answer(server: ServerClient, text: str) -> None:
    """Type ``text`` into the module's written answer (a Markdown solution cell) and save."""
    path = f"/api/contents/{MODULE}/{MODULE}.ipynb"
    nb = server.request("GET", path).json()["content"]
    cells = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    written = [c for c in cells if c["cell_type"] == "markdown"]
    assert written, "the module has no written answer"
    written[0]["source"] = text
    body = {"type": "notebook", "format": "json", "content": nb}
    server.request("PUT", path, json=body).raise_for_status()


def _pictures(people: People) -> str:
    """Images whose addresses would approve a pending sign-up and withdraw Ana's approval."""
    paths = [
        f"/hub/authorize/{people.pending.name}",
        f"/hub/authorize/{people.ana.name}",
        f"/hub/discard/{people.pending.name}",
    ]
    return WRITTEN + "".join(f"\n\n![x]({path})" for path in paths)


def _can_log_in(person: Person) -> bool:
    """Whether the person's name and password log in now (a fresh session, no old cookie)."""
    return Person(person.hub_url, person.name, person.password).log_in()


def _statuses(listing: list[dict] | dict) -> list[str]:
    value = listing["value"] if isinstance(listing, dict) else listing
    return sorted(f"{a['assignment_id']}:{a['status']}" for a in value)


@pytest.fixture(scope="module")
def cohort(hub_server: HubServer, hub: Hub, people: People) -> Cohort:
    course_id = load_course(hub_server.layout.course).id
    statuses: dict[str, list[str]] = {}
    for person, correct in ((people.ana, True), (people.bo, False)):
        hub.start_server(person.name)
        server = hub.server(person.name)
        steps = [_statuses(server.assignments(course_id))]
        steps.append(_statuses(server.act("fetch", course_id, MODULE)))
        server.put_text(f"{MODULE}/{LOG_NAME}", _answers(correct))
        if person is people.bo:
            _write_answer(server, _pictures(people))
        steps.append(_statuses(server.act("submit", course_id, MODULE)))
        statuses[person.name] = steps
    # Ana files a newer submission under Bo's name, with her (right) answers.
    forged = as_account(
        people.ana.name,
        [str(BIN / "nbgrader"), "submit", MODULE, f"--student={people.bo.name}"],
        hub_server,
    )
    # The trainer may start the formgrader (the grader account's server) with their own token;
    # the grading service usually has already (400: already running).
    grader = hub_server.layout.grader_user
    trainer_token = hub.user_token(people.trainer.name)
    started = requests.post(
        f"{hub_server.url}/hub/api/users/{grader}/server",
        headers={"Authorization": f"token {trainer_token}"},
        timeout=120,
    )
    assert started.status_code in (201, 202) or "already running" in started.text, started.text
    hub.wait_ready(grader)
    trainer = ServerClient(f"{hub_server.url}/user/{grader}", trainer_token)
    collected = trainer.request("POST", f"/formgrader/api/assignment/{MODULE}/collect").json()
    assert collected["success"], collected.get("error") or collected.get("log")
    output = trainer.run_code(
        "import subprocess\n"
        f"done = subprocess.run(['ctcourse', 'autograde', '{MODULE}', '--jobs', '1'],"
        " capture_output=True, text=True)\n"
        "print(done.returncode, done.stdout, done.stderr)"
    )
    return Cohort(hub_server, people, course_id, trainer, statuses, output, forged)


def test_trainees_fetch_and_submit_through_their_assignment_list(cohort: Cohort) -> None:
    for name, steps in cohort.statuses.items():
        modules = [m.id for m in load_course(REPO).modules]
        # The whole course is listed (earlier tests of the session's hub may have fetched a module).
        assert sorted({s.split(":")[0] for s in steps[0]}) == sorted(modules), name
        assert f"{MODULE}:fetched" in steps[1], name
        assert f"{MODULE}:submitted" in steps[2], name
        home = Path(pwd.getpwnam(name).pw_dir)
        assert (home / MODULE / f"{MODULE}.ipynb").is_file(), "fetched modules land in the home"
        assert (home / MODULE).stat().st_uid == pwd.getpwnam(name).pw_uid


def test_trainer_collects_and_autogrades_grades_land_for_both(cohort: Cohort) -> None:
    ana, bo = cohort.people.ana.name, cohort.people.bo.name
    assert cohort.autograde_output.startswith("0 "), cohort.autograde_output
    submissions = cohort.trainer.request("GET", f"/formgrader/api/submissions/{MODULE}").json()
    scores = {s["student"]: (s["autograded"], s["code_score"]) for s in submissions}
    quiz_points = sum(
        i.question.points
        for i in read_notebook(REPO / "source" / MODULE / f"{MODULE}.ipynb").items
        if i.graded
    )
    assert scores[ana] == (True, quiz_points)
    assert scores[bo] == (True, 0.0), "Bo's grade must come from Bo's own (wrong) answers"


def test_a_submission_filed_under_another_name_is_not_collected(cohort: Cohort) -> None:
    """Ana's forged submission as Bo reached the exchange but Bo's own work was collected."""
    assert cohort.forged.returncode == 0, cohort.forged.stderr
    inbound = cohort.hub.layout.exchange / cohort.course_id / "inbound"
    ana, bo = cohort.people.ana.name, cohort.people.bo.name
    filed_as_bo = glob.glob(f"{glob.escape(str(inbound))}/{bo}+{MODULE}+*")
    assert {pwd.getpwuid(os.stat(p).st_uid).pw_name for p in filed_as_bo} == {ana, bo}
    collected = cohort.hub.layout.course / "submitted" / bo / MODULE / LOG_NAME
    assert {e.qid: e.answer for e in load(collected).events} == {
        "consent.under-threat": "a",
        "consent.child-willing": True,
    }


def test_trainees_are_kept_apart_by_unix_permissions(cohort: Cohort) -> None:
    layout, ana, bo = cohort.hub.layout, cohort.people.ana.name, cohort.people.bo.name
    inbound = layout.exchange / cohort.course_id / "inbound"
    ana_submission = Path(glob.glob(f"{glob.escape(str(inbound))}/{ana}+{MODULE}+*")[0])
    ana_home = Path(pwd.getpwnam(ana).pw_dir)
    refused = {
        "list the exchange's submissions": ["ls", str(inbound)],
        "read Ana's submission": ["cat", str(ana_submission / f"{MODULE}.ipynb")],
        "list Ana's submission": ["ls", str(ana_submission)],
        "list Ana's home": ["ls", str(ana_home)],
        "read Ana's notebook": ["cat", str(ana_home / MODULE / f"{MODULE}.ipynb")],
        "list the course's source/": ["ls", str(layout.course / "source")],
        "read the answer keys": ["cat", str(layout.course / "source" / MODULE / f"{MODULE}.ipynb")],
        "read the gradebook": ["cat", str(layout.course / "gradebook.db")],
    }
    for what, command in refused.items():
        done = as_account(bo, command, cohort.hub)
        assert done.returncode != 0 and "Permission denied" in done.stderr, f"Bo could {what}"
    # The same commands work for their owners, so the refusals above are about rights.
    assert (
        as_account(ana, ["cat", str(ana_home / MODULE / f"{MODULE}.ipynb")], cohort.hub).returncode
        == 0
    )


def test_trainee_nbgrader_commands_cannot_collect_or_release(cohort: Cohort) -> None:
    hub, bo = cohort.hub, cohort.people.bo.name
    home = Path(pwd.getpwnam(bo).pw_dir)
    outbound = hub.layout.exchange / cohort.course_id / "outbound"
    before = sorted(os.listdir(outbound))
    collect = as_account(bo, [str(BIN / "nbgrader"), "collect", MODULE], hub)
    assert collect.returncode != 0
    assert not (home / "submitted").exists() or not any((home / "submitted").iterdir())

    fake = home / "release" / "fake"
    made = as_account(bo, ["mkdir", "-p", str(fake)], hub)
    assert made.returncode == 0, made.stderr
    as_account(bo, ["cp", str(home / MODULE / f"{MODULE}.ipynb"), str(fake)], hub)
    release = as_account(bo, [str(BIN / "nbgrader"), "release_assignment", "fake"], hub)
    assert release.returncode != 0
    assert sorted(os.listdir(outbound)) == before, "a trainee published into the exchange"


def test_formgrader_is_refused_to_trainees(cohort: Cohort, hub: Hub) -> None:
    for name in (cohort.people.ana.name, cohort.people.bo.name):
        trainee = ServerClient(cohort.trainer.base, hub.user_token(name))
        assert trainee.request("GET", "/formgrader").status_code == 403
        assert trainee.request("GET", f"/formgrader/api/submissions/{MODULE}").status_code == 403
    page = cohort.trainer.request("GET", "/formgrader")
    assert page.status_code == 200
    # Formgrader's Lab tab frames this page: the grader's server allows its own pages to.
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    assert "img-src data: blob:" in page.headers["Content-Security-Policy"]
    # Nor does a trainee's own server offer formgrader.
    own = hub.server(cohort.people.ana.name)
    assert own.request("GET", "/formgrader").status_code == 404


def test_system_accounts_are_never_borrowed(hub_server: HubServer, hub: Hub) -> None:
    """``root`` cannot log in; a hub user named like an existing account gets no server."""
    root = Person(hub_server.url, "root", "root-pass-0192837")
    root.sign_up()
    assert not root.log_in()
    hub.api("POST", "/users", json={"usernames": ["daemon"]})
    try:
        response = requests.post(
            f"{hub_server.url}/hub/api/users/daemon/server",
            headers={"Authorization": f"token {hub.token}"},
            timeout=60,
        )
        assert response.status_code == 500
        refusal = "Unix account 'daemon' already exists and was not created by the hub"
        assert refusal in hub_server.log_path.read_text(errors="replace")
    finally:
        hub.api("DELETE", "/users/daemon")


def test_each_server_runs_as_its_account_in_a_memory_cgroup(cohort: Cohort) -> None:
    groups = memory.detect()
    if groups is None:
        pytest.skip("no writable memory cgroup on this machine: limits are advisory here")
    limit = memory_bytes(cohort.hub.layout.mem_limit)
    for name in (cohort.people.ana.name, cohort.people.bo.name):
        uid = pwd.getpwnam(name).pw_uid
        pids = [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and owner_uid(p) == uid]
        assert pids, f"no process runs as {name}"
        assert groups.limit(name) == limit
        member = set((groups.parent / name / "cgroup.procs").read_text().split())
        assert set(pids) <= member, f"a process of {name} escaped its memory cgroup"


# -- the trainers' powers: approvals only by a form, no account of another ---------------------


def test_approvals_change_only_by_a_form_post_with_the_xsrf_token(people: People) -> None:
    """GET /hub/authorize/<name> (what an image makes a browser do) changes nothing."""
    trainer, pending, ana = people.trainer, people.pending, people.ana
    assert trainer.get(f"/hub/authorize/{pending.name}").status_code == 405
    assert trainer.get(f"/hub/authorize/{ana.name}").status_code == 405
    assert trainer.get(f"/hub/discard/{pending.name}").status_code == 405
    no_token = trainer.post(f"/hub/authorize/{pending.name}", {"action": "approve"}, xsrf=False)
    assert no_token.status_code == 403
    assert not _can_log_in(pending) and _can_log_in(ana)
    listing = trainer.get("/hub/authorize")
    assert listing.ok and pending.name in listing.text and 'method="post"' in listing.text
    trainee = Person(people.ana.hub_url, ana.name, ana.password)
    assert trainee.log_in() and trainee.approve(pending.name).status_code == 403


def test_trainer_and_admin_names_cannot_be_claimed(hub_server: HubServer, hub: Hub) -> None:
    """A reserved name nobody has used yet is taken from the hub's start: signing up with it
    fails, and only the first password `make hub` printed logs in."""
    for who in ("trainer2", "admin"):
        name = hub_server.name(who)
        thief = Person(hub_server.url, name, "thief-pass-0987654")
        assert "вже зайняте" in thief.sign_up()  # "already in use" (the session hub is Ukrainian)
        assert not thief.log_in(), f"someone claimed {name}"
        assert Person(hub_server.url, name, hub_server.first_passwords[name]).log_in()
    assert hub.api("GET", f"/users/{hub_server.name('admin')}")["admin"] is True
    assert not hub.api("GET", f"/users/{hub_server.name('trainer2')}")["admin"]


def test_trainers_cannot_take_over_a_trainees_account(cohort: Cohort, hub: Hub) -> None:
    """No password reset, no user edits through the API, no discarding an account with a home
    (which would free the name for a new sign-up given that home), no reading it directly."""
    trainer, ana = cohort.people.trainer, cohort.people.ana
    new = {
        "new_password": "trainer-chose-this-1",
        "new_password_confirmation": "trainer-chose-this-1",
    }
    assert trainer.get(f"/hub/change-password/{ana.name}").status_code == 404
    assert trainer.post(f"/hub/change-password/{ana.name}", new).status_code == 404
    token = hub.user_token(trainer.name)
    for method, path, body in (
        ("PATCH", f"/users/{ana.name}", {"name": "ana-renamed"}),
        ("DELETE", f"/users/{ana.name}", None),
        ("POST", f"/users/{ana.name}/tokens", {}),
        ("POST", f"/users/{ana.name}/server", None),
    ):
        response = requests.request(
            method, f"{cohort.hub.url}/hub/api{path}", json=body,
            headers={"Authorization": f"token {token}"}, timeout=60,
        )  # fmt: skip
        assert response.status_code in (403, 404), (method, path, response.status_code)
    assert trainer.post(f"/hub/discard/{ana.name}", {}).status_code == 400
    try:
        assert trainer.approve(ana.name, "revoke").ok and not _can_log_in(ana)
        assert trainer.post(f"/hub/discard/{ana.name}", {}).status_code == 400
    finally:
        assert trainer.approve(ana.name).ok
    assert _can_log_in(ana)
    home = pwd.getpwnam(ana.name).pw_dir
    listed = cohort.trainer.run_code(
        f"import os\ntry:\n    os.listdir({home!r})\nexcept PermissionError:\n    print('refused')"
    )
    assert listed.strip() == "refused", "the grader account (trainers) reached a trainee's home"


@pytest.mark.browser
def test_an_image_in_a_written_answer_opened_in_formgrader_approves_nobody(
    cohort: Cohort, page: Page
) -> None:
    """The trainer opens Bo's submission in formgrader, in a real browser: the images in Bo's
    written answer are blocked by the page's policy, and no approval changes. (Last in this
    file: the browser's parametrisation makes pytest set module fixtures up again after it.)"""
    people, grader = cohort.people, cohort.hub.layout.grader_user
    bo, trainer = people.bo.name, people.trainer
    notebooks = cohort.trainer.request(
        "GET", f"/formgrader/api/student_notebook_submissions/{bo}/{MODULE}"
    ).json()
    answered: list[str] = []  # requests the hub or a server answered
    blocked: dict[str, str] = {}  # requests the browser did not send, and why
    page.on("response", lambda response: answered.append(response.url))
    page.on("requestfailed", lambda request: blocked.update({request.url: request.failure or ""}))
    page.set_default_timeout(60_000)
    page.goto(f"{cohort.hub.url}/hub/login")
    page.fill("#username_input", trainer.name)
    page.fill("#password_input", trainer.password)
    page.click("#login_submit")
    page.wait_for_url("**/hub/**")
    page.goto(f"{cohort.hub.url}/user/{grader}/formgrader/submissions/{notebooks[0]['id']}/")
    consent = page.get_by_role("button", name="Authorize")  # the hub asks once per server
    if consent.is_visible():
        consent.click()
    expect(page.get_by_text(WRITTEN)).to_be_visible()
    page.wait_for_load_state("networkidle")
    planted = [url for url in blocked if "/hub/authorize/" in url or "/hub/discard/" in url]
    assert len(planted) == 3 and {blocked[url] for url in planted} == {"csp"}
    assert not [url for url in answered if "/hub/authorize/" in url or "/hub/discard/" in url]
    assert not _can_log_in(people.pending), "the image approved a pending sign-up"
    assert _can_log_in(people.ana), "the image withdrew Ana's approval"
