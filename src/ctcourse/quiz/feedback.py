"""Feedback text for a scored answer, as Markdown (pure).

The same text is shown by the practice widgets and written into graded notebooks, by the
trainee's kernel or by the grader, because widgets do not render in nbgrader's feedback
and formgrader pages: there, answers must be readable as plain text.
"""

from __future__ import annotations

from typing import Any

from ctcourse.quiz.editions import localized
from ctcourse.quiz.locale import format_number
from ctcourse.quiz.model import Kind, Question
from ctcourse.quiz.scoring import InvalidAnswer, Score, parse_answer
from ctcourse.quiz.strings import text

ICONS = {"correct": "✔", "partial": "◐", "incorrect": "✘"}


def verdict(score: Score) -> str:
    """'correct', 'partial' or 'incorrect': said in words and an icon, never by colour alone."""
    if score.correct:
        return "correct"
    return "partial" if score.partial else "incorrect"


def describe(question: Question, answer: Any, language: str) -> str:
    """An answer as readable text, with option labels rather than keys."""
    if answer is None:
        return text(language, "no_answer")
    try:
        answer = parse_answer(question, answer)
    except InvalidAnswer:
        return text(language, "unreadable_answer")
    kind = question.kind
    if kind is Kind.SINGLE_CHOICE:
        return question.label(answer)
    if kind is Kind.TRUE_FALSE:
        return text(language, "true" if answer else "false")
    if kind is Kind.NUMERIC:
        return f"{format_number(answer, language)} {question.unit}".strip()
    if kind is Kind.MATCHING:
        pairs = (
            f"{question.label(left)} → {question.label(right)}" for left, right in answer.items()
        )
        return "; ".join(pairs) or text(language, "no_answer")
    if kind is Kind.ORDERING:
        return " → ".join(question.label(k) for k in answer)
    chosen = [question.label(k) for k in question.option_keys if k in answer]
    return "; ".join(chosen) or "—"


def feedback_markdown(
    question: Question,
    key: Any,
    answer: Any,
    score: Score,
    language: str,
    *,
    show_key: bool = True,
    header: bool = True,
) -> str:
    """The feedback block: verdict, score, the trainee's answer, the right one, the explanation.

    Without ``header`` the verdict line and the prompt are left out, for views that show both.
    """
    question = localized(question, language)
    said = verdict(score)
    points = text(language, "score", points=score.points, max_points=score.max_points)
    lines = [
        f"**{ICONS[said]} {text(language, said)}** · {points}",
        "",
        f"*{question.prompt.strip()}*",
        "",
    ]
    lines = lines if header else []
    lines.append(f"- **{text(language, 'your_answer')}:** {describe(question, answer, language)}")
    if show_key:
        lines.append(
            f"- **{text(language, 'correct_answer')}:** {describe(question, key, language)}"
        )
    if question.explanation.strip():
        lines += ["", f"**{text(language, 'explanation')}:** {question.explanation.strip()}"]
    return "\n".join(lines)
