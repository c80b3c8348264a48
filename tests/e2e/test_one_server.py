"""`make run` on one machine: the trainee's Assignment List and the trainer's formgrader in ONE
JupyterLab, with every server extension the course installs (``ctcourse.formgrader`` too).

In that one server a fetched module's notebook opens from the Assignment List by a click, and
formgrader's *Manage Assignments* lists the modules in course order with their titles, its
*Manual Grading* columns say what a quiz holds, and the notebook link still answers after
formgrader has been opened. Screenshots go to ``test-results/one-server/``
(git-ignored); look at them.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from coursefactory import REPO
from playwright.sync_api import Page, expect

from ctcourse.course import load_course

from .lab import UI_MS, LabServer
from .test_trainee_path import assignment_list, heading, nbgrader_menu, row

pytestmark = pytest.mark.browser

MODULE = "consent"
SHOTS = REPO / "test-results" / "one-server"
#: The server-extension switches `make setup` installs (what `make run`'s JupyterLab reads).
INSTALLED = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "ctcourse.json"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh course folder: the repository's manifest, settings and source/, nothing else."""
    root = tmp_path_factory.mktemp("one") / "course"
    root.mkdir()
    for name in ("course.yml", "nbgrader_config.py"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(
        REPO / "source", root / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    return root


@pytest.fixture(scope="module")
def one_lab(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """`make run`: ``ctcourse release --publish``, then one JupyterLab over the course."""
    server = LabServer(root=course, home=tmp_path_factory.mktemp("one-jupyter"))
    server.run("ctcourse", "release", "--publish")
    server.start()
    try:
        yield server
    finally:
        server.stop()


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
