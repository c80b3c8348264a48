"""Each of the hub's Ukrainian pages (``deploy/hub/templates-uk/``), rendered through JupyterHub's
own template loader with the English messages JupyterHub and NativeAuthenticator put into them,
shows no English UI string of its upstream page, also in the states the browser test on the real
hub does not reach (a failed start, a server that stopped, the stop page, a proxy's 503). The
translated copies keep every form field of the installed upstream templates, every page parses,
and the frame extends JupyterHub's own."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import nativeauthenticator
import pytest
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from jupyterhub._data import DATA_FILES_PATH

from ctcourse.hub.sign_ups import SignUp

from .english_ui import english_left

REPO = Path(__file__).resolve().parents[2]
UK = REPO / "deploy" / "hub" / "templates-uk"
NATIVE = Path(nativeauthenticator.__file__).resolve().parent / "templates"
COURSE = REPO / "src" / "ctcourse" / "hub" / "templates"
WHEN = datetime(2026, 12, 6, 9, 30)
FIELDS = re.compile(r'(?:name|id)=["\']([\w-]+)["\']')
SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)


def _hub_templates() -> Path:
    """JupyterHub's own templates (installed under ``<prefix>/share/jupyterhub/templates``)."""
    return Path(DATA_FILES_PATH) / "templates"


#: The translated copies of upstream pages that hold forms, and the folder of each original.
FORMS = {
    "native-login.html": NATIVE,
    "signup.html": NATIVE,
    "home.html": _hub_templates(),
    "oauth.html": _hub_templates(),
}
#: Labels no translated form may keep in its own markup (a script may name the English label
#: it replaces), in any branch, also those the rendered states below do not take.
FORM_LABELS = ("Sign In", "Sign Up", "Username", "Password", "Create User", "Authorize",
               "My Server")  # fmt: skip


def _environment() -> Environment:
    """The loaders in the hub's order: ``templates/…`` for the originals, the template paths, then
    NativeAuthenticator's and the course's (as ``ctcourse.hub.authenticator`` adds them)."""
    base = str(_hub_templates())
    return Environment(
        loader=ChoiceLoader(
            [
                PrefixLoader({"templates": FileSystemLoader([base])}, "/"),
                FileSystemLoader([str(UK), base]),
                FileSystemLoader([str(NATIVE), str(COURSE)]),
            ]
        ),
        autoescape=True,
    )


