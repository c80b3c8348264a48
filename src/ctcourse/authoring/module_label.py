"""Each released notebook carries its module's title and place in the course.

nbgrader's Assignment List knows a module only by its id, sorted by name ("final-test" before
"identification"). ``ctcourse release`` therefore writes ``metadata.ctcourse`` into every
released notebook: the server extension :mod:`ctcourse.assignment_titles` reads it back from
the notebooks the Assignment List lists, so the list can show "2. Consent and the three
elements of trafficking" in course order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat

KEY = "ctcourse"
HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)


def heading(notebook: dict[str, Any]) -> str | None:
    """The first level-1 heading of the notebook's first markdown cell that has one."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        found = HEADING.search(source if isinstance(source, str) else "".join(source))
        if found:
            return found.group(1)
    return None


def label(notebook: dict[str, Any], module: str, position: int, title: str) -> dict:
    """The ``metadata.ctcourse`` of a released notebook: the notebook's own heading is the title
    (it is in the edition's language); ``title`` from course.yml is the fallback."""
    return {"module": module, "position": position, "title": heading(notebook) or title}


def stamp(folder: Path, module: str, position: int, title: str) -> None:
    """Write the label into every notebook of a released module's folder."""
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.metadata[KEY] = label(nb, module, position, title)
        nbformat.write(nb, path)


def read_label(notebook: dict[str, Any]) -> dict[str, Any] | None:
    """The label of a released notebook, or None if it has none (or a malformed one)."""
    found = notebook.get("metadata", {}).get(KEY)
    if not isinstance(found, dict) or not isinstance(found.get("title"), str):
        return None
    position = found.get("position")
    return {"title": found["title"], "position": position if isinstance(position, int) else None}
