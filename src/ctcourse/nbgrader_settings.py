"""nbgrader settings of a ctcourse course, shared by ``nbgrader_config.py`` and the ctcourse API.

Kept in one place so that the command line, JupyterLab's formgrader and ``ctcourse`` grade the
same way: same gradebook, same exchange, same protections against tampered submissions.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades
from nbgrader.server_extensions.formgrader.handlers import template_path
from traitlets.config import Config

from ctcourse.course import load_course
from ctcourse.editions import release_folder_name, source_folder_name
from ctcourse.quiz.responses import LOG_NAME

DB_URL_ENV = "CTCOURSE_DB_URL"
EXCHANGE_ENV = "CTCOURSE_EXCHANGE"
#: Where trainees on the course's own machine fetch modules to (and submit from).
TRAINEE_DIR = "trainee-work"
CELL_TIMEOUT_SECONDS = 30
#: The exporter formgrader's Autograde gets (see ``ctcourse.formgrader``). Classes of ctcourse
#: are named here, never imported: these settings sit below ``ctcourse.grading``, which uses them.
FORMGRADER_AUTOGRADE = "ctcourse.formgrader.AutogradeRefused"
#: The course's one collector, for the command line and formgrader alike.
COLLECTOR = "ctcourse.grading.collect.CourseCollect"
FEEDBACK = "ctcourse.grading.feedback"
FEEDBACK_TEMPLATE = "ctcourse_feedback"
FEEDBACK_TEMPLATES = Path(__file__).resolve().parent / "grading" / "templates"


def gradebook_url(root: Path, env: Mapping[str, str]) -> str:
    """$CTCOURSE_DB_URL, else SQLite beside the course with a 60 s busy timeout (not Python's 5 s)."""
    return env.get(DB_URL_ENV) or f"sqlite:///{Path(root).resolve() / 'gradebook.db'}?timeout=60"


def configure(c: Config, root: Path, env: Mapping[str, str]) -> Config:
    """Fill an nbgrader config for the course at ``root``; returns the same config."""
    course = load_course(root, env)
    c.CourseDirectory.root = str(course.root)
    c.CourseDirectory.course_id = course.id
    c.CourseDirectory.db_url = gradebook_url(course.root, env)
    # One cohort, one language: nbgrader releases and grades that edition only (same ids).
    c.CourseDirectory.source_directory = source_folder_name(course.language)
    c.CourseDirectory.release_directory = release_folder_name(course.language)
    # One machine: an exchange inside the course; a JupyterHub sets CTCOURSE_EXCHANGE to a shared one.
    c.Exchange.root = env.get(EXCHANGE_ENV) or str(course.root / "exchange")
    # Fetched copies live apart from release/, which `ctcourse release` regenerates.
    c.Exchange.assignment_dir = str(course.root / TRAINEE_DIR)
    # nbgrader's cache of submissions is per Unix account: the course keeps its own.
    c.Exchange.cache = str(course.root / ".ctcourse" / "nbgrader-cache")
    # The trainee's responses log must survive autograde's "overwrite with master files" step.
    c.Autograde.exclude_overwriting = {module.id: [LOG_NAME] for module in course.modules}
    # A trainee who tags a test cell `skip-execution` must not skip it: use a tag nobody can guess.
    c.Execute.skip_cells_with_tag = f"ctcourse-never-{secrets.token_hex(16)}"
    c.Execute.timeout = CELL_TIMEOUT_SECONDS
    # Formgrader's Autograde button would bypass ctcourse's scoring: an Autograde made through
    # the formgrader's API (and only there) refuses, naming `ctcourse autograde`.
    c.FormgradeExtension.NbGraderAPI.Autograde.exporter_class = FORMGRADER_AUTOGRADE
    c.ClearSolutions.code_stub = {"python": "# YOUR ANSWER HERE\nraise NotImplementedError()"}
    trainee_text_is_inert(c)
    # One collector: trainee ids, owners, links and submission times checked.
    c.ExchangeFactory.collect = COLLECTOR
    return c


def trainee_text_is_inert(c: Config) -> None:
    """Sanitise every HTML page nbgrader renders from a submission (feedback and formgrader).

    ``HTMLExporter.sanitize_html`` alone changes nothing; the ``SanitizeHTML`` preprocessor (as
    ``SanitizeKeepQuotes``, which leaves Markdown quotes intact) escapes script, event handlers
    and unknown tags in Markdown cells and outputs, and drops outputs such as JavaScript. Feedback pages also give each graded question its title and
    leave out the code the trainee saw folded.
    """
    c.HTMLExporter.preprocessors = [f"{FEEDBACK}.DropWidgetViews", f"{FEEDBACK}.SanitizeKeepQuotes"]
    c.SanitizeHTML.enabled = True
    c.GenerateFeedback.preprocessors = [
        GetGrades, CSSHTMLHeaderPreprocessor, f"{FEEDBACK}.QuestionTitles", f"{FEEDBACK}.HideCode",
    ]  # fmt: skip
    c.GenerateFeedback.HTMLExporter.template_name = FEEDBACK_TEMPLATE
    c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [
        str(FEEDBACK_TEMPLATES),
        template_path,
    ]
    # ``feedback/index.html.j2`` (extended) and nbgrader's bootstrap.min.css (inlined).
    css = Path(template_path).parent / "static" / "node_modules" / "bootstrap" / "dist" / "css"
    c.GenerateFeedback.HTMLExporter.extra_template_paths = [template_path, str(css)]


def course_config(root: Path, env: Mapping[str, str]) -> Config:
    """A fresh nbgrader Config for the course at ``root``."""
    return configure(Config(), root, env)
