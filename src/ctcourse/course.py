"""The course manifest (``course.yml``): modules in order, titles, objectives, minutes, pass mark.

Each objective has a stable id (e.g. ``consent.elements``) that graded questions name with
``objective=``; a module's ``role`` says whether it is a lesson, the entry test (scored but
not counted toward passing) or the final test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ctcourse.errors import CourseError

MANIFEST_NAME = "course.yml"
LANGUAGES = ("en", "uk")
LANG_ENV = "CTCOURSE_LANG"
ROOT_ENV = "CTCOURSE_ROOT"
ROLES = ("entry-test", "lesson", "final-test")
OBJECTIVE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$")


@dataclass(frozen=True)
class Objective:
    """A learning objective: a stable id that graded questions name, and its text."""

    id: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Module:
    """One module of the course: an nbgrader assignment under ``source/<id>/``."""

    id: str
    title: str
    minutes: int
    objectives: tuple[Objective, ...] = ()
    role: str = "lesson"

    @property
    def counts(self) -> bool:
        """Whether the module counts toward passing the course (the entry test does not)."""
        return self.role != "entry-test"

    def objective(self, objective_id: str) -> Objective | None:
        """This module's objective with that id, if it has one."""
        return next((o for o in self.objectives if o.id == objective_id), None)


@dataclass(frozen=True)
class Course:
    """The course as the manifest describes it, anchored at its root folder."""

    root: Path
    id: str
    title: str
    language: str
    pass_mark: float
    modules: tuple[Module, ...] = field(default_factory=tuple)
    #: The course's title in other languages (``translations: {uk: {title: ...}}`` in course.yml).
    titles: Mapping[str, str] = field(default_factory=dict)

    def title_in(self, language: str) -> str:
        """The course's title in ``language``, else the manifest's own."""
        return self.titles.get(language, self.title)

    @property
    def source_dir(self) -> Path:
        return self.root / "source"

    @property
    def release_dir(self) -> Path:
        return self.root / "release"

    def objective_owner(self, objective_id: str) -> Module | None:
        """The module whose course.yml entry lists this objective, if any."""
        return next((m for m in self.modules if m.objective(objective_id)), None)

    def module(self, module_id: str) -> Module:
        """The module with this id; a CourseError names the known ones otherwise."""
        for module in self.modules:
            if module.id == module_id:
                return module
        known = ", ".join(m.id for m in self.modules) or "none"
        raise CourseError(f"{self.root / MANIFEST_NAME}: no module {module_id!r} (known: {known})")


