"""A trainee's written answer is inert in the trainer's formgrader page and in feedback pages.

Debian's chromium opens the real formgrader submission page (``/formgrader`` on a real
JupyterLab serving the course) and the feedback HTML ``nbgrader generate_feedback`` wrote: the
answer's text is shown, and none of its script runs (no handler, no ``<script>``, no dialog).
Screenshots go to ``test-results/grading-inert-html/`` (git-ignored).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cohort import released_course, save_submission, write_submission
from coursefactory import REPO
from e2e.lab import CHROMIUM, CHROMIUM_ARGS, LabServer
from nbgrader.api import Gradebook
from playwright.sync_api import Page, Playwright, expect

from ctcourse.cli import main

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing"),
]
SHOTS = REPO / "test-results" / "grading-inert-html"
MARK = "document.body.setAttribute('data-pwned', '1')"
ANSWER = (
    "Consent obtained by deception is irrelevant. "
    f'<img src=x onerror="{MARK}"> <script>{MARK}</script> '
    f'<svg onload="{MARK}"></svg> <a href="javascript:{MARK}">more</a>'
    f'\n\n> As the protocol says <b onmouseover="{MARK}">(quoted)</b>'
)


def _hostile_course(root: Path) -> Path:
    released_course(root)
    nb, lines = write_submission(root, "mallory", "quiz", {"t.single": "b"})
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = ANSWER
    save_submission(root, "mallory", "quiz", nb, lines)
    assert main(["autograde", "quiz", "--root", str(root)]) == 0
    nbgrader = Path(sys.executable).parent / "nbgrader"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    done = subprocess.run(
        [str(nbgrader), "generate_feedback", "quiz"], cwd=root, env=env, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return root


def _assert_inert(page: Page, name: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    expect(page.get_by_text("Consent obtained by deception is irrelevant.")).to_be_visible()
    expect(page.get_by_text("<img src=x onerror=", exact=False)).to_be_visible()
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    expect(page.locator("body[data-pwned]")).to_have_count(0)
    assert page.locator("script", has_text="data-pwned").count() == 0
    assert not dialogs


def test_written_answers_are_text_in_formgrader_and_feedback(
    tmp_path: Path, playwright: Playwright
):
    """pytest-playwright's one Playwright of the session: a second one cannot start in it."""
    root = _hostile_course(tmp_path / "course")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "testcourse") as gb:
        notebook_id = gb.find_submission_notebook("lesson", "quiz", "mallory").id
    lab = LabServer(root, tmp_path / "home").start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"{lab.url}/formgrader/submissions/{notebook_id}/?token={lab.token}")
            expect(page.locator(".nbgrader_cell").first).to_be_visible(timeout=60_000)
            _assert_inert(page, "formgrader")
            feedback = root / "feedback/mallory/quiz/lesson.html"
            page.goto(feedback.as_uri())
            _assert_inert(page, "feedback")
            quote = page.locator("blockquote", has_text="As the protocol says")
            expect(quote).to_have_count(1)  # a Markdown quote stays a quote, not "&gt; …"
            quote.hover()
            expect(page.locator("body[data-pwned]")).to_have_count(0)
            toc = page.locator("#toc li a")
            expect(toc.first).to_have_text("Pick b")
            assert "Test cell" not in toc.all_inner_texts()
        finally:
            browser.close()
    finally:
        lab.stop()
