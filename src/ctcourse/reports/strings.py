"""Every word of the cohort report in English and Ukrainian, in one place.

The report is written in the cohort's language (``course.language``): headings, sentences,
column headers, status and note values, review flags and chart labels all come from here, for
the HTML page and for the trainer's notebook and its dashboard alike.
Ukrainian uses the official terms (docs/glossary-uk.md): «слухач», «модуль», «письмова
відповідь», «вхідний тест», «підсумковий тест», «прохідний бал». The CSVs keep their English
column names: they are data for spreadsheets and scripts, not the page a trainer reads.
"""

from __future__ import annotations

from datetime import datetime

from ctcourse.quiz.locale import format_date, format_number
from ctcourse.reports.certificate import long_date

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "page_title": "{course}: cohort report",
        "generated": "Cohort report generated {when} UTC · {trainees} trainee(s)",
        "matching": " matching {cohort}",
        "pass_mark": " · pass mark {mark}",
        "modules": "Modules",
        "progress": "Progress",
        "progress_csv": "{trainees} trainees: see progress.csv for each one.",
        "not_passable": "{modules} does not count toward passing the course: its submissions "
        "are “graded”, never “passed”.",
        "waiting": "Written answers waiting for manual grading (oldest first)",
        "scores_figure": "Score distribution per module",
        "ungraded": "No graded submission yet, so no score distribution: {modules}.",
        "items_heading": "Item statistics (Moodle's formulas)",
        "items_explained": "Facility = mean mark / maximum; SD as % of the maximum (sample SD, "
        "s − 1); discrimination index = 100 · correlation of the item with the rest of the test; "
        "discriminative efficiency = 100 · covariance / the largest covariance the two mark lists "
        "allow; partial credit counts as given. Flags: facility under 20% or over 90%, "
        "discrimination under 20 or negative, SD under a third of the maximum, CIC under 64%, and "
        "only for an item or a test with at least {min} graded attempts: from fewer, one answer "
        "moves these figures too far to mean anything.",
        "per_test": "Per test",
        "facility_figure": "Facility × discrimination",
        "to_review": "Items to review",
        "too_few": "Not flagged, too few graded attempts (fewer than {min}): {modules}.",
        "attempts": "{module} ({n} graded attempt(s))",
        "every_item": "Every item",
        "distractors": "Distractors",
        "distractors_explained": "Share of trainees who chose each option, overall and in the "
        "upper and lower third by module quiz total.",
        "gain": "Learning gain",
        "no_gain": "The course has no {entry} and {final} modules to compare.",
        "gain_explained": "Hake's normalised gain. Gain of class averages = (final mean − entry "
        "mean) / (1 − entry mean); average of individual gains = mean of each trainee's (final − "
        "entry) / (1 − entry), leaving out trainees with 100% on the entry test. The paired "
        "difference has a 95% confidence interval (Student's t); Cohen's d_av divides by the mean "
        "of the two SDs, d_z by the SD of the differences.",
        "gain_counts": "{pairs} trainee(s) took both tests; {entry} took only the entry test and "
        "{final} only the final test: they are left out of the gain.",
        "no_objectives": "Per objective: the entry- and final-test questions name no objective, "
        "so no per-objective gain can be given.",
        "paired_figure": "Entry and final test, paired",
        "time": "Time on task (estimate)",
        "time_explained": "Minutes from a trainee's first to last logged answer in a module: it "
        "misses reading before the first answer and counts pauses. Planned minutes are from "
        "course.yml.",
        "notes": "Notes",
        "nothing": "Nothing to show.",
        "first_rows": "First {shown} of {total} rows; every row is in the CSV.",
        "objective": "objective {objective}",
        "no_fetch_record": "nbgrader does not record fetching: modules without a submission show "
        "as “not submitted” (give --homes to look into trainees' home folders)",
        # review flags (flags.py)
        "very_hard": "very hard: facility {facility} is under 20%",
        "very_easy": "very easy: facility {facility} is over 90%",
        "negative": "negative discrimination ({value}): trainees who do well on the rest of the "
        "test do worse here; check the key",
        "weak": "weak discrimination ({value} < 20): the item barely separates stronger from "
        "weaker trainees",
        "spread": "little spread: SD is {share} of the item's maximum (under 33%)",
        "low_cic": "CIC {cic} is under 64%: the items do not measure one thing consistently",
        # charts (charts.py)
        "chart_score_x": "Score (% of module maximum)",
        "chart_trainees": "Trainees",
        "chart_scores_title": "Score distribution per module (n = {n} trainees)",
        "chart_flag_zone": "flag zone",
        "chart_facility_x": "Facility index (% of the item's marks earned on average)",
        "chart_discrimination_y": "Discrimination index (100 · r with the rest of the test)",
        "chart_items_title": "Items: facility × discrimination (n = {n} trainees)",
        "chart_mean": "cohort mean",
        "chart_entry": "entry test",
        "chart_final": "final test",
        "chart_test": "Test",
        "chart_test_y": "Score (% of the test's maximum)",
        "chart_paired_title": "Entry → final test, paired (n = {n} trainees)",
        # the trainer's notebook and its dashboard (dashboard.py)
        "dashboard_intro": "Who has finished which module, which questions work, and how much "
        "the cohort learned between the entry test and the final test. The numbers are the ones "
        "`ctcourse report` writes to its HTML page and CSV files; here filters choose what to "
        "look at.\n\n"
        "* **Progress**: each trainee's status per module (not submitted, submitted, graded, "
        "passed).\n"
        "* **Items**: Moodle's item statistics (facility, SD, discrimination index, "
        "discriminative efficiency) with the reason each flagged item should be reviewed.\n"
        "* **Distractors**: how often each option was chosen, in the upper and lower third.\n"
        "* **Learning gain**: each trainee's entry and final score.\n"
        "* **Time on task**: an estimate from the first to the last logged answer.",
        "explore": "Explore",
        "explore_explained": "Choose a view and filter by module, by trainee id (a pattern such "
        "as `kyiv-*`) or to the items to review.",
        "whole_tests": "Tests as a whole",
        "whole_tests_explained": "Moodle's test statistics per module; a CIC under 64% is flagged.",
        "view": "Show",
        "module": "Module",
        "trainees": "Trainees",
        "trainees_hint": "e.g. kyiv-*",
        "only_to_review": "only items to review",
        "all_modules": "all modules",
        "items": "Items",
        "first_rows_filter": "First {shown} of {total} rows: narrow the filters to see the others.",
    },
    "uk": {
        "page_title": "{course}: звіт про групу",
        "generated": "Звіт про групу складено {when} UTC · слухачів: {trainees}",
        "matching": " (відповідають шаблону {cohort})",
        "pass_mark": " · прохідний бал {mark}",
        "modules": "Модулі",
        "progress": "Поступ групи",
        "progress_csv": "Слухачів: {trainees}; стан кожного див. у progress.csv.",
        "not_passable": "{modules} не зараховується для складання курсу: надіслані роботи "
        "отримують стан «оцінено», ніколи «складено».",
        "waiting": "Письмові відповіді, що чекають на оцінку (спершу найстаріші)",
        "scores_figure": "Розподіл балів за модулями",
        "ungraded": "Ще немає оціненої роботи, тож немає й розподілу балів: {modules}.",
        "items_heading": "Статистика завдань (формули Moodle)",
        "items_explained": "Індекс легкості = середній бал / максимум; SD у % від максимуму "
        "(вибіркове SD, s − 1); індекс диференціації = 100 · кореляція завдання з рештою тесту; "
        "ефективність диференціації = 100 · коваріація / найбільша коваріація, яку допускають "
        "обидва списки балів; частковий бал зараховується як є. Позначки: легкість менше 20\u00a0% "
        "або понад 90\u00a0%, диференціація менше 20 або від'ємна, SD менше третини максимуму, CIC "
        "менше 64\u00a0%, і лише для завдання чи тесту, що мають щонайменше {min} оцінених спроб: "
        "за меншої кількості одна відповідь зсуває ці показники надто сильно, щоб вони щось "
        "означали.",
        "per_test": "За тестами",
        "facility_figure": "Легкість × диференціація",
        "to_review": "Завдання, які варто переглянути",
        "too_few": "Не позначено, замало оцінених спроб (менше {min}): {modules}.",
        "attempts": "{module} (оцінених спроб: {n})",
        "every_item": "Усі завдання",
        "distractors": "Дистрактори",
        "distractors_explained": "Частка слухачів, які обрали кожен варіант: загалом, у верхній "
        "і в нижній третині за сумою балів тесту модуля.",
        "gain": "Навчальний приріст",
        "no_gain": "У курсі немає модулів {entry} і {final}, щоб їх порівняти.",
        "gain_explained": "Нормалізований приріст за Гейком. Приріст середніх групи = "
        "(середнє підсумкового − середнє вхідного) / (1 − середнє вхідного); середнє "
        "індивідуальних приростів = середнє значення (підсумковий − вхідний) / (1 − вхідний) "
        "кожного слухача, без слухачів зі 100\u00a0% за вхідний тест. Для парної різниці наведено "
        "95-відсотковий довірчий інтервал (t Стьюдента); d_av Коена ділить на середнє двох SD, "
        "d_z — на SD різниць.",
        "gain_counts": "Обидва тести пройшли слухачів: {pairs}; лише вхідний тест: {entry}, лише "
        "підсумковий: {final} — їх не враховано в прирості.",
        "no_objectives": "За навчальними цілями: запитання вхідного й підсумкового тестів не "
        "називають навчальних цілей, тож приріст за цілями обчислити не можна.",
        "paired_figure": "Вхідний і підсумковий тест, попарно",
        "time": "Час на навчання (оцінка)",
        "time_explained": "Хвилини від першої до останньої записаної відповіді слухача в модулі: "
        "не враховано читання до першої відповіді, а перерви враховано. Заплановані хвилини "
        "взято з course.yml.",
        "notes": "Примітки",
        "nothing": "Немає даних.",
        "first_rows": "Перші {shown} з {total} рядків; усі рядки є у файлі CSV.",
        "objective": "навчальна ціль {objective}",
        "no_fetch_record": "nbgrader не записує отримання модулів: модулі без надісланої "
        "роботи мають стан «не надіслано» (параметр --homes дає змогу переглянути домашні "
        "теки слухачів)",
        "very_hard": "дуже важке: легкість {facility} — менше 20\u00a0%",
        "very_easy": "дуже легке: легкість {facility} — понад 90\u00a0%",
        "negative": "від'ємна диференціація ({value}): слухачі, які добре виконали решту тесту, "
        "тут мають гірший результат; перевірте ключ",
        "weak": "слабка диференціація ({value} < 20): завдання майже не розрізняє сильніших і "
        "слабших слухачів",
        "spread": "малий розкид: SD становить {share} від максимуму завдання (менше 33\u00a0%)",
        "low_cic": "CIC {cic} — менше 64\u00a0%: завдання не вимірюють одне й те саме узгоджено",
        "chart_score_x": "Бал (% від максимуму модуля)",
        "chart_trainees": "Слухачі",
        "chart_scores_title": "Розподіл балів за модулями (n = {n} слухачів)",
        "chart_flag_zone": "зона позначок",
        "chart_facility_x": "Індекс легкості (% балів завдання, отриманих у середньому)",
        "chart_discrimination_y": "Індекс диференціації (100 · r з рештою тесту)",
        "chart_items_title": "Завдання: легкість × диференціація (n = {n} слухачів)",
        "chart_mean": "середнє групи",
        "chart_entry": "вхідний тест",
        "chart_final": "підсумковий тест",
        "chart_test": "Тест",
        "chart_test_y": "Бал (% від максимуму тесту)",
        "chart_paired_title": "Вхідний → підсумковий тест, попарно (n = {n} слухачів)",
        "dashboard_intro": "Хто який модуль завершив, які запитання працюють і наскільки група "
        "просунулася від вхідного тесту до підсумкового. Це ті самі числа, що `ctcourse report` "
        "записує на свою HTML-сторінку й у файли CSV; тут фільтри вибирають, що показати.\n\n"
        "* **Поступ групи**: стан кожного слухача за кожним модулем (не надіслано, надіслано, "
        "оцінено, складено).\n"
        "* **Завдання**: статистика завдань за формулами Moodle (легкість, SD, індекс "
        "диференціації, ефективність диференціації) і причина, з якої варто переглянути кожне "
        "позначене завдання.\n"
        "* **Дистрактори**: як часто обирали кожен варіант, у верхній і в нижній третині.\n"
        "* **Навчальний приріст**: бал кожного слухача за вхідний і за підсумковий тест.\n"
        "* **Час на навчання**: оцінка від першої до останньої записаної відповіді.",
        "explore": "Огляд із фільтрами",
        "explore_explained": "Оберіть подання та відфільтруйте його за модулем, за "
        "ідентифікатором слухача (шаблоном, наприклад `kyiv-*`) або лише завдання, які варто "
        "переглянути.",
        "whole_tests": "Тести загалом",
        "whole_tests_explained": "Статистика тесту кожного модуля за формулами Moodle; CIC "
        "менше 64\u00a0% позначено.",
        "view": "Показати",
        "module": "Модуль",
        "trainees": "Слухачі",
        "trainees_hint": "напр. kyiv-*",
        "only_to_review": "лише завдання, які варто переглянути",
        "all_modules": "усі модулі",
        "items": "Завдання",
        "first_rows_filter": "Перші {shown} з {total} рядків: звузьте фільтри, щоб побачити інші.",
    },
}

