"""A trainee's quiz in a real browser: Debian's chromium, JupyterLab, ipywidgets, the responses log.

Each test opens a copy of a released (student) notebook in JupyterLab, runs all cells from the
Run menu, answers a practice question wrongly then rightly by clicking, answers a graded
question (typing a number when the module has a numeric one), checks the feedback, the
"Answer saved" confirmation and the new lines of ``responses.jsonl``, then opens the notebook
again and checks that the graded answer is restored into its control.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from coursefactory import REPO, make_course, sample_notebook  # tests/ is on sys.path
from playwright.sync_api import Locator, Page, expect

from ctcourse.quiz.feedback import ICONS, describe
from ctcourse.quiz.model import Kind, Question
from ctcourse.quiz.reader import QuizItem, read_notebook
from ctcourse.quiz.responses import LOG_NAME
from ctcourse.quiz.strings import text

from .lab import LabServer, open_notebook, question, question_cells, read_log, run_all_cells

pytestmark = pytest.mark.browser

EN = "en"  # the server runs kernels with CTCOURSE_LANG=en
CLICKABLE = (Kind.SINGLE_CHOICE, Kind.TRUE_FALSE, Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS)
# Nothing on a graded question may hint at correctness: no verdict word, icon or try count.
CORRECTNESS = re.compile(
    "|".join(
        [
            *(re.escape(text(EN, said)) for said in ICONS),
            *(re.escape(icon) for icon in ICONS.values()),
            re.escape(text(EN, "tries", n=0)).replace("0", r"\d+"),
        ]
    ),
    re.I,
)


@dataclass
class Pick:
    """A question as the test answers it: what to click or type, and what the log must hold."""

    item: QuizItem
    answer: Any  # the answer as the log stores it
    typed: str | None = None  # numeric questions: what is typed into "Your answer"

    @property
    def q(self) -> Question:
        return self.item.question


def _labels(pick_question: Question, answer: Any) -> list[str]:
    if pick_question.kind is Kind.TRUE_FALSE:
        return [text(EN, "true" if answer else "false")]
    keys = answer if isinstance(answer, list) else [answer]
    return [pick_question.label(k) for k in keys]


def _wrong_answer(item: QuizItem) -> Any:
    q, key = item.question, item.key
    if q.kind is Kind.TRUE_FALSE:
        return not key
    wrong = [
        k for k in q.option_keys if k != key and k not in (key if isinstance(key, list) else [])
    ]
    return wrong[0] if q.kind is Kind.SINGLE_CHOICE else [wrong[0]]


def _choose(box: Locator, pick_question: Question, answer: Any) -> None:
    """Click the controls so that they hold ``answer`` (radio buttons or checkboxes)."""
    if pick_question.kind in (Kind.SINGLE_CHOICE, Kind.TRUE_FALSE):
        box.get_by_role("radio", name=_labels(pick_question, answer)[0], exact=True).click()
        return
    wanted = set(_labels(pick_question, answer))
    for key in pick_question.option_keys:
        label = pick_question.label(key)
        check = box.get_by_role("checkbox", name=label, exact=True)
        check.set_checked(label in wanted)  # set_checked clicks only when it must change


def _plain(markdown: str) -> str:
    """The first line of an explanation as the feedback area shows it (no Markdown marks)."""
    return re.sub(r"\*+", "", markdown.strip().splitlines()[0]).strip()[:80]


def answer_quiz(
    page: Page,
    lab: LabServer,
    folder: Path,
    notebook: str,
    practice: Pick,
    graded: Pick,
    shots: Path,
) -> None:
    log = folder / LOG_NAME
    before = read_log(log)
    questions = question_cells(folder / Path(notebook).name)

    open_notebook(page, lab, notebook)
    run_all_cells(page, questions)

    # Practice: a wrong answer first, then the right one, with instant feedback.
    box = question(page, practice.q.prompt)
    box.scroll_into_view_if_needed()
    status = box.get_by_role("status")
    check = box.get_by_role("button", name=text(EN, "check"))
    _choose(box, practice.q, _wrong_answer(practice.item))
    check.click()
    expect(status).to_contain_text(f"{ICONS['incorrect']} {text(EN, 'incorrect')}")
    expect(status).to_contain_text(text(EN, "tries", n=1))
    expect(box).to_contain_text(text(EN, "try_again"))
    expect(box).not_to_contain_text(text(EN, "correct_answer"))  # no key after a wrong answer

    _choose(box, practice.q, practice.answer)
    check.click()
    expect(status).to_contain_text(f"{ICONS['correct']} {text(EN, 'correct')}")
    expect(status).to_contain_text(text(EN, "tries", n=2))
    right = describe(practice.q, practice.answer, EN)
    expect(box).to_contain_text(f"{text(EN, 'correct_answer')}: {right}")
    expect(box).to_contain_text(_plain(practice.q.explanation))
    expect(box).not_to_contain_text(text(EN, "try_again"))
    box.screenshot(path=shots / "practice.png")

    # Graded: type (or click) an answer and save it; only a neutral confirmation comes back.
    gbox = question(page, graded.q.prompt)
    gbox.scroll_into_view_if_needed()
    if graded.typed is not None:
        field = gbox.get_by_role("textbox", name=text(EN, "number"))
        field.click()
        field.press_sequentially(graded.typed, delay=50)
        expect(field).to_have_value(graded.typed)
    else:
        _choose(gbox, graded.q, graded.answer)
    gbox.get_by_role("button", name=text(EN, "save")).click()
    expect(gbox.get_by_role("status")).to_contain_text(text(EN, "saved"))
    feedback = gbox.inner_text().replace(graded.q.prompt, "")  # a prompt may say "correct"
    assert not CORRECTNESS.search(feedback), feedback
    if graded.q.explanation:
        expect(gbox).not_to_contain_text(_plain(graded.q.explanation))
    gbox.screenshot(path=shots / "graded.png")
    page.screenshot(path=shots / "lab.png")

    # The log beside the notebook got exactly the three answers, in order.
    new = read_log(log)[len(before) :]
    assert [(e["qid"], e["answer"], e["mode"], e["attempt"]) for e in new] == [
        (practice.q.id, _wrong_answer(practice.item), "practice", 1),
        (practice.q.id, practice.answer, "practice", 2),
        (graded.q.id, graded.answer, "graded", 1),
    ]
    assert all(e["schema"] == 1 and e["time"].endswith("Z") for e in new)

    # Open the notebook again (fresh page, same kernel) and run it: the answers come back.
    page.goto("about:blank")
    open_notebook(page, lab, notebook)
    run_all_cells(page, questions)
    gbox = question(page, graded.q.prompt)
    gbox.scroll_into_view_if_needed()
    expect(gbox).to_contain_text(text(EN, "restored"))
    if graded.typed is not None:
        field = gbox.get_by_role("textbox", name=text(EN, "number"))
        expect(field).to_have_value(re.compile(rf"^{re.escape(graded.typed)}$"))
    else:
        for label in _labels(graded.q, graded.answer):
            expect(
                gbox.get_by_role("radio", name=label, exact=True).or_(
                    gbox.get_by_role("checkbox", name=label, exact=True)
                )
            ).to_be_checked()
    box = question(page, practice.q.prompt)
    for label in _labels(practice.q, practice.answer):
        expect(
            box.get_by_role("radio", name=label, exact=True).or_(
                box.get_by_role("checkbox", name=label, exact=True)
            )
        ).to_be_checked()
    gbox.screenshot(path=shots / "graded-restored.png")
    assert len(read_log(log)) == len(before) + 3, "opening the notebook again wrote to the log"


def pick_questions(items: list[QuizItem]) -> tuple[Pick | None, Pick | None]:
    """A clickable practice question, and a graded one: numeric (typed) if there is one."""
    practice = next(
        (
            Pick(i, i.key)
            for i in items
            if not i.graded and i.question.kind in CLICKABLE and _has_wrong(i)
        ),
        None,
    )
    graded = [i for i in items if i.graded]
    numeric = next((i for i in graded if i.question.kind is Kind.NUMERIC), None)
    if numeric is not None:
        return practice, Pick(numeric, float(numeric.key), typed=f"{numeric.key:g}")
    clickable = next((i for i in graded if i.question.kind in CLICKABLE), None)
    return practice, None if clickable is None else Pick(clickable, clickable.key)


def _has_wrong(item: QuizItem) -> bool:
    try:
        _wrong_answer(item)
    except IndexError:
        return False
    return True


# -- the tests -----------------------------------------------------------------------------

CONSENT_SOURCE = REPO / "source" / "consent" / "consent.ipynb"
CONSENT_RELEASE = REPO / "release" / "consent" / "consent.ipynb"


def test_reference_module_quiz_in_browser(
    lab_page: Page, lab: LabServer, serve_copy, tmp_path: Path
) -> None:
    """The reference module "Consent and the three elements of trafficking", as trainees get it."""
    if not CONSENT_RELEASE.exists():
        pytest.skip(f"{CONSENT_RELEASE.relative_to(REPO)} is missing: run `ctcourse release`")
    if not CONSENT_SOURCE.exists():
        pytest.skip(f"{CONSENT_SOURCE.relative_to(REPO)} is missing (needed for the keys)")
    quiz = read_notebook(CONSENT_SOURCE)
    assert not quiz.problems, [str(p) for p in quiz.problems]
    practice, graded = pick_questions(quiz.items)
    assert practice is not None, "the consent module has no clickable practice question"
    assert graded is not None, "the consent module has no graded numeric or clickable question"
    folder, name = serve_copy(CONSENT_RELEASE.parent)
    answer_quiz(lab_page, lab, folder, f"{name}/{CONSENT_RELEASE.name}", practice, graded, tmp_path)


@pytest.fixture(scope="session")
def factory_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``release/m1/`` of a coursefactory course: one question of every type."""
    from ctcourse.authoring.release import release
    from ctcourse.course import load_course

    root = make_course(tmp_path_factory.mktemp("factory"), {"m1": {"quiz": sample_notebook()}})
    release(load_course(root))
    return root / "release" / "m1"


def test_widget_mechanics_in_browser(
    lab_page: Page, lab: LabServer, serve_copy, factory_module: Path, tmp_path: Path
) -> None:
    """The same flow on a generated module, independent of the lesson's content."""
    items = {
        i.question.id: i
        for i in read_notebook(factory_module.parents[1] / "source" / "m1" / "quiz.ipynb").items
    }
    practice = Pick(items["t.practice-one"], "a")
    graded = Pick(items["t.number"], 12.0, typed="12")
    folder, name = serve_copy(factory_module)
    answer_quiz(lab_page, lab, folder, f"{name}/quiz.ipynb", practice, graded, tmp_path)
