"""The grading service on a training centre's hub: a JupyterHub-managed service.

JupyterHub starts it with the hub (``make hub``), restarts nothing by itself and stops it with
the hub. It has no web address, so the hub does not wait for it to answer at start-up (the
ten-second check that managed services with a URL must pass). It runs as root, like the hub,
because code modules are graded in the sandbox (which needs root); what it writes in the course
folder is handed back to the grader account. Its hub token may start the formgrader (the grader
account's server), which it keeps running so that trainers never meet a "Launch Server" page.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ctcourse.autograder_service.desk_process import DESK_COMMAND, DESK_ENV
from ctcourse.desk.hub import desk_command, desk_service
from ctcourse.hub.layout import HubLayout

SERVICE = "ctcourse-grading"
PASSED_ON = ("CTCOURSE_DB_URL", "CTCOURSE_LANG")
#: Root's own PATH: the sandbox's tools include Debian's /usr/sbin/chroot.
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def grading_service(
    layout: HubLayout, python: Path, grader_config: Path, env: Mapping[str, str]
) -> tuple[dict, dict]:
    """The hub's service entry and its role (start and read the formgrader's server only)."""
    bin_dir = python.parent
    environment = {
        "PATH": f"{bin_dir}:{SYSTEM_PATH}",
        "JUPYTER_CONFIG_PATH": str(grader_config),  # nbgrader configured as in the formgrader
        "CTCOURSE_ROOT": str(layout.course),
        "CTCOURSE_EXCHANGE": str(layout.exchange),
        "HOME": str(layout.state),  # root's caches stay out of the grader's home
        "LANG": "C.UTF-8",
    } | {name: env[name] for name in PASSED_ON if env.get(name)}
    service = {
        "name": SERVICE,
        "command": [
            str(python), "-m", "ctcourse.autograder_service", "--root", str(layout.course),
            "--homes", str(layout.homes), "--formgrader", layout.grader_user,
        ],
        "environment": environment,
        "cwd": str(layout.course),
    }  # fmt: skip
    role = {
        "name": SERVICE,
        "description": "Grading on submit: keeps the formgrader running",
        "services": [SERVICE],
        "scopes": [f"servers!user={layout.grader_user}", f"read:users!user={layout.grader_user}"],
    }
    return service, role


def formgrader_client(grader_user: str) -> str:
    """The OAuth client of the formgrader's server: trainers reach it without an "Authorize
    access" page (only trainers may open it at all)."""
    return f"jupyterhub-user-{grader_user}"


def running_as_hub_service() -> bool:
    """Whether this process was started by JupyterHub (it then has a hub API token)."""
    return bool(os.environ.get("JUPYTERHUB_API_TOKEN") and os.environ.get("JUPYTERHUB_API_URL"))


def grade_on_submit(
    c: Any,
    layout: HubLayout,
    python: Path,
    grader_config: Path,
    env: Mapping[str, str],
    language: str = "en",
) -> None:
    """Add the grading services (one for quiz modules, one for code modules, so a quiz's feedback
    never waits behind kernels) and the desk to a hub's config ``c`` (``jupyterhub_config.py``);
    for a Ukrainian cohort, the hub's own pages (login, sign-up, home, authorize) in Ukrainian."""
    grading, grading_role = grading_service(layout, python, grader_config, env)
    code = grading | {"name": f"{SERVICE}-code", "environment": dict(grading["environment"])}
    code["command"] = [*grading["command"][:-2], "--lane", "code"]  # no formgrader, no desk
    grading["command"] += ["--lane", "quiz"]
    desk, desk_access, desk_env = desk_service(layout)
    grading["environment"] |= {
        DESK_COMMAND: json.dumps(desk_command(layout.course, layout.grader_user, layout.homes)),
        DESK_ENV: json.dumps(desk_env),
    }
    c.JupyterHub.services += [grading, code, desk]
    c.JupyterHub.load_roles.append(grading_role)
    trainer = next(r for r in c.JupyterHub.load_roles if r["name"] == "trainer")
    trainer["scopes"].append(desk_access["scope"])
    no_confirm = {formgrader_client(layout.grader_user), desk["oauth_client_id"]}
    c.JupyterHub.tornado_settings.update({"oauth_no_confirm_list": no_confirm})
    if language == "uk":
        c.JupyterHub.template_paths = [str(grader_config.parent / "templates-uk")]
