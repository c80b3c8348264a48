"""JupyterLab's menus in Ukrainian for a Ukrainian cohort: the language pack is installed and
``ctcourse release --lang uk`` makes it JupyterLab's default through the settings overrides."""

from __future__ import annotations

import json
from pathlib import Path

from jupyterlab_server.settings_utils import _get_overrides
from jupyterlab_server.translation_utils import get_language_packs

from ctcourse.lab_language import PLUGIN, set_lab_language


def test_the_ukrainian_language_pack_is_installed() -> None:
    packs, _ = get_language_packs()
    assert "uk_UA" in packs


def test_ukrainian_cohort_sets_the_lab_locale_and_english_removes_it(tmp_path: Path) -> None:
    mine = tmp_path / "settings" / "overrides.json"
    mine.parent.mkdir(parents=True)
    mine.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "x"}}))
    written = set_lab_language("uk", tmp_path)
    assert written is not None and written.parent.name == "overrides.d"
    overrides, error = _get_overrides(str(tmp_path / "settings"))  # as JupyterLab reads them
    assert error == "" and overrides[PLUGIN] == {"locale": "uk_UA"}
    assert overrides["@jupyterlab/apputils-extension:themes"] == {"theme": "x"}
    assert set_lab_language("en", tmp_path) is None and not written.exists()
    assert PLUGIN not in _get_overrides(str(tmp_path / "settings"))[0] and mine.exists()
