"""The quiz controls and the explorer in a real browser: Debian's chromium, JupyterLab, widgets.

In the released consent module, in English and in Ukrainian: no button, label, option or
drop-down is cut (every element's ``scrollWidth`` fits its ``clientWidth``; a drop-down is as
wide as its longest option). By keyboard: the arrow keys move within a radio group (one shared
``name``) and never reach JupyterLab's notebook shortcuts (the active cell and the number of
cells stay put). "Answer saved" turns into "Not saved yet" when the answer changes. Ctrl+S from
a radio saves the notebook, and reopening it without its kernel shows one sentence per question,
never "Error displaying widget". The case explorer draws its chart as an <img>.
Screenshots go to test-results/e2e-controls/ (git-ignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import nbformat
import pytest
from coursefactory import REPO  # tests/ is on sys.path
from playwright.sync_api import Locator, Page, expect

from ctcourse.quiz.strings import text
from ctcourse.saved_outputs import WIDGET_VIEW

from .lab import LabServer, open_notebook, question, run_all_cells

pytestmark = pytest.mark.browser

SHOTS = REPO / "test-results" / "e2e-controls"
CONSENT = REPO / "release" / "consent"
EXPLORER = REPO / "notebooks" / "03_case_explorer.ipynb"
QUESTIONS = sum(  # the question cells of the consent module
    cell.cell_type == "code" and cell.source.lstrip().startswith("quiz.")
    for cell in nbformat.read(CONSENT / "consent.ipynb", as_version=4).cells
)
UNDER_THREAT = (
    "Olena agreed to go abroad and signed papers. Under Article 3(b) of the Palermo Protocol, "
    "what difference does her consent make?"
)

# Elements of widget outputs whose text would be hidden if they were too narrow.
CUT = """els => els.filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 60)}`)"""
# A closed drop-down shows its chosen option: it must fit the longest one (plus the arrow).
NARROW_MENUS = """els => els.filter(e => {
    const pen = document.createElement("canvas").getContext("2d");
    pen.font = getComputedStyle(e).font;
    const widest = Math.max(...[...e.options].map(o => pen.measureText(o.text).width));
    return widest + 24 > e.clientWidth;
  }).map(e => `SELECT: ${e.options[e.selectedIndex].text}`)"""
TEXT_ELEMENTS = "button, label, .widget-label, .widget-readout, span, select"


@pytest.fixture(scope="module")
def lab_uk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A second JupyterLab whose kernels speak Ukrainian (CTCOURSE_LANG=uk)."""
    server = LabServer(
        root=tmp_path_factory.mktemp("served-uk"),
        home=tmp_path_factory.mktemp("jupyter-home-uk"),
        language="uk",
    ).start()
    try:
        yield server
    finally:
        server.stop()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=False)


def _nothing_cut(page: Page, boxes: Locator, shot: str) -> None:
    """Each box scrolled into view (JupyterLab skips the layout of cells out of view), measured."""
    cut: list[str] = []
    for i in range(boxes.count()):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        texts = box.locator(TEXT_ELEMENTS)
        laid_out = texts.evaluate_all("els => els.filter(e => e.clientWidth > 0).length")
        assert laid_out >= 3, f"box {i}: only {laid_out} elements laid out"
        cut += texts.evaluate_all(CUT) + box.locator("select").evaluate_all(NARROW_MENUS)
        if box.locator("select").count():
            _shot(page, f"{shot}-menus-{i}")
    assert not cut, cut


def _active_cell(page: Page) -> tuple[int, int]:
    """(index of the active cell, number of cells) of the open notebook."""
    cells = page.locator(".jp-NotebookPanel .jp-Cell")
    active = cells.evaluate_all("els => els.findIndex(e => e.classList.contains('jp-mod-active'))")
    return active, cells.count()


def test_english_controls_whole_keyboard_saved_state_and_reopen(
    lab_page: Page, lab: LabServer, serve_copy
) -> None:
    page = lab_page
    folder, relative = serve_copy(CONSENT)
    open_notebook(page, lab, f"{relative}/consent.ipynb")
    run_all_cells(page, QUESTIONS)
    boxes = page.locator(".ctcourse-question")
    expect(boxes).to_have_count(QUESTIONS)
    _nothing_cut(page, boxes, "en")

    box = question(page, UNDER_THREAT)
    box.scroll_into_view_if_needed()
    radios = box.get_by_role("radio")
    names = radios.evaluate_all("els => els.map(e => e.name)")
    assert len(names) == 4 and len(set(names)) == 1 and names[0]  # one named group
    expect(box.get_by_role("radiogroup")).to_have_accessible_name(UNDER_THREAT)
    status = box.get_by_role("status")

    radios.nth(1).click()  # the mouse for the first choice, then the keyboard only
    box.get_by_role("button", name=text("en", "save")).click()
    expect(status).to_contain_text(text("en", "saved"))
    before = _active_cell(page)
    radios.nth(1).focus()
    page.keyboard.press("ArrowDown")  # within the group: the next option, not the next cell
    expect(radios.nth(2)).to_be_checked()
    expect(radios.nth(2)).to_be_focused()
    expect(status).to_contain_text("Not saved yet")
    expect(status).not_to_contain_text(text("en", "saved"))
    for key in ("ArrowUp", "Enter", "a", "b", "v", "d", "d"):  # notebook shortcuts, all of them
        page.keyboard.press(key)
    expect(radios.nth(1)).to_be_checked()
    assert _active_cell(page) == before  # no cell moved, inserted, pasted or deleted
    expect(page.locator(".jp-Notebook.jp-mod-editMode")).to_have_count(0)
    page.keyboard.press("Tab")  # to the Save button, pressed with Enter
    expect(box.get_by_role("button", name=text("en", "save"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text(text("en", "saved"))
    _shot(page, "en-keyboard-saved")

    radios.nth(1).focus()
    page.keyboard.press("Control+s")  # Ctrl/⌘ combinations still reach JupyterLab
    expect(page.locator(".jp-mod-dirty")).to_have_count(0)

    saved = nbformat.read(folder / "consent.ipynb", as_version=4)
    views = [
        o for c in saved.cells for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})
    ]
    assert not views  # the pre-save hook kept the sentences only
    lab.close_sessions_under(relative)  # the kernel that held the widgets is gone
    open_notebook(page, lab, f"{relative}/consent.ipynb")
    sentences = page.locator(".ctcourse-run-cells")
    expect(sentences).to_have_count(QUESTIONS)
    expect(sentences.first).to_have_text(text("en", "run_cells"))
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    sentences.nth(3).scroll_into_view_if_needed()
    _shot(page, "en-reopened")


def test_ukrainian_controls_whole_and_saved_state(lab_page: Page, lab_uk: LabServer) -> None:
    page = lab_page
    shutil.copytree(CONSENT, lab_uk.root / "consent-uk")
    open_notebook(page, lab_uk, "consent-uk/consent.ipynb")
    run_all_cells(page, QUESTIONS)
    boxes = page.locator(".ctcourse-question")
    expect(boxes).to_have_count(QUESTIONS)
    _nothing_cut(page, boxes, "uk")
    expect(page.get_by_role("button", name=text("uk", "check")).first).to_be_visible()

    box = question(page, UNDER_THREAT)
    box.scroll_into_view_if_needed()
    radios = box.get_by_role("radio")
    status = box.get_by_role("status")
    radios.nth(1).click()
    box.get_by_role("button", name=text("uk", "save")).click()
    expect(status).to_contain_text(text("uk", "saved"))
    radios.nth(0).click()
    expect(status).to_contain_text("Ще не збережено")
    _shot(page, "uk-not-saved")
    box.get_by_role("button", name=text("uk", "save")).click()
    expect(status).to_contain_text(text("uk", "saved"))
    lab_uk.close_sessions_under("consent-uk")


def test_explorer_draws_its_chart_as_an_image(lab_page: Page, lab: LabServer) -> None:
    page = lab_page
    folder = lab.root / "explorer"
    folder.mkdir(exist_ok=True)
    (folder / EXPLORER.name).write_bytes(EXPLORER.read_bytes())
    open_notebook(page, lab, f"explorer/{EXPLORER.name}")
    run_all_cells(page, 0)
    chart = page.locator(".widget-output img")
    expect(chart).to_have_count(1)
    assert chart.get_attribute("src").startswith("data:image/png")
    box = chart.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 200
    expect(page.locator(".jp-OutputArea-output").filter(has_text="<Figure size")).to_have_count(0)
    _nothing_cut(page, page.locator(".jp-OutputArea-output .widget-vbox").first, "explorer")
    chart.scroll_into_view_if_needed()
    _shot(page, "en-explorer")
    lab.close_sessions_under("explorer")
