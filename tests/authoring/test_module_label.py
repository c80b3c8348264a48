"""The label a released notebook carries for the Assignment List: title and place."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ctcourse.authoring.module_label import heading, label, read_label


def lesson(*cells) -> dict:
    return new_notebook(cells=list(cells))


def test_the_title_is_the_first_level_one_heading_in_the_editions_language() -> None:
    nb = lesson(
        new_code_cell("# a comment, not a heading"),
        new_markdown_cell("Intro without a title\n\n## A section"),
        new_markdown_cell("# Згода та три елементи торгівлі людьми\n\n**Близько 55 хвилин**"),
    )
    assert heading(nb) == "Згода та три елементи торгівлі людьми"
    assert label(nb, "consent", 2, "Consent") == {
        "module": "consent",
        "position": 2,
        "title": "Згода та три елементи торгівлі людьми",
    }


def test_without_a_heading_the_course_title_is_used() -> None:
    assert label(lesson(new_markdown_cell("No title")), "m1", 1, "Module one")["title"] == (
        "Module one"
    )


def test_a_missing_or_malformed_label_reads_as_none_or_safe_defaults() -> None:
    assert read_label(lesson()) is None
    nb = lesson()
    nb.metadata["ctcourse"] = {"title": 3}
    assert read_label(nb) is None
    nb.metadata["ctcourse"] = {"title": "T", "position": "2"}
    assert read_label(nb) == {"title": "T", "position": None}
