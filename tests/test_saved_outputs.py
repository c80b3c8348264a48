"""The pre-save hook keeps a live-only widget's sentence and drops its view; it leaves the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ctcourse.saved_outputs import LIVE_ONLY, WIDGET_VIEW, pre_save_hook, with_fallback


def _output(data: dict, metadata: dict) -> dict:
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def test_saved_notebook_keeps_only_the_sentence() -> None:
    view = {WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0}}
    ours, metadata = with_fallback(view, "Run the cells.")
    other = {WIDGET_VIEW: {"model_id": "def"}, "text/plain": "IntSlider(value=3)"}
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "x"},
            {"cell_type": "code", "outputs": [_output(ours, metadata), _output(other, {})]},
        ]
    }
    pre_save_hook(model={"type": "notebook", "content": notebook}, path="m.ipynb")
    kept, untouched = notebook["cells"][1]["outputs"]
    assert kept["data"] == {
        "text/plain": "Run the cells.",
        "text/html": "<p class='ctcourse-run-cells'>Run the cells.</p>",
    }
    assert kept["metadata"] == {LIVE_ONLY: True}
    assert untouched["data"] == other  # not ours: left alone


def test_files_and_directories_pass_through() -> None:
    model = {"type": "file", "content": "text", "format": "text"}
    pre_save_hook(model=model, path="a.txt")
    assert model == {"type": "file", "content": "text", "format": "text"}


def test_every_jupyter_server_of_the_environment_loads_the_hook() -> None:
    listed = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "server", "extension", "list"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = (listed.stdout + listed.stderr).splitlines()
    enabled = any("ctcourse.saved_outputs" in line and "enabled" in line for line in lines)
    assert enabled, "ctcourse.saved_outputs is not enabled: run `make setup` (see the Makefile)"
    shipped = Path(__file__).parents[1] / "jupyter-config/jupyter_server_config.d/ctcourse.json"
    assert json.loads(shipped.read_text())["ServerApp"]["jpserver_extensions"] == {
        "ctcourse.saved_outputs": True,
        "ctcourse.assignment_titles": True,
        "ctcourse.formgrader": True,
    }
