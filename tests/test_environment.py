"""The project's environment files agree, and private or generated files stay out of git."""

from __future__ import annotations

import shutil
import subprocess
import tomllib

import pytest
import yaml
from coursefactory import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _normal(spec: str) -> str:
    requirement = Requirement(spec)
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{canonicalize_name(requirement.name)}{extras}{requirement.specifier}"


def test_environment_yml_lists_the_pyproject_dependencies() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    extras = project["optional-dependencies"]
    wanted = {_normal(s) for s in project["dependencies"] + extras["test"] + extras["hub"]}

    environment = yaml.safe_load((REPO / "environment.yml").read_text("utf-8"))
    pip = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip) == 1, "environment.yml needs exactly one pip: list"
    listed = [s for s in pip[0] if not s.startswith("-e ")]
    assert len(listed) == len(set(listed)), "a package is listed twice in environment.yml"
    assert {_normal(s) for s in listed} == wanted
    assert "-e ." in pip[0], "environment.yml must install ctcourse itself"


def test_normalisation_catches_spelling_and_version_drift() -> None:
    assert _normal("PyYAML >= 6.0") == _normal("pyyaml>=6.0")
    assert _normal("ipywidgets<9,>=8.1") == _normal("ipywidgets>=8.1,<9")
    assert _normal("nbgrader==0.9.6") != _normal("nbgrader==0.9.5")


@pytest.mark.parametrize(
    "path",
    [
        "submitted/alice/consent/quiz.ipynb",
        "autograded/alice/consent/quiz.ipynb",
        "feedback/alice/consent/quiz.html",
        "gradebook.db",
        ".venv/bin/python",
        "release/consent/responses.jsonl",
        "trainee-work/consent/responses.jsonl",
        "exchange/ctcourse/inbound/alice+consent+2026/consent.ipynb",
        "source/consent/.ipynb_checkpoints/quiz-checkpoint.ipynb",
        "deploy/hub/node_modules/.bin/configurable-http-proxy",
    ],
)
def test_private_and_generated_files_are_git_ignored(path: str) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=REPO)
    assert done.returncode == 0, f"{path} is not git-ignored"
