"""The trainees' folder on the course's own machine (``trainee-work/``), ready for nbgrader.

nbgrader's Assignment List changes into the exchange's assignment folder and reads its
settings from there (and from Jupyter's config paths) only; without settings there it falls
back to nbgrader's default exchange and every Fetch, Submit and Fetch Feedback fails. So the
folder gets an ``nbgrader_config.py`` that applies the course's own settings, and a
``README.md`` listing the modules by title, in the course's order and the cohort's language
(for a trainee who opens the folder rather than the Assignment List).
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from ctcourse.authoring.module_label import read_label
from ctcourse.course import Course
from ctcourse.editions import edition_release_dir
from ctcourse.nbgrader_settings import TRAINEE_DIR

CONFIG_TEXT = '''"""Written by `ctcourse release --publish`: nbgrader's Assignment List reads its settings
from this folder, so this file applies the course's settings (the course is the folder above)."""

import os
from pathlib import Path

from ctcourse.nbgrader_settings import configure

configure(get_config(), Path(__file__).resolve().parent.parent, os.environ)
'''


#: The list's heading, how to use it, and its column names, in each cohort language.
WORDS = {
    "en": (
        "Modules of the course",
        "Modules in the order to take them. In *Nbgrader › Assignment List* each module is "
        "listed by its number, title and id; press *Fetch* next to it, then open its notebook.",
        ("#", "id", "module", "minutes"),
    ),
    "uk": (
        "Модулі курсу",
        "Модулі в порядку проходження. У *Nbgrader › Модулі курсу* кожен модуль показано з "
        "номером, назвою та ідентифікатором; натисніть *Отримати* поруч із ним, а потім "
        "відкрийте його блокнот.",
        ("№", "ідентифікатор", "модуль", "хвилин"),
    ),
}


def released_title(course: Course, language: str, module_id: str) -> str:
    """The title the Assignment List shows for a module (its release label), else course.yml's."""
    for path in sorted((edition_release_dir(course, language) / module_id).glob("*.ipynb")):
        label = read_label(nbformat.read(path, as_version=4))
        if label is not None:
            return label["title"]
    return course.module(module_id).title


def modules_readme(course: Course, language: str) -> str:
    """The trainees' list of modules in the cohort's language: order, id, title, minutes."""
    heading, intro, columns = WORDS[language]
    lines = [f"# {heading}", "", intro, "", "| " + " | ".join(columns) + " |", "| --- " * 4 + "|"]
    for number, module in enumerate(course.modules, start=1):
        title = released_title(course, language, module.id)
        lines.append(f"| {number} | `{module.id}` | {title} | {module.minutes} |")
    return "\n".join(lines) + "\n"


def prepare_trainee_folder(course: Course, language: str) -> Path:
    """Create ``trainee-work/`` with its nbgrader settings and module list; return the folder."""
    folder = course.root / TRAINEE_DIR
    folder.mkdir(exist_ok=True)
    (folder / "nbgrader_config.py").write_text(CONFIG_TEXT, encoding="utf-8")
    (folder / "README.md").write_text(modules_readme(course, language), encoding="utf-8")
    return folder
