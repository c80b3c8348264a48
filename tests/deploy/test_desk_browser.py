"""In a browser on the real hub, in Ukrainian, a trainer's day at the desk with no terminal: log in,
find the desk under Services, approve a sign-up by its button (the new trainee then logs in), grade
that trainee's written answer through the desk's link into formgrader's grading page (after
returning the module's feedback now by its button), grade the module again (its seconds counted),
make and open the cohort report, make and download the Moodle export for one module and one
trainee (a pattern that matches nobody refused first), set the trainee's name for her
certificate in Cyrillic, check a certificate's code, open the
formgrader from the desk without a "Launch Server" or "Authorize access" page, and reach the hub's
sign-ups page; a trainee who submitted (``test_grading_on_submit``, run first in the same session)
reads their status page. Screenshots of each step go to ``$TMPDIR/ctcourse-desk-shots/``
(pytest-playwright empties ``test-results/``)."""

from __future__ import annotations

import csv
import re
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ctcourse.course import load_course
from ctcourse.quiz.responses import LOG_NAME

from .conftest import People
from .hubclient import Hub, Person
from .hubserver import HubServer
from .test_hub_course import MODULE, _answers, _write_answer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(tempfile.gettempdir()) / "ctcourse-desk-shots"
DESK = "/services/ctcourse-desk/"
WRITTEN = "Спершу запитаю, чи може вона піти, коли захоче, і де її документи."


def _log_in(page: Page, hub_server: HubServer, name: str, password: str) -> None:
    page.goto(f"{hub_server.url}/hub/login?next=%2Fhub%2Fhome")
    expect(page.locator("#login_submit")).to_have_value("Увійти")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url("**/hub/home")


def _submit_with_a_written_answer(hub: Hub, hub_server: HubServer, name: str) -> None:
    """What the trainee does in their Assignment List: fetch, answer (quiz and written), submit."""
    course_id = load_course(hub_server.layout.course).id
    hub.start_server(name)
    server = hub.server(name)
    server.act("fetch", course_id, MODULE)
    server.put_text(f"{MODULE}/{LOG_NAME}", _answers(True))
    _write_answer(server, WRITTEN)
    server.act("submit", course_id, MODULE)


def _shows_up_on_reload(page: Page, locator, seconds: float = 360) -> None:
    """Reload the desk until ``locator`` is there (the grading service works in the background)."""
    deadline = time.monotonic() + seconds
    while locator.count() == 0:
        assert time.monotonic() < deadline, "not on the desk in time"
        time.sleep(2)
        page.reload()


