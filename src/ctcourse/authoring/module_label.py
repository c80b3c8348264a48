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
#: A Markdown cell that opens with a level-1 heading (an optional closing ``#`` run after a space).
HEADING = re.compile(r"\A\s*#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.M)


def _text(source: object) -> str:
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        return "".join(source)
    return source if isinstance(source, str) else ""


def heading(notebook: object) -> str | None:
    """The level-1 heading that opens the notebook's first Markdown cell opening with one
    (a notebook of any other shape, as a trainee may leave it, has none)."""
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            found = HEADING.match(_text(cell.get("source")))
            if found:
                return found.group(1)
    return None


def module_title(notebooks: list[dict[str, Any]], title: str) -> str:
    """A module's title: the heading of its first notebook that has one (it is in the
    edition's language); ``title`` from course.yml where none has."""
    return next((h for h in map(heading, notebooks) if h), title)


def stamp(folder: Path, module: str, position: int, title: str) -> None:
    """Write one label, ``{module, position, title}``, into every notebook of a released
    module's folder."""
    paths = sorted(folder.glob("*.ipynb"))
    notebooks = [nbformat.read(path, as_version=4) for path in paths]
    found = {"module": module, "position": position, "title": module_title(notebooks, title)}
    for path, nb in zip(paths, notebooks, strict=True):
        nb.metadata[KEY] = found
        nbformat.write(nb, path)


def read_label(notebook: object) -> dict[str, Any] | None:
    """The label of a released notebook, or None if it has none (or a malformed one)."""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    found = metadata.get(KEY) if isinstance(metadata, dict) else None
    if not isinstance(found, dict) or not isinstance(found.get("title"), str):
        return None
    position = found.get("position")
    return {"title": found["title"], "position": position if isinstance(position, int) else None}
