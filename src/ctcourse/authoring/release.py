"""``ctcourse release``: student versions of every module through nbgrader, proven key-free."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import nbformat
from traitlets.config import Config

from ctcourse.authoring.module_label import stamp
from ctcourse.authoring.trainee_folder import prepare_trainee_folder
from ctcourse.authoring.validate import validate
from ctcourse.course import LANG_ENV, Course
from ctcourse.editions import edition_release_dir
from ctcourse.errors import ReleaseError
from ctcourse.nbgrader_settings import course_config
from ctcourse.nbgrader_tools import nbgrader_api
from ctcourse.quiz.reader import calls_key, read_notebook

LEAK_MARKERS = re.compile(r"BEGIN HIDDEN TESTS|END HIDDEN TESTS|BEGIN SOLUTION|BEGIN MARK SCHEME")


def leaks(course: Course, language: str = "en") -> list[str]:
    """Every place in the edition's release folder (``release/`` for English) where a key,
    solution or saved widget state is present."""
    found = []
    for path in sorted(edition_release_dir(course, language).rglob("*.ipynb")):
        shown = str(path.relative_to(course.root))
        if LEAK_MARKERS.search(path.read_text(encoding="utf-8")):
            found.append(f"{shown}: holds a hidden-test or solution marker")
        nb = nbformat.read(path, as_version=4)
        if nb.metadata.get("widgets"):
            found.append(f"{shown}: holds saved widget state")
        for number, cell in enumerate(nb.cells, start=1):
            if cell.cell_type == "code" and calls_key(cell.source):
                found.append(f"{shown}:{number}: calls key(...), which holds an answer key")
        for item in read_notebook(path, shown).items:
            if item.graded:
                found.append(f"{shown}:{item.cell}: holds the key of {item.question.id}")
    return found


def release(course: Course, modules: Sequence[str] = (), language: str | None = None) -> list[Path]:
    """Regenerate ``release/<module>/`` (``release-uk/`` for the Ukrainian edition) for the
    given (default: all) modules in the cohort's language; return the folders.

    Refuses to start on an invalid course and fails if any key is found in the release.
    """
    env = _cohort_env(course, language)
    language = env[LANG_ENV]
    problems = validate(course, language, modules)
    if problems:
        raise ReleaseError(
            f"{len(problems)} problem(s) in the course, the first: {problems[0]}; "
            "run `ctcourse validate`"
        )
    wanted = [course.module(m).id for m in modules] or [m.id for m in course.modules]
    api = nbgrader_api(course.root, env)
    done = []
    positions = {m.id: n for n, m in enumerate(course.modules, start=1)}
    for module_id in wanted:
        _check(api.generate_assignment(module_id, force=True, create=True), "generate", module_id)
        folder = edition_release_dir(course, language) / module_id
        title = course.module(module_id).title
        stamp(folder, module_id, positions[module_id], title)
        hide_code(folder)
        done.append(folder)
    found = leaks(course, language)
    if found:
        raise ReleaseError(
            f"answer keys would reach trainees: {found[0]} (and {len(found) - 1} more)"
        )
    return done


def hide_code(folder: Path) -> None:
    """Fold every code cell of a released module that a trainee does not write in.

    A trainee sees prose, tables, charts and questions: the code that builds them is saved as
    ``jupyter.source_hidden``, and the course's JupyterLab extension hides what Lab shows of a
    folded cell (its first line and "•••") in notebooks ``ctcourse release`` labelled. An
    nbgrader answer cell (``solution``) stays open.
    """
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("solution"):
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        nbformat.write(nb, path)


def publish(course: Course, modules: Sequence[str] = (), language: str | None = None) -> list[str]:
    """Put the released modules (of the cohort's edition) into nbgrader's exchange (replacing
    older copies), where trainees fetch them from; creates a missing exchange folder open to
    every account, and the trainees' folder of this machine with the settings the Assignment
    List needs."""
    wanted = [course.module(m).id for m in modules] or [m.id for m in course.modules]
    env = _cohort_env(course, language)
    extra = Config()
    extra.ExchangeReleaseAssignment.force = True
    exchange = Path(course_config(course.root, env).Exchange.root)
    if not exchange.exists():
        exchange.mkdir(parents=True)
        exchange.chmod(0o777)  # nbgrader's rule: every trainee account must be able to submit
    api = nbgrader_api(course.root, env, extra)
    for module_id in wanted:
        _check(api.release_assignment(module_id), "publish", module_id)
    prepare_trainee_folder(course, env[LANG_ENV])
    return wanted


def _cohort_env(course: Course, language: str | None) -> dict[str, str]:
    """The environment nbgrader runs in: the cohort language made explicit in $CTCOURSE_LANG."""
    return dict(os.environ) | {LANG_ENV: language or course.language}


def _check(result: dict, action: str, module_id: str) -> None:
    """Turn a failed NbGraderAPI result into one ReleaseError line (its last log line)."""
    if not result["success"]:
        detail = (result.get("error") or result.get("log") or "").strip().splitlines()
        raise ReleaseError(
            f"nbgrader could not {action} {module_id}: {detail[-1] if detail else 'no detail'}"
        )
