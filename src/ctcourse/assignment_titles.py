"""``GET /ctcourse/assignment-titles``: the title and place in the course of every listed module.

nbgrader's Assignment List shows module ids only. This server extension (enabled, like
``ctcourse.saved_outputs``, by ``jupyter_server_config.d/ctcourse.json``) asks nbgrader's own
assignment-list service for the modules it would list to this user, and answers with the label
``ctcourse release`` wrote into each one's notebooks (:mod:`ctcourse.authoring.module_label`).
The course's JupyterLab extension (``labextension/``) puts these titles into the list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

from ctcourse.authoring.module_label import heading, read_label

ROUTE = "/ctcourse/assignment-titles"


def _notebook_label(path: Path) -> dict[str, Any] | None:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = read_label(notebook)
    if found is None and (title := heading(notebook)):
        found = {"title": title, "position": None}
    return found


def titles(listed: list[dict[str, Any]], root: Path) -> dict[str, dict[str, Any]]:
    """Module id → label, from the first labelled notebook of each listed module.

    ``listed`` is nbgrader's list (``notebooks[].path`` absolute, or relative to ``root`` for a
    fetched module); a module whose notebooks carry no label and no heading is left out.
    """
    found: dict[str, dict[str, Any]] = {}
    for assignment in listed:
        module = assignment.get("assignment_id")
        if not isinstance(module, str) or module in found:
            continue
        for notebook in assignment.get("notebooks", []):
            label = _notebook_label(root / notebook.get("path", ""))
            if label is not None:
                found[module] = label
                break
    return found


class TitlesHandler(APIHandler):
    """Answers with ``{"modules": {id: {title, position}}}`` for one course."""

    @web.authenticated
    def get(self) -> None:
        manager = self.settings.get("assignment_list_manager")
        if manager is None:
            raise web.HTTPError(404, "nbgrader's assignment list is not enabled on this server")
        listed = manager.list_released_assignments(course_id=self.get_argument("course_id", None))
        modules = titles(listed["value"], Path(manager.root_dir)) if listed["success"] else {}
        self.finish(json.dumps({"modules": modules}))


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Route the handler under the server's base URL."""
    web_app = serverapp.web_app
    route = url_path_join(web_app.settings["base_url"], ROUTE)
    web_app.add_handlers(".*$", [(route, TitlesHandler)])