#: Column headers of the page's tables (the CSVs keep the English names).
COLUMNS: dict[str, dict[str, str]] = {
    "en": {},
    "uk": {
        "module": "Модуль",
        "title": "Назва",
        "minutes": "Хвилин (план)",
        "trainee": "Слухач",
        "submitted": "Надіслано",
        "cell": "Клітинка",
        "question": "Запитання",
        "type": "Тип",
        "max_mark": "Макс. бал",
        "attempts": "Спроби",
        "facility_pct": "Легкість, %",
        "sd_pct": "SD, %",
        "random_guess_pct": "Випадкове вгадування, %",
        "discrimination_index": "Індекс диференціації",
        "discriminative_efficiency": "Ефективність диференціації",
        "flags": "Позначки",
        "note": "Примітка",
        "items": "Завдань",
        "max_total": "Макс. сума",
        "mean_pct": "Середнє, %",
        "median_pct": "Медіана, %",
        "skewness": "Асиметрія",
        "kurtosis": "Ексцес",
        "cic_pct": "CIC, %",
        "error_ratio_pct": "Частка похибки, %",
        "standard_error_pct": "Стандартна похибка, %",
        "option": "Варіант",
        "label": "Текст варіанта",
        "key": "Ключ",
        "chosen_pct": "Обрали, %",
        "upper_third_pct": "Верхня третина, %",
        "lower_third_pct": "Нижня третина, %",
        "trainees": "Слухачів",
        "planned_minutes": "Заплановано, хв",
        "trainees_with_logs": "Слухачів із журналом",
        "without_span": "Без оцінки часу",
        "q1_minutes": "Q1, хв",
        "median_minutes": "Медіана, хв",
        "q3_minutes": "Q3, хв",
        "statistic": "Показник",
        "whole test": "Увесь тест",
        "pairs": "Пар",
        "only_entry_test": "Лише вхідний тест",
        "only_final_test": "Лише підсумковий тест",
        "entry_mean_pct": "Середнє вхідного, %",
        "final_mean_pct": "Середнє підсумкового, %",
        "gain_of_class_averages": "Приріст середніх групи",
        "average_of_individual_gains": "Середнє індивідуальних приростів",
        "at_100pct_on_entry": "100\u00a0% за вхідний тест",
        "mean_difference_pct": "Середня різниця, %",
        "ci95_low_pct": "95\u00a0% ДІ, нижня межа, %",
        "ci95_high_pct": "95\u00a0% ДІ, верхня межа, %",
        "cohens_d_av": "d_av Коена",
        "cohens_dz": "d_z Коена",
        "entry_pct": "Вхідний, %",
        "final_pct": "Підсумковий, %",
        "gain": "Приріст",
        "status": "Стан",
        "date": "Дата",
        "score": "Бал",
        "max_score": "Макс. бал",
        # progress statuses, as headers of the counts table
        "not fetched": "Не отримано",
        "not submitted": "Не надіслано",
        "fetched": "Отримано",
        "graded": "Оцінено",
        "passed": "Складено",
    },
}

