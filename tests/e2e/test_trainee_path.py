"""The trainee's path as a person walks it, on a fresh course served the way `make run` serves it.

One JupyterLab (started like `make run`: ``ctcourse release --publish``, then ``jupyter lab``
from the course folder with the course as its root) and Debian's chromium. The trainee opens
*Nbgrader › Assignment List*, fetches the consent module, opens and runs it, answers a question
of every type by mouse and the numeric one by keyboard only, sees practice feedback, saves the
graded answers, writes the reflection, saves the notebook and submits. The trainer then runs the
README's commands (``nbgrader collect``, ``ctcourse autograde``, a manual grade in formgrader,
``nbgrader generate_feedback`` / ``release_feedback``); formgrader's own Autograde button is
refused. Finally the trainee fetches the feedback from the Assignment List, opens it and sees
each graded question's answer, score, right answer and explanation.

Screenshots of every step go to ``test-results/trainee-path/`` (git-ignored); look at them.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from coursefactory import REPO
from nbgrader.api import Gradebook
from playwright.sync_api import BrowserContext, Locator, Page, expect

from ctcourse.course import load_course
from ctcourse.formgrader import refusal
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.quiz.feedback import ICONS, describe
from ctcourse.quiz.model import Kind
from ctcourse.quiz.reader import QuizItem, read_notebook
from ctcourse.quiz.responses import LOG_NAME
from ctcourse.quiz.scoring import score
from ctcourse.quiz.strings import text

from .lab import (
    UI_MS,
    LabServer,
    course_copy,
    make_run_lab,
    question,
    question_cells,
    read_log,
    run_all_cells,
)

pytestmark = pytest.mark.browser

EN = "en"
MODULE = "consent"
SHOTS = REPO / "test-results" / "trainee-path"
TRAINEE = pwd.getpwuid(os.getuid()).pw_name  # nbgrader's student id: the OS user
REFLECTION = (
    "I would tell Olena that her consent does not matter once she was deceived and put in debt, "
    "and refer her to the local social protection department for the status procedure."
)
MANUAL_POINTS = 2
# The question answered with the keyboard only, and the one answered partly wrong on purpose
# (so the feedback's "correct answer" differs from the trainee's).
BY_KEYBOARD = "consent.child-age"
PARTLY_WRONG = "consent.olena-indicators"


# -- the course, served like `make run` ---------------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh course folder: the repository's manifest, settings and source/, nothing else."""
    return course_copy(tmp_path_factory.mktemp("path"), REPO)


