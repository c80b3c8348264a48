"""JupyterHub for a training centre on one Linux machine: ``make hub`` (as root) starts it.

- Each person's server runs as their own Unix account, created on their first login with a
  private home (0700), in a memory cgroup of CTCOURSE_MEM_LIMIT (default 1G).
- Sign-up with a password (``ctcourse.hub.authenticator.CourseAuthenticator``, NativeAuthenticator
  with POST-only approvals and no password resets by others); a trainer approves each sign-up at
  /hub/authorize. People named in CTCOURSE_TRAINERS (and CTCOURSE_HUB_ADMINS) are created at
  start with the first password ``make hub`` printed, so nobody can sign up under their names;
  trainers form the ``trainers`` group; everyone else joins ``trainees`` at their first server
  start.
- Trainers reach formgrader (and the course folder, which only the grader account can read)
  in the grader account's server, /user/<CTCOURSE_GRADER_USER>/ (the hub's roles let only
  trainers in). Trainees get the Assignment List only: modules are fetched into their home
  folder and submitted to nbgrader's exchange.
- Idle servers are stopped after CTCOURSE_IDLE_TIMEOUT seconds (jupyterhub-idle-culler).
- CTCOURSE_HUB_TOKEN, when set, registers the ``ctcourse-admin`` service with that token, for
  scripts that create users and groups and start servers through the REST API.

Folders and ports come from the environment: see ``ctcourse.hub.layout.HubLayout.from_env``.
"""

import os
import sys
from pathlib import Path

from ctcourse.autograder_service.hub import grade_on_submit
from ctcourse.course import load_course
from ctcourse.hub import first_passwords
from ctcourse.hub.authenticator import APPROVE_SCOPE
from ctcourse.hub.layout import (
    ADMIN_SERVICE,
    GRADERS_GROUP,
    TRAINEES_GROUP,
    TRAINERS_GROUP,
    HubLayout,
)
from ctcourse.trainee_ids import HUB_NAME_PATTERN

c = get_config()  # noqa: F821 (provided by JupyterHub)
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
layout = HubLayout.from_env(os.environ)
course = load_course(layout.course)  # prepared by `python -m ctcourse.hub.prepare`
language = course.language  # $CTCOURSE_LANG, else course.yml (resolved by load_course)
path = f"{BIN}:/usr/local/bin:/usr/bin:/bin"

# -- network and state ------------------------------------------------------------------------
c.JupyterHub.bind_url = layout.url
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = layout.hub_api_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{layout.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(layout.state / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{layout.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(layout.state / "jupyterhub_cookie_secret")

# -- who may log in -----------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "ctcourse.hub.authenticator.CourseAuthenticator"
c.Authenticator.allow_all = True  # every approved sign-up; approval is NativeAuthenticator's
c.Authenticator.admin_users = set(layout.admins)
# Trainers and admins exist from the start (first passwords from `make hub`): never claimable.
c.CourseAuthenticator.reserved_names = list(layout.reserved)
c.CourseAuthenticator.first_passwords_file = str(layout.state / first_passwords.FILE_NAME)
c.Authenticator.username_pattern = HUB_NAME_PATTERN  # hub names are Unix account names
c.CourseAuthenticator.closed_names = ["root", layout.grader_user]  # nobody logs in as the grader
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 600

# -- each person's server -----------------------------------------------------------------------
c.JupyterHub.spawner_class = "ctcourse.hub.spawner.CourseSpawner"
c.CourseSpawner.homes = str(layout.homes)
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.mem_limit = layout.mem_limit
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {
    "PATH": path,  # nbgrader shells out to alembic, ctcourse lives here too
    "JUPYTER_CONFIG_PATH": str(HERE / "singleuser"),  # Assignment List only; see that folder
    "CTCOURSE_COURSE_ID": course.id,
    "CTCOURSE_EXCHANGE": str(layout.exchange),
    "CTCOURSE_LANG": language,  # quizzes
    "CTCOURSE_LAB_SETTINGS": str(HERE / "lab-settings" / language),  # JupyterLab's language
    "LANG": "C.UTF-8",
}
# The grader account's server is the formgrader, in the course folder (trainers only).
c.CourseSpawner.grader_user = layout.grader_user
c.CourseSpawner.grader_root = str(layout.course)
c.CourseSpawner.grader_environment = {
    "JUPYTER_CONFIG_PATH": str(HERE / "grader"),
    "CTCOURSE_ROOT": str(layout.course),
} | {name: os.environ[name] for name in ("CTCOURSE_DB_URL",) if os.environ.get(name)}

# -- groups, roles and services -----------------------------------------------------------------
c.JupyterHub.load_groups = {
    TRAINERS_GROUP: {"users": sorted(layout.trainers)},
    TRAINEES_GROUP: {"users": []},
    GRADERS_GROUP: {"users": [layout.grader_user]},  # the grader account only
}
c.JupyterHub.custom_scopes = {
    APPROVE_SCOPE: {"description": "Approve or withdraw sign-ups (POST /hub/authorize/<name>)"},
}
roles = [
    {
        "name": "trainer",
        "description": "Approve sign-ups, see people and groups, use formgrader",
        "groups": [TRAINERS_GROUP],
        "scopes": [
            APPROVE_SCOPE,  # not admin:users: no password, name or account of others changes
            "admin-ui",
            "list:users",
            "read:users",
            "read:groups",
            f"servers!user={layout.grader_user}",  # start and stop the formgrader
            f"access:servers!user={layout.grader_user}",  # and use it
        ],
    },
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
]
services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={layout.idle_timeout}",
        ],
    },
]
if os.environ.get("CTCOURSE_HUB_TOKEN"):
    services.append({"name": ADMIN_SERVICE, "api_token": os.environ["CTCOURSE_HUB_TOKEN"]})
    roles.append(
        {
            "name": ADMIN_SERVICE,
            "description": "Scripts: create users and groups, start servers, issue tokens",
            "services": [ADMIN_SERVICE],
            "scopes": [
                *("admin:users", "admin:groups", "admin:servers", "tokens", "access:servers"),
                *("list:services", "read:services", "access:services", "read:hub"),
            ],
        }
    )
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles

# == ctcourse: grading on submit and the trainer's desk (see ctcourse.autograder_service.hub) ====
# A managed grading service without a web address (no start-up check) collects, grades and returns
# every new submission, keeps the formgrader running and runs the desk (/services/ctcourse-desk/,
# trainers only); the formgrader and the desk open without an "Authorize access" page. For a
# Ukrainian cohort the hub's own pages are in Ukrainian (deploy/hub/templates-uk/).
grade_on_submit(c, layout, Path(sys.executable), HERE / "grader", os.environ, language)