def find_root(start: Path | None = None) -> Path:
    """The course root: $CTCOURSE_ROOT, else the nearest folder upwards holding ``course.yml``."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MANIFEST_NAME).is_file():
            return folder
    raise CourseError(f"{here}: no {MANIFEST_NAME} here or above; run ctcourse inside a course")


def load_course(root: Path | None = None, env: Mapping[str, str] | None = None) -> Course:
    """Read and check ``course.yml`` under ``root`` (found upwards from the cwd by default).

    The course's ``language`` is the cohort's, resolved here once (:func:`resolve_language`,
    from ``env``, default the process environment) and read from the course everywhere else.
    """
    root = Path(root).resolve() if root is not None else find_root()
    path = root / MANIFEST_NAME
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"{path}: course manifest not found") from None
    except yaml.YAMLError as exc:
        raise CourseError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(raw, Mapping):
        raise CourseError(f"{path}: expected a mapping with id, title and modules")
    return _course_from_mapping(root, path, raw, os.environ if env is None else env)


def _course_from_mapping(
    root: Path, path: Path, raw: Mapping[str, Any], env: Mapping[str, str]
) -> Course:
    for key in ("id", "title", "modules"):
        if key not in raw:
            raise CourseError(f"{path}: missing key {key!r}")
    language = str(raw.get("language", "en"))
    if language not in LANGUAGES:
        raise CourseError(f"{path}: language {language!r} is not one of {', '.join(LANGUAGES)}")
    pass_mark = raw.get("pass_mark", 0.7)
    if not isinstance(pass_mark, int | float) or not 0 < pass_mark <= 1:
        raise CourseError(f"{path}: pass_mark must be a share between 0 and 1, got {pass_mark!r}")
    if not isinstance(raw["modules"], list):
        raise CourseError(f"{path}: modules must be a list")
    modules = tuple(_module(path, i, m) for i, m in enumerate(raw["modules"], start=1))
    seen: set[str] = set()
    for module in modules:
        if module.id in seen:
            raise CourseError(f"{path}: module {module.id!r} is listed twice")
        seen.add(module.id)
    _check_objective_ids(path, modules)
    return Course(
        titles=_titles(path, raw.get("translations", {})),
        root=root,
        id=str(raw["id"]),
        title=str(raw["title"]),
        language=resolve_language(env, language),
        pass_mark=float(pass_mark),
        modules=modules,
    )


def _titles(path: Path, raw: Any) -> dict[str, str]:
    """``translations: {uk: {title: ...}}`` as ``{"uk": ...}``."""
    if not isinstance(raw, Mapping) or not all(
        language in LANGUAGES and isinstance(entry, Mapping) and isinstance(entry.get("title"), str)
        for language, entry in raw.items()
    ):
        raise CourseError(
            f"{path}: translations must map a language ({', '.join(LANGUAGES)}) to "
            "{title: ...}, e.g. {uk: {title: Протидія торгівлі людьми}}"
        )
    return {language: entry["title"] for language, entry in raw.items()}


def _module(path: Path, index: int, raw: Any) -> Module:
    if not isinstance(raw, Mapping) or "id" not in raw:
        raise CourseError(f"{path}: module #{index} needs at least an id")
    module_id = str(raw["id"])
    if not module_id.replace("-", "").replace("_", "").isalnum():
        raise CourseError(f"{path}: module id {module_id!r} may hold only letters, digits, - and _")
    minutes = raw.get("minutes", 0)
    if not isinstance(minutes, int) or minutes < 0:
        raise CourseError(f"{path}: module {module_id!r}: minutes must be a whole number")
    objectives = raw.get("objectives", [])
    if not isinstance(objectives, list):
        raise CourseError(f"{path}: module {module_id!r}: objectives must be a list")
    role = raw.get("role", "lesson")
    if role not in ROLES:
        raise CourseError(
            f"{path}: module {module_id!r}: role {role!r} is not one of {', '.join(ROLES)}"
        )
    return Module(
        id=module_id,
        title=str(raw.get("title", module_id)),
        minutes=minutes,
        objectives=tuple(
            _objective(path, module_id, n, o) for n, o in enumerate(objectives, start=1)
        ),
        role=role,
    )


def _objective(path: Path, module_id: str, number: int, raw: Any) -> Objective:
    where = f"{path}: module {module_id!r}: objective #{number}"
    if not isinstance(raw, Mapping) or not raw.get("id") or not raw.get("text"):
        raise CourseError(
            f"{where} needs an id and a text, e.g. {{id: consent.elements, text: ...}}"
        )
    objective_id = str(raw["id"])
    if not OBJECTIVE_ID.match(objective_id):
        raise CourseError(
            f"{where}: id {objective_id!r} must be lower-case words joined by '-' in "
            "dot-separated parts, e.g. 'consent.elements'"
        )
    return Objective(objective_id, str(raw["text"]))


def _check_objective_ids(path: Path, modules: tuple[Module, ...]) -> None:
    """Objective ids are unique across the course: tests name them without their module."""
    owner: dict[str, str] = {}
    for module in modules:
        for objective in module.objectives:
            if objective.id in owner:
                raise CourseError(
                    f"{path}: objective {objective.id!r} is listed in {owner[objective.id]!r} "
                    f"and {module.id!r}"
                )
            owner[objective.id] = module.id


def resolve_language(env: Mapping[str, str], course_language: str = "en") -> str:
    """The language a cohort is taught in: $CTCOURSE_LANG if it names an edition, else the
    language of course.yml (English without a course).

    The one place that decides: :func:`load_course` calls it, and everything downstream (keys,
    releases, nbgrader's settings, widgets, feedback, reports, certificates) reads
    ``course.language`` or is handed the value.
    """
    chosen = env.get(LANG_ENV) or course_language
    return chosen if chosen in LANGUAGES else course_language
