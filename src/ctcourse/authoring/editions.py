"""Parity of a translated edition with the English one, as ``path:cell: message`` problems.

A translated module must ask the same questions (ids, types, option keys, keys, points,
objectives, sources) in notebooks of the same names with the same nbgrader grade cells, so
one gradebook and one set of reports serve every edition. It must also be translated: a
prompt, option, explanation or lesson line left in English is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ctcourse.authoring.module_label import module_title
from ctcourse.course import Course
from ctcourse.editions import (
    BASE_LANGUAGE,
    edition_notebooks,
    edition_source_dir,
    other_languages,
    source_folder_name,
)
from ctcourse.quiz.editions import localized
from ctcourse.quiz.model import Question
from ctcourse.quiz.reader import Problem, QuizItem, read_notebook

LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
#: Spans that stay in the original script in any edition: links, code, citation keys.
VERBATIM = re.compile(r"https?://\S+|`[^`]*`|\[[a-z0-9-]+\]")
#: Titles of cited works, in italics, keep their own language on a line that links the work.
TITLE = re.compile(r"\*[^*\n]+\*")
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
#: A sentence with at least this many Latin letters, and more Latin than Cyrillic, is English.
ENGLISH_LETTERS = 12


@dataclass(frozen=True)
class EditionStatus:
    """Which modules have an edition in a language and which do not (yet)."""

    language: str
    present: tuple[str, ...]
    missing: tuple[str, ...]


def module_titles(course: Course, language: str) -> dict[str, str]:
    """Each module's title in an edition: course.yml's in English (the manifest's language);
    in another edition the heading of the module's first notebook there (as the Assignment
    List shows it), else course.yml's."""
    if language == BASE_LANGUAGE:
        return {module.id: module.title for module in course.modules}
    return {
        module.id: module_title(
            [
                nbformat.read(p, as_version=4)
                for p in edition_notebooks(course, language, module.id)
            ],
            module.title,
        )
        for module in course.modules
    }


def looks_english(text: str) -> bool:
    """Whether a translated text has a sentence left in English (links and, on a line that
    links a work, its italic title ignored)."""
    rest = VERBATIM.sub("", TITLE.sub("", text) if "://" in text else text)
    return any(_english(sentence) for sentence in SENTENCE_END.split(rest))


def _english(sentence: str) -> bool:
    latin = len(LATIN.findall(sentence))
    return latin >= ENGLISH_LETTERS and latin > len(CYRILLIC.findall(sentence))


def status(course: Course, language: str) -> EditionStatus:
    """The modules of course.yml that have (and lack) a ``language`` edition."""
    present = tuple(m.id for m in course.modules if edition_notebooks(course, language, m.id))
    missing = tuple(m.id for m in course.modules if m.id not in present)
    return EditionStatus(language, present, missing)


def parity_problems(
    course: Course, required: tuple[str, ...] = (), modules: tuple[str, ...] = ()
) -> list[Problem]:
    """Every difference between each translated edition and the English one.

    A module with no edition in a language is a problem only if that language is
    ``required`` (the cohort is taught in it) and the module is to be released (one of
    ``modules``, default all); otherwise it is simply not translated yet.
    """
    problems: list[Problem] = []
    for language in other_languages():
        folder = edition_source_dir(course, language)
        if not folder.is_dir():
            if language in required:
                problems.append(Problem(source_folder_name(language), None, "edition missing"))
            continue
        listed = {m.id for m in course.modules}
        for extra in sorted(p for p in folder.iterdir() if p.is_dir()):
            if extra.name not in listed and not extra.name.startswith("."):
                shown = f"{source_folder_name(language)}/{extra.name}"
                problems.append(Problem(shown, None, "not a module of course.yml"))
        for module in course.modules:
            needed = language in required and (not modules or module.id in modules)
            problems += _module_parity(course, language, module.id, needed)
    return problems