def test_a_trainers_day_at_the_desk(
    page: Page, hub_server: HubServer, hub: Hub, people: People
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_default_timeout(60_000)
    dana = Person(hub_server.url, hub_server.name("dana"), "dana-pass-40917")
    dana.sign_up()
    page.goto(f"{hub_server.url}/hub/login")
    page.screenshot(path=SHOTS / "01-login-uk.png")
    _log_in(page, hub_server, people.trainer.name, people.trainer.password)
    page.get_by_role("button", name="Сервіси").click()
    page.screenshot(path=SHOTS / "02-hub-home-services.png")
    page.get_by_role("link", name="Робочий стіл тренера").click()
    expect(page.get_by_role("heading", name="Робочий стіл тренера")).to_be_visible()

    # Approve Dana's sign-up from the desk; she can log in then.
    waiting = page.locator(f"#pending tr[data-name='{dana.name}']")
    expect(waiting).to_contain_text(time.strftime("%Y-%m-%d", time.gmtime()))
    page.screenshot(path=SHOTS / "03-desk-sign-up-waiting.png", full_page=True)
    assert not Person(dana.hub_url, dana.name, dana.password).log_in()
    waiting.get_by_role("button", name="Схвалити").click()
    expect(page.locator(".outcome")).to_contain_text(f"{dana.name}: реєстрацію схвалено")
    expect(waiting).to_have_count(0)
    page.screenshot(path=SHOTS / "04-desk-sign-up-approved.png", full_page=True)
    assert dana.log_in(), "the sign-up approved on the desk does not log in"

    # Dana submits with a written answer; the trainer grades it through the desk's link.
    _submit_with_a_written_answer(hub, hub_server, dana.name)
    answer = page.locator("#written tr", has_text=dana.name)
    _shows_up_on_reload(page, answer)
    page.screenshot(path=SHOTS / "05-desk-written-answer-waiting.png", full_page=True)

    # Feedback returned now, before the written answer is graded: the grading service does it.
    module_row = page.locator(f"#progress-table tr[data-module='{MODULE}']")
    return_now = module_row.get_by_role("button", name="Повернути відгук зараз")
    _shows_up_on_reload(page, return_now)  # the journal notes "graded" just after the gradebook
    return_now.click()
    expect(page.locator("#progress ~ .outcome").first).to_contain_text("повернеться слухачам")
    page.screenshot(path=SHOTS / "05a-desk-return-feedback-now.png", full_page=True)
    graded_none = page.locator(
        f"#progress-table tr[data-module='{MODULE}'] td:nth-child(3)", has_text=re.compile(r"^0$")
    )
    _shows_up_on_reload(page, graded_none, seconds=180)
    answer.get_by_role("link", name="Оцінити у formgrader").click()
    page.wait_for_url("**/formgrader/submissions/**")
    expect(page.get_by_text(WRITTEN)).to_be_visible()
    expect(page.get_by_text("Launch Server")).to_have_count(0)
    expect(page.get_by_text("Authorize access")).to_have_count(0)
    boxes = page.locator("input.score.needs_manual_grade")
    expect(boxes.first).to_be_visible()
    for box in boxes.element_handles():
        box.fill("1")
        box.press("Tab")  # as the README says: the score is saved
    expect(boxes).to_have_count(0)
    page.get_by_text(WRITTEN).scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "06-formgrader-written-answer-graded.png")
    page.goto(f"{hub_server.url}{DESK}")
    expect(page.locator("#written tr", has_text=dana.name)).to_have_count(0)

    # The module graded again (as after a key changed): the service does it; the grade stays.
    module_row.get_by_role("button", name="Оцінити знову").click()
    expect(page.locator("#progress ~ .outcome").first).to_contain_text("оцінить кожну роботу")
    # The row says so with the seconds since the click (a one-trainee batch may be done within
    # the first second, so 0 is as good as any; the unit tests watch the counter count).
    expect(module_row.locator(".regrading")).to_have_text(re.compile(r"^оцінюється знову… \d+ с$"))
    page.screenshot(path=SHOTS / "06a-desk-grade-again.png", full_page=True)
    _shows_up_on_reload(page, module_row.get_by_role("button", name="Оцінити знову"), 180)
    expect(page.locator("#written tr", has_text=dana.name)).to_have_count(0)

    # The cohort report, made and opened.
    report = page.locator("#jobs tr[data-kind=report]")
    report.get_by_role("button", name="Створити").click()
    expect(report.locator(".state")).to_contain_text("триває")
    page.screenshot(path=SHOTS / "07-desk-report-in-progress.png", full_page=True)
    expect(report.get_by_role("link", name="Відкрити")).to_be_visible(timeout=300_000)
    report.get_by_role("link", name="Відкрити").click()
    page.wait_for_url("**/files/report")
    expect(page.locator("body")).to_contain_text(dana.name)
    page.screenshot(path=SHOTS / "08-cohort-report.png")
    page.go_back()

    # The Moodle export for one module and Dana only: a pattern that matches nobody first.
    boxes = page.locator("#choice input[name=modules][type=checkbox]")
    expect(boxes.first).to_be_checked()  # every module by default, in course order
    expect(page.locator("#choice label").first).to_contain_text(re.compile(r"^ ?1\. "))
    moodle = page.locator("#jobs tr[data-kind=moodle]")
    page.get_by_role("textbox", name="Слухачі").fill("nobody-*")
    moodle.get_by_role("button", name="Створити").click()
    expect(page.locator("#choice-refused")).to_have_text(
        "Нічого не створено: жодне ім'я користувача слухача не відповідає шаблону «nobody-*»."
    )
    page.screenshot(path=SHOTS / "08a-desk-choice-refused.png", full_page=True)
    for box in boxes.all():
        if box.get_attribute("value") != MODULE:
            box.uncheck()
    page.get_by_role("textbox", name="Слухачі").fill(dana.name)
    moodle.get_by_role("button", name="Створити").click()
    expect(page.locator("#choice-refused")).to_be_hidden()
    expect(moodle.get_by_role("link", name="Відкрити")).to_be_visible(timeout=300_000)
    expect(moodle.locator(".state")).to_have_text(
        re.compile(f"^модулі: \\d+ · слухачі «{dana.name}»$")
    )
    page.screenshot(path=SHOTS / "09-desk-moodle-ready.png", full_page=True)
    with page.expect_download() as download:
        moodle.get_by_role("link", name="Відкрити").click()
    moodle_csv = Path(download.value.path()).read_text("utf-8")
    header, *rows = list(csv.reader(moodle_csv.splitlines()))
    assert header[0] == "Username" and len([c for c in header if c.endswith(" (%)")]) == 1
    assert [row[0] for row in rows] == [dana.name]

    # Dana's name for her certificate, in Cyrillic; a name with a digit is refused in one line.
    names = page.locator(f"#names-table tr[data-trainee='{dana.name}']")
    names.get_by_role("textbox", name=f"Ім'я {dana.name}").fill("Дана2")
    page.get_by_role("button", name="Зберегти імена").click()
    refused = page.locator("#names ~ .outcome").first
    expect(refused).to_contain_text("це не ім'я")
    expect(refused).to_contain_text(f": {dana.name}.")
    names.get_by_role("textbox", name=f"Ім'я {dana.name}").fill("Дана")
    names.get_by_role("textbox", name=f"Прізвище {dana.name}").fill("Коваль-Мирна")
    page.get_by_role("button", name="Зберегти імена").click()
    expect(page.locator("#names ~ .outcome").first).to_contain_text("Збережено імен: 1")
    expect(names.get_by_role("textbox", name=f"Прізвище {dana.name}")).to_have_value("Коваль-Мирна")
    page.screenshot(path=SHOTS / "09a-desk-names-saved.png", full_page=True)

    # An employer calls with a code: a forged one is told apart.
    page.get_by_role("textbox", name="Перевірити код сертифіката").fill("abcd efgh ijkl mnop")
    page.get_by_role("button", name="Перевірити").click()
    said = page.locator("#verify ~ .outcome")
    expect(said).to_contain_text("ABCD-EFGH-IJKL-MNOP: ")  # as typed, in the code's own form
    expect(said).to_contain_text(re.compile("не код сертифіката|не видано жодного сертифіката"))
    page.screenshot(path=SHOTS / "10-desk-certificate-check.png", full_page=True)

    page.get_by_role("link", name="Formgrader").first.click()
    page.wait_for_url("**/formgrader**")
    expect(page.get_by_text("Launch Server")).to_have_count(0)
    expect(page.get_by_text("Authorize access")).to_have_count(0)
    page.screenshot(path=SHOTS / "11-formgrader-from-desk.png")

    page.goto(f"{hub_server.url}{DESK}")
    page.get_by_role("link", name="Схвалити реєстрації").first.click()
    page.wait_for_url("**/hub/authorize**")
    page.screenshot(path=SHOTS / "12-hub-sign-ups.png", full_page=True)
