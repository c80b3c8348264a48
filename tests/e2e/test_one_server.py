"""`make run` on one machine: the trainee's Assignment List and the trainer's formgrader in ONE
JupyterLab, with every server extension the course installs (``ctcourse.formgrader`` too).

In that one server a fetched module's notebook opens from the Assignment List by a click, and
formgrader's *Manage Assignments* lists the modules in course order with their titles, its
*Manual Grading* columns say what a quiz holds, and the notebook link still answers after
formgrader has been opened. A fetched notebook opened, read and closed untouched is neither
marked unsaved nor rewritten; typed into, it is, and saving writes it. Screenshots go to
``test-results/one-server/`` (git-ignored); look at them.
"""

from __future__ import annotations

import json
import re
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from coursefactory import REPO
from playwright.sync_api import Page, expect

from ctcourse.course import load_course

from .lab import UI_MS, LabServer, course_copy, make_run_lab
from .test_trainee_path import assignment_list, heading, nbgrader_menu, row, wait_idle

pytestmark = pytest.mark.browser

MODULE = "consent"
#: The class JupyterLab gives the tab of a document with unsaved changes (it shows "●").
DIRTY = re.compile(r"\bjp-mod-dirty\b")
SHOTS = REPO / "test-results" / "one-server"
#: The server-extension switches `make setup` installs (what `make run`'s JupyterLab reads).
INSTALLED = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "ctcourse.json"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh course folder: the repository's manifest, settings and source/, nothing else."""
    return course_copy(tmp_path_factory.mktemp("one"), REPO)


