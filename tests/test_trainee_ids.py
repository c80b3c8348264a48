"""One trainee-id rule: ids that render as another id are refused, Cyrillic-only ids are not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ctcourse.trainee_ids import HUB_NAME_PATTERN, id_problem, look_alikes, valid_hub_name


@pytest.mark.parametrize("name", ["anna", "sim-0002", "оксана", "Коваленко-Шевчук", "olena_k.2"])
def test_ids_of_one_script_are_trainees(name: str) -> None:
    assert id_problem(name) is None


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("\u0430nna", "mixes letters of several scripts (cyrillic, latin)"),  # Cyrillic а
        ("\uff41\uff4e\uff4e\uff41", "reads as 'anna'"),  # full-width
        ("anna\u0301", "a trainee id is"),  # a combining accent
        ("ann\u0430\u0301", "a trainee id is"),
        ("anna\u0663", "digits other than 0-9"),  # Arabic-Indic three
        ("sim-000[2]", "a trainee id is"),
        (".hidden", "a trainee id is"),
        ("bob ", "a trainee id is"),
    ],
)
def test_ids_that_render_as_another_are_refused(name: str, why: str) -> None:
    assert why in (id_problem(name) or "")


def test_whole_script_look_alikes_and_case_are_one_trainee() -> None:
    found = look_alikes(["орас", "opac", "anna", "Anna", "оксана", "bo"])
    assert found == {"орас": ["opac"], "opac": ["орас"], "anna": ["Anna"], "Anna": ["anna"]}


def test_hub_names_are_trainee_ids_and_unix_account_names() -> None:
    assert HUB_NAME_PATTERN.startswith("^") and valid_hub_name("olena-k")
    for name in ("Olena", "root;rm", "оксана", "1abc"):
        assert not valid_hub_name(name)
    assert id_problem("olena-k") is None


def test_nbgrader_settings_sit_below_grading() -> None:
    """The settings every grading module reads import nothing of ``ctcourse.grading``."""
    code = (
        "import sys, ctcourse.nbgrader_settings, ctcourse.nbgrader_tools\n"
        "print(sorted(m for m in sys.modules if m.startswith('ctcourse.grading')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
