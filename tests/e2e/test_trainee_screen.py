"""What a trainee's screen does, at a person's full typing speed, in Debian's chromium.

- The written answer opens for typing with a double-click (or one click); the letters typed
  never run a notebook shortcut, not in the answer and not after leaving it, and the answer is
  what is saved: no cell changes kind, none is added.
- A number typed fast and saved with Tab+Enter is saved as the screen shows it (8 tries).
- A data lesson shows prose, tables and charts and questions: no code, no folded-code line
  (English and Ukrainian editions).
- The options of a matching question are not in the order of its rows.

Screenshots go to ``test-results/trainee-screen/`` (git-ignored); look at them.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from coursefactory import REPO, make_course, sample_notebook
from playwright.sync_api import Page, expect

from ctcourse.authoring.release import release
from ctcourse.course import load_course
from ctcourse.quiz.reader import read_notebook
from ctcourse.quiz.responses import LOG_NAME

from .lab import LabServer, open_notebook, question, question_cells, read_log, run_all_cells

pytestmark = pytest.mark.browser

SHOTS = REPO / "test-results" / "trainee-screen"
# Letters that are all notebook shortcuts in command mode (y: code, r: raw, m: Markdown, a/b: new
# cell, d d: delete, x/c/v: cut, copy, paste, z: undo, 1-6: heading levels).
ANSWER = (
    "My answer: I would say yes, ask Olena about the debt, record it carefully, "
    "and refer her within 24 hours (d d, x, c, v, z, a, b, m, r, y, 1, 2, 3)."
)
AFTER_LEAVING = "ybrmaddxz"


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Released copies: the generated module (every question type and a written answer), the
    consent module and the data lesson in both editions."""
    factory = make_course(tmp_path_factory.mktemp("screen"), {"m1": {"quiz": sample_notebook()}})
    release(load_course(factory))
    root = tmp_path_factory.mktemp("screen-course") / "course"
    root.mkdir()
    for name in ("course.yml", "nbgrader_config.py"):
        shutil.copy(REPO / name, root / name)
    for folder in ("source", "source-uk"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(".ipynb_*"))
    course = load_course(root)
    release(course, ["consent", "who-is-at-risk"], language="en")
    release(course, ["who-is-at-risk"], language="uk")
    return {
        "factory": factory / "release" / "m1",
        "consent": root / "release" / "consent",
        "data-en": root / "release" / "who-is-at-risk",
        "data-uk": root / "release-uk" / "who-is-at-risk",
    }


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")


def saved_cells(path: Path, answer: str) -> list[nbformat.NotebookNode]:
    """The notebook's cells once the file on disk holds ``answer`` (Ctrl+S is asynchronous)."""
    deadline = time.monotonic() + 20
    while True:
        cells = nbformat.read(path, as_version=4).cells
        if any(c.source.strip() == answer for c in cells) or time.monotonic() > deadline:
            return cells
        time.sleep(0.2)


def answer_cell(page: Page):
    placeholder = page.get_by_text("YOUR ANSWER HERE", exact=True)
    return page.locator(".jp-NotebookPanel .jp-MarkdownCell").filter(has=placeholder)