#: Fixed texts that appear inside table cells: statuses, markers and the notes the analysis
#: gives when a statistic is undefined (several are joined with "; ").
VALUES: dict[str, dict[str, str]] = {
    "en": {},
    "uk": {
        "not fetched": "не отримано",
        "not submitted": "не надіслано",
        "fetched": "отримано",
        "submitted": "надіслано",
        "graded": "оцінено",
        "passed": "складено",
        "yes": "так",
        "whole test": "увесь тест",
        "single_choice": "один варіант",
        "multiple_response": "кілька варіантів",
        "true_false": "правильно / неправильно",
        "matching": "відповідність",
        "ordering": "послідовність",
        "numeric": "число",
        "spot_indicators": "індикатори",
        "nobody chose it": "ніхто не обрав",
        "the upper third chose it more often than the key": "верхня третина обирала його "
        "частіше за ключ",
        "random guess score not defined for this type": "бал випадкового вгадування для цього "
        "типу не визначено",
        "no attempts": "немає спроб",
        "Cov_max is 0: discriminative efficiency is undefined": "Cov_max дорівнює 0: "
        "ефективність диференціації не визначено",
        "True": "Правильно",
        "False": "Неправильно",
        "one attempt only: SD, discrimination and efficiency need at least 2": "лише одна "
        "спроба: для SD, диференціації та ефективності потрібно щонайменше 2",
        "every attempt scored the same on this item: no discrimination": "усі спроби мають "
        "однаковий бал за це завдання: диференціації немає",
        "the rest of the test has no spread (or there is no rest: a one-item test)": "решта "
        "тесту не має розкиду (або решти немає: тест з одного завдання)",
        "one attempt only: SD and everything after it need at least 2": "лише одна спроба: для "
        "SD і всього, що після нього, потрібно щонайменше 2",
        "fewer than 3 attempts: skewness, kurtosis and CIC are undefined": "менше 3 спроб: "
        "асиметрію, ексцес і CIC не визначено",
        "every attempt has the same total: skewness, kurtosis and CIC undefined": "усі спроби "
        "мають однакову суму: асиметрію, ексцес і CIC не визначено",
        "fewer than 4 attempts: kurtosis is undefined": "менше 4 спроб: ексцес не визначено",
        "a one-item test: CIC, error ratio and standard error need 2 items": "тест з одного "
        "завдання: для CIC, частки похибки й стандартної похибки потрібно 2 завдання",
        "no trainee took both tests": "жоден слухач не пройшов обидва тести",
        "the entry-test average is 100%: the gain of averages is undefined": "середнє "
        "вхідного тесту — 100\u00a0%: приріст середніх не визначено",
        "one pair only: confidence interval and effect sizes need at least 2": "лише одна пара: "
        "для довірчого інтервалу й розмірів ефекту потрібно щонайменше 2",
        "no spread in the scores: an effect size is undefined": "бали не мають розкиду: розмір "
        "ефекту не визначено",
    },
}


