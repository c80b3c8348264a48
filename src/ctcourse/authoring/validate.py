"""``ctcourse validate``: every problem of a course, as ``path:cell: message`` lines.

Checks what nbgrader does not: question ids unique across the course, exactly one key per
graded question, keys that name real options, points that agree with nbgrader's, practice
questions that explain themselves, manifest and folders that agree, no trainee responses
log or saved widget state in ``source/`` (both would reach trainees), and no question cell
that would show trainees its code (its input must be collapsed: they see the widget only).
Sources, objectives, stated minutes and catch-all options are checked by
:mod:`ctcourse.authoring.traceability`; item-writing rules (key balance and position,
absolutes, cueing, matching order, case names) by :mod:`ctcourse.authoring.item_rules`;
parity of translated editions by :mod:`ctcourse.authoring.editions`.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import nbformat

from ctcourse.authoring import item_rules
from ctcourse.authoring.editions import parity_problems
from ctcourse.authoring.traceability import review
from ctcourse.course import MANIFEST_NAME, Course
from ctcourse.editions import BASE_LANGUAGE, other_languages
from ctcourse.quiz.model import BUILDERS
from ctcourse.quiz.reader import Problem, read_module, source_notebooks
from ctcourse.quiz.responses import LOG_NAME


def _layout_problems(course: Course) -> list[Problem]:
    problems = []
    listed = {module.id for module in course.modules}
    for module in course.modules:
        if not (course.source_dir / module.id).is_dir():
            problems.append(
                Problem(
                    MANIFEST_NAME, None, f"module {module.id!r} has no folder source/{module.id}/"
                )
            )
        elif not source_notebooks(course, module.id, BASE_LANGUAGE):
            problems.append(Problem(f"source/{module.id}", None, "no notebook in this module"))
    if course.source_dir.is_dir():
        for folder in sorted(p for p in course.source_dir.iterdir() if p.is_dir()):
            if folder.name not in listed and not folder.name.startswith("."):
                problems.append(
                    Problem(f"source/{folder.name}", None, f"not listed in {MANIFEST_NAME}")
                )
        for stray in sorted(course.source_dir.rglob(LOG_NAME)):
            problems.append(
                Problem(
                    str(stray.relative_to(course.root)),
                    None,
                    "a responses log in source/ would overwrite trainees' answers; delete it",
                )
            )
    return problems


def _notebook_problems(course: Course, path: Path) -> list[Problem]:
    shown = str(path.relative_to(course.root))
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # reported once, by read_notebook
        return []
    problems = []
    if nb.metadata.get("widgets"):
        problems.append(
            Problem(shown, None, "saved widget state would leak into release; clear it")
        )
    problems += _shown_questions(shown, nb)
    grade_ids = Counter(
        cell.metadata.get("nbgrader", {}).get("grade_id")
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("grade_id")
    )
    for gid, count in grade_ids.items():
        if count > 1:
            problems.append(
                Problem(shown, None, f"nbgrader grade_id {gid!r} is used {count} times")
            )
    return problems


def shows_code(cell: nbformat.NotebookNode) -> bool:
    """Whether JupyterLab shows this cell's code: true unless its input is collapsed."""
    return not cell.metadata.get("jupyter", {}).get("source_hidden", False)


def builds_question(source: str) -> bool:
    """Whether this code calls a question builder (``quiz.single_choice(...)`` and the like)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # reported by read_notebook
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in BUILDERS:
                return True
    return False


def _shown_questions(shown: str, nb: nbformat.NotebookNode) -> list[Problem]:
    return [
        Problem(
            shown,
            number,
            "the question's code would show above its widget; collapse the cell's input "
            "(View › Collapse Selected Code, saved as jupyter.source_hidden)",
        )
        for number, cell in enumerate(nb.cells, start=1)
        if cell.cell_type == "code" and builds_question(cell.source) and shows_code(cell)
    ]


def validate(
    course: Course, language: str | None = None, modules: Sequence[str] = ()
) -> list[Problem]:
    """All problems of the course; empty when it is ready to release ``modules`` (default
    all) in ``language`` (default: the cohort's), whose edition must then cover them."""
    problems = _layout_problems(course)
    first_seen: dict[str, str] = {}
    for module in course.modules:
        for edition in (BASE_LANGUAGE, *other_languages()):
            for path in source_notebooks(course, module.id, edition):
                problems += _notebook_problems(course, path)
        for notebook in read_module(course, module.id, BASE_LANGUAGE):
            problems += notebook.problems
            for item in notebook.items:
                qid = item.question.id
                if qid in first_seen:
                    problems.append(
                        Problem(
                            item.notebook,
                            item.cell,
                            f"duplicate question id {qid!r} (first in {first_seen[qid]})",
                        )
                    )
                else:
                    first_seen[qid] = item.notebook
    problems += review(course).problems
    problems += item_rules.check(course)
    language = language or course.language
    required = () if language == BASE_LANGUAGE else (language,)
    problems += parity_problems(course, required, tuple(modules))
    return problems
