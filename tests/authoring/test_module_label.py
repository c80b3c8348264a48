"""The label a released notebook carries for the Assignment List: title and place."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ctcourse.authoring.module_label import heading, module_title, read_label


def lesson(*cells) -> dict:
    return new_notebook(cells=list(cells))


def test_the_title_is_the_heading_that_opens_a_markdown_cell() -> None:
    nb = lesson(
        new_code_cell("# a comment, not a heading"),
        new_markdown_cell("Intro without a title\n\n# Not opening the cell"),
        new_markdown_cell("# Згода та три елементи торгівлі людьми\n\n**Близько 55 хвилин**"),
    )
    assert heading(nb) == "Згода та три елементи торгівлі людьми"


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("# Learn C#", "Learn C#"),
        ("# Closed heading ##", "Closed heading"),
        ("#\nText below an empty heading", None),
        ("```\n# a comment in a code block\n```", None),
        (["# From ", "a list of lines"], "From a list of lines"),
    ],
)
def test_heading_edge_cases(source, title) -> None:
    nb = lesson(new_markdown_cell("x"))
    nb.cells[0].source = source
    assert heading(nb) == title


def test_a_module_has_one_title_the_first_heading_else_the_course_title() -> None:
    untitled, titled = lesson(new_markdown_cell("No title")), lesson(new_markdown_cell("# T"))
    assert module_title([untitled, titled], "Module one") == "T"
    assert module_title([untitled], "Module one") == "Module one"


@pytest.mark.parametrize(
    "notebook",
    [
        {"metadata": None, "cells": 5},
        {"metadata": {"ctcourse": {"title": 3}}, "cells": [{"cell_type": "markdown", "source": 7}]},
        {"cells": [{"cell_type": "markdown", "source": ["# a", 1]}]},
        ["not", "a", "notebook"],
    ],
)
def test_a_notebook_of_any_shape_reads_as_no_label_and_no_heading(notebook) -> None:
    assert read_label(notebook) is None and heading(notebook) is None


def test_a_malformed_position_reads_as_none() -> None:
    nb = lesson()
    nb.metadata["ctcourse"] = {"title": "T", "position": "2"}
    assert read_label(nb) == {"title": "T", "position": None}
