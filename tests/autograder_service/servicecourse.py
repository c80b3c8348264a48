"""A course for the grading service's tests, trainees who submit through nbgrader's exchange, and
the service itself as a separate process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import nbformat
from coursefactory import key_cell, make_course, notebook, question_cell, written_cell
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default.fetch_assignment import ExchangeFetchAssignment
from nbgrader.exchange.default.fetch_feedback import ExchangeFetchFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from traitlets.config import Config

from ctcourse.authoring.release import release
from ctcourse.autograder_service.journal import all_events
from ctcourse.autograder_service.queue import COLLECTED, GRADED, SUBMITTED, WAITING, Queue
from ctcourse.course import Course, load_course
from ctcourse.nbgrader_tools import nbgrader_api
from ctcourse.quiz.responses import record

MODULES = ("quiz", "quiz2")


def right(module: str) -> dict:
    """Both answers right: the module is passed."""
    return {f"{module}.single": "b", f"{module}.tf": True}


def quiz_notebook(module: str, written: bool = False):
    """Two graded questions (a trainee who answers both passes), and a written answer if asked."""
    return notebook(
        question_cell("single_choice", f"{module}.single", "Pick b", options={"a": "A", "b": "B"}),
        key_cell(f"{module}.single", "b", 1),
        question_cell("true_false", f"{module}.tf", "True?", points=1),
        key_cell(f"{module}.tf", True, 1),
        *(written_cell(f"{module}-written", 1) if written else []),
    )


def service_course(
    root: Path, exchange: Path, feedback: str = "on-grading", written: bool = False
) -> Path:
    """Two quiz modules released and published to ``exchange``, with the feedback policy."""
    make_course(root, {m: {"lesson": quiz_notebook(m, written)} for m in MODULES})
    manifest = json.loads((root / "course.yml").read_text("utf-8"))
    for module in manifest["modules"]:
        module["feedback"] = feedback
    (root / "course.yml").write_text(json.dumps(manifest), "utf-8")
    course = load_course(root)
    release(course)
    api = nbgrader_api(root, {"CTCOURSE_EXCHANGE": str(exchange)})
    for module in MODULES:
        assert api.release_assignment(module)["success"]
    return root


class Setup(NamedTuple):
    """A published service course, its exchange, the trainees' homes and the service's env."""

    course: Course
    exchange: Path
    homes: Path
    env: dict[str, str]


def set_up(
    tmp_path: Path, monkeypatch=None, feedback: str = "on-grading", written: bool = False
) -> Setup:
    """The setup most service and desk tests share: an exchange anyone may write to (as
    nbgrader's), the course published there (:func:`service_course`) and, given ``monkeypatch``,
    ``CTCOURSE_EXCHANGE`` set for the code under test too."""
    exchange = tmp_path / "exchange"
    exchange.mkdir(mode=0o777)
    if monkeypatch is not None:
        monkeypatch.setenv("CTCOURSE_EXCHANGE", str(exchange))
    course = load_course(service_course(tmp_path / "course", exchange, feedback, written))
    return Setup(course, exchange, tmp_path / "homes", {"CTCOURSE_EXCHANGE": str(exchange)})


def change_key(root: Path, module: str, old: str, new: str) -> None:
    """A trainer corrects the single-choice key of ``module`` in ``source/``."""
    path = root / "source" / module / "lesson.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.source = cell.source.replace(
            f"'{module}.single', '{old}'", f"'{module}.single', '{new}'"
        )
    nbformat.write(nb, path)
    assert f"'{module}.single', '{new}'" in path.read_text("utf-8")


def trainee_config(course_id: str, exchange: Path, home: Path, trainee: str, module: str) -> Config:
    config = Config()
    config.CourseDirectory.course_id = course_id
    config.CourseDirectory.assignment_id = module
    config.CourseDirectory.student_id = trainee
    config.Exchange.root = str(exchange)
    config.Exchange.cache = str(home / ".cache")
    config.Exchange.assignment_dir = str(home)
    return config


def fetch_answer_submit(
    course_id: str,
    exchange: Path,
    home: Path,
    trainee: str,
    module: str,
    answers: dict,
    written: str | None = None,
    submit: bool = True,
) -> None:
    """What a trainee does in the Assignment List: Fetch, answer, Submit (nbgrader's own code)."""
    home.mkdir(parents=True, exist_ok=True)
    config = trainee_config(course_id, exchange, home, trainee, module)
    parts = {
        "coursedir": CourseDirectory(config=config),
        "authenticator": Authenticator(config=config),
    }
    if not (home / module).exists():
        ExchangeFetchAssignment(**parts, config=config).start()
    for qid, answer in answers.items():
        record(home / module / "responses.jsonl", qid, answer, "graded")
    if written is not None:
        nb = nbformat.read(home / module / "lesson.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{module}-written":
                cell.source = written
        nbformat.write(nb, home / module / "lesson.ipynb")
    if submit:
        ExchangeSubmit(**parts, config=config).start()


def fetch_feedback(
    course_id: str, exchange: Path, home: Path, trainee: str, module: str
) -> list[Path]:
    """What *Fetch feedback* in the Assignment List does; the feedback pages it brought."""
    config = trainee_config(course_id, exchange, home, trainee, module)
    parts = {
        "coursedir": CourseDirectory(config=config),
        "authenticator": Authenticator(config=config),
    }
    ExchangeFetchFeedback(**parts, config=config).start()
    return sorted((home / module / "feedback").rglob("*.html"))


def start_service(root: Path, exchange: Path, homes: Path, log: Path) -> subprocess.Popen:
    env = os.environ | {"CTCOURSE_EXCHANGE": str(exchange)}
    command = [sys.executable, "-m", "ctcourse.autograder_service", "--root", str(root)]
    command += ["--homes", str(homes), "--interval", "0.3", "--jobs", "1"]
    return subprocess.Popen(command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def states(root: Path) -> list[tuple[str, str, str]]:
    """Every journalled event as (trainee, module, state)."""
    return [(e.key.trainee, e.key.module, e.state) for e in all_events(root)]


def open_entries(root: Path) -> list:
    """Submissions the service has not finished with (not released, superseded or failed)."""
    queue = Queue().replay(all_events(root))
    return queue.in_state(SUBMITTED, COLLECTED, GRADED, WAITING)


def wait_for(condition, process: subprocess.Popen, log: Path, polls: int = 3000) -> None:
    """Poll every 0.1 s (bounded) until ``condition()``; fail with the service's log otherwise."""
    for _ in range(polls):
        if condition():
            return
        assert process.poll() is None, log.read_text("utf-8")[-3000:]
        time.sleep(0.1)
    raise AssertionError("service did not get there:\n" + log.read_text("utf-8")[-3000:])


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
