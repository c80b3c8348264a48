"""Widget outputs in saved notebooks: a plain sentence instead of "model not found".

A widget lives in the kernel. When a trainee reopens a notebook they saved, the kernel that
held its widgets is gone, and JupyterLab 4 with ipywidgets 8 draws every saved widget view as
"Error displaying widget: model not found" (it prefers the widget view over any other
representation in a trusted notebook). So the course's widgets are displayed with a plain
sentence beside the view, marked ``live-only``; a Jupyter server pre-save hook, enabled as the
server extension ``ctcourse.saved_outputs``, drops the view from marked outputs when a
notebook is written, and JupyterLab then shows the sentence. The live page keeps its widgets.
"""

from __future__ import annotations

import html
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_ONLY = "ctcourse-live-only"


def with_fallback(data: dict[str, Any] | None, sentence: str) -> tuple[dict[str, Any], dict]:
    """A widget's display bundle plus ``sentence`` as text and HTML, marked live-only."""
    bundle = {**(data or {}), "text/plain": sentence}
    bundle["text/html"] = f"<p class='ctcourse-run-cells'>{html.escape(sentence)}</p>"
    return bundle, {LIVE_ONLY: True}


def drop_live_only_views(notebook: dict[str, Any]) -> int:
    """Remove the widget view from every live-only output; return how many were removed."""
    dropped = 0
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data = output.get("data", {})
            if output.get("metadata", {}).get(LIVE_ONLY) and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                dropped += 1
    return dropped


def pre_save_hook(model: dict[str, Any], **_kwargs: Any) -> None:
    """Jupyter server pre-save hook: saved notebooks keep only the fallback sentences."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        drop_live_only_views(model["content"])


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Register the hook (``jupyter_server_config.d/ctcourse.json`` enables this extension)."""
    serverapp.contents_manager.register_pre_save_hook(pre_save_hook)
