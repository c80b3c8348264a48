"""Every lesson module of the real course runs headless, and a trainee who gives every key
scores full points on every graded question (the keys agree with their questions)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from coursefactory import REPO
from nbclient import NotebookClient

from ctcourse.authoring.validate import read_module, source_notebooks
from ctcourse.course import load_course
from ctcourse.quiz.responses import Event

COURSE = load_course(REPO)
MODULES = [module.id for module in COURSE.modules]


@pytest.mark.parametrize("module_id", MODULES)
def test_module_runs_headless_and_its_keys_score_full_marks(
    module_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [item for quiz in read_module(COURSE, module_id) for item in quiz.items]
    log = tmp_path / "responses.jsonl"
    log.write_text(
        "".join(
            Event(item.question.id, item.key, "graded", 1, "2026-11-20T09:00:00.000Z").to_json()
            + "\n"
            for item in items
            if item.graded
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("CTCOURSE_RESPONSES", str(log))
    monkeypatch.setenv("CTCOURSE_ROOT", str(REPO))
    for path in source_notebooks(COURSE, module_id):
        work = tmp_path / path.name
        shutil.copy(path, work)
        notebook = nbformat.read(work, as_version=4)
        NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
        ).execute()
        errors = [
            f"cell {n}: {out.get('ename')}: {out.get('evalue')}"
            for n, cell in enumerate(notebook.cells, 1)
            if cell.cell_type == "code"
            for out in cell.get("outputs", [])
            if out.get("output_type") == "error"
        ]
        assert errors == []
        for n, cell in enumerate(notebook.cells, 1):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("grade"):
                continue
            results = [o for o in cell.outputs if o.get("output_type") == "execute_result"]
            assert results, f"{path.name}: cell {n} shows no score"
            score = float(results[-1]["data"]["text/plain"])
            assert score == meta["points"], f"{path.name}: cell {n} scored {score}"