class _Shown(HTMLParser):
    """The text a person sees or hears: text outside scripts, and labels, hints and buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)
            if name == "value" and value and dict(attrs).get("type") == "submit":
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _shown(html: str) -> str:
    parser = _Shown()
    parser.feed(html)
    return "\n".join(parser.parts)


FRAME = {
    "static_url": lambda path, **_: f"/hub/static/{path}",
    "base_url": "/hub/",
    "login_url": "/hub/login",
    "logout_url": "/hub/logout",
    "services": [],
    "parsed_scopes": {},
    "xsrf": "token",
}
ANA = SimpleNamespace(
    name="ana", all_spawners=lambda **_: [], spawner=SimpleNamespace(options_form=None)
)
OPTIONS = "\n".join(
    f'<option value="{v}">{label}</option>'
    for v, label in [(3600, "1 Hour"), (86400, "1 Day"), (604800, "1 Week"),
                     (2592000, "1 Month"), (31536000, "1 Year"), ("", "Never")]
)  # fmt: skip
TOKEN = SimpleNamespace(
    api_id="a1", note="Requested via token page", scopes=["access:servers!user=ana"],
    last_activity=None, created=WHEN, expires_at=None,
)  # fmt: skip
CLIENT = {"description": "Server at /user/ana/", "tokens": [SimpleNamespace(scopes=["x"])],
          "last_activity": WHEN, "created": WHEN, "token_id": "o1"}  # fmt: skip
DOWN = "Your server appears to be down. Try restarting it <a href='/hub/home'>from the hub</a>"
RESTART = "You can try restarting your server from the <a href='/hub/home'>home page</a>."
CASES = [
    ("login", "native-login.html", {"login_error": "Invalid username or password."}),
    ("login", "native-login.html",
     {"login_error": "User ana has not been authorized by an administrator yet."}),
    ("signup", "signup.html", {}),
    ("signup", "signup.html", {"alert": "alert-info",
                               "result_message": "Your information has been sent to the admin."}),
    ("signup", "signup.html", {"alert": "alert-danger", "result_message": (
        "Something went wrong!\nIt appears that this username is already in use. Please try "
        "again with a different username.")}),
    ("signup", "signup.html", {"alert": "alert-danger", "result_message": (
        "Something went wrong!\nBe sure your username does not contain spaces, commas or "
        "slashes, your password has at least 10 characters and is not too common.")}),
    ("home", "home.html", {"user": ANA, "default_server": SimpleNamespace(active=False),
                           "url": "/hub/spawn/ana"}),
    ("home", "home.html", {"user": ANA, "default_server": SimpleNamespace(active=True),
                           "url": "/user/ana/"}),
    ("authorize", "ctcourse-authorize.html", {"user": ANA, "about": "zoya", "done": "approved",
     "people": [SignUp("zoya", False, WHEN), SignUp("ana", True, None)]}),
    ("change-password", "change-password.html", {"user": ANA, "user_name": "ana",
     "alert": "alert-danger",
     "result_message": "Your current password was incorrect. Please try again."}),
    ("change-password", "change-password.html", {"user": ANA, "user_name": "ana",
     "alert": "alert-success", "result_message": "Your password has been changed successfully!"}),
    ("token", "token.html", {"user": ANA, "api_tokens": [TOKEN], "oauth_clients": [CLIENT],
                             "token_expires_in_options_html": OPTIONS}),
    ("spawn-pending", "spawn_pending.html", {"user": ANA, "progress_url": "/hub/api/progress"}),
    ("not-running", "not_running.html", {"user": ANA, "spawn_url": "/hub/spawn/ana"}),
    ("not-running", "not_running.html", {"user": ANA, "spawn_url": "/hub/spawn/ana",
                                         "failed": True, "failed_message": "out of memory"}),
    ("stop-pending", "stop_pending.html", {"user": ANA}),
    ("logout", "logout.html", {}),
    ("error", "error.html", {"user": ANA, "status_code": 403, "status_message": "Forbidden",
                             "message": "Only trainers (custom:ctcourse:approve-sign-ups) may do this"}),
    ("error", "404.html", {"user": ANA, "status_code": 404, "status_message": "Not Found"}),
    ("error", "error.html", {"status_code": 503, "status_message": "Service Unavailable",
                             "message_html": DOWN, "extra_error_html": RESTART}),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "template", "context"), CASES)
def test_the_page_shows_no_english_ui_string(kind: str, template: str, context: dict) -> None:
    html = _environment().get_template(template).render(**FRAME, **context)
    shown = _shown(html)
    assert shown, template
    assert not english_left(shown, kind), (template, english_left(shown, kind), shown)
    assert re.search("[а-щьюяєіїґ]", shown, re.IGNORECASE), "the page says nothing in Ukrainian"


def test_the_list_of_english_strings_comes_from_the_upstream_pages() -> None:
    """Each upstream page still holds the strings the checks look for (else they check nothing)."""
    upstream = {
        "token": "token.html",
        "spawn-pending": "spawn_pending.html",
        "not-running": "not_running.html",
        "stop-pending": "stop_pending.html",
        "logout": "logout.html",
    }
    for kind, name in upstream.items():
        text = (_hub_templates() / name).read_text("utf-8")
        assert english_left(text, kind), name
    native = {"login": "native-login.html", "signup": "signup.html",
              "change-password": "change-password.html"}  # fmt: skip
    for kind, name in native.items():
        assert english_left((NATIVE / name).read_text("utf-8"), kind), name


def test_the_sign_ups_page_says_what_was_done_and_lists_the_oldest_first() -> None:
    people = [SignUp("zoya", False, WHEN), SignUp("ana", True, None)]
    html = _environment().get_template("ctcourse-authorize.html")
    shown = _shown(html.render(**FRAME, user=ANA, people=people, about="zoya", done="approved"))
    assert "zoya: реєстрацію схвалено" in shown and "2026-12-06 09:30 UTC" in shown
    assert shown.index("\nzoya\n2026") < shown.index("\nana\nТак")


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_translated_page_keeps_every_field_of_the_original(name: str) -> None:
    original = (FORMS[name] / name).read_text("utf-8")
    translated = (UK / name).read_text("utf-8")
    assert sorted(FIELDS.findall(translated)) == sorted(FIELDS.findall(original))
    markup = SCRIPT.sub("", translated)
    assert [label for label in FORM_LABELS if label in markup] == [], name


def test_every_page_parses_and_the_menu_extends_jupyterhubs_own() -> None:
    env = Environment(loader=FileSystemLoader([str(UK)]))
    for path in UK.glob("*.html"):
        env.parse(path.read_text("utf-8"))
    assert (UK / "page.html").read_text("utf-8").startswith('{% extends "templates/page.html" %}')
