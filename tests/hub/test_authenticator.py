"""The hub's sign-up pages: state changes only by POST, no page to set another's password, and
first passwords for reserved names kept private. (The real hub: tests/deploy/test_hub_course.py.)"""

from __future__ import annotations

import stat
from pathlib import Path

from ctcourse.hub import first_passwords
from ctcourse.hub.authenticator import (
    ApprovePage,
    CourseAuthenticator,
    DiscardPage,
    SignUpsPage,
)


def test_no_page_changes_state_on_get_or_sets_anothers_password() -> None:
    bare = CourseAuthenticator.__new__(CourseAuthenticator)  # no hub database needed here
    routes = dict(bare.get_handlers(None))
    assert routes[r"/authorize"] is SignUpsPage
    assert routes[r"/authorize/([^/]*)"] is ApprovePage
    assert routes[r"/discard/([^/]*)"] is DiscardPage
    assert r"/change-password/([^/]+)" not in routes
    assert r"/change-password" in routes  # one's own password
    for page in (ApprovePage, DiscardPage):
        assert "get" not in page.__dict__ and "post" in page.__dict__


def test_first_passwords_are_made_once_and_kept_root_only(tmp_path: Path) -> None:
    path = tmp_path / first_passwords.FILE_NAME
    new = first_passwords.ensure(path, ["olena", "admin"])
    assert set(new) == {"olena", "admin"} and len(set(new.values())) == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first_passwords.ensure(path, ["olena", "taras"]).keys() == {"taras"}
    assert first_passwords.read(path)["olena"] == new["olena"]
