"""Sign-up with a password (NativeAuthenticator) without its three traps on a course hub.

1. **No state change on GET.** NativeAuthenticator approves or withdraws a sign-up on
   ``GET /hub/authorize/<name>`` and discards one on ``GET /hub/discard/<name>``, so an image in
   a trainee's written answer (``![](/hub/authorize/mallory)``) made the trainer's browser
   approve a sign-up when formgrader showed it. Here both are POST forms, which JupyterHub
   checks for its XSRF token; GET changes nothing (405).
2. **Reserved names are not claimable.** NativeAuthenticator approves at sign-up anyone whose
   name is listed as allowed or admin, so whoever signed up first as a trainer got the trainer's
   rights. Here trainers and hub admins are created at the hub's start with a first password that
   ``make hub`` printed for the admin (:mod:`ctcourse.hub.first_passwords`); their names are taken
   before anyone can sign up.
3. **No password resets by trainers.** ``/hub/change-password/<name>`` let anyone with
   ``admin:users`` set another person's password and then log in as them, into their home. It is
   gone; trainers approve with the narrow scope :data:`APPROVE_SCOPE` instead of ``admin:users``.
   A person changes their own password at ``/hub/change-password``.

The trainer's desk lists and approves sign-ups through these same handlers, with the trainer's own
token (``Authorization: token …``; a header no other site can make a browser send, so JupyterHub
skips the XSRF check): ``GET /hub/authorize`` answers the list as JSON when asked for
``application/json``, and the POSTs answer ``{"name": …, "done": …}``.
"""

from __future__ import annotations

import pwd
from collections.abc import Callable
from pathlib import Path

import bcrypt
from jinja2 import ChoiceLoader, FileSystemLoader
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LocalBase
from nativeauthenticator.orm import UserInfo
from tornado import web
from traitlets import List, Unicode

from ctcourse.hub import first_passwords, sign_ups
from ctcourse.hub.layout import ACCOUNT_MARKER

#: The scope of the trainers' role that lets them approve sign-ups (a JupyterHub custom scope).
APPROVE_SCOPE = "custom:ctcourse:approve-sign-ups"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _needs(scope: str) -> Callable:
    """Refuse the request (403) unless the logged-in person holds ``scope``."""

    def decorate(method: Callable) -> Callable:
        async def checked(self, *args):
            user = self.current_user
            if user is None or scope not in getattr(self, "expanded_scopes", set()):
                raise web.HTTPError(403, f"Only trainers ({scope}) may do this")
            return await method(self, *args)

        return checked

    return decorate


class _Page(LocalBase):
    """A hub page of the course's: its template is looked up after the hub's own template paths
    (so a Ukrainian cohort's ``templates-uk/`` has its version) and before NativeAuthenticator's.

    A trainer's browser (cookie and XSRF token) or the desk with the trainer's token may call it.
    """

    _accept_token_auth = True

    def initialize(self, **kwargs):
        super().initialize(**kwargs)
        env = self.settings["jinja2_env"]
        if not getattr(env, "_ctcourse_templates", False):
            env.loader = ChoiceLoader([env.loader, FileSystemLoader([str(TEMPLATES)])])
            env._ctcourse_templates = True

    @property
    def reserved(self) -> set[str]:
        return set(self.authenticator.reserved_names)

    def wants_json(self) -> bool:
        return "application/json" in self.request.headers.get("Accept", "")

    async def show(self, name: str = "", done: str = "") -> None:
        """The list of sign-ups (with what was just done to ``name``), as a page or as JSON."""
        people = sign_ups.sign_ups(self.db, self.reserved)
        if self.wants_json():
            self.finish({"name": name, "done": done, "sign_ups": [p.as_dict() for p in people]})
            return
        html = await self.render_template(
            "ctcourse-authorize.html", people=people, about=name, done=done
        )
        self.finish(html)


class SignUpsPage(_Page):
    """``GET /hub/authorize``: who signed up, with Approve / Withdraw / Discard buttons."""

    @web.authenticated
    @_needs(APPROVE_SCOPE)
    async def get(self) -> None:
        await self.show()