def _module_parity(course: Course, language: str, module_id: str, required: bool) -> list[Problem]:
    base = {p.name: p for p in edition_notebooks(course, BASE_LANGUAGE, module_id)}
    translated = {p.name: p for p in edition_notebooks(course, language, module_id)}
    folder = f"{source_folder_name(language)}/{module_id}"
    if not translated:
        return [Problem(folder, None, f"no {language} edition of this module")] if required else []
    problems = [
        Problem(f"{folder}/{name}", None, "no such notebook in the English edition")
        for name in sorted(set(translated) - set(base))
    ]
    problems += [
        Problem(folder, None, f"lacks the notebook {name} of the English edition")
        for name in sorted(set(base) - set(translated))
    ]
    for name in sorted(set(base) & set(translated)):
        problems += notebook_parity(course, base[name], translated[name], language)
    return problems


def notebook_parity(course: Course, base_path: Path, path: Path, language: str) -> list[Problem]:
    """Differences between one translated notebook (in ``language``) and its English original."""
    shown = str(path.relative_to(course.root))
    base = read_notebook(base_path, str(base_path.relative_to(course.root)))
    edition = read_notebook(path, shown)
    problems = list(edition.problems)
    theirs = {item.question.id: item for item in base.items}
    ours = {item.question.id: item for item in edition.items}
    for qid, item in ours.items():
        if qid not in theirs:
            problems.append(
                Problem(shown, item.cell, f"{qid}: not a question of the English edition")
            )
    for qid, original in theirs.items():
        item = ours.get(qid)
        if item is None:
            problems.append(Problem(shown, None, f"lacks the question {qid} of {base.path}"))
            continue
        differences = _item_differences(original, item, language)
        problems += [Problem(shown, item.cell, f"{qid}: {m}") for m in differences]
    problems += _grade_cell_differences(base_path, path, shown)
    problems += _untranslated_lines(path, shown)
    return problems


def _item_differences(original: QuizItem, item: QuizItem, language: str) -> list[str]:
    a, b = original.question, localized(item.question, language)
    found = []
    for name in ("kind", "points", "option_keys", "left_keys", "objective", "source", "tolerance"):
        if getattr(a, name) != getattr(b, name):
            found.append(
                f"{name} is {getattr(b, name)!r}, the English edition has {getattr(a, name)!r}"
            )
    if a.mode != b.mode:
        found.append(f"is {b.mode.value} here but {a.mode.value} in the English edition")
    elif original.key != item.key:
        found.append(f"key is {item.key!r}, the English edition has {original.key!r}")
    found += [
        f"{what} left in English: {text[:60]!r}" for what, text in _texts(b) if looks_english(text)
    ]
    return found


def _texts(question: Question) -> list[tuple[str, str]]:
    """The trainee-facing texts of a question, named for messages."""
    texts = [("prompt", question.prompt), ("explanation", question.explanation)]
    texts += [("case text", question.case_text), ("unit", question.unit)]
    texts += [(f"option {k!r}", label) for k, label in (*question.options, *question.left)]
    return [(what, t) for what, t in texts if t]


def _grade_cells(path: Path) -> dict[str, float | None]:
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # reported once, by read_notebook
        return {}
    cells = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") and meta.get("grade"):
            cells[meta["grade_id"]] = meta.get("points")
    return cells


def _grade_cell_differences(base_path: Path, path: Path, shown: str) -> list[Problem]:
    """Graded cells (autograded and hand-graded) must match: one gradebook for both editions."""
    theirs, ours = _grade_cells(base_path), _grade_cells(path)
    problems = [
        Problem(shown, None, f"lacks the graded cell {gid!r} of the English edition")
        for gid in sorted(set(theirs) - set(ours))
    ]
    problems += [
        Problem(shown, None, f"graded cell {gid!r} is not in the English edition")
        for gid in sorted(set(ours) - set(theirs))
    ]
    problems += [
        Problem(shown, None, f"graded cell {gid!r} gives {ours[gid]} points, English {theirs[gid]}")
        for gid in sorted(set(ours) & set(theirs))
        if ours[gid] != theirs[gid]
    ]
    return problems


def _untranslated_lines(path: Path, shown: str) -> list[Problem]:
    """Lesson (Markdown) lines left in English."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # reported once, by read_notebook
        return []
    problems = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "markdown" or cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        for line in cell.source.splitlines():
            if looks_english(line):
                problems.append(Problem(shown, number, f"left in English: {line.strip()[:60]!r}"))
                break
    return problems
