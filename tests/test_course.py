"""The course manifest: loading, the errors it reports in one line, the interface language."""

from __future__ import annotations

from pathlib import Path

import pytest
from coursefactory import REPO

from ctcourse.course import find_root, load_course, resolve_language
from ctcourse.errors import CourseError

VALID = """\
id: demo
title: Demo course
language: uk
pass_mark: 0.8
modules:
  - id: consent
    title: Consent
    minutes: 20
    objectives:
      - {id: consent.one, text: One}
      - {id: consent.two, text: Two}
  - id: referral_2
  - id: entry-test
    role: entry-test
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "course.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_load_valid_manifest(tmp_path: Path) -> None:
    course = load_course(write(tmp_path, VALID))
    assert (course.id, course.title, course.language, course.pass_mark) == (
        "demo",
        "Demo course",
        "uk",
        0.8,
    )
    assert [m.id for m in course.modules] == ["consent", "referral_2", "entry-test"]
    consent, referral, entry = course.modules
    assert (consent.title, consent.minutes) == ("Consent", 20)
    assert [(o.id, o.text) for o in consent.objectives] == [
        ("consent.one", "One"),
        ("consent.two", "Two"),
    ]
    assert (referral.title, referral.minutes, referral.objectives) == ("referral_2", 0, ())
    assert (consent.role, consent.counts, entry.role, entry.counts) == (
        "lesson",
        True,
        "entry-test",
        False,
    )
    assert consent.objective("consent.two") == consent.objectives[1]
    assert consent.objective("consent.three") is None
    assert course.objective_owner("consent.one") is consent
    assert course.objective_owner("nope.one") is None
    assert course.module("consent") is consent
    assert course.source_dir == tmp_path.resolve() / "source"
    assert course.release_dir == tmp_path.resolve() / "release"


def test_repo_manifest_loads() -> None:
    course = load_course(REPO)
    assert course.id == "ctcourse" and course.language in ("en", "uk")
    assert [m.role for m in (course.modules[0], course.modules[-1])] == ["entry-test", "final-test"]
    assert course.modules[1].id == "consent"
    lessons = [m for m in course.modules if m.role == "lesson"]
    assert lessons and all(m.minutes > 0 and m.objectives for m in lessons)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("title: T\nmodules: []\n", "missing key 'id'"),
        ("id: c\nmodules: []\n", "missing key 'title'"),
        ("id: c\ntitle: T\n", "missing key 'modules'"),
        ("id: c\ntitle: T\nlanguage: de\nmodules: []\n", "language 'de' is not one of en, uk"),
        ("id: c\ntitle: T\npass_mark: 0\nmodules: []\n", "pass_mark must be a share"),
        ("id: c\ntitle: T\npass_mark: 70\nmodules: []\n", "pass_mark must be a share"),
        ("id: c\ntitle: T\npass_mark: high\nmodules: []\n", "pass_mark must be a share"),
        ("id: c\ntitle: T\nmodules: {a: 1}\n", "modules must be a list"),
        ("id: c\ntitle: T\nmodules: [{id: a}, {id: a}]\n", "module 'a' is listed twice"),
        ("id: c\ntitle: T\nmodules: [{title: x}]\n", "module #1 needs at least an id"),
        ("id: c\ntitle: T\nmodules: [{id: ../x}]\n", "may hold only letters"),
        ("id: c\ntitle: T\nmodules: [{id: a, minutes: ten}]\n", "minutes must be a whole number"),
        ("id: c\ntitle: T\nmodules: [{id: a, objectives: one}]\n", "objectives must be a list"),
        ("id: c\ntitle: T\nmodules: [{id: a, objectives: [one]}]\n", "objective #1 needs an id"),
        (
            "id: c\ntitle: T\nmodules: [{id: a, objectives: [{id: a.x}]}]\n",
            "objective #1 needs an id and a text",
        ),
        (
            "id: c\ntitle: T\nmodules: [{id: a, objectives: [{id: Big Id, text: t}]}]\n",
            "id 'Big Id' must be lower-case words",
        ),
        (
            "id: c\ntitle: T\nmodules: [{id: a, objectives: [{id: a.x, text: t}]},"
            " {id: b, objectives: [{id: a.x, text: u}]}]\n",
            "objective 'a.x' is listed in 'a' and 'b'",
        ),
        ("id: c\ntitle: T\nmodules: [{id: a, role: exam}]\n", "role 'exam' is not one of"),
        ("- just\n- a list\n", "expected a mapping"),
        ("id: [unclosed\n", "not valid YAML"),
    ],
)
def test_manifest_errors_are_one_line(tmp_path: Path, text: str, fragment: str) -> None:
    with pytest.raises(CourseError) as info:
        load_course(write(tmp_path, text))
    message = str(info.value)
    assert fragment in message and "\n" not in message
    assert message.startswith(str(tmp_path.resolve() / "course.yml"))


def test_missing_manifest_and_unknown_module(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="course manifest not found"):
        load_course(tmp_path)
    course = load_course(write(tmp_path, VALID))
    with pytest.raises(
        CourseError, match=r"no module 'x' \(known: consent, referral_2, entry-test\)"
    ):
        course.module("x")


def test_find_root_walks_up_or_follows_env(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, VALID)
    deep = tmp_path / "release" / "consent"
    deep.mkdir(parents=True)
    assert find_root(deep) == tmp_path.resolve()
    monkeypatch.chdir(deep)
    assert load_course().id == "demo"
    monkeypatch.setenv("CTCOURSE_ROOT", str(REPO))
    assert find_root(deep) == REPO
    monkeypatch.delenv("CTCOURSE_ROOT")
    outside = tmp_path.parent / "no-course-here"
    outside.mkdir(exist_ok=True)
    with pytest.raises(CourseError, match=r"no course\.yml here or above"):
        find_root(outside)


@pytest.mark.parametrize(
    ("env", "course", "expected"),
    [
        (None, None, "en"),
        (None, "uk", "uk"),
        ("uk", None, "uk"),
        ("uk", "en", "uk"),  # the environment wins
        ("en", "uk", "en"),
        ("de", "uk", "uk"),  # an unknown language falls back to the course's
        ("de", None, "en"),
        ("", "uk", "uk"),  # an empty variable is unset
    ],
)
def test_language_is_resolved_once_from_the_environment_and_course(
    env: str | None, course: str | None, expected: str
) -> None:
    environment = {} if env is None else {"CTCOURSE_LANG": env}
    assert resolve_language(environment, course or "en") == expected


def test_load_course_resolves_the_cohort_language_from_the_environment_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write(tmp_path, VALID)
    monkeypatch.setenv("CTCOURSE_LANG", "en")
    assert load_course(root).language == "en"
    assert load_course(root, {}).language == "uk"
    assert load_course(root, {"CTCOURSE_LANG": "en"}).language == "en"
