"""Choice controls that keep the keyboard and show whole labels (front end: ``choice.js``).

Stock ipywidgets radio buttons have no shared ``name`` (screen readers announce each input
alone, arrow keys do not move within them) and let key presses bubble to JupyterLab, whose
notebook shortcuts then move the cell selection or paste cells. These controls draw native
inputs in one group with a shared ``name``, keep key presses (all but Ctrl/⌘ combinations)
from reaching JupyterLab, and wrap long labels. Python
sees only indices into ``labels``; the question views map them to option keys.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import anywidget
import traitlets as t

HERE = Path(__file__).parent


class _Choice(anywidget.AnyWidget):
    _esm = HERE / "choice.js"
    _css = HERE / "choice.css"
    mode = t.Unicode().tag(sync=True)
    label = t.Unicode(help="accessible name of the whole group (the question)").tag(sync=True)
    labels = t.List(t.Unicode(), help="the options, in order").tag(sync=True)


class RadioGroup(_Choice):
    """One of ``labels``: ``index`` is the chosen one or None."""

    mode = t.Unicode("radio").tag(sync=True)
    name = t.Unicode(help="the inputs' shared name, unique on the page").tag(sync=True)
    index = t.Int(None, allow_none=True).tag(sync=True)

    @t.default("name")
    def _unique_name(self) -> str:
        return f"ctcourse-{uuid.uuid4().hex[:12]}"


class CheckGroup(_Choice):
    """Any of ``labels``: ``indices`` are the ticked ones."""

    mode = t.Unicode("checkbox").tag(sync=True)
    indices = t.List(t.Int()).tag(sync=True)


class MenuRows(_Choice):
    """One drop-down per row, each offering ``labels`` after a ``placeholder``."""

    mode = t.Unicode("menus").tag(sync=True)
    rows = t.List(t.Unicode()).tag(sync=True)
    placeholder = t.Unicode().tag(sync=True)
    indices = t.List(t.Int(None, allow_none=True)).tag(sync=True)

    @t.default("indices")
    def _none_chosen(self) -> list[int | None]:
        return [None] * len(self.rows)
