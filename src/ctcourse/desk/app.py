"""The desk's web server: a JupyterHub service with OAuth (trainers only, by the hub's role).

GET only reads; every action is a POST with tornado's XSRF check: what makes a file (the report,
an export, for the modules and trainees chosen: :mod:`~ctcourse.desk.choice`) runs as a
:mod:`~ctcourse.desk.jobs` job the page polls; "return feedback now" and "grade
again" leave a request the grading service honours on its next pass (the page counts the seconds
of a regrade until the service notes it done); approving or discarding a sign-up goes to the hub's own handlers with the trainer's token (:mod:`~ctcourse.desk.sign_ups`),
then back to the page, which says what was done.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.ioloop import IOLoop

from ctcourse.course import Course
from ctcourse.desk import sign_ups
from ctcourse.desk.jobs import Jobs
from ctcourse.desk.words import WORDS

if TYPE_CHECKING:
    from ctcourse.desk.choice import Choice

TEMPLATES = Path(__file__).resolve().parent / "templates"
KINDS = ("report", "csv", "moodle")
#: The file each export kind writes (the exports themselves: ctcourse.grading.export.EXPORTS).
EXPORT_FILES = {"csv": "scores.csv", "moodle": "moodle-grades.csv"}
OUTCOME = "ctcourse-desk-outcome"  # a signed cookie: what the last approve/discard/check did


def _make(
    course: Course, kind: str, out: Path, choice: Choice | None = None, homes: str | None = None
) -> Path:
    """Build one kind of file into ``out`` (a private folder) for the trainer's choice of modules
    and trainees (None: all of them); returns the file. ``homes`` (e.g. ``/home/{trainee}``) lets
    the report tell "fetched" from "not fetched"."""
    modules, cohort = (choice.modules, choice.cohort) if choice else ((), None)
    if kind in EXPORT_FILES:
        from ctcourse.grading.export import EXPORTS

        EXPORTS[kind](course, out / EXPORT_FILES[kind], modules, cohort)
        return out / EXPORT_FILES[kind]
    from ctcourse.reports.build import analyse, write_report

    return Path(write_report(analyse(course, cohort, homes, modules), out / "cohort-report").html)


class Base(HubOAuthenticated, web.RequestHandler):
    """Every page: a hub user with access to this service (the trainers' role), else 403."""

    @property
    def desk(self) -> dict:
        return self.settings["desk"]

    def back_to_page(self, said: dict, anchor: str) -> None:
        """Show ``said`` once on the page (a signed cookie), where the trainer acted."""
        self.set_signed_cookie(OUTCOME, json.dumps(said), path=self.desk["prefix"], httponly=True)
        self.redirect(self.desk["prefix"] + anchor)

    @property
    def user_token(self) -> str:
        """The trainer's own hub token (from the desk's login), for the hub's sign-up handlers."""
        return self.hub_auth.get_token(self) or ""


class Page(Base):
    @web.authenticated
    async def get(self) -> None:
        from ctcourse.desk import view  # nbgrader's gradebook: after the server listens
        from ctcourse.desk.names import trainees as trainee_names

        desk = self.desk
        course: Course = desk["course"]
        lang = course.language
        try:
            pending, refused = await sign_ups.pending(desk["hub_pages"], self.user_token), ""
        except sign_ups.HubRefused as exc:
            pending, refused = [], str(exc)
        modules = view.progress(course, desk["env"], lang)
        template = desk["templates"].get_template("desk.html.j2")
        self.write(
            template.render(
                lang=lang,
                words=WORDS[lang],
                course=course.title_in(lang),
                modules=modules,
                regrading=view.regrading_seconds(course),
                titles={m.id: m.title for m in modules},
                written=view.written_answers(course, desk["env"], desk["grader"]),
                certificates=view.certificates(course),
                names=trainee_names(course, desk["env"]),
                kinds=KINDS,
                hub=desk["hub_prefix"],
                grader=desk["grader"],
                xsrf=self.xsrf_token.decode("ascii"),
                pending=pending,
                refused=refused,
                outcome=self.outcome(),
            )
        )

    def outcome(self) -> dict:
        """What the last action did, shown once: a sign-up's ``name`` with ``done`` or
        ``refused``, or a certificate check's ``valid`` and ``text``."""
        said = self.get_signed_cookie(OUTCOME, max_age_days=1)
        if said is None:
            return {}
        self.clear_cookie(OUTCOME, path=self.desk["prefix"])
        return json.loads(said)


class SignUpHandler(Base):
    @web.authenticated
    async def post(self, action: str) -> None:
        """Approve or discard one sign-up (XSRF-checked by tornado), then back to the page."""
        name = self.get_body_argument("name")
        try:
            await sign_ups.act(self.desk["hub_pages"], self.user_token, name, action)
            said = {"name": name, "done": action}
        except sign_ups.HubRefused as exc:
            words = WORDS[self.desk["course"].language]
            said = {"name": name, "refused": words.get(f"refused_{exc.code}", str(exc))}
        self.back_to_page(said, "#sign-ups")


class RequestHandler(Base):
    @web.authenticated
    def post(self, action: str) -> None:
        """Ask the grading service to return a module's feedback now, or to grade it again (it
        acts on its next pass; the desk never grades nor releases behind its back), in the
        trainer's name."""
        from ctcourse.autograder_service import overrides

        course: Course = self.desk["course"]
        module = self.get_body_argument("module", "")
        if module not in {m.id for m in course.modules}:
            raise web.HTTPError(400, "no such module")
        request = overrides.return_now if action == "return-now" else overrides.regrade
        request(course.root, module, self.current_user["name"])
        self.back_to_page({action: module}, "#progress")


class RegradingHandler(Base):
    @web.authenticated
    def get(self) -> None:
        """The modules being graded again on a trainer's request, with the seconds since it
        (the grading service's own record, read only), for the page's counter."""
        from ctcourse.desk import view

        self.write({"modules": view.regrading_seconds(self.desk["course"])})


class NamesHandler(Base):
    @web.authenticated
    async def post(self) -> None:
        """Save the trainees' names for their certificates (``first:ID`` and ``last:ID`` fields),
        re-issue the certificates already issued to those renamed (off the server's loop)."""
        from ctcourse.desk import names

        desk = self.desk
        form = {k: self.get_body_argument(k, "") for k in self.request.body_arguments}
        given = names.from_form(form)
        trainer = self.current_user["name"]

        def work() -> tuple[list[str], list[str], list[str]]:
            changed, refused = names.save(desk["course"], desk["env"], given)
            return changed, refused, names.reissue(desk["course"], changed, trainer)

        changed, refused, again = await IOLoop.current().run_in_executor(None, work)
        said = {"names_saved": len(changed), "names_refused": refused, "reissued": again}
        self.back_to_page(said, "#names")


class VerifyHandler(Base):
    @web.authenticated
    async def post(self) -> None:
        """Check a certificate's code (reads the gradebook: off the server's loop)."""
        from ctcourse.desk.verify import check

        course: Course = self.desk["course"]
        code = self.get_body_argument("code", "").strip()[:64]
        answer = await IOLoop.current().run_in_executor(
            None, check, course, code, WORDS[course.language]
        )
        self.back_to_page({"valid": answer.valid, "text": answer.text}, "#verify")


class JobHandler(Base):
    @web.authenticated
    async def post(self, kind: str) -> None:
        """Start making the file for the modules and trainees chosen (XSRF-checked by tornado);
        a bad choice is answered with state ``refused`` and one line, and nothing is made."""
        from ctcourse.desk import choice  # nbgrader's gradebook: after the server listens

        desk = self.desk
        course: Course = desk["course"]
        modules = self.get_body_arguments("modules") or None  # none sent: every module
        cohort = self.get_body_argument("cohort", "")
        try:
            chosen = await IOLoop.current().run_in_executor(
                None, choice.read, course, desk["env"], modules, cohort, WORDS[course.language]
            )
        except choice.Refused as exc:
            self.set_status(400)
            self.write({"state": "refused", "seconds": 0, "error": str(exc)})
            return
        out = Path(tempfile.mkdtemp(prefix=f"desk-{kind}-", dir=desk["scratch"]))
        covers = choice.describe(course, chosen, WORDS[course.language])
        job = desk["jobs"].start(
            kind, lambda: _make(course, kind, out, chosen, desk["homes"]), covers
        )
        self.write(job.as_dict())

    @web.authenticated
    def get(self, kind: str) -> None:
        """The job's state (never starts anything)."""
        job = self.desk["jobs"].by_kind.get(kind)
        self.write(job.as_dict() if job else {"state": "none", "seconds": 0, "error": ""})


class FileHandler(Base):
    @web.authenticated
    def get(self, kind: str) -> None:
        job = self.desk["jobs"].by_kind.get(kind)
        if job is None or job.state != "done" or job.file is None:
            raise web.HTTPError(404)
        media = "text/html" if kind == "report" else "text/csv"
        self.set_header("Content-Type", f"{media}; charset=utf-8")
        if kind != "report":
            self.set_header("Content-Disposition", f'attachment; filename="{job.file.name}"')
        self.write(job.file.read_bytes())


class CertificateHandler(Base):
    @web.authenticated
    def get(self, trainee: str) -> None:
        from ctcourse.desk import view

        if trainee not in view.certificates(self.desk["course"]):
            raise web.HTTPError(404)
        path = Path(self.desk["course"].root) / "certificates" / f"{trainee}.pdf"
        self.set_header("Content-Type", "application/pdf")
        self.set_header("Content-Disposition", f'attachment; filename="{trainee}.pdf"')
        self.write(path.read_bytes())


def make_app(
    course: Course, env: dict[str, str], grader: str, homes: str | None = None
) -> web.Application:
    """The desk for ``course`` under ``$JUPYTERHUB_SERVICE_PREFIX``; ``homes`` as ``_make``'s."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/ctcourse-desk/")
    templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    desk = {
        "course": course, "env": env, "grader": grader, "jobs": Jobs(), "templates": templates,
        "scratch": tempfile.mkdtemp(prefix="ctcourse-desk-"), "homes": homes,
        "prefix": prefix,
        "hub_prefix": os.environ.get("JUPYTERHUB_BASE_URL", "/") + "hub",
        "hub_pages": sign_ups.hub_pages_url(env.get("JUPYTERHUB_API_URL", "")),
    }  # fmt: skip
    kinds = "|".join(KINDS)
    routes = [
        (prefix, Page),
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        (url_path_join(prefix, rf"jobs/({kinds})"), JobHandler),
        (url_path_join(prefix, rf"files/({kinds})"), FileHandler),
        (url_path_join(prefix, r"certificates/([\w.-]+)\.pdf"), CertificateHandler),
        (url_path_join(prefix, "certificates/verify"), VerifyHandler),
        (url_path_join(prefix, "(return-now|regrade)"), RequestHandler),
        (url_path_join(prefix, "regrading"), RegradingHandler),
        (url_path_join(prefix, "names"), NamesHandler),
        (url_path_join(prefix, rf"sign-ups/({'|'.join(sign_ups.ACTIONS)})"), SignUpHandler),
    ]
    return web.Application(
        routes, desk=desk, xsrf_cookies=True, cookie_secret=os.urandom(32),
    )  # fmt: skip
