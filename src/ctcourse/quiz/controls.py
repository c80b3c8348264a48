"""Choice controls that keep the keyboard and show whole labels (front end: ``choice.js``).

Stock ipywidgets radio buttons have no shared ``name`` (screen readers announce each input
alone, arrow keys do not move within them) and let key presses bubble to JupyterLab, whose
notebook shortcuts then move the cell selection or paste cells. These controls draw native
inputs in one group with a shared ``name``, keep key presses (all but Ctrl/⌘ combinations)
from reaching JupyterLab, and wrap long labels. Python
sees only indices into ``labels``; the question views map them to option keys.

Each change also arrives as a message of its own (``{"set": {trait: value}}``), ahead of any
button click that follows it, so a Save answer pressed right after typing saves what was typed.
A text field for numbers is drawn the same way, for the same reason.
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
    #: The traits the view may set (the answer); any other name in a message is ignored.
    answer_traits: tuple[str, ...] = ()

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.on_msg(self._from_view)

    def _from_view(self, _widget: object, content: object, _buffers: object) -> None:
        """Apply a change the view sent as a message, without echoing it back to the view."""
        changed = content.get("set") if isinstance(content, dict) else None
        if isinstance(changed, dict):
            wanted = {k: v for k, v in changed.items() if k in self.answer_traits}
            try:
                self.set_state(wanted)
            except t.TraitError:
                return  # a malformed message: the state update that follows it still applies


class RadioGroup(_Choice):
    """One of ``labels``: ``index`` is the chosen one or None."""

    mode = t.Unicode("radio").tag(sync=True)
    answer_traits = ("index",)
    name = t.Unicode(help="the inputs' shared name, unique on the page").tag(sync=True)
    index = t.Int(None, allow_none=True).tag(sync=True)

    @t.default("name")
    def _unique_name(self) -> str:
        return f"ctcourse-{uuid.uuid4().hex[:12]}"


class CheckGroup(_Choice):
    """Any of ``labels``: ``indices`` are the ticked ones."""

    mode = t.Unicode("checkbox").tag(sync=True)
    answer_traits = ("indices",)
    indices = t.List(t.Int()).tag(sync=True)


class MenuRows(_Choice):
    """One drop-down per row, each offering ``labels`` after a ``placeholder``."""

    mode = t.Unicode("menus").tag(sync=True)
    answer_traits = ("indices",)
    rows = t.List(t.Unicode()).tag(sync=True)
    placeholder = t.Unicode().tag(sync=True)
    indices = t.List(t.Int(None, allow_none=True)).tag(sync=True)

    @t.default("indices")
    def _none_chosen(self) -> list[int | None]:
        return [None] * len(self.rows)


class TextField(_Choice):
    """A one-line text field after its ``description``: ``value`` is what is typed."""

    mode = t.Unicode("text").tag(sync=True)
    answer_traits = ("value",)
    description = t.Unicode().tag(sync=True)
    value = t.Unicode().tag(sync=True)
