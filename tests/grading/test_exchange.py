"""The responses log travels with the notebook through nbgrader's exchange into autograde, and
the course's one collector takes only what each trainee's own account submitted."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cohort import released_course
from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc
from traitlets.config.loader import PyFileConfigLoader

from ctcourse.authoring.release import publish, release
from ctcourse.course import load_course
from ctcourse.grading.autograde import autograde
from ctcourse.grading.collect import collect_submissions
from ctcourse.nbgrader_settings import COLLECTOR
from ctcourse.nbgrader_tools import nbgrader_api
from ctcourse.quiz.responses import LOG_NAME, load, record
from ctcourse.reports.logs_data import collected

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="needs root: submissions owned by other Unix accounts"
)


def _nbgrader(cwd: Path, *args: str) -> None:
    """Run the trainee's side of nbgrader as a trainee would, in their own folder."""
    nbgrader = Path(sys.executable).parent / "nbgrader"
    result = subprocess.run(
        [str(nbgrader), *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_release_fetch_answer_submit_collect_autograde(tmp_path, monkeypatch):
    exchange, cache, home = tmp_path / "exchange", tmp_path / "cache", tmp_path / "alice"
    exchange.mkdir(mode=0o777)
    home.mkdir()
    monkeypatch.setenv("CTCOURSE_EXCHANGE", str(exchange))
    course = load_course(released_course(tmp_path / "course"))
    api = nbgrader_api(course.root, {"CTCOURSE_EXCHANGE": str(exchange)})
    assert api.release_assignment("quiz")["success"]

    trainee = [
        f"--CourseDirectory.course_id={course.id}",
        f"--Exchange.root={exchange}",
        f"--Exchange.cache={cache}",
    ]
    _nbgrader(home, "fetch_assignment", "quiz", *trainee)
    record(home / "quiz" / LOG_NAME, "t.single", "b", "graded")
    record(home / "quiz" / LOG_NAME, "t.tf", True, "graded")
    _nbgrader(home, "submit", "quiz", "--student=alice", *trainee)

    collected = api.collect("quiz")
    assert collected["success"], collected["log"]
    log = course.root / "submitted" / "alice" / "quiz" / LOG_NAME
    assert [e.qid for e in load(log).events] == ["t.single", "t.tf"]

    report = autograde(course, ["quiz"], jobs=1)
    assert report.graded == ["alice/quiz"]
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", course.id) as gb:
        assert gb.find_grade("t_single", "lesson", "quiz", "alice").score == 1
        assert gb.find_grade("t_tf", "lesson", "quiz", "alice").score == 1
        assert gb.find_grade("t_multi", "lesson", "quiz", "alice").score == 0


def test_published_modules_are_fetched_into_trainee_work_not_release(tmp_path):
    """On one machine, what `make run` publishes is fetched apart from release/, which
    `ctcourse release` regenerates, so rereleasing never deletes a trainee's answers."""
    course = load_course(released_course(tmp_path / "course"))
    assert publish(course, ["quiz"]) == ["quiz"]
    _nbgrader(course.root, "fetch_assignment", "quiz", f"--Exchange.cache={tmp_path / 'cache'}")
    fetched = course.root / "trainee-work" / "quiz"
    assert (fetched / "lesson.ipynb").is_file()
    record(fetched / LOG_NAME, "t.single", "b", "graded")
    release(course)
    assert [e.answer for e in load(fetched / LOG_NAME).events] == ["b"]


# -- the one collector ----------------------------------------------------------------------


def _inbound(root: Path, student: str, stamp: str = "2026-11-20 10:00:00.000000 UTC") -> Path:
    """A submission folder in the exchange, as ``nbgrader submit`` leaves it."""
    folder = root / "exchange" / "testcourse" / "inbound" / f"{student}+quiz+{stamp}+abc"
    folder.mkdir(parents=True)
    shutil.copy(root / "release" / "quiz" / "lesson.ipynb", folder)
    (folder / LOG_NAME).write_text(f'{{"who": "{student}"}}\n', "utf-8")
    (folder / "timestamp.txt").write_text(stamp, "utf-8")
    return folder


def _owned_by(folder: Path, account: str) -> None:
    entry = pwd.getpwnam(account)
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, entry.pw_uid, entry.pw_gid)


def _collect(root: Path, how: str) -> str:
    """Collect ``quiz`` as formgrader does (nbgrader's API) or on the command line."""
    if how == "formgrader":
        result = collect_submissions(root, "quiz", {})
        assert result["success"], result.get("error")
        return result["log"]
    nbgrader = Path(sys.executable).parent / "nbgrader"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTCOURSE_", "JUPYTER"))}
    done = subprocess.run(
        [str(nbgrader), "collect", "quiz"], cwd=root, env=env, capture_output=True, text=True,
        check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _who(root: Path, student: str) -> str:
    return (root / "submitted" / student / "quiz" / LOG_NAME).read_text("utf-8")


@pytest.fixture
def quiz_course(tmp_path) -> Path:
    return released_course(tmp_path / "course")


def test_the_command_line_and_formgrader_collect_with_the_same_class(quiz_course, monkeypatch):
    """The course's nbgrader_config.py (command line) and the hub's formgrader config name the
    same collector, whatever order nbgrader reads them in."""
    hub_grader = REPO / "deploy" / "hub" / "grader" / "nbgrader_config.py"
    monkeypatch.setenv("CTCOURSE_ROOT", str(quiz_course))
    for config_file in (quiz_course / "nbgrader_config.py", hub_grader):
        loader = PyFileConfigLoader(config_file.name, str(config_file.parent))
        assert loader.load_config().ExchangeFactory.collect == COLLECTOR, config_file


@needs_root
@pytest.mark.parametrize("how", ["formgrader", "command line"])
def test_forged_linked_and_special_submissions_are_not_collected(quiz_course, how):
    root = quiz_course
    own = _inbound(root, "nobody")
    _owned_by(own, "nobody")
    forged = _inbound(root, "daemon", "2026-11-21 10:00:00.000000 UTC")
    _owned_by(forged, "nobody")  # nobody files a submission under daemon's name
    linked = _inbound(root, "mallory")
    (linked / LOG_NAME).unlink()
    (linked / LOG_NAME).symlink_to(own / LOG_NAME)
    (linked / "keys.ipynb").symlink_to(root / "source" / "quiz" / "lesson.ipynb")
    os.mkfifo(linked / "pipe")
    _inbound(root, "bo", "not a time")  # nbgrader itself stops the whole collect on this name

    log = _collect(root, how)

    assert _who(root, "nobody") == '{"who": "nobody"}\n'
    assert "filed under 'daemon' but owned by 'nobody': not collected" in log
    assert not (root / "submitted" / "daemon").exists()
    assert sorted(p.name for p in (root / "submitted" / "mallory" / "quiz").iterdir()) == [
        "lesson.ipynb",
        "timestamp.txt",
    ], "a link or a FIFO was collected"
    assert _who(root, "bo") == '{"who": "bo"}\n'


def test_submission_times_come_from_the_exchange_not_from_the_trainee(quiz_course):
    """A trainee who backdates her folder name, timestamp.txt and file times is still on time
    only if the exchange saw her folder on time: the collector writes the folder's last change."""
    root = quiz_course
    folder = _inbound(root, "ana", "2020-01-01 00:00:00.000000 UTC")
    for path in [folder, *folder.iterdir()]:
        os.utime(path, (0, 0))
    before = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=5)

    _collect(root, "formgrader")

    written = (root / "submitted" / "ana" / "quiz" / "timestamp.txt").read_text("utf-8")
    assert parse_utc(written) >= before
    assert collected(root, ["quiz"])[("ana", "quiz")] >= before


def test_look_alike_ids_are_not_collected_as_other_trainees(quiz_course):
    root = quiz_course
    (root / "submitted" / "opac").mkdir(parents=True)  # collected earlier
    for student in ("anna", "\u0430nna", "\uff41\uff4e\uff4e\uff41", "оксана", "орас"):
        _inbound(root, student)

    log = _collect(root, "formgrader")

    assert sorted(p.name for p in (root / "submitted").iterdir()) == ["anna", "opac", "оксана"]
    assert "inbound/\u0430nna+quiz" in log and "mixes letters of several scripts" in log
    assert "reads as 'anna'" in log
    assert "inbound/орас+quiz+2026-11-20 10:00:00.000000 UTC+abc: refused: looks like 'opac'" in log
