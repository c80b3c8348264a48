"""Widget views over questions: stock ipywidgets controls, labelled and usable from the keyboard.

A view reads its controls into a plain answer, appends it to the responses log, and either
gives instant feedback (practice) or a neutral "Answer saved" (graded). Opening the notebook
again restores the last answer from the log.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import display

from ctcourse.errors import ResponsesError
from ctcourse.quiz import responses
from ctcourse.quiz.feedback import ICONS, feedback_markdown, verdict
from ctcourse.quiz.locale import NumberSyntaxError, format_number, parse_number
from ctcourse.quiz.model import Kind, Mode, Question
from ctcourse.quiz.scoring import InvalidAnswer, parse_answer, score
from ctcourse.quiz.strings import text

FULL_WIDTH = w.Layout(width="auto")
WIDE_LABEL = {"description_width": "initial"}


def _markdown_to_html(markdown: str) -> str:
    """Just enough Markdown for feedback blocks: bold, italics and list items."""
    out = []
    for line in html.escape(markdown).splitlines():
        line = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", line)
        line = re.sub(r"\*(.+?)\*", r"<i>\1</i>", line)
        out.append(f"&bull; {line[2:]}" if line.startswith("- ") else line)
    return "<br>".join(out)


class _Input:
    """The controls of one question type: ``get`` an answer from them, ``set`` one into them."""

    box: w.Widget

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, answer: Any) -> None:
        raise NotImplementedError


class _OneOf(_Input):
    def __init__(self, options: list[tuple[str, Any]], label: str) -> None:
        self.box = w.RadioButtons(
            options=options, value=None, description=label, style=WIDE_LABEL, layout=FULL_WIDTH
        )

    def get(self) -> Any:
        return self.box.value

    def set(self, answer: Any) -> None:
        self.box.value = answer


class _AnyOf(_Input):
    def __init__(self, question: Question, language: str) -> None:
        self.checks = {
            key: w.Checkbox(value=False, description=label, indent=False, layout=FULL_WIDTH)
            for key, label in question.options
        }
        self.box = w.VBox([w.Label(text(language, "select_all")), *self.checks.values()])

    def get(self) -> Any:
        return [key for key, check in self.checks.items() if check.value]

    def set(self, answer: Any) -> None:
        for key, check in self.checks.items():
            check.value = key in answer


class _Pairs(_Input):
    def __init__(self, question: Question, language: str) -> None:
        choices = [
            (text(language, "choose"), None),
            *((label, key) for key, label in question.options),
        ]
        self.menus = {
            key: w.Dropdown(options=choices, value=None, description=label, style=WIDE_LABEL)
            for key, label in question.left
        }
        self.box = w.VBox(list(self.menus.values()))

    def get(self) -> Any:
        return {key: menu.value for key, menu in self.menus.items() if menu.value is not None}

    def set(self, answer: Any) -> None:
        for key, menu in self.menus.items():
            menu.value = answer.get(key)


class _Order(_Input):
    def __init__(self, question: Question, language: str) -> None:
        choices = [
            (text(language, "choose"), None),
            *((label, key) for key, label in question.options),
        ]
        self.language = language
        self.menus = [
            w.Dropdown(
                options=choices,
                value=None,
                description=text(language, "step", n=i),
                style=WIDE_LABEL,
            )
            for i in range(1, len(question.options) + 1)
        ]
        self.box = w.VBox(self.menus)

    def get(self) -> Any:
        order = [menu.value for menu in self.menus]
        if None in order or len(set(order)) != len(order):
            raise InvalidAnswer(text(self.language, "incomplete_order"))
        return order

    def set(self, answer: Any) -> None:
        for menu, key in zip(self.menus, answer, strict=True):
            menu.value = key


class _Number(_Input):
    def __init__(self, question: Question, language: str) -> None:
        self.language = language
        self.field = w.Text(value="", description=text(language, "number"), style=WIDE_LABEL)
        unit = [w.Label(question.unit)] if question.unit else []
        self.box = w.HBox([self.field, *unit])

    def get(self) -> Any:
        raw = self.field.value.strip()
        if not raw:
            return None
        try:
            return parse_number(raw)
        except NumberSyntaxError:
            raise InvalidAnswer(text(self.language, "invalid_number")) from None

    def set(self, answer: Any) -> None:
        self.field.value = format_number(answer, self.language, group=False)


def _input_for(question: Question, language: str) -> _Input:
    kind = question.kind
    if kind is Kind.SINGLE_CHOICE:
        return _OneOf([(label, key) for key, label in question.options], text(language, "number"))
    if kind is Kind.TRUE_FALSE:
        return _OneOf(
            [(text(language, "true"), True), (text(language, "false"), False)],
            text(language, "number"),
        )
    if kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS):
        return _AnyOf(question, language)
    if kind is Kind.MATCHING:
        return _Pairs(question, language)
    if kind is Kind.ORDERING:
        return _Order(question, language)
    return _Number(question, language)


class QuestionView:
    """One question on screen: prompt, controls, a button and a live feedback area."""

    def __init__(self, question: Question, log_path: Path, language: str, key: Any = None) -> None:
        self.question = question
        self.log_path = Path(log_path)
        self.language = language
        self.key = key
        self.practice = question.mode is Mode.PRACTICE
        self.input = _input_for(question, language)
        self.button = w.Button(
            description=text(language, "check" if self.practice else "save"),
            button_style="primary",
            icon="check" if self.practice else "save",
            tooltip=text(language, "check" if self.practice else "save"),
            layout=w.Layout(width="auto", align_self="flex-start"),  # fits the Ukrainian label
        )
        self.button.on_click(lambda _: self.submit())
        self.status = w.HTML(value="")
        self.feedback = w.HTML(value="")
        self.tries = 0
        self.widget = w.VBox(
            [*self._header(), self.input.box, self.button, self.status, self.feedback]
        )
        self.widget.add_class("ctcourse-question")
        self._restore()

    def _header(self) -> list[w.Widget]:
        q = self.question
        if self.practice:
            label = f"{text(self.language, 'practice')} · {text(self.language, 'not_scored')}"
        else:
            label = f"{text(self.language, 'graded')} · {text(self.language, 'points', points=q.points)}"
        parts = [w.HTML(f"<small>{label}</small>")]
        if q.case_text:
            case = html.escape(q.case_text).replace("\n", "<br>")
            parts.append(w.HTML(f"<p><b>{text(self.language, 'case')}:</b> {case}</p>"))
        parts.append(w.HTML(f"<p><b>{html.escape(q.prompt)}</b></p>"))
        return parts

    def _restore(self) -> None:
        loaded = responses.load(self.log_path)
        self.tries = loaded.attempts(self.question.id)
        event = loaded.last_answers().get(self.question.id)
        if event is None:
            return
        try:
            self.input.set(parse_answer(self.question, event.answer))
        except (InvalidAnswer, ValueError, TypeError):
            return
        self.status.value = f"<span>↺ {text(self.language, 'restored')}</span>"

    def answer(self) -> Any:
        """The answer the controls hold now (InvalidAnswer if it cannot be saved)."""
        value = self.input.get()
        return None if value is None else parse_answer(self.question, value)

    def submit(self) -> None:
        """Save the current answer to the log; give practice feedback or a neutral confirmation."""
        try:
            answer = self.answer()
        except InvalidAnswer as exc:
            self.status.value = f"<span role='alert'>⚠ {html.escape(str(exc))}</span>"
            return
        if answer is None:
            self.status.value = f"<span role='alert'>⚠ {text(self.language, 'no_answer')}</span>"
            return
        mode = Mode.PRACTICE if self.practice else Mode.GRADED
        try:
            responses.record(self.log_path, self.question.id, answer, mode.value)
        except ResponsesError as exc:
            self.status.value = f"<span role='alert'>⚠ {html.escape(text(self.language, 'save_failed', error=exc))}</span>"
            return
        self.tries += 1
        if self.practice:
            self._practice_feedback(answer)
        else:
            saved = f"☑ {text(self.language, 'saved')}"
            self.status.value = (
                f"<span role='status'><b>{saved}</b> — {text(self.language, 'saved_hint')}</span>"
            )

    def _practice_feedback(self, answer: Any) -> None:
        result = score(self.question, self.key, answer)
        said = verdict(result)
        tries = text(self.language, "tries", n=self.tries)
        points = text(self.language, "score", points=result.points, max_points=result.max_points)
        verdict_html = f"<b>{ICONS[said]} {text(self.language, said)}</b>"
        self.status.value = f"<span role='status'>{verdict_html} · {points} · {tries}</span>"
        body = feedback_markdown(
            self.question,
            self.key,
            answer,
            result,
            self.language,
            show_key=result.correct,
            header=False,
        )
        hint = "" if result.correct else f"<br><i>{text(self.language, 'try_again')}</i>"
        self.feedback.value = _markdown_to_html(body) + hint

    def _ipython_display_(self) -> None:
        display(self.widget)
