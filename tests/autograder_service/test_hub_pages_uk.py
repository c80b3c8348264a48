"""The hub's own pages for a Ukrainian cohort: translated copies that keep every form field of the
installed JupyterHub and NativeAuthenticator templates, and no English left in their labels (a
script may name the English label it replaces)."""

from __future__ import annotations

import re
from pathlib import Path

import jupyterhub
import nativeauthenticator
import pytest
from jinja2 import Environment, FileSystemLoader

REPO = Path(__file__).resolve().parents[2]
UK = REPO / "deploy" / "hub" / "templates-uk"
ORIGINALS = {
    "native-login.html": Path(nativeauthenticator.__file__).parent / "templates",
    "signup.html": Path(nativeauthenticator.__file__).parent / "templates",
    "home.html": Path(jupyterhub.__file__).parents[4] / "share" / "jupyterhub" / "templates",
    "oauth.html": Path(jupyterhub.__file__).parents[4] / "share" / "jupyterhub" / "templates",
}
FIELDS = re.compile(r'(?:name|id)=["\']([\w-]+)["\']')
SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)


@pytest.mark.parametrize("name", sorted(ORIGINALS))
def test_a_translated_page_keeps_every_field_of_the_original(name):
    original = (ORIGINALS[name] / name).read_text("utf-8")
    translated = (UK / name).read_text("utf-8")
    assert sorted(FIELDS.findall(translated)) == sorted(FIELDS.findall(original))
    for english in ("Sign In", "Sign Up", "Username", "Password", "Create User", "Authorize",
                    "My Server"):  # fmt: skip
        assert english not in SCRIPT.sub("", translated), (name, english)


def test_every_page_parses_and_the_menu_extends_jupyterhubs_own():
    env = Environment(loader=FileSystemLoader([str(UK)]))
    for path in UK.glob("*.html"):
        env.parse(path.read_text("utf-8"))
    assert (UK / "page.html").read_text("utf-8").startswith('{% extends "templates/page.html" %}')
