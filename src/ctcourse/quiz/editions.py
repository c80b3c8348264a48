"""A question as a translated edition shows it: the defaults an author does not write (pure).

A Ukrainian lesson writes its own prompts and options, but a spot-the-indicators question
takes the ILO's 11 indicators and its prompt by default; those come in the trainee's language.
"""

from __future__ import annotations

from dataclasses import replace

from ctcourse.quiz.model import ILO_INDICATORS, Kind, Question, spot_indicators
from ctcourse.quiz.strings import ILO_INDICATOR_LABELS, SPOT_PROMPT

DEFAULT_SPOT_PROMPT: str = spot_indicators.__kwdefaults__["prompt"]


def localized(question: Question, language: str) -> Question:
    """``question`` with the default ILO labels and prompt in ``language`` (same keys)."""
    labels = ILO_INDICATOR_LABELS.get(language)
    if question.kind is not Kind.SPOT_INDICATORS or labels is None:
        return question
    options = question.options
    if dict(options) == ILO_INDICATORS:
        options = tuple((key, labels[key]) for key, _ in options)
    prompt = question.prompt
    if prompt == DEFAULT_SPOT_PROMPT:
        prompt = SPOT_PROMPT[language]
    return replace(question, options=options, prompt=prompt)
