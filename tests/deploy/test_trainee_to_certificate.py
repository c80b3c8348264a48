"""A trainee's whole course on the real hub, from Submit to the certificate, in a browser.

A new trainee (signed up, approved by the trainer) hands in every module that counts: all but
the last through their own server's Assignment List endpoints (Fetch, answers, a written answer,
Submit: what the Lab's buttons call), the last one, the final test, in a real browser
(Модулі курсу → Отримати → open → run → answer → Надіслати). The trainer grades the written
answers as a trainer does, through formgrader's API on the hub with their own token; the modules
wait for that grade (``after-manual-grading``, the default in course.yml). After the last Submit
nobody acts: the grading service grades the final test, returns its feedback and issues the
certificate, and the trainee sees, in Ukrainian, their status page saying feedback ready, the
feedback in the Assignment List and ``сертифікат.pdf`` in their home in JupyterLab's file
browser; the downloaded PDF names them and its code is accepted by ``ctcourse certificate
verify``. Screenshots of each step go to ``$TMPDIR/ctcourse-desk-shots/`` (``SHOTS``)."""

from __future__ import annotations

import io
import pwd
import re
import secrets
import time
from pathlib import Path

import pytest
from e2e.lab import KERNEL_IDLE_MS, RUN_ALL_MS, UI_MS, question_cells
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from ctcourse.autograder_service.queue import GRADED, RELEASED
from ctcourse.autograder_service.service import CERTIFICATE_NAME
from ctcourse.autograder_service.status import PAGE_NAME, WORDS
from ctcourse.course import Course, load_course
from ctcourse.editions import edition_source_dir
from ctcourse.quiz.editions import localized
from ctcourse.quiz.model import Kind, Question
from ctcourse.quiz.reader import QuizItem, read_notebook
from ctcourse.quiz.responses import LOG_NAME, Event, now
from ctcourse.quiz.strings import text
from ctcourse.reports.certify import required_modules

from .conftest import People
from .hubclient import Hub, Person, ServerClient
from .hubserver import HubServer
from .test_desk_browser import SHOTS, _log_in
from .test_grading_on_submit import _wait
from .test_hub_course import BIN, as_account

pytestmark = [pytest.mark.browser, pytest.mark.slow]
UK = "uk"
IDLE_UK = re.compile(r"\(ipykernel\) \| Очікування")  # "Idle" in JupyterLab's Ukrainian
READY = WORDS[UK][RELEASED].split(":")[0]  # «Відгук готовий»
WAITS_FOR_TRAINER = WORDS[UK][GRADED].format(when=WORDS[UK]["when_manual"])
WRITTEN = "Спершу запитаю, чи безпечно їй говорити зараз, і поясню, що рішення за нею."
CODE = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){3,}\b")


def _items(course: Course, module: str) -> list[QuizItem]:
    """The graded questions of a module, in notebook order, as the cohort's edition words them."""
    notebook = edition_source_dir(course, UK) / module / f"{module}.ipynb"
    return [i for i in read_notebook(notebook).items if i.graded]


def _hand_in(server: ServerClient, course: Course, module: str) -> None:
    """What a trainee does in the Assignment List for one module: Fetch, answer every graded
    question right (the quiz's responses log), write the written answer, save, Submit."""
    server.act("fetch", course.id, module)
    log = "".join(
        Event(i.question.id, i.key, "graded", 1, now()).to_json() + "\n"
        for i in _items(course, module)
    )
    server.put_text(f"{module}/{LOG_NAME}", log)
    path = f"/api/contents/{module}/{module}.ipynb"
    nb = server.request("GET", path).json()["content"]
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and cell["metadata"].get("nbgrader", {}).get("solution"):
            cell["source"] = WRITTEN
    body = {"type": "notebook", "format": "json", "content": nb}
    server.request("PUT", path, json=body).raise_for_status()
    server.act("submit", course.id, module)


def _ungraded(trainer: ServerClient, trainee: str, module: str) -> list[dict]:
    """The trainee's written answers in ``module`` that wait for a grade, as formgrader lists
    them (none before the module is graded)."""
    listed = trainer.request(
        "GET", f"/formgrader/api/student_notebook_submissions/{trainee}/{module}"
    )
    if not listed.ok:
        return []
    waiting = []
    for notebook in listed.json():
        if notebook.get("id") is None:
            continue
        grades = trainer.request(
            "GET", "/formgrader/api/grades", params={"submission_id": notebook["id"]}
        )
        waiting += [g for g in grades.json() if g["needs_manual_grade"]] if grades.ok else []
    return waiting


