"""Translated editions: parity with the English one on the real course, each kind of drift
reported as ``path:cell: message``, the Ukrainian release current and key-free, and every
Ukrainian module run headless in Ukrainian."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from coursefactory import REPO
from nbclient import NotebookClient

from ctcourse.authoring.editions import looks_english, parity_problems, status
from ctcourse.authoring.release import leaks, release
from ctcourse.authoring.validate import validate
from ctcourse.cli import main
from ctcourse.course import load_course
from ctcourse.editions import edition_notebooks
from ctcourse.quiz.reader import read_module

COURSE = load_course(REPO)
UK_MODULES = status(COURSE, "uk").present
WIDGET = "application/vnd.jupyter.widget-view+json"


def test_the_real_ukrainian_edition_matches_the_english_one() -> None:
    assert "consent" in UK_MODULES
    assert parity_problems(COURSE, ("uk",), UK_MODULES) == []


def _copy(root: Path, *, uk: bool = True) -> Path:
    root.mkdir()
    for name in ("course.yml", "nbgrader_config.py"):
        shutil.copy(REPO / name, root / name)
    folders = ("source", "source-uk") if uk else ("source",)
    for folder in folders:
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(".ipynb_*"))
    return root


def _edit(path: Path, number: int, old: str, new: str) -> None:
    nb = nbformat.read(path, as_version=4)
    assert old in nb.cells[number - 1].source
    nb.cells[number - 1].source = nb.cells[number - 1].source.replace(old, new)
    nbformat.write(nb, path)


DRIFTS = [
    # (cell, old, new, expected message part)
    (11, '"unpaid-work": "purpose"', '"unpaid-work": "means"', "consent.olena-elements: key is"),
    (21, '"e": "Данила вивезли за кордон",\n', "", "consent.child-no-means: option_keys is"),
    (13, "points=2,", "points=3,", "consent.under-threat: points is 3.0"),
    (6, 'source="palermo"', 'source="cc-149"', "consent.which-means: source is"),
    (13, '"consent.under-threat",', '"consent.under-pressure",', "lacks the question"),
    (
        5,
        '"Перетин кордону, відсутність документів, низька оплата"',
        '"Crossing a border, missing documents, low pay"',
        "option 'a' left in English",
    ),
    (
        12,
        "Подивіться, на що Олена насправді погодилася",
        "Look at what Olena actually agreed to, in plain words",
        "left in English",
    ),
]


@pytest.mark.parametrize(("cell", "old", "new", "message"), DRIFTS)
def test_each_drift_is_reported_at_its_cell(
    cell: int, old: str, new: str, message: str, tmp_path: Path
) -> None:
    root = _copy(tmp_path / "course")
    _edit(root / "source-uk" / "consent" / "consent.ipynb", cell, old, new)
    found = [str(p) for p in parity_problems(load_course(root))]
    assert any(
        line.startswith("source-uk/consent/consent.ipynb") and message in line for line in found
    ), found


def test_validate_fails_on_drift_and_on_a_missing_edition_of_the_cohort(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _copy(tmp_path / "course")
    nb_path = root / "source-uk" / "consent" / "consent.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[27].metadata.nbgrader.points = 2  # the written answer: 3 points in English
    nbformat.write(nb, nb_path)
    assert main(["validate", "--root", str(root)]) == 1
    assert (
        "source-uk/consent/consent.ipynb: graded cell 'consent_reflection' gives 2 points, English 3"
        in capsys.readouterr().out
    )
    missing = _copy(tmp_path / "missing")
    shutil.rmtree(missing / "source-uk" / "consent")
    assert validate(load_course(missing)) == []  # an English cohort needs no translation
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    assert "source-uk/consent: no uk edition of this module" in map(
        str, validate(load_course(missing))
    )


def test_looks_english_ignores_links_citation_keys_and_cited_titles() -> None:
    assert looks_english("Look at what Olena actually agreed to")
    assert not looks_english("Див. [palermo] https://www.ohchr.org/en/instruments-mechanisms")
    assert not looks_english(
        "1. [palermo] ООН, *Protocol to Prevent, Suppress and Punish*: https://x.org"
    )


@pytest.mark.slow
def test_ukrainian_release_is_current_key_free_and_leaves_english_alone(tmp_path: Path) -> None:
    root = _copy(tmp_path / "course")
    course = load_course(root)
    folders = release(course, UK_MODULES, "uk")
    assert folders == [root / "release-uk" / m for m in UK_MODULES]
    assert leaks(course, "uk") == [] and not (root / "release").exists()
    for module in UK_MODULES:
        for path in edition_notebooks(course, "uk", module):
            fresh = root / "release-uk" / module / path.name
            committed = REPO / "release-uk" / module / path.name
            assert fresh.read_bytes() == committed.read_bytes(), "run `ctcourse release --lang uk`"
    release(course, UK_MODULES, "en")
    assert (root / "release" / "consent" / "consent.ipynb").read_bytes() == (
        REPO / "release" / "consent" / "consent.ipynb"
    ).read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("module", UK_MODULES)
def test_each_ukrainian_module_runs_headless_in_ukrainian(
    module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTCOURSE_ROOT", str(REPO))
    monkeypatch.setenv("CTCOURSE_LANG", "uk")
    monkeypatch.setenv("CTCOURSE_RESPONSES", str(tmp_path / "responses.jsonl"))
    for path in sorted((REPO / "release-uk" / module).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()
        outputs = [o for c in nb.cells for o in c.get("outputs", [])]
        assert [o for o in outputs if o.output_type == "error"] == [], path
        questions = sum(len(q.items) for q in read_module(COURSE, module, "uk"))
        assert sum(WIDGET in o.get("data", {}) for o in outputs) >= questions
        texts = " ".join(o.get("data", {}).get("text/plain", "") for o in outputs)
        assert "Check answer" not in texts and "Save answer" not in texts