class ApprovePage(_Page):
    """``POST /hub/authorize/<name>`` with ``action=approve`` or ``action=revoke``."""

    @web.authenticated
    @_needs(APPROVE_SCOPE)
    async def post(self, name: str) -> None:
        action = self.get_body_argument("action", "")
        person = UserInfo.find(self.db, name)
        if person is None or name in self.reserved or action not in ("approve", "revoke"):
            raise web.HTTPError(400, f"{name!r} cannot be approved or withdrawn here")
        person.is_authorized = action == "approve"
        self.db.commit()
        self.log.info("%s: %s by %s", name, action, self.current_user.name)
        await self.show(name, "approved" if person.is_authorized else "revoked")


class DiscardPage(_Page):
    """``POST /hub/discard/<name>``: forget a sign-up that was never approved nor used.

    A name whose Unix account exists has files on this machine: discarding it would let anyone
    sign up again under that name and be given that account's home, so it is refused.
    """

    @web.authenticated
    @_needs(APPROVE_SCOPE)
    async def post(self, name: str) -> None:
        person = UserInfo.find(self.db, name)
        if person is None or person.is_authorized or name in self.reserved or _has_home(name):
            raise web.HTTPError(400, f"{name!r} cannot be discarded (approved or has a home)")
        self.authenticator.delete_user(type("User", (), {"name": name}))
        if self.users.get(name) is not None:
            self.users.delete(name)
        sign_ups.forget(self.db, name)
        self.log.info("%s: sign-up discarded by %s", name, self.current_user.name)
        await self.show(name, "discarded")


def _has_home(name: str) -> bool:
    try:
        return ACCOUNT_MARKER in pwd.getpwnam(name).pw_gecos
    except KeyError:
        return False


class CourseAuthenticator(NativeAuthenticator):
    """NativeAuthenticator with POST-only approvals, reserved names and no password resets."""

    reserved_names = List(Unicode(), config=True, help="Trainers and hub admins, created at start.")
    closed_names = List(
        Unicode(),
        config=True,
        help="Accounts nobody signs up with or logs in as (root, the grader). Not blocked_users: "
        "JupyterHub strips a blocked user of every role, and the formgrader's server, the grader "
        "account's, then may not even report its own activity.",
    )
    first_passwords_file = Unicode(
        "", config=True, help="JSON file {name: first password} written by make hub (root only)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sign_ups.create_table(self.db)
        self.create_reserved()

    def create_reserved(self) -> list[str]:
        """Create every reserved name that has no account yet, approved, with its first password."""
        path = Path(self.first_passwords_file)
        passwords = first_passwords.read(path)
        created = []
        for name in self.reserved_names:
            if self.get_user(name) is not None:
                continue
            if name not in passwords:
                self.log.error("%s is reserved but has no first password in %s", name, path)
                continue
            hashed = bcrypt.hashpw(passwords[name].encode(), bcrypt.gensalt())
            self.db.add(UserInfo(username=name, password=hashed, is_authorized=True))
            created.append(name)
        self.db.commit()
        for name in created:
            self.log.info("%s: reserved account created with its first password", name)
        return created

    def check_blocked_users(self, username, authentication=None) -> bool:
        """Nobody logs in under a closed name, whatever the password."""
        if username in self.closed_names:
            return False
        return super().check_blocked_users(username, authentication)

    def create_user(self, username, password, **kwargs):
        """A sign-up; never under a reserved or closed name (a reserved one may not exist yet)."""
        if self.normalize_username(username) in {*self.reserved_names, *self.closed_names}:
            return None
        person = super().create_user(username, password, **kwargs)
        if person is not None:
            sign_ups.record(self.db, person.username)
        return person

    def get_handlers(self, app) -> list[tuple[str, type]]:
        replaced = {
            r"/authorize": SignUpsPage,
            r"/authorize/([^/]*)": ApprovePage,
            r"/discard/([^/]*)": DiscardPage,
        }
        gone = {r"/change-password/([^/]+)"}
        return [
            (route, replaced.get(route, handler))
            for route, handler in super().get_handlers(app)
            if route not in gone
        ]