@pytest.fixture(scope="module")
def course_lab(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """`make run` on the course: ``ctcourse release --publish``, then JupyterLab over it."""
    with make_run_lab(course, tmp_path_factory.mktemp("path-jupyter")) as server:
        yield server


def make_run_commands() -> list[str]:
    """The commands `make run` executes, as make prints them."""
    done = subprocess.run(
        ["make", "-s", "-n", "run", "PORT=8765"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    # A recipe line continued with "\\" is one shell command.
    joined = done.stdout.replace("\\\n", " ")
    return [line for line in joined.splitlines() if not line.startswith("echo")]


def test_make_run_serves_the_course_as_this_test_does() -> None:
    """`make run` publishes the course, starts the grading service's two lanes beside it, then
    `jupyter lab` rooted at the course folder: what ``course_lab`` does (plus a token and a free
    port; the service is tested in tests/autograder_service)."""
    commands = make_run_commands()
    assert commands[-2].split()[-2:] == ["release", "--publish"]
    *service, last = commands[-1].split("; ")
    lanes = [part.split(" --lane ")[1].split()[0] for part in service if "--lane" in part]
    assert lanes == ["quiz", "code"] and all(
        "ctcourse.autograder_service" in s for s in service[:2]
    )
    lab = last.split()
    assert lab[0].endswith("/jupyter") and lab[1] == "lab", lab
    assert f"--ServerApp.root_dir={REPO}" in lab
    assert {a.split("=")[0] for a in lab[2:]} <= {
        "--no-browser",
        "--ip",
        "--port",
        "--allow-root",
        "--ServerApp.root_dir",
    }, "make run passes Lab settings this test does not"


# -- the trainee's answers -------------------------------------------------------------------


def keys() -> dict[str, QuizItem]:
    return {
        i.question.id: i for i in read_notebook(REPO / "source" / MODULE / "consent.ipynb").items
    }


def chosen(item: QuizItem) -> Any:
    """The answer the trainee gives: the key, except one question answered partly wrong."""
    if item.question.id == PARTLY_WRONG:
        return item.key[:-1]
    return item.key


def _labels(item: QuizItem, answer: Any) -> list[str]:
    q = item.question
    if q.kind is Kind.TRUE_FALSE:
        return [text(EN, "true" if answer else "false")]
    return [q.label(k) for k in (answer if isinstance(answer, list) else [answer])]


def answer_by_mouse(box: Locator, item: QuizItem, answer: Any) -> None:
    """Click (or pick from menus) the answer into a question's controls."""
    q = item.question
    if q.kind in (Kind.SINGLE_CHOICE, Kind.TRUE_FALSE):
        box.get_by_role("radio", name=_labels(item, answer)[0], exact=True).click()
    elif q.kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS):
        wanted = set(_labels(item, answer))
        for key in q.option_keys:
            box.get_by_role("checkbox", name=q.label(key), exact=True).set_checked(
                q.label(key) in wanted
            )
    elif q.kind is Kind.MATCHING:
        for left, right in answer.items():
            menu = box.get_by_role("combobox", name=q.label(left), exact=True)
            menu.select_option(label=q.label(right))
    elif q.kind is Kind.ORDERING:
        for step, key in enumerate(answer, start=1):
            menu = box.get_by_role("combobox", name=text(EN, "step", n=step), exact=True)
            menu.select_option(label=q.label(key))
    else:
        raise AssertionError(f"{q.id}: {q.kind} is answered by keyboard in this test")


def answer_by_keyboard(page: Page, box: Locator, item: QuizItem, answer: Any) -> None:
    """Focus the number field, type, Tab to the Save button and press Enter: no mouse."""
    field = box.get_by_role("textbox", name=text(EN, "number"))
    field.focus()
    page.keyboard.type(f"{answer:g}")  # at full speed
    expect(field).to_have_value(f"{answer:g}")
    page.keyboard.press("Tab")
    save = box.get_by_role("button", name=text(EN, "save"))
    expect(save).to_be_focused()
    page.keyboard.press("Enter")


def _plain(markdown: str) -> str:
    """The start of an explanation as rendered text (Markdown marks and links dropped)."""
    first = markdown.strip().splitlines()[0]
    first = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", first)
    return re.sub(r"[*_`]+", "", first).strip()[:60]


# -- page steps ------------------------------------------------------------------------------


def shot(page: Page, name: str) -> None:
    page.screenshot(path=SHOTS / f"{name}.png")


def nbgrader_menu(page: Page, item: str) -> None:
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name=item, exact=True).click()


def assignment_list(page: Page) -> Locator:
    nbgrader_menu(page, "Assignment List")
    panel = page.locator("#assignments")
    expect(panel).to_be_visible()
    return panel


def row(panel: Locator, section: str, module: str) -> Locator:
    """The row of ``module`` in one section of the Assignment List (released, fetched, ...),
    found by the id shown after its title."""
    rows = panel.locator(f"#{section}_assignments_list > .list_item")
    name = panel.page.locator(".item_name", has_text=re.compile(rf"\({re.escape(module)}\)\s*$"))
    return rows.filter(has=name)


def heading(course: Path, module: str) -> str:
    """The title a module's notebook opens with."""
    nb = nbformat.read(course / "source" / module / f"{module}.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "markdown")
    return first.source.splitlines()[0].removeprefix("# ").strip()


def wait_idle(page: Page) -> None:
    expect(page.locator("#jp-main-statusbar")).to_contain_text(
        re.compile(r"\(ipykernel\) \| Idle"), timeout=60_000
    )


def write_answer(page: Page, notebook: Locator, answer: str) -> None:
    """Double-click the written answer, type ``answer`` without delays, press Shift+Enter."""
    placeholder = page.get_by_text("YOUR ANSWER HERE", exact=True)
    answer_cell = notebook.locator(".jp-MarkdownCell").filter(has=placeholder)
    answer_cell.scroll_into_view_if_needed()
    answer_cell.dblclick()
    page.keyboard.type(answer)
    page.keyboard.press("Shift+Enter")


def written_answers(path: Path) -> list[str]:
    cells = nbformat.read(path, as_version=4).cells
    return [c.source.strip() for c in cells if c.metadata.get("nbgrader", {}).get("solution")]


# -- the path --------------------------------------------------------------------------------


def test_trainee_path_from_fetch_to_feedback(
    lab_page: Page, context: BrowserContext, course_lab: LabServer, course: Path
) -> None:
    page = lab_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    items = keys()
    manifest = load_course(course)

    # 1. The Assignment List lists every module of course.yml, ready to fetch.
    # A new workspace (not `?reset`: Lab resets again when a link changes the URL's hash).
    page.goto(
        f"{course_lab.url}/lab/workspaces/path-{secrets.token_hex(4)}?token={course_lab.token}"
    )
    # Each module by its number in course.yml, its title (its notebook's heading) and its id.
    panel = assignment_list(page)
    for number, module in enumerate(manifest.modules, start=1):
        released = row(panel, "released", module.id)
        expect(released).to_have_count(1, timeout=UI_MS)
        shown = f"{number}. {heading(course, module.id)} ({module.id})"
        expect(released.locator(".item_name")).to_have_text(shown)
        expect(released.get_by_role("button", name="Fetch")).to_be_visible()
    names = panel.locator("#released_assignments_list > .list_item .item_name")
    assert [n.rsplit("(", 1)[1] for n in names.all_inner_texts()] == [
        f"{m.id})" for m in manifest.modules
    ], "the Assignment List is not in the order of course.yml"
    shot(page, "01-assignment-list")

    # 2. Fetch the consent module and open its notebook from the list.
    row(panel, "released", MODULE).get_by_role("button", name="Fetch").click()
    fetched = row(panel, "fetched", MODULE)
    expect(fetched.get_by_role("button", name="Submit")).to_be_visible()
    folder = course / "trainee-work" / MODULE
    assert (folder / "consent.ipynb").is_file()
    fetched.locator(".item_name a").first.click()  # expands the module's notebooks
    shot(page, "02-fetched")
    fetched_list = panel.locator("#fetched_assignments_list")
    fetched_list.get_by_role("link", name="consent", exact=True).click()
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    wait_idle(page)
    title = page.locator(".jp-NotebookPanel .jp-MarkdownCell h1").first
    expect(title).to_have_text(re.compile(re.escape(manifest.module(MODULE).title)))
    shot(page, "03-opened")

    # 3. Run it: the questions appear once, as widgets; their code stays collapsed.
    run_all_cells(page, question_cells(folder / "consent.ipynb"))
    notebook = page.locator(".jp-NotebookPanel").first
    for item in items.values():
        expect(question(page, item.question.prompt)).to_have_count(1)
    editors = notebook.locator(".jp-CodeCell .jp-InputArea-editor")
    expect(editors.filter(has_text="quiz.").filter(visible=True)).to_have_count(0)
    practice_key = items["consent.three-elements"].question.explanation
    expect(notebook).not_to_contain_text(_plain(practice_key))  # no key before the first check
    shot(page, "04-ran")

    # 4. Practice questions by mouse: instant feedback.
    for qid in ("consent.three-elements", "consent.which-means", "consent.adult-needs-means"):
        item = items[qid]
        box = question(page, item.question.prompt)
        box.scroll_into_view_if_needed()
        answer_by_mouse(box, item, item.key)
        box.get_by_role("button", name=text(EN, "check")).click()
        expect(box.get_by_role("status")).to_contain_text(
            f"{ICONS['correct']} {text(EN, 'correct')}"
        )
        expect(box).to_contain_text(_plain(item.question.explanation))
    item = items["consent.timeline"]
    box = question(page, item.question.prompt)
    box.scroll_into_view_if_needed()
    answer_by_mouse(box, item, item.key)
    box.get_by_role("button", name=text(EN, "check")).click()
    expect(box.get_by_role("status")).to_contain_text(text(EN, "correct"))
    shot(page, "05-practice-feedback")

    # 5. Graded questions: by mouse, and the numeric one by keyboard only; each is saved.
    graded = [i for i in items.values() if i.graded]
    for item in graded:
        box = question(page, item.question.prompt)
        box.scroll_into_view_if_needed()
        if item.question.id == BY_KEYBOARD:
            answer_by_keyboard(page, box, item, chosen(item))
        else:
            answer_by_mouse(box, item, chosen(item))
            box.get_by_role("button", name=text(EN, "save")).click()
        expect(box.get_by_role("status")).to_contain_text(text(EN, "saved"))
        box.screenshot(path=SHOTS / f"06-graded-{item.question.id}.png")
    kinds = {i.question.kind for i in items.values()}
    assert kinds == set(Kind), f"the module misses question types: {set(Kind) - kinds}"
    saved = {e["qid"]: e["answer"] for e in read_log(folder / LOG_NAME) if e["mode"] == "graded"}
    assert saved == {i.question.id: chosen(i) for i in graded}

    # 6. The written answer as the lesson says: double-click, type (at full speed), Shift+Enter;
    # then File › Save Notebook. No cell changes kind.
    kinds = [c.cell_type for c in nbformat.read(folder / "consent.ipynb", as_version=4).cells]
    write_answer(page, notebook, REFLECTION)
    expect(notebook.locator(".jp-MarkdownCell").filter(has_text=REFLECTION[:40])).to_be_visible()
    shot(page, "07-reflection")
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Save Notebook")).first.click()
    saved_nb = _wait_saved(folder / "consent.ipynb")
    written = [c for c in saved_nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [c.source.strip() for c in written] == [REFLECTION]
    assert [c.cell_type for c in saved_nb.cells] == kinds, "a cell changed kind or was added"

    # 7. Submit from the Assignment List.
    panel = assignment_list(page)
    row(panel, "fetched", MODULE).get_by_role("button", name="Submit").click()
    submitted = row(panel, "submitted", MODULE)
    expect(submitted).to_have_count(1)
    expect(submitted.get_by_role("button", name="Fetch Feedback")).to_be_visible()
    shot(page, "08-submitted")

    # 8. The trainer, by the README: collect, autograde, grade the written answer, feedback.
    course_lab.run("nbgrader", "collect", MODULE)
    assert (course / "submitted" / TRAINEE / MODULE / LOG_NAME).is_file()
    assert written_answers(course / "submitted" / TRAINEE / MODULE / "consent.ipynb") == [
        REFLECTION
    ]
    out = course_lab.run("ctcourse", "autograde", MODULE)
    assert f"{TRAINEE}/{MODULE}" in out or "1" in out
    trainer = context.new_page()
    grade_written_answer(trainer, course_lab)
    before = gradebook(course)
    refused = formgrader_autograde(course_lab)
    assert refused["success"] is False
    assert refusal(MODULE) in refused.get("log", "") + refused.get("error", "")
    assert gradebook(course) == before, "formgrader's Autograde changed the gradebook"
    trainer.close()
    course_lab.run("nbgrader", "generate_feedback", MODULE)
    course_lab.run("nbgrader", "release_feedback", MODULE)

    # 9. The trainee fetches the feedback from the Assignment List and opens it.
    page.bring_to_front()
    panel = assignment_list(page)
    panel.locator("#refresh_assignments_list").click()
    submitted = row(panel, "submitted", MODULE)
    submitted.get_by_role("button", name="Fetch Feedback").click()
    view = panel.get_by_text("(view feedback)")
    expect(view).to_be_visible()
    shot(page, "09-feedback-fetched")
    view.click()
    html = page.locator(".jp-DirListing-item", has_text="consent.html")
    expect(html).to_be_visible()
    html.dblclick()
    feedback = page.frame_locator(".jp-HTMLViewer iframe").locator("body")
    expect(feedback).to_contain_text(manifest.module(MODULE).title, timeout=UI_MS)
    for item in graded:
        answer = chosen(item)
        got = score(item.question, item.key, answer)
        q = item.question
        expect(feedback).to_contain_text(
            text(EN, "score", points=got.points, max_points=got.max_points)
        )
        expect(feedback).to_contain_text(f"{text(EN, 'your_answer')}: {describe(q, answer, EN)}")
        expect(feedback).to_contain_text(
            f"{text(EN, 'correct_answer')}: {describe(q, item.key, EN)}"
        )
        expect(feedback).to_contain_text(_plain(q.explanation))
    expect(feedback).to_contain_text(REFLECTION[:40])
    shot(page, "10-feedback")
    partly = items[PARTLY_WRONG]
    right = f"{text(EN, 'correct_answer')}: {describe(partly.question, partly.key, EN)}"
    page.frame_locator(".jp-HTMLViewer iframe").get_by_text(
        right
    ).first.scroll_into_view_if_needed()
    shot(page, "11-feedback-question")
    grades = gradebook(course)
    assert grades["consent_reflection"] == (MANUAL_POINTS, False)
    assert grades[items[PARTLY_WRONG].question.grade_id][0] < items[PARTLY_WRONG].question.points


UNSAVED = "Written and submitted without saving: Submit saves the notebook first."


def test_submit_saves_the_open_notebook_first(
    lab_page: Page, course_lab: LabServer, course: Path
) -> None:
    """A trainee who writes the answer and presses Submit without saving submits the answer."""
    page = lab_page
    module = "referral"
    page.goto(
        f"{course_lab.url}/lab/workspaces/unsaved-{secrets.token_hex(4)}?token={course_lab.token}"
    )
    panel = assignment_list(page)
    row(panel, "released", module).get_by_role("button", name="Fetch").click()
    fetched = row(panel, "fetched", module)
    expect(fetched.get_by_role("button", name="Submit")).to_be_visible()
    fetched.locator(".item_name a").first.click()
    panel.locator("#fetched_assignments_list").get_by_role("link", name=module, exact=True).click()
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    notebook = page.locator(".jp-NotebookPanel").first
    write_answer(page, notebook, UNSAVED)
    panel = assignment_list(page)
    row(panel, "fetched", module).get_by_role("button", name="Submit").click()
    expect(row(panel, "submitted", module)).to_have_count(1)
    shot(page, "12-submitted-unsaved")
    course_lab.run("nbgrader", "collect", module)
    submitted = course / "submitted" / TRAINEE / module / f"{module}.ipynb"
    assert written_answers(submitted) == [UNSAVED]


def _wait_saved(path: Path) -> nbformat.NotebookNode:
    """The notebook on disk once the written answer has reached it (saving is asynchronous)."""
    deadline = time.monotonic() + UI_MS / 1000
    while True:
        try:
            nb = nbformat.read(path, as_version=4)
        except nbformat.reader.NotJSONError:  # caught while the server rewrites it
            nb = None
        done = nb is not None and any(REFLECTION in c.source for c in nb.cells)
        if done or (nb is not None and time.monotonic() > deadline):
            return nb
        time.sleep(0.2)


def grade_written_answer(page: Page, lab: LabServer) -> None:
    """Formgrader › Manual Grading › module › notebook › submission: points for the written answer.

    The course's formgrader lists the module as the Assignment List does ("2. Consent … (consent)");
    its notebook keeps its file name."""
    page.goto(f"{lab.url}/formgrader/gradebook?token={lab.token}")
    number = [m.id for m in load_course(lab.root).modules].index(MODULE) + 1
    label = f"{number}. {heading(lab.root, MODULE)} ({MODULE})"
    page.get_by_role("link", name=label, exact=True).click()
    page.get_by_role("link", name="consent", exact=True).click()
    page.get_by_role("link", name="Submission #1", exact=True).click()
    score_box = page.locator("input.score#consent_reflection")
    expect(score_box).to_be_visible()
    expect(page.locator("body")).to_contain_text(REFLECTION[:40])
    # Formgrader binds its inputs once it has loaded the grades, then marks the ones to grade.
    expect(score_box).to_have_class(re.compile(r"\bneeds_manual_grade\b"), timeout=60_000)
    score_box.fill(str(MANUAL_POINTS))
    score_box.press("Tab")
    deadline = time.monotonic() + 60
    while gradebook(lab.root)["consent_reflection"][0] != MANUAL_POINTS:
        assert time.monotonic() < deadline, "the manual grade was not saved"
        time.sleep(0.2)
    score_box.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "trainer-manual-grade.png")


def formgrader_autograde(lab: LabServer) -> dict:
    """POST formgrader's own Autograde endpoint for the trainee (what its button does)."""
    request = urllib.request.Request(
        f"{lab.url}/formgrader/api/submission/{MODULE}/{TRAINEE}/autograde",
        method="POST",
        data=b"",
        headers={"Authorization": f"token {lab.token}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def gradebook(root: Path) -> dict[str, tuple[float | None, bool]]:
    """Each grade of the trainee's submission: (score, needs manual grade)."""
    course = load_course(root)
    with Gradebook(gradebook_url(root, {}), course.id) as gb:
        submission = gb.find_submission(MODULE, TRAINEE)
        return {
            g.name: (g.score, g.needs_manual_grade)
            for nb in submission.notebooks
            for g in nb.grades
        }


# -- Ukrainian: nothing cut off --------------------------------------------------------------

# Every button, label and drop-down of the questions; a drop-down is measured with its longest
# option chosen (a <select> draws its value inside, so its text is measured on a canvas).
CUT_OFF = """
(elements) => {
  const canvas = document.createElement("canvas").getContext("2d");
  const cut = [];
  for (const el of elements) {
    if (el.offsetParent === null) continue;
    let wide = el.scrollWidth > el.clientWidth + 1;
    let shown = (el.innerText || "").trim();
    if (el.tagName === "SELECT") {
      const style = getComputedStyle(el);
      canvas.font = style.font;
      shown = el.options[el.selectedIndex] ? el.options[el.selectedIndex].text : "";
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
      wide = canvas.measureText(shown).width > room;
    }
    if (wide) cut.push(`${el.tagName.toLowerCase()} "${shown}" (${el.clientWidth}px)`);
  }
  return cut;
}
"""
CONTROLS = "button, label, .widget-label, select"


@pytest.fixture(scope="module")
def uk_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab with CTCOURSE_LANG=uk serving a copy of the released consent module."""
    root = tmp_path_factory.mktemp("uk-served")
    shutil.copytree(REPO / "release" / MODULE, root / MODULE)
    server = LabServer(root=root, home=tmp_path_factory.mktemp("uk-jupyter"), language="uk")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_ukrainian_controls_are_not_cut_off(lab_page: Page, uk_lab: LabServer) -> None:
    page = lab_page
    notebook = f"{MODULE}/consent.ipynb"
    page.goto(uk_lab.lab_url(notebook), timeout=60_000)
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    wait_idle(page)
    run_all_cells(page, question_cells(uk_lab.root / notebook))
    expect(page.get_by_role("button", name=text("uk", "check")).first).to_be_visible()
    for menu in page.locator(".ctcourse-question select").all():
        labels = menu.locator("option").all_text_contents()
        menu.select_option(index=max(range(len(labels)), key=lambda i: len(labels[i])))
    cut = []
    for number, box in enumerate(page.locator(".ctcourse-question").all(), start=1):
        box.scroll_into_view_if_needed()  # cells out of view are not laid out
        cut += box.locator(CONTROLS).evaluate_all(CUT_OFF)
        box.screenshot(path=SHOTS / f"uk-question-{number:02d}.png")
    assert cut == [], "cut off in Ukrainian:\n" + "\n".join(cut)
