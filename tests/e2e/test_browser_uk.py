"""The Ukrainian edition in a real browser, as a Ukrainian cohort's trainee walks it.

The course is released and published in Ukrainian (what ``ctcourse release --lang uk
--publish`` does; JupyterLab's menus are set to Ukrainian the same way, in an isolated settings
folder). The trainee opens nbgrader's Assignment List (*Nbgrader › Модулі курсу*: module
titles and nbgrader's own words in Ukrainian), fetches ``consent``, runs it with Ukrainian menus, answers a practice question by
clicking, types a number with a decimal comma, saves a graded answer and submits; the trainer
runs the README's commands; the trainee fetches the feedback and reads it in Ukrainian.
Nothing on the way is cut off. When the notebook cannot be saved, *Надіслати* sends nothing and
says so in red, naming the menu item as the Ukrainian screen shows it.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from coursefactory import REPO
from playwright.sync_api import Locator, Page, Route, expect

from ctcourse.authoring.release import publish, release
from ctcourse.course import load_course
from ctcourse.lab_language import set_lab_language
from ctcourse.quiz.responses import LOG_NAME
from ctcourse.quiz.strings import text

from .lab import KERNEL_IDLE_MS, RUN_ALL_MS, UI_MS, LabServer, question, question_cells, read_log

pytestmark = pytest.mark.browser
SHOTS = REPO / "test-results" / "e2e-uk"  # git-ignored
MODULE = "consent"
NOTEBOOK = f"{MODULE}/{MODULE}.ipynb"
IDLE_UK = re.compile(r"\(ipykernel\) \| Очікування")  # "Idle" in JupyterLab's Ukrainian
# nbgrader's Assignment List words that must not be left in English.
ENGLISH = ("Released", "Downloaded", "Submitted", "assignments", "Fetch", "Submit", "feedback")
FITS = "el => el.scrollWidth <= el.clientWidth"


class UkrainianLab(LabServer):
    """A Lab whose kernels run a Ukrainian cohort, with the course's language override in an
    isolated app settings folder (JupyterLab reads ``overrides.d`` from there)."""

    def environment(self) -> dict[str, str]:
        env = super().environment()
        env["CTCOURSE_LANG"] = "uk"
        set_lab_language("uk", self.home / "app")
        config = Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.json"
        settings = {"LabApp": {"app_settings_dir": str(self.home / "app" / "settings")}}
        config.write_text(json.dumps(settings))
        return env


@pytest.fixture(scope="module")
def uk_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UkrainianLab]:
    """A fresh course folder released and published in Ukrainian, served from its root."""
    root = tmp_path_factory.mktemp("course-uk") / "course"
    root.mkdir()
    for name in ("course.yml", "nbgrader_config.py"):
        shutil.copy(REPO / name, root / name)
    for folder in ("source", "source-uk"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(".ipynb_*"))
    server = UkrainianLab(root=root, home=tmp_path_factory.mktemp("jupyter-home-uk"))
    course = load_course(root)
    release(course, language="uk")
    publish(course, language="uk")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def assignment_list(page: Page) -> Locator:
    """*Nbgrader › Модулі курсу* (the course's extension translates nbgrader's menu item)."""
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Модулі курсу", exact=True).click()
    panel = page.locator("#assignments")
    expect(panel).to_be_visible()
    return panel


def row(panel: Locator, section: str, module: str = MODULE) -> Locator:
    rows = panel.locator(f"#{section}_assignments_list > .list_item")
    return rows.filter(has=panel.page.locator(".item_name", has_text=f"({module})"))


def heading(root: Path) -> str:
    nb = nbformat.read(root / "source-uk" / NOTEBOOK, as_version=4)
    return nb.cells[0].source.splitlines()[0].removeprefix("# ").strip()


def not_cut_off(panel: Locator) -> None:
    for button in panel.locator("button:visible").all():
        assert button.evaluate(FITS), f"cut off: {button.inner_text()!r}"


def test_a_ukrainian_trainee_walks_the_path_in_ukrainian(
    uk_lab: UkrainianLab, lab_page: Page
) -> None:
    page = lab_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{uk_lab.url}/lab/workspaces/uk-{secrets.token_hex(4)}?token={uk_lab.token}")

    # 1. The Assignment List: the module's number and Ukrainian title, nbgrader's words in Ukrainian.
    panel = assignment_list(page)
    released = row(panel, "released")
    expect(released.locator(".item_name")).to_have_text(f"2. {heading(uk_lab.root)} ({MODULE})")
    expect(panel).to_contain_text("Модулі, які можна отримати")
    expect(panel).to_contain_text("Немає надісланих модулів.")
    expect(page.locator(".lm-TabBar-tabLabel", has_text="Модулі курсу")).to_be_visible()
    for word in ENGLISH:
        expect(panel).not_to_contain_text(word)
    not_cut_off(panel)
    page.screenshot(path=str(SHOTS / "uk-01-assignment-list.png"))
    readme = (uk_lab.root / "trainee-work" / "README.md").read_text("utf-8")
    assert (
        readme.startswith("# Модулі курсу")
        and f"| 2 | `{MODULE}` | {heading(uk_lab.root)} |" in readme
    )

    # 2. Fetch, open the notebook from the list.
    released.get_by_role("button", name="Отримати", exact=True).click()
    fetched = row(panel, "fetched")
    expect(fetched.get_by_role("button", name="Надіслати", exact=True)).to_be_visible()
    fetched.locator(".item_name a").first.click()
    panel.locator("#fetched_assignments_list").get_by_role("link", name=MODULE, exact=True).click()
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    status = page.locator("#jp-main-statusbar")
    expect(status).to_contain_text(IDLE_UK, timeout=KERNEL_IDLE_MS)
    menus = page.locator("#jp-menu-panel")
    for word in ("Файл", "Редагування", "Виконати", "Ядро", "Налаштування", "Довідка"):
        expect(menus.get_by_role("menuitem", name=word, exact=True)).to_be_visible()
    page.get_by_role("menuitem", name="Виконати", exact=True).click()
    page.get_by_role("menuitem", name="Запустити всі клітинки", exact=True).click()
    folder = uk_lab.root / "trainee-work" / MODULE
    questions = question_cells(folder / f"{MODULE}.ipynb")  # collapsed: no prompt to wait on
    widgets = page.locator(".jp-NotebookPanel .ctcourse-question")
    expect(widgets).to_have_count(questions, timeout=RUN_ALL_MS)
    expect(status).to_contain_text(IDLE_UK, timeout=RUN_ALL_MS)

    box = question(
        page,
        "Який перелік називає три елементи торгівлі людьми за статтею 3(a) Палермського протоколу?",
    )
    box.scroll_into_view_if_needed()
    expect(box).to_contain_text("Тренувальне запитання · не оцінюється")
    box.get_by_role("radio", name="Перетин кордону, відсутність документів, низька оплата").click()
    box.get_by_role("button", name="Перевірити відповідь").click()
    expect(box).to_contain_text("✘ Неправильно")
    expect(box).to_contain_text("Спробуйте ще раз або прочитайте пояснення.")
    box.get_by_role("radio", name="Дія, засоби, мета").click()
    box.get_by_role("button", name="Перевірити відповідь").click()
    expect(box).to_contain_text("✔ Правильно")
    expect(box).to_contain_text("Бали: 1 з 1")
    expect(box).to_contain_text("Пояснення:")
    page.screenshot(path=str(SHOTS / "uk-practice-feedback.png"))

    age = question(
        page,
        "Стаття 3(d) Палермського протоколу визначає «дитину». Особа є дитиною, якщо їй менше скількох років?",
    )
    age.scroll_into_view_if_needed()
    age.get_by_role("textbox").fill("18,0")
    age.get_by_role("button", name="Перевірити відповідь").click()
    expect(age).to_contain_text("✔ Правильно")
    expect(age).to_contain_text("18 років")

    graded = question(
        page,
        "Олена погодилася поїхати за кордон і підписала папери. Яке значення має її згода за статтею 3(b) Палермського протоколу?",
    )
    graded.scroll_into_view_if_needed()
    expect(graded).to_contain_text("Оцінюване запитання · Балів: 2")
    graded.get_by_role(
        "radio", name="Жодного: її згода не береться до уваги, бо її обманули й їй погрожували."
    ).click()
    graded.get_by_role("button", name="Зберегти відповідь").click()
    expect(graded).to_contain_text("Відповідь збережено")
    for button in (box, age, graded):
        label = button.get_by_role("button").first
        assert label.evaluate("b => b.scrollWidth <= b.clientWidth"), "button text truncated"
    page.screenshot(path=str(SHOTS / "uk-graded-saved.png"))

    log = read_log(folder / LOG_NAME)
    assert [e["qid"] for e in log] == [
        "consent.three-elements",
        "consent.three-elements",
        "consent.child-age",
        "consent.under-threat",
    ]
    assert log[2]["answer"] == 18

    # 3. Submit from the Assignment List.
    panel = assignment_list(page)
    row(panel, "fetched").get_by_role("button", name="Надіслати", exact=True).click()
    submitted = row(panel, "submitted")
    expect(submitted.get_by_role("button", name="Отримати відгук", exact=True)).to_be_visible()
    not_cut_off(panel)
    page.screenshot(path=str(SHOTS / "uk-03-submitted.png"))

    # 4. The trainer, by the README.
    uk_lab.run("nbgrader", "collect", MODULE)
    uk_lab.run("ctcourse", "autograde", MODULE)
    uk_lab.run("nbgrader", "generate_feedback", MODULE)
    uk_lab.run("nbgrader", "release_feedback", MODULE)

    # 5. The trainee fetches the feedback and reads it in Ukrainian.
    panel.locator("#refresh_assignments_list").click()
    row(panel, "submitted").get_by_role("button", name="Отримати відгук", exact=True).click()
    view = panel.get_by_text("(переглянути відгук)")
    expect(view).to_be_visible(timeout=UI_MS)
    not_cut_off(panel)
    page.screenshot(path=str(SHOTS / "uk-04-feedback-fetched.png"))
    view.click()
    page.locator(".jp-DirListing-item", has_text=f"{MODULE}.html").dblclick()
    feedback = page.frame_locator(".jp-HTMLViewer iframe").locator("body")
    expect(feedback).to_contain_text(heading(uk_lab.root), timeout=UI_MS)
    expect(feedback).to_contain_text(text("uk", "score", points=2, max_points=2))
    expect(feedback).to_contain_text(f"{text('uk', 'your_answer')}: Жодного")
    expect(feedback).to_contain_text(text("uk", "correct_answer"))
    page.frame_locator(".jp-HTMLViewer iframe").get_by_text(
        "Жодного: її згода не береться до уваги"
    ).first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "uk-05-feedback.png"))


UNSAVABLE = "referral"
WRITTEN_UK = "Я б запитала її наодинці, чи може вона піти, і в кого її паспорт."
#: JupyterLab's Ukrainian *Файл* menu names its save item so (the language pack leaves the
#: document type "Notebook" untranslated); the course's message must name it the same way.
SAVE_ITEM_UK = "Зберегти Notebook"
SAVE_FAILED_UK = (
    "Модуль не надіслано: не вдалося зберегти його блокнот. Збережіть його "
    f"(Файл › {SAVE_ITEM_UK}) і натисніть «Надіслати» ще раз."
)


def test_submit_that_cannot_save_says_so_in_red_and_sends_nothing(
    uk_lab: UkrainianLab, lab_page: Page
) -> None:
    """*Надіслати* saves the module's notebook first; when the server refuses the save, the
    module is not submitted and a line in red under it says what to do, naming the menu item
    as the Ukrainian screen shows it. Once saving works, *Надіслати* sends the written answer."""
    page = lab_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{uk_lab.url}/lab/workspaces/uk-{secrets.token_hex(4)}?token={uk_lab.token}")
    panel = assignment_list(page)
    row(panel, "released", UNSAVABLE).get_by_role("button", name="Отримати", exact=True).click()
    fetched = row(panel, "fetched", UNSAVABLE)
    expect(fetched.get_by_role("button", name="Надіслати", exact=True)).to_be_visible()
    fetched.locator(".item_name a").first.click()
    panel.locator("#fetched_assignments_list").get_by_role(
        "link", name=UNSAVABLE, exact=True
    ).click()
    notebook = page.locator(".jp-NotebookPanel:visible")
    expect(notebook.locator(".jp-Cell").first).to_be_visible(timeout=60_000)
    expect(page.locator("#jp-main-statusbar")).to_contain_text(IDLE_UK, timeout=KERNEL_IDLE_MS)
    page.get_by_role("menuitem", name="Файл", exact=True).click()
    labels = page.locator(".lm-Menu:visible .lm-Menu-itemLabel")
    expect(labels.get_by_text(SAVE_ITEM_UK, exact=True)).to_be_visible()
    page.keyboard.press("Escape")

    answer = notebook.locator(".jp-MarkdownCell").filter(
        has=page.get_by_text("YOUR ANSWER HERE", exact=True)
    )
    answer.scroll_into_view_if_needed()
    answer.dblclick()
    page.keyboard.type(WRITTEN_UK)
    page.keyboard.press("Shift+Enter")

    # The server refuses every save of this notebook (as a full disk or a lost session would).
    path = f"/api/contents/trainee-work/{UNSAVABLE}/{UNSAVABLE}.ipynb"
    refused: list[str] = []

    def refuse_saves(route: Route) -> None:
        if route.request.method == "PUT":
            refused.append(route.request.url)
            route.fulfill(status=500, json={"message": "No space left on device"})
        else:
            route.continue_()

    page.route(f"**{path}*", refuse_saves)
    panel = assignment_list(page)
    row(panel, "fetched", UNSAVABLE).get_by_role("button", name="Надіслати", exact=True).click()
    note = row(panel, "fetched", UNSAVABLE).get_by_role("alert")
    expect(note).to_have_text(SAVE_FAILED_UK)
    color = note.evaluate("n => getComputedStyle(n).color")  # "rgb(r, g, b)"
    red, green, blue = (int(part) for part in re.findall(r"\d+", color)[:3])
    assert red > 150 and green < 100 and blue < 100, "the note is not red"
    # JupyterLab's own message about the failed save comes first; the trainee closes it.
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text(f"Помилка зберігання файлу для {UNSAVABLE}.ipynb")
    page.screenshot(path=str(SHOTS / "uk-06-save-failed.png"))
    dialog.get_by_role("button", name="Закрити", exact=True).click()
    expect(dialog).to_have_count(0)
    assert refused, "Надіслати did not try to save the notebook"
    expect(row(panel, "submitted", UNSAVABLE)).to_have_count(0)
    inbound = uk_lab.root / "exchange" / load_course(uk_lab.root).id / "inbound"
    assert not list(inbound.glob(f"*+{UNSAVABLE}+*")), "the module was submitted unsaved"

    # Saving works again: Надіслати saves and sends the written answer.
    page.unroute(f"**{path}*")
    row(panel, "fetched", UNSAVABLE).get_by_role("button", name="Надіслати", exact=True).click()
    expect(row(panel, "submitted", UNSAVABLE)).to_have_count(1)
    expect(row(panel, "fetched", UNSAVABLE).get_by_role("alert")).to_have_count(0)
    saved = nbformat.read(uk_lab.root / "trainee-work" / UNSAVABLE / f"{UNSAVABLE}.ipynb", 4)
    written = [c.source for c in saved.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert written == [WRITTEN_UK]