def _assignment_list(page: Page) -> Locator:
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Модулі курсу", exact=True).click()
    panel = page.locator("#assignments")
    expect(panel).to_be_visible()
    return panel


def _row(panel: Locator, section: str, module: str) -> Locator:
    rows = panel.locator(f"#{section}_assignments_list > .list_item")
    return rows.filter(has=panel.page.locator(".item_name", has_text=f"({module})"))


def _labels(q: Question, answer: object) -> list[str]:
    if q.kind is Kind.TRUE_FALSE:
        return [text(UK, "true" if answer else "false")]
    return [q.label(k) for k in (answer if isinstance(answer, list) else [answer])]


def _answer(box: Locator, item: QuizItem) -> None:
    """Click (or pick from menus) the right answer into a question's controls and save it."""
    q, key = localized(item.question, UK), item.key  # the ILO's indicators in Ukrainian
    if q.kind in (Kind.SINGLE_CHOICE, Kind.TRUE_FALSE):
        box.get_by_role("radio", name=_labels(q, key)[0], exact=True).click()
    elif q.kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS):
        wanted = set(_labels(q, key))
        for option in q.option_keys:
            box.get_by_role("checkbox", name=q.label(option), exact=True).set_checked(
                q.label(option) in wanted
            )
    elif q.kind is Kind.MATCHING:
        for left, right in key.items():
            box.get_by_role("combobox", name=q.label(left), exact=True).select_option(
                label=q.label(right)
            )
    elif q.kind is Kind.ORDERING:
        for step, option in enumerate(key, start=1):
            box.get_by_role("combobox", name=text(UK, "step", n=step), exact=True).select_option(
                label=q.label(option)
            )
    else:
        box.get_by_role("textbox").fill(f"{key:g}")
    box.get_by_role("button", name=text(UK, "save")).click()
    expect(box.get_by_role("status")).to_contain_text(text(UK, "saved"))


