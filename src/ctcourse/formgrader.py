"""The course's formgrader: its pages speak of modules and quizzes, and its Autograde refuses.

Pages. nbgrader's formgrader lists modules by id in alphabetical order and labels the quiz's
columns for code ("Code Score", "Tests Failed?"). This server extension (enabled, like
``ctcourse.assignment_titles``, by ``jupyter_server_config.d/ctcourse.json``, so in ``make run``'s
JupyterLab beside the Assignment List, and in the hub's formgrader server) puts the course's
templates (``grading/templates/formgrader/``, which extend nbgrader's own, reachable as
``nbgrader/<name>``) in front of the formgrader's Jinja environment once every extension has
loaded, and hands them each module's place and title in the cohort's language: modules are
listed in course order as "2. Consent … (consent)", and the columns say what they hold. It
changes formgrader's pages only: the Assignment List's routes, settings and answers are
nbgrader's (tests/e2e/test_one_server.py opens a fetched notebook and formgrader in one server).

Autograde. Formgrader's Autograde button runs plain nbgrader autograde: quiz cells are scored by
code in the trainee's kernel, every kernel is started even for quiz-only modules, and a manual
grade is flagged for grading again. ``nbgrader_settings`` makes every ``Autograde`` created by
the formgrader (and only there) build this exporter, which refuses before a file or a grade is
touched and tells the trainer what to run instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from nbconvert.exporters import NotebookExporter

from ctcourse.authoring.editions import module_titles
from ctcourse.course import Course, load_course
from ctcourse.errors import CtcourseError, GradingError

TEMPLATES = Path(__file__).resolve().parent / "grading" / "templates" / "formgrader"
#: The prefix under which the course's templates reach nbgrader's own of the same name.
NBGRADER = "nbgrader"


def module_labels(course: Course) -> dict[str, dict[str, Any]]:
    """Module id → its place in the course and its title in the cohort's language."""
    titles = module_titles(course, course.language)
    return {m.id: {"position": n, "title": titles[m.id]} for n, m in enumerate(course.modules, 1)}


def course_loader(nbgrader_loader: BaseLoader) -> ChoiceLoader:
    """The course's templates first, nbgrader's under ``nbgrader/`` and as themselves."""
    return ChoiceLoader(
        [FileSystemLoader(TEMPLATES), PrefixLoader({NBGRADER: nbgrader_loader}), nbgrader_loader]
    )


def course_pages(env: Environment, course: Course) -> None:
    """Make a formgrader's Jinja environment render the course's pages."""
    if not isinstance(env.loader, ChoiceLoader):  # once, however often the server starts it
        env.loader = course_loader(env.loader)
    env.globals["ctcourse_modules"] = module_labels(course)


async def _start_jupyter_server_extension(serverapp: Any) -> None:
    """After every extension has loaded (so formgrader's environment exists): apply the pages."""
    settings = serverapp.web_app.settings
    env, formgrader = settings.get("nbgrader_jinja2_env"), settings.get("nbgrader_formgrader")
    if env is None or formgrader is None:
        serverapp.log.info("ctcourse.formgrader: no formgrader in this server; nothing to do")
        return
    try:
        course = load_course(Path(formgrader.coursedir.root))
    except CtcourseError as exc:
        serverapp.log.warning(f"ctcourse.formgrader: nbgrader's own pages stay ({exc})")
        return
    course_pages(env, course)


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Nothing to do at load: formgrader's environment is made later (see above)."""


def refusal(module: str) -> str:
    """The one line a trainer reads in formgrader's error window."""
    return (
        f"This course is graded with `ctcourse autograde`, which scores quiz answers outside "
        f"the trainee's kernel; formgrader's Autograde button is switched off. In a terminal "
        f"in the course folder run: ctcourse autograde {module}"
    )


class AutogradeRefused(NotebookExporter):
    """The exporter of a formgrader-made ``Autograde``: it logs the refusal and raises."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        coursedir = getattr(self.parent, "coursedir", None)
        message = refusal(getattr(coursedir, "assignment_id", None) or "MODULE")
        self.log.error(message)
        raise GradingError(message)
