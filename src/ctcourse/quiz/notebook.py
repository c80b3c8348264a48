"""What a lesson notebook calls: question builders that show widgets, and ``key`` for feedback.

Use it as ``import ctcourse.quiz.notebook as quiz``. Each builder takes the same literal
arguments as :mod:`ctcourse.quiz.model` (so the grader can read them without running them),
shows the question, and returns its view. ``key`` is called only inside nbgrader hidden tests:
during autograding it shows the trainee's answer, the right one and the explanation, and
ends the test cell with the score. The grader recomputes that score outside the kernel.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from IPython.display import Markdown, display

from ctcourse.course import find_root, load_course, resolve_language
from ctcourse.errors import CourseError
from ctcourse.quiz import model, responses
from ctcourse.quiz.editions import localized
from ctcourse.quiz.feedback import feedback_markdown
from ctcourse.quiz.model import Question
from ctcourse.quiz.scoring import parse_key, score
from ctcourse.quiz.widgets import QuestionView

RESPONSES_ENV = "CTCOURSE_RESPONSES"

_questions: dict[str, Question] = {}


def responses_path() -> Path:
    """The responses log of this notebook: $CTCOURSE_RESPONSES, else beside the notebook."""
    return Path(os.environ.get(RESPONSES_ENV) or Path.cwd() / responses.LOG_NAME)


def trainee() -> str:
    """Who is taking the course here: the hub user, else the Unix account (seeds option order).
    The grading sandbox runs under a uid with no account: its number stands in, since the order
    of options plays no part in a grade."""
    if user := os.environ.get("JUPYTERHUB_USER"):
        return user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid-{os.getuid()}"


def language() -> str:
    """$CTCOURSE_LANG, else the language of the course this notebook sits in, else English."""
    try:
        return load_course(find_root()).language
    except CourseError:
        return resolve_language(os.environ)


def _show(question: Question) -> QuestionView:
    question = localized(question, language())
    _questions[question.id] = question
    key = None if question.answer is None else parse_key(question, question.answer)
    return QuestionView(question, responses_path(), language(), key=key, trainee=trainee())


def single_choice(*args: Any, **kwargs: Any) -> QuestionView:
    """Show a single-choice question (see :func:`ctcourse.quiz.model.single_choice`)."""
    return _show(model.single_choice(*args, **kwargs))


def multiple_response(*args: Any, **kwargs: Any) -> QuestionView:
    """Show a multiple-response question with partial credit."""
    return _show(model.multiple_response(*args, **kwargs))


def true_false(*args: Any, **kwargs: Any) -> QuestionView:
    """Show a true/false statement."""
    return _show(model.true_false(*args, **kwargs))


def matching(*args: Any, **kwargs: Any) -> QuestionView:
    """Show a matching question (pairs)."""
    return _show(model.matching(*args, **kwargs))


def ordering(*args: Any, **kwargs: Any) -> QuestionView:
    """Show an ordering question (e.g. the steps of a referral)."""
    return _show(model.ordering(*args, **kwargs))


def numeric(*args: Any, **kwargs: Any) -> QuestionView:
    """Show a numeric question with a tolerance."""
    return _show(model.numeric(*args, **kwargs))


def spot_indicators(*args: Any, **kwargs: Any) -> QuestionView:
    """Show a case text and ask which ILO indicators of forced labour it holds."""
    return _show(model.spot_indicators(*args, **kwargs))


def key(qid: str, answer: Any, explanation: str = "") -> float:
    """Feedback for a graded question during autograding; returns the score for nbgrader."""
    question = _questions.get(qid)
    if question is None:
        display(Markdown(f"**✘ {qid}:** the question cell is missing from this notebook."))
        return 0.0
    question = replace(question, explanation=explanation)
    right = parse_key(question, answer)
    event = responses.load(responses_path()).last_answers().get(qid)
    given = None if event is None else event.answer
    result = score(question, right, given)
    display(Markdown(feedback_markdown(question, right, given, result, language())))
    return result.points
