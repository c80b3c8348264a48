"""Widget views over questions: stock ipywidgets controls, labelled and usable from the keyboard.

A view reads its controls into a plain answer, appends it to the responses log, and either
gives instant feedback (practice) or a neutral "Answer saved" (graded). Opening the notebook
again restores the last answer from the log.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import display

from ctcourse.errors import ResponsesError
from ctcourse.quiz import responses
from ctcourse.quiz.controls import CheckGroup, MenuRows, RadioGroup, TextField
from ctcourse.quiz.feedback import ICONS, feedback_markdown, verdict
from ctcourse.quiz.locale import NumberSyntaxError, format_number, parse_number
from ctcourse.quiz.model import Kind, Mode, Question
from ctcourse.quiz.scoring import InvalidAnswer, parse_answer, score
from ctcourse.quiz.shuffle import shown_order
from ctcourse.quiz.strings import text
from ctcourse.saved_outputs import with_fallback


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

    box: w.Widget  # what is shown
    control: w.Widget  # what the trainee changes: its ``watched`` traits hold the answer
    watched: tuple[str, ...]

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, answer: Any) -> None:
        raise NotImplementedError

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever the trainee changes the answer in the controls."""
        self.control.observe(lambda _change: callback(), names=list(self.watched))


class _OneOf(_Input):
    watched = ("index",)

    def __init__(self, options: list[tuple[str, Any]], label: str) -> None:
        self.keys = [key for _, key in options]
        self.box = self.control = RadioGroup(labels=[text for text, _ in options], label=label)

    def get(self) -> Any:
        index = self.box.index
        return None if index is None else self.keys[index]

    def set(self, answer: Any) -> None:
        self.box.index = self.keys.index(answer)


class _AnyOf(_Input):
    watched = ("indices",)

    def __init__(self, options: list[tuple[str, str]], question: Question, language: str) -> None:
        self.keys = [key for key, _ in options]
        self.box = w.VBox(
            [
                w.Label(text(language, "select_all")),
                CheckGroup(labels=[label for _, label in options], label=question.prompt),
            ]
        )
        self.control = self.checks = self.box.children[1]

    def get(self) -> Any:
        return [self.keys[i] for i in self.checks.indices]

    def set(self, answer: Any) -> None:
        self.checks.indices = [i for i, key in enumerate(self.keys) if key in answer]


class _Menus(_Input):
    """Rows of drop-downs over the same options, starting at a visible placeholder."""

    watched = ("indices",)

    def __init__(
        self, rows: list[str], options: list[tuple[str, str]], question: Question, language: str
    ) -> None:
        self.keys = [key for key, _ in options]
        self.box = self.control = MenuRows(
            rows=rows,
            labels=[label for _, label in options],
            placeholder=text(language, "choose"),
            label=question.prompt,
        )

    def chosen(self) -> list[Any]:
        return [None if i is None else self.keys[i] for i in self.box.indices]

    def choose(self, keys: list[Any]) -> None:
        """Put ``keys`` (one per row, None for none) into the drop-downs; ValueError if unfit."""
        if len(keys) != len(self.box.rows):
            raise ValueError(f"{len(keys)} answers for {len(self.box.rows)} drop-downs")
        self.box.indices = [None if key is None else self.keys.index(key) for key in keys]


class _Pairs(_Menus):
    def __init__(self, options: list[tuple[str, str]], question: Question, language: str) -> None:
        self.left = [key for key, _ in question.left]
        super().__init__([label for _, label in question.left], options, question, language)

    def get(self) -> Any:
        return {
            left: key for left, key in zip(self.left, self.chosen(), strict=True) if key is not None
        }

    def set(self, answer: Any) -> None:
        self.choose([answer.get(left) for left in self.left])


class _Order(_Menus):
    def __init__(self, options: list[tuple[str, str]], question: Question, language: str) -> None:
        self.language = language
        steps = [text(language, "step", n=i) for i in range(1, len(question.options) + 1)]
        super().__init__(steps, options, question, language)

    def get(self) -> Any:
        order = self.chosen()
        if None in order or len(set(order)) != len(order):
            raise InvalidAnswer(text(self.language, "incomplete_order"))
        return order

    def set(self, answer: Any) -> None:
        self.choose(list(answer))


class _Number(_Input):
    watched = ("value",)

    def __init__(self, question: Question, language: str) -> None:
        self.language = language
        self.field = TextField(description=text(language, "number"), label=question.prompt)
        unit = [w.Label(question.unit)] if question.unit else []
        self.box = w.HBox([self.field, *unit])
        self.control = self.field

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


def _input_for(question: Question, language: str, trainee: str) -> _Input:
    """The controls of ``question``, its options in the order ``trainee`` sees them."""
    kind = question.kind
    options = shown_order(question.options, trainee, question.id)
    if kind is Kind.SINGLE_CHOICE:
        return _OneOf([(label, key) for key, label in options], question.prompt)
    if kind is Kind.TRUE_FALSE:
        return _OneOf(
            [(text(language, "true"), True), (text(language, "false"), False)], question.prompt
        )
    if kind in (Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS):
        return _AnyOf(options, question, language)
    if kind is Kind.MATCHING:
        return _Pairs(options, question, language)
    if kind is Kind.ORDERING:
        return _Order(options, question, language)
    return _Number(question, language)


class QuestionView:
    """One question on screen: prompt, controls, a button and a live feedback area."""

    def __init__(
        self, question: Question, log_path: Path, language: str, key: Any = None, trainee: str = ""
    ) -> None:
        """``trainee`` seeds the order of the options (see :mod:`ctcourse.quiz.shuffle`)."""
        self.question = question
        self.log_path = Path(log_path)
        self.language = language
        self.key = key
        self.practice = question.mode is Mode.PRACTICE
        self.input = _input_for(question, language, trainee)
        self.button = w.Button(
            description=text(language, "check" if self.practice else "save"),
            button_style="primary",
            icon="check" if self.practice else "save",
            tooltip=text(language, "check" if self.practice else "save"),
            layout=w.Layout(width="auto", align_self="flex-start"),  # as wide as its label
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
        self.input.on_change(self._changed)

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

    def _changed(self) -> None:
        """The controls no longer hold what was saved or checked: say so, never keep a stale note."""
        if self.practice:
            self.status.value = ""
            self.feedback.value = ""
            return
        self.status.value = f"<span role='status'>✎ {text(self.language, 'not_saved')}</span>"

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
        """The widget, and a sentence shown instead when its kernel is gone (saved_outputs)."""
        data, metadata = with_fallback(
            self.widget._repr_mimebundle_(), text(self.language, "run_cells")
        )
        display(data, raw=True, metadata=metadata)
