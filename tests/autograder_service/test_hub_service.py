"""The grading service's entry in the hub's config: a code module can be graded with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ctcourse.autograder_service.hub import grading_service
from ctcourse.grading.sandbox import TOOLS, unavailable
from ctcourse.hub.layout import HubLayout


@pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))
def test_the_services_path_finds_every_tool_of_the_sandbox(tmp_path: Path) -> None:
    """On Debian ``chroot`` is in /usr/sbin: without it on the service's PATH no code module
    (who-is-at-risk) is ever graded on the hub, so no trainee ever gets a certificate."""
    service, _ = grading_service(
        HubLayout.from_env({}), tmp_path / "bin" / "python", tmp_path / "config", {}
    )
    path = service["environment"]["PATH"]
    assert [tool for tool in TOOLS if shutil.which(tool, path=path) is None] == []
