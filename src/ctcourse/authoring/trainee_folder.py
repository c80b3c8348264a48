"""The trainees' folder on the course's own machine (``trainee-work/``), ready for nbgrader.

nbgrader's Assignment List changes into the exchange's assignment folder and reads its
settings from there (and from Jupyter's config paths) only; without settings there it falls
back to nbgrader's default exchange and every Fetch, Submit and Fetch Feedback fails. So the
folder gets an ``nbgrader_config.py`` that applies the course's own settings, and a
``README.md`` listing the modules by title, in the course's order (for a trainee who opens the
folder rather than the Assignment List).
"""

from __future__ import annotations

from pathlib import Path

from ctcourse.course import Course
from ctcourse.nbgrader_settings import TRAINEE_DIR

CONFIG_TEXT = '''"""Written by `ctcourse release --publish`: nbgrader's Assignment List reads its settings
from this folder, so this file applies the course's settings (the course is the folder above)."""

import os
from pathlib import Path

from ctcourse.nbgrader_settings import configure

configure(get_config(), Path(__file__).resolve().parent.parent, os.environ)
'''


def modules_readme(course: Course) -> str:
    """The trainees' list of modules: order, id as the Assignment List shows it, title, minutes."""
    lines = [
        f"# {course.title}",
        "",
        "Modules in the order to take them. In *Nbgrader › Assignment List* each module is "
        "listed by its number, title and id; press *Fetch* next to it, then open its notebook.",
        "",
        "| # | id in the Assignment List | module | minutes |",
        "| --- | --- | --- | --- |",
    ]
    for number, module in enumerate(course.modules, start=1):
        lines.append(f"| {number} | `{module.id}` | {module.title} | {module.minutes} |")
    return "\n".join(lines) + "\n"


def prepare_trainee_folder(course: Course) -> Path:
    """Create ``trainee-work/`` with its nbgrader settings and module list; return the folder."""
    folder = course.root / TRAINEE_DIR
    folder.mkdir(exist_ok=True)
    (folder / "nbgrader_config.py").write_text(CONFIG_TEXT, encoding="utf-8")
    (folder / "README.md").write_text(modules_readme(course), encoding="utf-8")
    return folder
