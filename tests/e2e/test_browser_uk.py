"""The Ukrainian edition in a real browser: JupyterLab's menus in Ukrainian (set the way
``ctcourse release --lang uk`` sets them), a question of ``release-uk/consent`` answered by
clicking, its feedback in Ukrainian, and a number typed with a decimal comma."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from coursefactory import REPO
from playwright.sync_api import Page, expect

from ctcourse.lab_language import set_lab_language
from ctcourse.quiz.responses import LOG_NAME

from .lab import KERNEL_IDLE_MS, RUN_ALL_MS, LabServer, question, question_cells, read_log

pytestmark = pytest.mark.browser
SHOTS = REPO / "test-results" / "e2e-uk"  # git-ignored
NOTEBOOK = "consent/consent.ipynb"
IDLE_UK = re.compile(r"\(ipykernel\) \| Очікування")  # "Idle" in JupyterLab's Ukrainian


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
    root = tmp_path_factory.mktemp("served-uk")
    shutil.copytree(REPO / "release-uk" / "consent", root / "consent")
    server = UkrainianLab(root=root, home=tmp_path_factory.mktemp("jupyter-home-uk")).start()
    try:
        yield server
    finally:
        server.stop()


def test_a_ukrainian_trainee_sees_ukrainian_menus_questions_and_feedback(
    uk_lab: UkrainianLab, lab_page: Page
) -> None:
    page = lab_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(uk_lab.lab_url(NOTEBOOK), timeout=60_000)
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    status = page.locator("#jp-main-statusbar")
    expect(status).to_contain_text(IDLE_UK, timeout=KERNEL_IDLE_MS)
    menus = page.locator("#jp-menu-panel")
    for word in ("Файл", "Редагування", "Виконати", "Ядро", "Налаштування", "Довідка"):
        expect(menus.get_by_role("menuitem", name=word, exact=True)).to_be_visible()
    page.get_by_role("menuitem", name="Виконати", exact=True).click()
    page.get_by_role("menuitem", name="Запустити всі клітинки", exact=True).click()
    questions = question_cells(REPO / "release-uk" / NOTEBOOK)  # collapsed: no prompt to wait on
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

    log = read_log(uk_lab.root / "consent" / LOG_NAME)
    assert [e["qid"] for e in log] == [
        "consent.three-elements",
        "consent.three-elements",
        "consent.child-age",
        "consent.under-threat",
    ]
    assert log[2]["answer"] == 18
