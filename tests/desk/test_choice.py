"""The report and the exports from the desk for the modules ticked and the trainees chosen (the
pattern ``ctcourse report --cohort`` takes); a bad choice is refused in one line and makes
nothing. Read from a course the grading service has graded."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servicecourse import MODULES, fetch_answer_submit, right, service_course

from ctcourse.autograder_service.overrides import regrade, regrade_done
from ctcourse.autograder_service.service import Service
from ctcourse.course import Course, load_course
from ctcourse.desk import app, choice, view
from ctcourse.desk.words import WORDS

pytestmark = pytest.mark.slow
TRAINEES = ("kyiv-ana", "kyiv-bo", "lviv-oles")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Course:
    """Three trainees graded in ``quiz``, one of them in ``quiz2`` too."""
    tmp = tmp_path_factory.mktemp("desk-choice")
    exchange, homes = tmp / "exchange", tmp / "homes"
    exchange.mkdir(mode=0o777)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CTCOURSE_EXCHANGE", str(exchange))
        course = load_course(service_course(tmp / "course", exchange, "on-grading"))
        for trainee in TRAINEES:
            fetch_answer_submit(
                course.id, exchange, homes / trainee, trainee, "quiz", right("quiz")
            )
        fetch_answer_submit(
            course.id, exchange, homes / "kyiv-ana", "kyiv-ana", "quiz2", right("quiz2")
        )
        service = Service(course, {"CTCOURSE_EXCHANGE": str(exchange)}, homes, jobs=1)
        try:
            service.tick()
        finally:
            service.close()
    return course


def _made(course: Course, kind: str, out: Path, modules: list[str], cohort: str) -> Path:
    out.mkdir()
    return app._make(course, kind, out, choice.read(course, {}, modules, cohort, WORDS["en"]))


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_modules_chosen_come_in_course_order_and_every_trainee_by_default(course):
    chosen = choice.read(course, {}, ["quiz2", "quiz", "quiz2"], "  ", WORDS["en"])
    assert chosen == choice.Choice(MODULES, None)
    assert choice.read(course, {}, None, "", WORDS["en"]) == chosen  # no field: as the CLI
    assert choice.describe(course, chosen, WORDS["uk"]) == "усі модулі · усі слухачі"
    some = choice.read(course, {}, ["quiz2"], "kyiv-*", WORDS["en"])
    assert choice.describe(course, some, WORDS["en"]) == "modules: 2 · trainees «kyiv-*»"


def test_a_filtered_scores_csv_has_only_the_chosen_modules_and_trainees(course, tmp_path):
    rows = _rows(_made(course, "csv", tmp_path / "out", ["quiz2"], "kyiv-*"))
    assert [(r["student_id"], r["module"], r["submitted"]) for r in rows] == [
        ("kyiv-ana", "quiz2", "yes"),
        ("kyiv-bo", "quiz2", "no"),
    ]
    assert "quiz2.single" in rows[0] and "quiz.single" not in rows[0]
    everything = _rows(_made(course, "csv", tmp_path / "all", list(MODULES), ""))
    assert {(r["student_id"], r["module"]) for r in everything} == {
        (t, m) for t in TRAINEES for m in MODULES
    }


def test_a_filtered_moodle_import_has_only_the_chosen_modules_and_trainees(course, tmp_path):
    made = _made(course, "moodle", tmp_path / "out", ["quiz"], "*-oles")
    header, *rows = list(csv.reader(made.read_text("utf-8").splitlines()))
    assert header == ["Username", "quiz (%)"]
    assert rows == [["lviv-oles", "100.00"]]


def test_a_filtered_report_has_only_the_chosen_trainees_and_modules(course, tmp_path):
    report = _made(course, "report", tmp_path / "out", ["quiz2"], "kyiv-*")
    page = report.read_text("utf-8")
    assert "kyiv-ana" in page and "kyiv-bo" in page and "lviv-oles" not in page
    progress = _rows(report.parent / "progress.csv")
    assert [(r["trainee"], r["module"], r["status"]) for r in progress] == [
        ("kyiv-ana", "quiz2", "passed"),
        ("kyiv-bo", "quiz2", "not submitted"),
    ]
    whole = _made(course, "report", tmp_path / "all", list(MODULES), "")
    assert "lviv-oles" in whole.read_text("utf-8")


@pytest.mark.parametrize(
    ("lang", "modules", "cohort", "line"),
    [
        ("en", ["quiz", "quiz9"], "", "Nothing made: this course has no such module: quiz9."),
        ("en", [""], "kyiv-*", "Nothing made: tick at least one module."),  # the form's own
        ("en", ["quiz"], "odesa-*", "Nothing made: no trainee's user name matches «odesa-*»."),
        ("en", ["quiz"], "k" * 101, "Nothing made: the pattern is longer than 100 characters."),
        ("uk", [], "", "Нічого не створено: позначте хоча б один модуль."),
        (
            "uk",
            ["quiz"],
            "KYIV-*",  # ids are matched as they are spelt, as the report's --cohort does
            "Нічого не створено: жодне ім'я користувача слухача не відповідає шаблону «KYIV-*».",
        ),
    ],
)
def test_a_bad_choice_is_refused_in_one_line_in_the_cohorts_language(
    course, lang, modules, cohort, line
):
    with pytest.raises(choice.Refused) as refused:
        choice.read(course, {}, modules, cohort, WORDS[lang])
    assert str(refused.value) == line


def test_a_trainee_known_only_by_a_collected_submission_can_be_chosen(course, tmp_path):
    (course.root / "submitted" / "odesa-iryna" / "quiz").mkdir(parents=True)
    try:
        assert choice.read(course, {}, ["quiz"], "odesa-*", WORDS["en"]).cohort == "odesa-*"
    finally:
        (course.root / "submitted" / "odesa-iryna" / "quiz").rmdir()
        (course.root / "submitted" / "odesa-iryna").rmdir()


def test_a_regrade_counts_its_seconds_until_the_grading_service_notes_it_done(course):
    asked = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    regrade(course.root, "quiz2", "Олена", now=asked)
    assert view.regrading_seconds(course, asked + timedelta(seconds=12.34)) == {"quiz2": 12}
    regrade_done(course.root, "quiz2", asked)  # what the grading service writes when done
    assert view.regrading_seconds(course, asked + timedelta(seconds=20)) == {}


def test_the_desk_offers_every_module_ticked_in_course_order_and_counts_a_regrade(course):
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    templates = Environment(loader=FileSystemLoader(app.TEMPLATES), autoescape=select_autoescape())
    asked = datetime.now(UTC) - timedelta(seconds=30)
    regrade(course.root, "quiz", "Олена", now=asked)
    modules = view.progress(course, {}, "uk")
    try:
        page = templates.get_template("desk.html.j2").render(
            lang="uk",
            words=WORDS["uk"],
            modules=modules,
            regrading={"quiz": 30},
            titles={},
            kinds=app.KINDS,
            outcome={},
            xsrf="token",
        )
    finally:
        regrade_done(course.root, "quiz", asked)
    boxes = [line for line in page.splitlines() if 'type="checkbox" name="modules"' in line]
    assert '<input type="hidden" name="modules" value="">' in page  # nothing ticked: refused
    assert boxes == [
        f'<label><input type="checkbox" name="modules" value="{m}" checked> {n}. {m}</label><br>'
        for n, m in enumerate(MODULES, start=1)
    ]
    assert 'data-module="quiz" role="status">оцінюється знову… 30 с</span>' in page
    assert 'class="regrade"' in page  # quiz2 is not being graded again: its button stays
