"""Interface strings of the quizzes in English and Ukrainian.

The language is chosen by ``CTCOURSE_LANG`` or the course manifest (default English).
Question texts are the lesson's own; only the controls and feedback come from here.
"""

from __future__ import annotations

from ctcourse.quiz.locale import LocalNumber

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "check": "Check answer",
        "save": "Save answer",
        "saved": "Answer saved",
        "saved_hint": "You can change it until you submit; it is scored when the module is graded.",
        "restored": "Your saved answer was restored",
        "correct": "Correct",
        "incorrect": "Not correct",
        "partial": "Partly correct",
        "try_again": "Try again, or read the explanation.",
        "tries": "Tries: {n}",
        "explanation": "Explanation",
        "your_answer": "Your answer",
        "correct_answer": "Correct answer",
        "score": "Score: {points:g} of {max_points:g}",
        "no_answer": "No answer given",
        "unreadable_answer": "Your saved answer could not be read",
        "choose": "— choose —",
        "step": "Step {n}",
        "number": "Your answer",
        "invalid_number": "Please type a number, for example 12 or 3.5.",
        "written_answer": "Written answer",
        "incomplete_order": "Place every step exactly once before saving.",
        "points": "{points:g} point(s)",
        "practice": "Practice question",
        "not_scored": "not scored",
        "graded": "Graded question",
        "true": "True",
        "false": "False",
        "case": "Case",
        "select_all": "Select all that apply.",
        "save_failed": "Your answer could not be saved: {error}",
        "not_saved": "Not saved yet: press “Save answer” to keep this answer.",
        "run_cells": "This question appears when you run the notebook: choose Run → Run All Cells.",
        "certificate_title": "Certificate",
        "certificate_awarded": "This certifies that",
        "certificate_completed": "has completed the course",
        "certificate_hours": "{hours:g} hours of study",
        "certificate_modules": "Modules",
        "certificate_date": "Date of completion: {date}",
        "certificate_code": "Verification code: {code}",
        "certificate_verify": "The course's trainers check this code on the trainers' desk.",
    },
    "uk": {
        "check": "Перевірити відповідь",
        "save": "Зберегти відповідь",
        "saved": "Відповідь збережено",
        "saved_hint": "Ви можете змінити її до надсилання; бали буде нараховано під час оцінювання модуля.",
        "restored": "Вашу збережену відповідь відновлено",
        "correct": "Правильно",
        "incorrect": "Неправильно",
        "partial": "Частково правильно",
        "try_again": "Спробуйте ще раз або прочитайте пояснення.",
        "tries": "Спроб: {n}",
        "explanation": "Пояснення",
        "your_answer": "Ваша відповідь",
        "correct_answer": "Правильна відповідь",
        "score": "Бали: {points:g} з {max_points:g}",
        "no_answer": "Відповіді не надано",
        "unreadable_answer": "Вашу збережену відповідь не вдалося прочитати",
        "choose": "— оберіть —",
        "written_answer": "Письмова відповідь",
        "step": "Крок {n}",
        "number": "Ваша відповідь",
        "invalid_number": "Введіть число, наприклад 12 або 3,5.",
        "incomplete_order": "Розмістіть кожен крок рівно один раз, перш ніж зберегти.",
        "points": "Балів: {points:g}",
        "practice": "Тренувальне запитання",
        "not_scored": "не оцінюється",
        "graded": "Оцінюване запитання",
        "true": "Правильно",
        "false": "Неправильно",
        "case": "Випадок",
        "select_all": "Оберіть усі правильні варіанти.",
        "save_failed": "Не вдалося зберегти відповідь: {error}",
        "not_saved": "Ще не збережено: натисніть «Зберегти відповідь», щоб зберегти цю відповідь.",
        "run_cells": "Це запитання з’явиться, коли ви запустите блокнот: оберіть Виконати → Запустити всі клітинки.",
        "certificate_title": "Сертифікат",
        "certificate_awarded": "Цим засвідчується, що",
        "certificate_completed": "пройшов (пройшла) курс",
        "certificate_hours": "Обсяг навчання: {hours:g} год.",
        "certificate_modules": "Модулі",
        "certificate_date": "Дата завершення: {date}",
        "certificate_code": "Код перевірки: {code}",
        "certificate_verify": "Тренери курсу перевіряють цей код на робочому столі тренера.",
    },
}


#: The ILO's 11 indicators of forced labour, by key of ``ctcourse.quiz.model.ILO_INDICATORS``.
#: No official Ukrainian list exists (docs/glossary-uk.md); these are the glossary's wordings.
ILO_INDICATOR_LABELS: dict[str, dict[str, str]] = {
    "uk": {
        "abuse-of-vulnerability": "Зловживання уразливим станом",
        "deception": "Обман",
        "restriction-of-movement": "Обмеження свободи пересування",
        "isolation": "Ізоляція",
        "physical-and-sexual-violence": "Фізичне та сексуальне насильство",
        "intimidation-and-threats": "Залякування та погрози",
        "retention-of-identity-documents": "Утримання документів, що посвідчують особу",
        "withholding-of-wages": "Невиплата заробітної плати",
        "debt-bondage": "Боргова кабала",
        "abusive-working-and-living-conditions": "Нестерпні умови праці та проживання",
        "excessive-overtime": "Надмірні надурочні роботи",
    },
}

#: The default prompt of a spot-the-indicators question, for editions other than English.
SPOT_PROMPT = {"uk": "Які індикатори примусової праці МОП є в цьому випадку?"}


def text(language: str, name: str, **values: object) -> str:
    """The interface string ``name`` in ``language`` (English if unknown), formatted;
    numbers are written as the language writes them (0,75 in Ukrainian)."""
    table = STRINGS.get(language, STRINGS["en"])
    if not values:
        return table[name]
    local = {
        k: LocalNumber(v, language) if isinstance(v, int | float) and not isinstance(v, bool) else v
        for k, v in values.items()
    }
    return table[name].format(**local)
