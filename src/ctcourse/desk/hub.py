"""The desk on the hub: an external JupyterHub service (``/services/ctcourse-desk/``) whose server
the grading service starts and restarts.

JupyterHub stops the whole hub when a managed service with a web address does not answer within
about ten seconds of start-up, which a busy machine can miss. An external service only earns a
warning, so the desk is registered as external, with its own token (kept in the hub's root-only
state folder), and the grading service, a managed service without an address, runs it.
"""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

from ctcourse.hub.authenticator import APPROVE_SCOPE
from ctcourse.hub.layout import HubLayout

SERVICE = "ctcourse-desk"
PORT_OFFSET = 2  # the desk listens two ports above the hub's API port


def desk_token(state: Path) -> str:
    """The desk's hub token, made once and kept in the root-only state folder."""
    path = state / "desk-token"
    if not path.exists():
        state.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def desk_service(layout: HubLayout) -> tuple[dict, dict, dict[str, str]]:
    """The hub's entry for the desk, the trainers' scope to reach it, and its server's env."""
    url = f"http://127.0.0.1:{layout.hub_api_port + PORT_OFFSET}"
    prefix = f"/services/{SERVICE}/"
    token = desk_token(layout.state)
    service = {
        "name": SERVICE,
        "url": url,
        "api_token": token,
        "display": True,  # listed under Services on the hub's home page (to those with access)
        "oauth_no_confirm": True,
        "oauth_client_id": f"service-{SERVICE}",
        "oauth_redirect_uri": f"{prefix}oauth_callback",  # as the desk sends it
        # the trainer's token for the desk may approve sign-ups (if the trainer may): the desk
        # lists and approves them through the hub's own handlers with it (ctcourse.desk.sign_ups)
        "oauth_client_allowed_scopes": [APPROVE_SCOPE],
    }
    env = {
        "JUPYTERHUB_API_TOKEN": token,
        "JUPYTERHUB_API_URL": f"http://127.0.0.1:{layout.hub_api_port}/hub/api",
        "JUPYTERHUB_CLIENT_ID": f"service-{SERVICE}",
        "JUPYTERHUB_SERVICE_NAME": SERVICE,
        "JUPYTERHUB_SERVICE_PREFIX": prefix,
        "JUPYTERHUB_SERVICE_URL": url,
        "JUPYTERHUB_OAUTH_CALLBACK_URL": f"{prefix}oauth_callback",
        "JUPYTERHUB_BASE_URL": "/",
        "JUPYTERHUB_HOST": "",
        "JUPYTERHUB_OAUTH_ACCESS_SCOPES": json.dumps([f"access:services!service={SERVICE}"]),
    }
    return service, {"scope": f"access:services!service={SERVICE}"}, env


def desk_command(course: Path, grader_user: str, homes: Path) -> list[str]:
    """How the grading service starts the desk (``homes``: where trainees' home folders are)."""
    return [
        sys.executable,
        "-m",
        "ctcourse.desk",
        "--root",
        str(course),
        "--formgrader",
        grader_user,
        "--homes",
        str(homes / "{trainee}"),
    ]