def test_a_trainee_goes_from_submit_to_the_certificate_with_no_trainer_at_a_terminal(
    page: Page, hub_server: HubServer, hub: Hub, people: People
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_default_timeout(60_000)
    course = load_course(hub_server.layout.course)
    fay = Person(hub_server.url, hub_server.name("fay"), "fay-pass-8830127")
    fay.sign_up()
    assert people.trainer.approve(fay.name).ok and fay.log_in()
    hub.start_server(fay.name)
    home = Path(pwd.getpwnam(fay.name).pw_dir)
    status = home / PAGE_NAME[UK]
    certificate = home / CERTIFICATE_NAME[UK]
    required = required_modules(course)
    last, earlier = required[-1], required[:-1]

    # Every module that counts but the last, handed in through Fay's own server.
    server = hub.server(fay.name)
    for module in earlier:
        _hand_in(server, course, module)

    # The last one in the browser: Модулі курсу → Отримати → open → run → answer.
    _log_in(page, hub_server, fay.name, fay.password)
    page.goto(f"{hub_server.url}/user/{fay.name}/lab/workspaces/cert-{secrets.token_hex(4)}")
    panel = _assignment_list(page)
    _row(panel, "released", last).get_by_role("button", name="Отримати", exact=True).click()
    fetched = _row(panel, "fetched", last)
    expect(fetched.get_by_role("button", name="Надіслати", exact=True)).to_be_visible()
    page.screenshot(path=SHOTS / "20-trainee-fetched-last-module.png")
    fetched.locator(".item_name a").first.click()
    panel.locator("#fetched_assignments_list").get_by_role("link", name=last, exact=True).click()
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible()
    bar = page.locator("#jp-main-statusbar")
    expect(bar).to_contain_text(IDLE_UK, timeout=KERNEL_IDLE_MS)
    page.get_by_role("menuitem", name="Виконати", exact=True).click()
    page.get_by_role("menuitem", name="Запустити всі клітинки", exact=True).click()
    boxes = page.locator(".jp-NotebookPanel .ctcourse-question")
    expect(boxes).to_have_count(question_cells(home / last / f"{last}.ipynb"), timeout=RUN_ALL_MS)
    expect(bar).to_contain_text(IDLE_UK, timeout=RUN_ALL_MS)
    items = _items(course, last)
    assert boxes.count() == len(items), "the last module has questions that are not graded"
    for n, item in enumerate(items):
        box = boxes.nth(n)
        box.scroll_into_view_if_needed()
        _answer(box, item)
    page.screenshot(path=SHOTS / "21-trainee-last-module-answered.png")

    # Meanwhile the service graded the earlier modules; their written answers wait for the
    # trainer, and Fay's status page says so.
    def waits() -> bool:
        return status.exists() and (
            status.read_text("utf-8").count(WAITS_FOR_TRAINER) == len(earlier)
        )

    _wait(waits, "every earlier module graded and waiting for the trainer", hub_server)
    trainer = ServerClient(
        f"{hub_server.url}/user/{hub_server.layout.grader_user}",
        hub.user_token(people.trainer.name),
    )
    for module in earlier:
        written = _ungraded(trainer, fay.name, module)
        assert written, f"{module}: no written answer waits in formgrader"
        for grade in written:
            trainer.request(
                "PUT", f"/formgrader/api/grade/{grade['id']}",
                json={"manual_score": grade["max_score"], "extra_credit": None},
            ).raise_for_status()  # fmt: skip
        assert not _ungraded(trainer, fay.name, module)
    assert not certificate.exists(), "a certificate before the last module was handed in"

    # Надіслати. From here on nobody acts.
    submitted_at = time.monotonic()
    panel = _assignment_list(page)
    _row(panel, "fetched", last).get_by_role("button", name="Надіслати", exact=True).click()
    submitted = _row(panel, "submitted", last)
    expect(submitted.get_by_role("button", name="Отримати відгук", exact=True)).to_be_visible()
    submitted.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "22-trainee-last-module-submitted.png")

    def done() -> bool:
        page_text = status.read_text("utf-8") if status.exists() else ""
        return certificate.exists() and (
            page_text.count(READY) == len(required) and CERTIFICATE_NAME[UK] in page_text
        )

    _wait(done, "every module's feedback ready and the certificate delivered", hub_server)
    delivered = time.monotonic() - submitted_at

    # The status page in her home.
    page.goto(f"{hub_server.url}/user/{fay.name}/files/{status.name}")
    expect(page.get_by_text(READY)).to_have_count(len(required))
    expect(page.get_by_text(CERTIFICATE_NAME[UK])).to_be_visible()
    page.screenshot(path=SHOTS / "23-trainee-status-all-ready.png", full_page=True)

    # The feedback, fetched and opened from the Assignment List.
    page.goto(f"{hub_server.url}/user/{fay.name}/lab/workspaces/cert-{secrets.token_hex(4)}")
    panel = _assignment_list(page)
    submitted = _row(panel, "submitted", last)
    submitted.get_by_role("button", name="Отримати відгук", exact=True).click()
    view = submitted.get_by_text("(переглянути відгук)")
    expect(view).to_be_visible(timeout=UI_MS)
    page.screenshot(path=SHOTS / "24-trainee-feedback-fetched.png")
    view.click()
    page.locator(".jp-DirListing-item", has_text=f"{last}.html").dblclick()
    feedback = page.frame_locator(".jp-HTMLViewer iframe").locator("body")
    expect(feedback).to_contain_text(text(UK, "correct_answer"), timeout=UI_MS)
    first = items[0].question.points
    expect(feedback).to_contain_text(text(UK, "score", points=first, max_points=first))
    total = sum(i.question.points for i in items)
    expect(feedback.locator("h4").first).to_contain_text(f"Бали: {total:.1f} / {total:.1f}")
    for english in ("Score:", "Student's answer", "Grade cell", "(Top)"):  # nbgrader's words
        expect(feedback).not_to_contain_text(english)
    page.screenshot(path=SHOTS / "25-trainee-feedback.png")
    frame = page.frame_locator(".jp-HTMLViewer iframe")
    frame.get_by_text(text(UK, "correct_answer")).nth(1).scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "25a-trainee-feedback-question.png")

    # The certificate in her home folder, in the file browser; downloaded and checked.
    page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").click()
    listed = page.locator(".jp-DirListing-item", has_text=CERTIFICATE_NAME[UK])
    expect(listed).to_be_visible()
    listed.click()
    page.screenshot(path=SHOTS / "26-trainee-certificate-in-home.png")
    listed.click(button="right")
    with page.expect_download() as download:
        page.get_by_role("menuitem", name="Завантажити", exact=True).click()
    download.value.save_as(SHOTS / "27-trainee-certificate.pdf")  # for a person to look at
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    words = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert fay.name in "".join(words.split()), words
    code = CODE.search(words)
    assert code, words
    verified = as_account(
        hub_server.layout.grader_user,
        [str(BIN / "ctcourse"), "certificate", "verify", code.group(), "--root",
         str(hub_server.layout.course)],
        hub_server,
    )  # fmt: skip
    assert verified.returncode == 0 and "valid" in verified.stdout, verified
    print(f"Submit of the last module to the certificate in her home: {delivered:.1f} s")
