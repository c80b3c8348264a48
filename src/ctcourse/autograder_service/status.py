"""What a trainee reads about their own modules: submitted → graded → feedback ready.

Rendered from the queue in the course's language (English or Ukrainian, the glossary's terms:
«надіслано», «оцінено», «відгук», «сертифікат») into one small HTML page. It also says why a
module leaves its policy's course: feedback a trainer returned early (the desk's *Return feedback
now*, noted on the release in the journal) and a module being graded again (*Grade again*).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ctcourse.autograder_service.overrides import RETURNED_EARLY
from ctcourse.autograder_service.policy import AFTER_CLOSE, ON_GRADING, FeedbackPolicy
from ctcourse.autograder_service.queue import (
    COLLECTED,
    FAILED,
    GRADED,
    RELEASED,
    SUBMITTED,
    WAITING,
    Queue,
)
from ctcourse.course import Course

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_NAME = {"en": "my-course-status.html", "uk": "мій-стан-навчання.html"}
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Where your modules stand",
        "intro": "This page is updated by the course itself each time something changes.",
        "module": "Module",
        "state": "State",
        "not_submitted": "Not submitted yet",
        SUBMITTED: "Submitted: waiting to be graded",
        COLLECTED: "Submitted: being graded",
        WAITING: "Submitted: your trainer will grade it",
        FAILED: "Graded, with a problem your trainer will check",
        GRADED: "Graded: feedback {when}",
        RELEASED: "Feedback ready: Nbgrader → Assignment List → Fetch Feedback",
        "early": "Feedback ready early (your trainer returned it before the module's usual time):"
        " Nbgrader → Assignment List → Fetch Feedback",
        "regrading": "Being graded again at your trainer's request: your score and feedback follow",
        "when_" + ON_GRADING: "any moment now",
        "when_" + AFTER_CLOSE: "from {date}",
        "when_manual": "after your trainer has graded the written answers",
        "certificate": "You passed every module. Your certificate: {name}",
        "updated": "Updated {at}",
    },
    "uk": {
        "title": "Стан ваших модулів",
        "intro": "Курс оновлює цю сторінку сам щоразу, коли щось змінюється.",
        "module": "Модуль",
        "state": "Стан",
        "not_submitted": "Ще не надіслано",
        SUBMITTED: "Надіслано: чекає на оцінювання",
        COLLECTED: "Надіслано: оцінюється",
        WAITING: "Надіслано: оцінить тренер",
        FAILED: "Оцінено; тренер перевірить проблему",
        GRADED: "Оцінено: відгук {when}",
        RELEASED: "Відгук готовий: Nbgrader → Модулі курсу → Отримати відгук",
        "early": "Відгук готовий раніше (тренер повернув його, не чекаючи звичного часу модуля):"
        " Nbgrader → Модулі курсу → Отримати відгук",
        "regrading": "Оцінюється знову на прохання тренера: оцінка й відгук будуть згодом",
        "when_" + ON_GRADING: "ось-ось буде",
        "when_" + AFTER_CLOSE: "з {date}",
        "when_manual": "після того, як тренер оцінить письмові відповіді",
        "certificate": "Ви склали всі модулі. Ваш сертифікат: {name}",
        "updated": "Оновлено {at}",
    },
}


@dataclass(frozen=True)
class Row:
    module: str
    state: str


POLICY_WORDS = {
    "en": {
        ON_GRADING: "at once, on grading",
        AFTER_CLOSE: "after {date}",
        "manual": "after the written answers are graded",
    },
    "uk": {
        ON_GRADING: "одразу після оцінювання",
        AFTER_CLOSE: "після {date}",
        "manual": "після оцінювання письмових відповідей",
    },
}


def policy_words(policy: FeedbackPolicy, lang: str) -> str:
    """A module's feedback policy said for trainers (the desk)."""
    words = POLICY_WORDS[lang]
    if policy.rule == ON_GRADING:
        return words[ON_GRADING]
    if policy.rule == AFTER_CLOSE and policy.closes:
        return words[AFTER_CLOSE].format(date=policy.closes.isoformat())
    return words["manual"]


def _when(words: Mapping[str, str], policy: FeedbackPolicy) -> str:
    if policy.rule == ON_GRADING:
        return words["when_" + ON_GRADING]
    if policy.rule == AFTER_CLOSE and policy.closes:
        return words["when_" + AFTER_CLOSE].format(date=policy.closes.isoformat())
    return words["when_manual"]


def rows(
    course: Course,
    queue: Queue,
    trainee: str,
    policies: Mapping[str, FeedbackPolicy],
    lang: str,
    shown: Mapping[str, str] | None = None,
    regrading: Collection[str] = (),
) -> list[Row]:
    """One line per module of the course, in the course's order (``regrading``: the modules
    whose graded submission of this trainee is being graded again on a trainer's request)."""
    words = WORDS[lang]
    latest = queue.latest(trainee)
    found = []
    for module in course.modules:
        key = latest.get(module.id)
        state = queue.states[key] if key else None
        if state is None:
            said = words["not_submitted"]
        elif module.id in regrading and state in (GRADED, RELEASED, FAILED):
            said = words["regrading"]
        elif state == RELEASED and queue.notes.get(key) == RETURNED_EARLY:
            said = words["early"]
        elif state == GRADED:
            said = words[GRADED].format(
                when=_when(words, policies.get(module.id, FeedbackPolicy()))
            )
        else:
            said = words[state]
        found.append(Row((shown or {}).get(module.id, module.title), said))
    return found


def render(
    course: Course,
    queue: Queue,
    trainee: str,
    policies: Mapping[str, FeedbackPolicy],
    lang: str,
    certificate: str | None,
    now: datetime,
    shown: Mapping[str, str] | None = None,
    regrading: Collection[str] = (),
) -> str:
    """The trainee's status page (HTML, every text escaped); ``regrading`` as in :func:`rows`."""
    words = WORDS[lang]
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2"]))
    return env.get_template("status.html.j2").render(
        lang=lang,
        words=words,
        course=course.title_in(lang),
        rows=rows(course, queue, trainee, policies, lang, shown, regrading),
        certificate=words["certificate"].format(name=certificate) if certificate else None,
        updated=words["updated"].format(at=now.strftime("%Y-%m-%d %H:%M UTC")),
    )