@pytest.mark.parametrize("opened_by", ["dblclick", "click"])
def test_the_written_answer_takes_typing_and_typing_runs_no_shortcut(
    lab_page: Page, lab: LabServer, serve_copy, released: dict[str, Path], opened_by: str
) -> None:
    page = lab_page
    folder, name = serve_copy(released["factory"])
    path = folder / "quiz.ipynb"
    kinds = [c.cell_type for c in nbformat.read(path, as_version=4).cells]
    open_notebook(page, lab, f"{name}/quiz.ipynb")
    cell = answer_cell(page)
    cell.scroll_into_view_if_needed()
    getattr(cell, opened_by)()
    page.keyboard.type(ANSWER)  # no delay: as fast as a person types, and faster
    shot(page, f"written-answer-{opened_by}")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type(AFTER_LEAVING)  # still typing after leaving the cell: nothing happens
    page.keyboard.press("Control+s")
    cells = saved_cells(path, ANSWER)
    assert [c.cell_type for c in cells] == kinds, "a cell changed kind or was added"
    written = [c.source for c in cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert written == [ANSWER]


def test_a_number_typed_fast_is_saved_as_shown(
    lab_page: Page, lab: LabServer, serve_copy, released: dict[str, Path]
) -> None:
    """Typed at full speed, then Tab and Enter, eight times: each save holds what was typed."""
    page = lab_page
    folder, name = serve_copy(released["factory"])
    open_notebook(page, lab, f"{name}/quiz.ipynb")
    run_all_cells(page, question_cells(folder / "quiz.ipynb"))
    box = question(page, "How many?")
    box.scroll_into_view_if_needed()
    field = box.get_by_role("textbox")
    typed = [str(2012 + 11 * n) for n in range(8)]
    for n, value in enumerate(typed, start=1):
        field.fill("")
        field.focus()
        page.keyboard.type(value)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(field).to_have_value(value)
        deadline = time.monotonic() + 20
        while len(read_log(folder / LOG_NAME)) < n and time.monotonic() < deadline:
            time.sleep(0.1)
    saved = [e["answer"] for e in read_log(folder / LOG_NAME) if e["qid"] == "t.number"]
    assert saved == [float(v) for v in typed]


@pytest.mark.parametrize("edition", ["en", "uk"])
def test_a_data_lesson_shows_no_code(
    lab_page: Page, lab: LabServer, serve_copy, released: dict[str, Path], edition: str
) -> None:
    page = lab_page
    folder, name = serve_copy(released[f"data-{edition}"])
    notebook = f"{name}/who-is-at-risk.ipynb"
    open_notebook(page, lab, notebook)
    run_all_cells(page, question_cells(folder / "who-is-at-risk.ipynb"))
    panel = page.locator(".jp-NotebookPanel")
    expect(panel.locator(".jp-OutputArea-output table").first).to_be_visible()
    code = panel.locator(".jp-CodeCell .jp-Cell-inputWrapper").filter(visible=True)
    expect(code).to_have_count(0)
    expect(panel.locator(".jp-InputPlaceholder").filter(visible=True)).to_have_count(0)
    expect(panel).not_to_contain_text(
        re.compile(r"load_cases|quiz\.|analysis\."), use_inner_text=True
    )
    for n, shown in enumerate([panel.locator(".jp-Cell").first, panel.locator("table").first]):
        shown.scroll_into_view_if_needed()
        expect(shown).to_be_in_viewport()
        page.wait_for_timeout(300)  # the notebook draws the cells that scrolled into view
        shot(page, f"data-lesson-{edition}-{n}")


def test_matching_options_are_not_in_row_order(
    lab_page: Page, lab: LabServer, serve_copy, released: dict[str, Path]
) -> None:
    page = lab_page
    folder, name = serve_copy(released["consent"])
    path = folder / "consent.ipynb"
    open_notebook(page, lab, f"{name}/consent.ipynb")
    run_all_cells(page, question_cells(path))
    source = REPO / "source" / "consent" / "consent.ipynb"
    items = [i for i in read_notebook(source).items if i.question.kind.value == "matching"]
    assert items, "the consent module has no matching question"
    for item in items:
        q = item.question
        box = question(page, q.prompt)
        box.scroll_into_view_if_needed()
        menu = box.get_by_role("combobox").first
        shown = menu.locator("option").all_text_contents()[1:]  # after "— choose —"
        assert sorted(shown) == sorted(label for _, label in q.options)
        assert shown != [label for _, label in q.options], f"{q.id}: options in authored order"
        menu.evaluate("select => (select.size = select.options.length)")  # list shown open
        box.screenshot(path=SHOTS / f"matching-{q.id}.png")
