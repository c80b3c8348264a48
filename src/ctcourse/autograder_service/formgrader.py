"""Keep the formgrader (the grader account's hub server) running, through the hub's REST API.

A trainer who opens the formgrader then finds it started, with no "Server not running / Launch
Server" page; the idle culler may stop it, and the next look starts it again.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request

log = logging.getLogger("ctcourse.grading-service")


def _call(method: str, path: str) -> tuple[int, dict]:
    url = os.environ["JUPYTERHUB_API_URL"].rstrip("/") + path
    headers = {"Authorization": f"token {os.environ['JUPYTERHUB_API_TOKEN']}"}
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read()
            return answer.status, json.loads(body) if body else {}
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def ensure_running(grader_user: str) -> None:
    """Start the grader account's server if it is neither running nor starting."""
    status, user = _call("GET", f"/users/{grader_user}")
    if status != 200 or "" in user.get("servers", {}):
        return
    started, _ = _call("POST", f"/users/{grader_user}/server")
    log.info("formgrader (%s's server) started: HTTP %s", grader_user, started)
