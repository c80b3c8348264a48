"""A trainee logs in through the hub's login page and finds the course in the Assignment List,
in a Ukrainian JupyterLab (the session hub runs with CTCOURSE_LANG=uk); every hub page a Ukrainian
cohort's trainees and trainers reach reads in Ukrainian. Screenshots of the pages go to
``$TMPDIR/ctcourse-hub-uk-shots/`` (pytest-playwright empties ``test-results/``)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ctcourse.course import load_course

from .conftest import People
from .english_ui import english_left
from .hubclient import Hub, Person
from .hubserver import HubServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "hub"
SPAWN_MS = 120_000
UK_SHOTS = Path(tempfile.gettempdir()) / "ctcourse-hub-uk-shots"


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


def _in_ukrainian(page: Page, kind: str, shot: str) -> None:
    """The page's visible text, its buttons' labels and its hints hold no English UI string of
    the upstream page ``kind``; the page is photographed for a person to look at."""
    page.screenshot(path=UK_SHOTS / f"{shot}.png", full_page=True)
    shown = page.inner_text("body")
    hints = page.eval_on_selector_all(
        "[title], [aria-label], [placeholder], input[type=submit], button",
        "nodes => nodes.map(n => [n.title, n.getAttribute('aria-label'), n.placeholder, n.value]"
        ".filter(Boolean).join(' ')).join(' | ')",
    )
    assert not english_left(f"{shown}\n{hints}", kind), (
        shot,
        english_left(f"{shown}\n{hints}", kind),
    )


def _log_in(page: Page, url: str, name: str, password: str) -> None:
    page.goto(f"{url}/hub/login?next=%2Fhub%2Fhome")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")


def test_every_hub_page_a_ukrainian_cohort_reaches_reads_in_ukrainian(
    browser: Browser, hub_server: HubServer, hub: Hub, people: People
) -> None:
    UK_SHOTS.mkdir(parents=True, exist_ok=True)
    url = hub_server.url
    eva = Person(url, hub_server.name("eva"), "eva-pass-730418")
    trainee = browser.new_context().new_page()  # a second tab of hers opens the start page
    trainee.set_default_timeout(60_000)

    # Sign-up: the form, its answer, and the answer to a name already taken.
    trainee.goto(f"{url}/hub/signup")
    _in_ukrainian(trainee, "signup", "01-signup")
    for shot in ("02-signup-sent", "03-signup-name-taken"):
        trainee.goto(f"{url}/hub/signup")
        trainee.fill("#username_input", eva.name)
        trainee.fill("#password_input", eva.password)
        trainee.fill("#password_confirmation_input", eva.password)
        trainee.click("#signup_submit")
        expect(trainee.locator(".alert")).to_be_visible()
        _in_ukrainian(trainee, "signup", shot)
    expect(trainee.locator(".alert")).to_contain_text("вже зайняте")

    # Login: not approved yet, then a wrong password.
    _log_in(trainee, url, eva.name, eva.password)
    expect(trainee.locator(".login_error")).to_contain_text("ще не схвалив тренер")
    _in_ukrainian(trainee, "login", "04-login-not-approved")
    _log_in(trainee, url, eva.name, "not-her-password-1")
    expect(trainee.locator(".login_error")).to_contain_text("Неправильне ім")
    _in_ukrainian(trainee, "login", "05-login-wrong-password")

    # The trainer's sign-ups page: Eva listed with her date; approved by the button.
    trainer = browser.new_page()
    trainer.set_default_timeout(60_000)
    _log_in(trainer, url, people.trainer.name, people.trainer.password)
    trainer.wait_for_url("**/hub/**")
    trainer.goto(f"{url}/hub/authorize")
    row = trainer.locator(f"tr[id='{eva.name}']")
    expect(row).to_contain_text(time.strftime("%Y-%m-%d", time.gmtime()))
    _in_ukrainian(trainer, "authorize", "06-authorize")
    row.get_by_role("button", name="Схвалити").click()
    expect(trainer.get_by_role("status")).to_contain_text(f"{eva.name}: реєстрацію схвалено")
    _in_ukrainian(trainer, "authorize", "07-authorize-approved")
    trainer.close()

    # Eva's home, her server starting (the progress page), running, then stopped.
    _log_in(trainee, url, eva.name, eva.password)
    trainee.goto(f"{url}/hub/home")
    _in_ukrainian(trainee, "home", "08-home")
    # The hub keeps the tab that pressed Start waiting up to 10 s before it shows the start page;
    # a second tab opens that page while the server starts (an account is made first: seconds).
    trainee.get_by_role("button", name="Запустити мій сервер").click(no_wait_after=True)
    pending = trainee.context.new_page()
    pending.set_default_timeout(60_000)
    pending.goto(f"{url}/hub/spawn-pending/{eva.name}")
    pending.locator("#progress-details summary").click()  # the event log, opened
    expect(pending.locator("#progress-log")).to_contain_text("Запит на сервер надіслано")
    _in_ukrainian(pending, "spawn-pending", "09-spawn-pending")
    pending.wait_for_url(f"**/user/{eva.name}/lab**", timeout=SPAWN_MS)
    pending.close()
    trainee.wait_for_url(f"**/user/{eva.name}/**", timeout=SPAWN_MS)
    hub.api("DELETE", f"/users/{eva.name}/server")
    for _ in range(600):  # bounded: 0.2 s each
        if not hub.api("GET", f"/users/{eva.name}")["servers"]:
            break
        time.sleep(0.2)
    trainee.goto(f"{url}/user/{eva.name}/lab")
    expect(trainee.get_by_role("heading", name="Сервер не працює")).to_be_visible()
    _in_ukrainian(trainee, "not-running", "10-not-running")

    # Her tokens and her password.
    trainee.goto(f"{url}/hub/token")
    trainee.get_by_role("button", name="Отримати новий API-токен").click()
    expect(trainee.locator("#token-area")).to_be_visible()
    trainee.reload()
    expect(trainee.locator("#api-tokens-table")).to_be_visible()
    _in_ukrainian(trainee, "token", "11-token")
    trainee.goto(f"{url}/hub/change-password")
    trainee.fill("#old_password_input", "not-her-password-1")
    trainee.fill("#new_password_input", "eva-new-pass-5521")
    trainee.fill("#new_password_confirmation_input", "eva-new-pass-5521")
    trainee.click("#signup_submit")
    expect(trainee.get_by_role("alert")).to_contain_text("Поточний пароль неправильний")
    _in_ukrainian(trainee, "change-password", "12-change-password")

    # What she may not open, and what does not exist.
    for path, shot in (("/hub/authorize", "13-error-403"), ("/hub/no-such-page", "14-error-404")):
        trainee.goto(f"{url}{path}")
        expect(trainee.locator(".error h1")).to_be_visible()
        _in_ukrainian(trainee, "error", shot)