def text(language: str, name: str, **values: object) -> str:
    """The report's sentence ``name`` in ``language`` (English where the language lacks it)."""
    return TEXT.get(language, TEXT["en"]).get(name, TEXT["en"][name]).format(**values)


def column(language: str, name: str) -> str:
    """A table's column header in ``language`` (the data name itself where none is given)."""
    return COLUMNS.get(language, {}).get(name, name)


def value(language: str, cell: str) -> str:
    """A cell's fixed text in ``language``; each "; "-joined part is translated on its own, and
    anything not in the table (ids, names, numbers) is kept as it is."""
    known = VALUES.get(language, {})
    return "; ".join(known.get(part, part) for part in cell.split("; "))


def number(amount: float, language: str, places: int | None = None) -> str:
    """A number as ``language`` writes it (0,75 and 13 400 in Ukrainian); with ``places``,
    exactly that many decimals (10.0 stays "10.0", «10,0» in Ukrainian)."""
    if places is None:
        return format_number(amount, language)
    fixed = f"{amount:.{places}f}"
    return fixed.replace(".", ",") if language == "uk" else fixed


def percent(share: float, language: str) -> str:
    """A share as a whole percentage: "70%" in English, "70 %" (no-break space) in Ukrainian."""
    whole = format_number(round(100 * share), language)
    return f"{whole}\u00a0%" if language == "uk" else f"{whole}%"


def day(stamp: datetime | str, language: str) -> str:
    """A date as the language writes it in a table: 28.11.2026 in Ukrainian, 2026-11-28 in
    English (as before; sortable); ``stamp`` may be an ISO date text."""
    if isinstance(stamp, str):
        if not stamp:
            return ""
        stamp = datetime.fromisoformat(stamp)
    return format_date(stamp.date(), language) if language == "uk" else f"{stamp:%Y-%m-%d}"


def moment(stamp: datetime, language: str) -> str:
    """Date and time: «6 грудня 2026 р., 21:50» in Ukrainian, 2026-12-06 21:50 in English."""
    if language == "uk":
        return f"{long_date(stamp.date(), language)}, {stamp:%H:%M}"
    return f"{stamp:%Y-%m-%d %H:%M}"
