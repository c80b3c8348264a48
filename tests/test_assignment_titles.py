"""The titles the Assignment List shows, read from the notebooks nbgrader lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook

from ctcourse.assignment_titles import titles


def write(path: Path, metadata: dict | None = None, first: str = "# Heading") -> Path:
    nb = new_notebook(cells=[new_markdown_cell(first)])
    if metadata is not None:
        nb.metadata["ctcourse"] = metadata
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_released_and_fetched_modules_get_their_labels(tmp_path: Path) -> None:
    outbound = write(
        tmp_path / "exchange/outbound/consent/consent.ipynb",
        {"title": "Згода", "position": 2},
    )
    write(tmp_path / "home/referral/referral.ipynb", first="# Referral")  # no label: heading
    (tmp_path / "home/broken").mkdir(parents=True)
    (tmp_path / "home/broken/broken.ipynb").write_text("{not json")
    (tmp_path / "home/broken/odd.ipynb").write_text('{"metadata": null, "cells": 5}')
    listed = [
        {"assignment_id": "consent", "notebooks": [{"path": str(outbound)}]},
        {"assignment_id": "referral", "notebooks": [{"path": "referral/referral.ipynb"}]},
        {
            "assignment_id": "broken",
            "notebooks": [{"path": "broken/broken.ipynb"}, {"path": "broken/odd.ipynb"}],
        },
        {"assignment_id": "empty", "notebooks": []},
    ]

    assert titles(listed, tmp_path / "home") == {
        "consent": {"title": "Згода", "position": 2},
        "referral": {"title": "Referral", "position": None},
    }


def test_the_environment_serves_the_endpoint_and_the_lab_extension() -> None:
    """What `make setup` (or a wheel's data files) installs: both halves, enabled."""
    jupyter = str(Path(sys.executable).parent / "jupyter")
    run = [
        subprocess.run([jupyter, *args], capture_output=True, text=True, check=True)
        for args in (["server", "extension", "list"], ["labextension", "list"])
    ]
    servers, labs = ((r.stdout + r.stderr).splitlines() for r in run)
    assert any("ctcourse.assignment_titles" in line and "enabled" in line for line in servers)
    assert any("ctcourse-assignment-list" in line and "enabled" in line for line in labs), (
        "the JupyterLab extension is not installed: run `make setup` (see the Makefile)"
    )
