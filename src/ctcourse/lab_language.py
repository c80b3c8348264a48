"""JupyterLab's own menus in the cohort's language, through JupyterLab's settings overrides.

JupyterLab 4 reads default settings from ``<app dir>/settings/overrides.d/*.json`` (the app
dir is $JUPYTERLAB_DIR, else ``<sys.prefix>/share/jupyter/lab``). Our file there sets the
translation plugin's locale to the language pack of the cohort (``jupyterlab-language-pack-uk-UA``
for Ukrainian); a trainee can still pick another language in Settings → Language, and a
file of their own (``overrides.json``) is left alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from jupyterlab.commands import get_app_dir

PLUGIN = "@jupyterlab/translation-extension:plugin"
#: The JupyterLab locale of each course language that has a language pack.
LOCALES = {"uk": "uk_UA"}
FILE_NAME = "ctcourse-language.json"


def overrides_file(app_dir: Path | None = None) -> Path:
    """Where the course's language override lives for this JupyterLab installation."""
    return Path(app_dir or get_app_dir()) / "settings" / "overrides.d" / FILE_NAME


def set_lab_language(language: str, app_dir: Path | None = None) -> Path | None:
    """Make ``language`` JupyterLab's default interface language; return the file written,
    or None for English (JupyterLab's own default), whose override file is removed."""
    path = overrides_file(app_dir)
    locale = LOCALES.get(language)
    if locale is None:
        path.unlink(missing_ok=True)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({PLUGIN: {"locale": locale}}, indent=2) + "\n", encoding="utf-8")
    return path
