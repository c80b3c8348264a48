"""Who the notebook takes the trainee to be, also where the account has no name (the sandbox)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

NO_ACCOUNT_UID = 2_099_999_999  # below the sandbox's leases, and in no passwd file


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run as a uid with no account")
def test_a_uid_with_no_account_still_gets_a_trainee_name() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("USER", "LOGNAME", "LNAME", "USERNAME")}
    env.pop("JUPYTERHUB_USER", None)
    shown = subprocess.run(
        [sys.executable, "-c", "from ctcourse.quiz.notebook import trainee; print(trainee())"],
        env=env,
        user=NO_ACCOUNT_UID,
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == f"uid-{NO_ACCOUNT_UID}"


def test_the_hub_user_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from ctcourse.quiz.notebook import trainee

    monkeypatch.setenv("JUPYTERHUB_USER", "olena")
    assert trainee() == "olena"