@pytest.fixture(scope="module")
def one_lab(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """`make run`: ``ctcourse release --publish``, then one JupyterLab over the course."""
    with make_run_lab(course, tmp_path_factory.mktemp("one-jupyter")) as server:
        yield server


def test_make_setup_enables_the_course_formgrader_beside_the_assignment_list() -> None:
    for config in (REPO / "jupyter-config/jupyter_server_config.d/ctcourse.json", INSTALLED):
        enabled = json.loads(config.read_text())["ServerApp"]["jpserver_extensions"]
        assert enabled.get("ctcourse.formgrader") is True, config


def test_fetched_notebook_opens_and_formgrader_speaks_of_the_course_in_one_server(
    lab_page: Page, one_lab: LabServer, course: Path
) -> None:
    page = lab_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    manifest = load_course(course)

    # (a) The trainee fetches the module and opens its notebook by clicking its link.
    page.goto(f"{one_lab.url}/lab/workspaces/one-{secrets.token_hex(4)}?token={one_lab.token}")
    panel = assignment_list(page)
    row(panel, "released", MODULE).get_by_role("button", name="Fetch").click()
    fetched = row(panel, "fetched", MODULE)
    expect(fetched.get_by_role("button", name="Submit")).to_be_visible()
    assert (course / "trainee-work" / MODULE / f"{MODULE}.ipynb").is_file()
    fetched.locator(".item_name a").first.click()  # expands the module's notebooks
    page.screenshot(path=SHOTS / "01-fetched.png")
    panel.locator("#fetched_assignments_list").get_by_role("link", name=MODULE, exact=True).click()
    notebook = page.locator(".jp-NotebookPanel").first
    expect(notebook.locator(".jp-Cell").first).to_be_visible(timeout=60_000)
    expect(notebook.locator(".jp-MarkdownCell h1").first).to_have_text(
        re.compile(re.escape(manifest.module(MODULE).title)), timeout=UI_MS
    )
    expect(page.locator(".lm-TabBar-tab.jp-mod-current")).to_contain_text(f"{MODULE}.ipynb")
    page.screenshot(path=SHOTS / "02-notebook-opened.png")

    # (b) The trainer opens formgrader in the same Lab: Manage Assignments in course order.
    nbgrader_menu(page, "Formgrader")
    grader = page.frame_locator("#formgrader iframe")
    names = grader.locator("#main-table td.name")
    expect(names).to_have_count(len(manifest.modules), timeout=UI_MS)
    shown = [
        f"{n}. {heading(course, m.id)} ({m.id})" for n, m in enumerate(manifest.modules, start=1)
    ]
    expect(names).to_have_text(shown)
    page.screenshot(path=SHOTS / "03-manage-assignments.png")

    # Manual Grading › the module: the notebook's columns are a quiz's, not code's.
    grader.get_by_role("link", name="Manual Grading").click()
    expect(grader.get_by_role("heading", name="Manual Grading")).to_be_visible()
    expect(names).to_have_text(shown)
    grader.get_by_role("link", name=re.compile(rf"\({MODULE}\)$")).click()
    header = grader.locator("table thead")
    expect(header).to_contain_text("Avg. quiz score")
    expect(header).to_contain_text("Written answers to grade?")
    expect(header).not_to_contain_text("Code Score")
    page.screenshot(path=SHOTS / "04-manual-grading-module.png")

    # Back in the Assignment List, with formgrader open beside it, the link still answers.
    panel = assignment_list(page)
    panel.locator("#fetched_assignments_list").get_by_role("link", name=MODULE, exact=True).click()
    expect(page.locator(".lm-TabBar-tab.jp-mod-current")).to_contain_text(f"{MODULE}.ipynb")
    expect(notebook.locator(".jp-MarkdownCell h1").first).to_be_visible()
    page.screenshot(path=SHOTS / "05-notebook-again.png")


UNTOUCHED = "identification"
WRITTEN = "I would ask her, in private, who keeps her passport and whether she can leave."
#: True once the kernel has told the open notebook its language (JupyterLab then writes
#: ``language_info`` into the notebook's metadata: what used to mark an untouched notebook dirty).
KERNEL_ANSWERED = """() => {
  const widget = window.jupyterapp.shell.currentWidget;
  const model = widget && widget.context ? widget.context.model : null;
  const info = model ? model.getMetadata("language_info") : null;
  return Boolean(info && info.version);
}"""


def test_a_fetched_notebook_opened_and_closed_untouched_is_not_changed(
    lab_page: Page, one_lab: LabServer, course: Path
) -> None:
    """Opening, reading and closing a lesson asks nothing and leaves its file as fetched; the
    written answer typed into it marks it unsaved and File › Save Notebook saves it."""
    page = lab_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = course / "trainee-work" / UNTOUCHED / f"{UNTOUCHED}.ipynb"
    page.goto(f"{one_lab.url}/lab/workspaces/clean-{secrets.token_hex(4)}?token={one_lab.token}")
    panel = assignment_list(page)
    row(panel, "released", UNTOUCHED).get_by_role("button", name="Fetch").click()
    fetched = row(panel, "fetched", UNTOUCHED)
    expect(fetched.get_by_role("button", name="Submit")).to_be_visible()
    fetched_bytes = path.read_bytes()
    kinds = [c.cell_type for c in nbformat.reads(fetched_bytes.decode(), as_version=4).cells]
    fetched.locator(".item_name a").first.click()
    link = panel.locator("#fetched_assignments_list").get_by_role(
        "link", name=UNTOUCHED, exact=True
    )

    # Opened: the kernel starts and answers; nothing is unsaved and the file is as fetched.
    link.click()
    tab = page.locator(".lm-TabBar-tab.jp-mod-current")
    expect(tab).to_contain_text(f"{UNTOUCHED}.ipynb", timeout=60_000)
    wait_idle(page)
    page.wait_for_function(KERNEL_ANSWERED, timeout=UI_MS)
    page.wait_for_timeout(3_000)  # a reader's few seconds
    expect(tab).not_to_have_class(DIRTY)
    page.screenshot(path=SHOTS / "10-untouched-opened.png")
    assert path.read_bytes() == fetched_bytes, "opening the notebook rewrote its file"

    # Closed: no "Save your work" question, the file still as fetched.
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    expect(page.locator(".lm-TabBar-tab", has_text=f"{UNTOUCHED}.ipynb")).to_have_count(0)
    expect(page.locator(".jp-Dialog")).to_have_count(0)
    assert path.read_bytes() == fetched_bytes, "closing the notebook rewrote its file"

    # Reopened, the written answer clicked open (still nothing unsaved), then typed: unsaved.
    panel = assignment_list(page)
    panel.locator("#fetched_assignments_list").get_by_role(
        "link", name=UNTOUCHED, exact=True
    ).click()
    expect(tab).to_contain_text(f"{UNTOUCHED}.ipynb", timeout=60_000)
    wait_idle(page)
    notebook = page.locator(".jp-NotebookPanel:visible")
    answer = notebook.locator(".jp-MarkdownCell").filter(
        has=page.get_by_text("YOUR ANSWER HERE", exact=True)
    )
    answer.scroll_into_view_if_needed()
    answer.dblclick()
    expect(answer.locator(".cm-editor")).to_be_visible()
    expect(tab).not_to_have_class(DIRTY)
    page.keyboard.type(WRITTEN)
    page.keyboard.press("Shift+Enter")
    expect(tab).to_have_class(DIRTY)
    page.screenshot(path=SHOTS / "11-untouched-written.png")

    # File › Save Notebook writes it: nothing unsaved, the answer on disk, no cell changed kind.
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Save Notebook")).first.click()
    expect(tab).not_to_have_class(DIRTY)
    saved = nbformat.read(path, as_version=4)
    written = [c.source for c in saved.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert written == [WRITTEN]
    assert [c.cell_type for c in saved.cells] == kinds, "a cell changed kind or was added"
