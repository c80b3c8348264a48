"""Formgrader's pages list modules in course order with their titles and label the quiz's
columns as a quiz's; formgrader's Autograde refuses (one line naming `ctcourse autograde`)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader
from nbconvert.exporters import NotebookExporter
from nbgrader.apps import NbGraderAPI
from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory
from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension
from nbgrader.server_extensions.formgrader.handlers import template_path
from tornado.web import Application

from ctcourse.course import load_course
from ctcourse.formgrader import (
    AutogradeRefused,
    _start_jupyter_server_extension,
    course_pages,
    refusal,
)
from ctcourse.grading.pipeline import HonestAutograde
from ctcourse.nbgrader_settings import course_config
from ctcourse.nbgrader_tools import nbgrader_api

REPO = Path(__file__).resolve().parents[1]
#: What formgrader's handlers pass to every page (handlers.py).
PAGE = {"base_url": "/base", "url_prefix": ".", "windows": False, "course_id": "ctcourse",
        "exchange": "", "exchange_missing": False, "course_dir": "c", "default_timezone": "UTC",
        "assignment_id": "consent", "notebook_id": "consent", "student_id": "alice"}  # fmt: skip


def formgrader_api(root: Path) -> NbGraderAPI:
    """An NbGraderAPI made as formgrader makes it: a child of the formgrader extension."""
    config = course_config(root, {})
    formgrader = FormgradeExtension(config=config)
    return NbGraderAPI(CourseDirectory(config=config), parent=formgrader)


def test_formgrader_autograde_refuses_before_touching_anything(course_root: Path) -> None:
    api = formgrader_api(course_root)
    submitted = course_root / "submitted" / "alice" / "m1"
    submitted.mkdir(parents=True)
    (submitted / "quiz.ipynb").write_text("{}")
    result = api.autograde("m1", "alice")
    assert result["success"] is False
    assert refusal("m1") in result["log"]
    assert result["error"].rstrip().endswith(refusal("m1"))
    assert not (course_root / "autograded").exists()
    assert not (course_root / "gradebook.db").exists()


def test_ctcourse_and_nbgrader_autograde_keep_their_exporter(course_root: Path) -> None:
    api = nbgrader_api(course_root, {})
    plain = Autograde(coursedir=api.coursedir, parent=api)
    honest = HonestAutograde(dict, "en", False, coursedir=api.coursedir, parent=api)
    assert plain.exporter_class is NotebookExporter
    assert honest.exporter_class is NotebookExporter
    formgrader = formgrader_api(course_root)
    made_there = Autograde(coursedir=formgrader.coursedir, parent=formgrader)
    assert made_there.exporter_class is AutogradeRefused


def formgrader_environment() -> Environment:
    """Formgrader's own Jinja environment, made as formgrade.py makes it."""
    return Environment(loader=FileSystemLoader([template_path]))


def _modules(page: str) -> dict:
    return json.loads(re.search(r"var modules = (\{.*?\});", page).group(1))


def test_module_lists_have_course_order_and_titles_in_the_cohort_language() -> None:
    env = formgrader_environment()
    course = load_course(REPO, {"CTCOURSE_LANG": "uk"})
    course_pages(env, course)
    for name, view in (
        ("manage_assignments.tpl", "AssignmentUI"),
        ("gradebook_assignments.tpl", "AssignmentUI"),
        ("manage_students_assignments.tpl", "StudentSubmissionUI"),
    ):
        page = env.get_template(name).render(**PAGE)
        modules = _modules(page)
        assert [m for m, _ in sorted(modules.items(), key=lambda kv: kv[1]["position"])] == [
            m.id for m in course.modules
        ]
        assert modules["consent"] == {
            "position": 2,
            "title": "Згода та три елементи торгівлі людьми",
        }
        assert f"{view}.prototype.render" in page
        # nbgrader's page is still there around it, its row script loaded before ours
        script = name.replace(".tpl", ".js")
        assert page.index(f"/formgrader/static/js/{script}") < page.index("var modules")
    english = formgrader_environment()
    course_pages(english, load_course(REPO, {}))
    page = english.get_template("manage_assignments.tpl").render(**PAGE)
    assert _modules(page)["consent"]["title"] == "Consent and the three elements of trafficking"


def test_score_columns_are_named_for_a_quiz() -> None:
    env = formgrader_environment()
    course_pages(env, load_course(REPO, {}))
    for name in (
        "gradebook_notebook_submissions.tpl",
        "manage_students_notebook_submissions.tpl",
        "manage_students_assignments.tpl",
        "gradebook_notebooks.tpl",
    ):
        plain = formgrader_environment().get_template(name).render(**PAGE)
        page = env.get_template(name).render(**PAGE)
        assert "Code Score" in plain and "Code Score" not in page, name
        assert "quiz score" in page.lower() and "Written answers" in page, name
        assert not re.search("tests failed", page, re.IGNORECASE), name
        # the same number of columns as nbgrader's script fills
        assert page.count("<th") == plain.count("<th"), name
    page = env.get_template("gradebook_notebook_submissions.tpl").render(**PAGE)
    assert "A quiz question below full marks?" in page


def _in_own_loop(coroutine) -> None:
    """Run ``coroutine`` on a loop of its own (pytest-playwright keeps one running in this thread
    for the whole session once a browser test has run)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def test_the_server_extension_gives_a_real_formgrader_the_course_pages(course_root: Path) -> None:
    coursedir = CourseDirectory(config=course_config(course_root, {}))
    webapp = Application(  # the two settings formgrader's extension gives the server
        nbgrader_jinja2_env=formgrader_environment(),
        nbgrader_formgrader=SimpleNamespace(coursedir=coursedir),
    )
    server = SimpleNamespace(web_app=webapp, log=logging.getLogger("test"))
    _in_own_loop(_start_jupyter_server_extension(server))
    _in_own_loop(_start_jupyter_server_extension(server))  # a second start changes nothing
    page = webapp.settings["nbgrader_jinja2_env"].get_template("manage_assignments.tpl")
    html = page.render(**PAGE)
    course = load_course(course_root)
    assert list(_modules(html)) == [m.id for m in course.modules]
    assert "Manage Assignments" in html
