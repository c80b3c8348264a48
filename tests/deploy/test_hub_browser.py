"""A trainee logs in through the hub's login page and finds the course in the Assignment List,
in a Ukrainian JupyterLab (the session hub runs with CTCOURSE_LANG=uk)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ctcourse.course import load_course

from .conftest import People
from .hubserver import HubServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "hub"
SPAWN_MS = 120_000


def test_trainee_logs_in_and_sees_the_assignment_list(
    page: Page, hub_server: HubServer, people: People
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_default_timeout(30_000)
    page.goto(f"{hub_server.url}/hub/login?next=%2Fhub%2Fspawn")
    page.fill("#username_input", people.ana.name)
    page.fill("#password_input", people.ana.password)
    page.screenshot(path=SHOTS / "login.png")
    page.click("#login_submit")

    page.wait_for_url(f"**/user/{people.ana.name}/lab**", timeout=SPAWN_MS)
    file_menu = page.get_by_role("menuitem", name="Файл", exact=True)  # Ukrainian language pack
    expect(file_menu).to_be_visible(timeout=SPAWN_MS)
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Модулі курсу", exact=True).click()  # "Assignment List"

    # Released (or, if another test fetched it already, downloaded): every module of the course,
    # by its number and title, with its id in brackets.
    lists = page.locator("#released_assignments_list, #fetched_assignments_list")
    for number, module in enumerate(load_course(hub_server.layout.course).modules, start=1):
        shown = lists.locator(".item_name", has_text=f"({module.id})").first
        expect(shown).to_contain_text(f"{number}. ", timeout=60_000)
    page.screenshot(path=SHOTS / "assignment-list.png")
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    expect(page.get_by_role("menuitem", name="Formgrader")).to_have_count(0)  # trainers only
