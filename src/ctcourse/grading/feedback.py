"""The pages nbgrader renders from a submission: question titles in feedback, no widget debris.

nbgrader's summary lists every test cell as "Test cell"; :class:`QuestionTitles` gives each
graded cell a title (a quiz question's prompt, "Written answer", else the grade id) that the
``ctcourse_feedback`` template shows instead. The titles come from the question cells' literal
arguments, read without running anything, and are escaped by the template like any text.
"""

from __future__ import annotations

import ast
import functools
import os
import re
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader import utils

from ctcourse.course import LANG_ENV, MANIFEST_NAME, load_course, resolve_language
from ctcourse.errors import CtcourseError
from ctcourse.quiz.model import BUILDERS, grade_id
from ctcourse.quiz.strings import text

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: nbgrader's own words on a feedback page, in the cohort's language (English as nbgrader has them).
FEEDBACK_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "score": "Score",
        "answer": "Student's answer",
        "grade_cell": "Grade cell",
        "top": "Top",
        "comment": "Comment",
        "comments": "Comments",
    },
    "uk": {
        "score": "Бали",
        "answer": "Ваша відповідь",
        "grade_cell": "Оцінювана клітинка",
        "top": "На початок",
        "comment": "Коментар",
        "comments": "Коментарі тренера",
    },
}
TITLE_CHARS = 90
#: A Markdown quote's markers at the start of a line, as the sanitiser escaped them.
QUOTE_MARKERS = re.compile(r"^(?: {0,3}&gt; ?)+", re.M)


def _prompts(source: str) -> dict[str, str]:
    """``{grade id: prompt}`` of the question builders called in a cell with literal texts."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return {}
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        qid, prompt = node.args[:2]
        texts = all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (qid, prompt))
        if name in BUILDERS and texts:
            found[grade_id(qid.value)] = prompt.value
    return found


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def _language() -> str:
    """The cohort's language for the course nbgrader runs in (its cwd). ``course.yml`` is read
    once per version of it, not once per notebook: parsing it took a tenth of each feedback
    page's time when a grading pass renders a whole batch."""
    root = Path.cwd()
    try:
        info = (root / MANIFEST_NAME).stat()
        version = (info.st_mtime_ns, info.st_size, info.st_ino)
    except OSError:
        version = None
    return _language_of(root, version, os.environ.get(LANG_ENV))


@functools.lru_cache(maxsize=16)
def _language_of(root: Path, version: tuple[int, int, int] | None, chosen: str | None) -> str:
    try:
        return load_course(root, {LANG_ENV: chosen} if chosen else {}).language
    except CtcourseError:
        return resolve_language({LANG_ENV: chosen} if chosen else {})


class QuestionTitles(Preprocessor):
    """Set ``metadata.ctcourse_title`` on every graded cell, and the page's own words in the
    cohort's language (``resources["ctcourse_words"]``)."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.enabled = True

    def preprocess(self, nb, resources):
        self.language = _language()
        resources["ctcourse_words"] = FEEDBACK_WORDS.get(self.language, FEEDBACK_WORDS["en"])
        self.prompts = {}
        for cell in nb.cells:
            if cell.cell_type == "code":
                self.prompts |= _prompts(cell.source)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if utils.is_grade(cell) or utils.is_task(cell):
            gid = cell.metadata.nbgrader.get("grade_id", "")
            if gid in self.prompts:
                title = self.prompts[gid]
            elif cell.cell_type == "markdown":
                title = text(self.language, "written_answer")
            else:
                title = gid
            cell.metadata["ctcourse_title"] = _short(title)
        return cell, resources


class DropWidgetViews(Preprocessor):
    """Remove widget outputs: no page nbgrader renders can show a widget, only its ``repr``.

    Runs before ``SanitizeHTML``, which would drop the view but keep ``VBox(children=...)``.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]
        return cell, resources


class HideCode(Preprocessor):
    """Feedback shows what the lesson showed: code the trainee saw folded stays out of the page,
    and a graded cell's bare result (its score, e.g. ``Out[12]: 2.625``) is left out too: the
    feedback text above it already gives the score in words."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.enabled = True

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if cell.metadata.get("jupyter", {}).get("source_hidden"):
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        if utils.is_grade(cell):
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "execute_result"]
        return cell, resources


class SanitizeKeepQuotes(SanitizeHTML):
    """nbconvert's ``SanitizeHTML``, except that a Markdown quote stays a quote.

    The sanitiser escapes every ``>`` in a Markdown cell, so ``> «…»`` (the lessons quote the
    law this way) reached feedback pages and formgrader as a paragraph starting "&gt;". Only the
    quote markers at the start of a line are given back; a ``>`` cannot open a tag, and every
    ``<`` stays escaped.
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        self.enabled = True

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "markdown":
            cell.source = QUOTE_MARKERS.sub(lambda m: m.group(0).replace("&gt;", ">"), cell.source)
        return cell, resources
