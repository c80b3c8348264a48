"""Where each language edition of the course lives, and which edition a cohort is taught in.

The English edition is ``source/<module>/``; the Ukrainian one is ``source-uk/<module>/`` with
the same notebook names, question ids, keys and points (decision 4), so nbgrader sees the same
assignment and grade ids whichever edition a cohort takes. A cohort (one nbgrader course) is
taught in one language: ``language:`` in course.yml, overridden by ``$CTCOURSE_LANG`` (which
``ctcourse release --lang`` sets), resolved once as ``course.language`` by
:func:`ctcourse.course.load_course`. Each edition is released into its own folder.
"""

from __future__ import annotations

from pathlib import Path

from ctcourse.course import LANGUAGES, Course

#: The language of ``source/`` and ``release/``; every other edition is checked against it.
BASE_LANGUAGE = "en"


def source_folder_name(language: str) -> str:
    """``source`` for English, ``source-<language>`` for another edition."""
    return "source" if language == BASE_LANGUAGE else f"source-{language}"


def release_folder_name(language: str) -> str:
    """``release`` for English, ``release-<language>`` for another edition."""
    return "release" if language == BASE_LANGUAGE else f"release-{language}"


def edition_source_dir(course: Course, language: str) -> Path:
    return course.root / source_folder_name(language)


def edition_release_dir(course: Course, language: str) -> Path:
    return course.root / release_folder_name(language)


def other_languages() -> tuple[str, ...]:
    """The editions checked against the English one."""
    return tuple(language for language in LANGUAGES if language != BASE_LANGUAGE)


def edition_notebooks(course: Course, language: str, module_id: str) -> list[Path]:
    """The notebooks of one module in one edition, in name order (checkpoints excluded)."""
    folder = edition_source_dir(course, language) / module_id
    return sorted(p for p in folder.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
