"""In a browser on the real hub, in Ukrainian: a trainer logs in, finds the desk under Services,
makes the Moodle export with its progress shown, opens the formgrader from the desk without a
"Launch Server" or "Authorize access" page, and reaches the sign-ups to approve; a trainee who
submitted (``test_grading_on_submit``, run first in the same session) reads their status page.
Screenshots go to ``$TMPDIR/ctcourse-desk-shots/`` (pytest-playwright empties ``test-results/``)."""

from __future__ import annotations

import pwd
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import People
from .hubserver import HubServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(tempfile.gettempdir()) / "ctcourse-desk-shots"


def _log_in(page: Page, hub_server: HubServer, name: str, password: str) -> None:
    page.goto(f"{hub_server.url}/hub/login?next=%2Fhub%2Fhome")
    expect(page.locator("#login_submit")).to_have_value("Увійти")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url("**/hub/home")


def test_a_trainers_day_at_the_desk(page: Page, hub_server: HubServer, people: People) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_default_timeout(60_000)
    page.goto(f"{hub_server.url}/hub/login")
    page.screenshot(path=SHOTS / "1-login-uk.png")
    _log_in(page, hub_server, people.trainer.name, people.trainer.password)
    page.get_by_role("button", name="Сервіси").click()
    page.screenshot(path=SHOTS / "2-hub-home-services.png")
    page.get_by_role("link", name="Робочий стіл тренера").click()
    expect(page.get_by_role("heading", name="Робочий стіл тренера")).to_be_visible()
    page.screenshot(path=SHOTS / "3-desk.png", full_page=True)

    moodle = page.locator("#jobs tr[data-kind=moodle]")
    moodle.get_by_role("button", name="Створити").click()
    expect(moodle.get_by_role("link", name="Відкрити")).to_be_visible(timeout=300_000)
    page.screenshot(path=SHOTS / "4-desk-moodle-ready.png", full_page=True)
    with page.expect_download() as download:
        moodle.get_by_role("link", name="Відкрити").click()
    assert Path(download.value.path()).read_text("utf-8").startswith("Username")

    page.get_by_role("link", name="Formgrader").first.click()
    page.wait_for_url("**/formgrader**")
    expect(page.get_by_text("Launch Server")).to_have_count(0)
    expect(page.get_by_text("Authorize access")).to_have_count(0)
    page.screenshot(path=SHOTS / "5-formgrader-from-desk.png")

    page.goto(f"{hub_server.url}/services/ctcourse-desk/")
    page.get_by_role("link", name="Схвалити реєстрації").first.click()
    page.wait_for_url("**/hub/authorize**")
    page.screenshot(path=SHOTS / "6-sign-ups.png", full_page=True)


def test_a_trainee_reads_where_their_module_stands(
    page: Page, hub_server: HubServer, people: People
) -> None:
    cy = hub_server.name("cy")
    try:
        home = Path(pwd.getpwnam(cy).pw_dir)
    except KeyError:
        pytest.skip("run with test_grading_on_submit.py, whose trainee submitted")
    assert (home / "мій-стан-навчання.html").exists()
    _log_in(page, hub_server, cy, "cy-pass-5512904")
    page.goto(f"{hub_server.url}/user/{cy}/files/мій-стан-навчання.html")
    expect(page.get_by_text("Відгук готовий")).to_be_visible()
    page.screenshot(path=SHOTS / "7-trainee-status.png", full_page=True)
