"""Traceability and length checks of ``ctcourse validate``: sources, objectives, minutes, options.

- Every practice and graded question names ``source=``: an entry of its module's Sources cell
  (a Markdown cell starting ``## Sources`` whose list items begin with a bracketed id, e.g.
  ``1. [palermo-art3] UN, Protocol …, Art. 3 — https://…``) or a section of the project's
  reference facts (``facts §3.1``); nothing the facts leave UNVERIFIED as a whole.
- Every graded question names ``objective=``: one of its module's objectives in course.yml
  (an entry or final test may name any module's). Every objective is assessed by a graded
  question and, once the course has them, by an entry-test item and a different final-test one.
- The minutes course.yml states are within ±30% of an estimate computed from the notebooks
  (:class:`Estimate`), so a module's stated length can be trusted; a notebook whose first cell
  says "About N minutes" must say what course.yml states.
- No "all of the above" / "none of the above" option; a warning when a single-choice key is the
  uniquely longest option (test-wise trainees pick the longest answer).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ctcourse.authoring.facts_sections import SECTIONS, facts_section
from ctcourse.course import MANIFEST_NAME, Course, Module
from ctcourse.editions import BASE_LANGUAGE
from ctcourse.quiz.model import Kind
from ctcourse.quiz.reader import Problem, QuizItem, read_notebook, source_notebooks

READING_WORDS_PER_MINUTE = 150  # careful reading of legal and case text, not skimming
MINUTES_PER_QUESTION = 1.5  # read the options, decide, check or save; practice or graded
MINUTES_PER_WRITTEN_ANSWER = 10  # a manually graded answer (or code exercise) to compose
MINUTES_PER_CODE_CELL = 1  # run and read the output of a visible code cell
MINUTES_TOLERANCE = 0.3  # stated minutes must lie within ±30% of the estimate

SOURCES_HEADINGS = ("## Sources", "## Джерела")
LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+(.*)$")
SOURCE_ENTRY = re.compile(r"^\[([a-z0-9][a-z0-9.-]*)\]\s+\S")
SAID_MINUTES = re.compile(r"\b(?:about|близько)\s+(\d+)\s+(?:minutes|хвилин)", re.IGNORECASE)
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
FACTS_MENTION = re.compile(r"facts\s*§\s*(?:[0-9]+(?:\.[0-9]+)?|[AB][0-9]+)")
CATCH_ALL = re.compile(
    r"\b(?:all|none|both|neither)\s+of\s+the\s+(?:above|options|answers)\b"
    r"|\b(?:усі|всі|усе|все|жоден|жодна|жодне|жодного|нічого|жодна\s+з)\b[^.]{0,25}?"
    r"\b(?:вище|вищенаведен\w*|вищезазначен\w*|перелічен\w*|наведен\w*)",
    re.IGNORECASE,
)
CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_RESPONSE, Kind.SPOT_INDICATORS, Kind.MATCHING)


@dataclass(frozen=True)
class Estimate:
    """How long a module takes: words read, questions answered, written answers, code run."""

    module: str
    stated: int
    words: int
    questions: int
    written: int
    code_cells: int

    @property
    def minutes(self) -> float:
        return (
            self.words / READING_WORDS_PER_MINUTE
            + self.questions * MINUTES_PER_QUESTION
            + self.written * MINUTES_PER_WRITTEN_ANSWER
            + self.code_cells * MINUTES_PER_CODE_CELL
        )

    @property
    def accepted(self) -> tuple[int, int]:
        """The stated minutes accepted: ±30% of the estimate, widened to whole minutes."""
        low = math.floor(self.minutes * (1 - MINUTES_TOLERANCE))
        high = math.ceil(self.minutes * (1 + MINUTES_TOLERANCE))
        return max(low, 1), max(high, 1)

    def breakdown(self) -> str:
        parts = [f"{self.words} words at {READING_WORDS_PER_MINUTE}/min"]
        parts.append(f"{self.questions} question(s) × {MINUTES_PER_QUESTION:g}")
        parts.append(f"{self.written} written answer(s) × {MINUTES_PER_WRITTEN_ANSWER:g}")
        if self.code_cells:
            parts.append(f"{self.code_cells} code cell(s) × {MINUTES_PER_CODE_CELL:g}")
        return " + ".join(parts)

    def __str__(self) -> str:
        return (
            f"{self.module}: about {self.minutes:.0f} minutes estimated ({self.breakdown()}); "
            f"course.yml states {self.stated}"
        )


@dataclass
class Review:
    """What the traceability checks found: problems fail validation, warnings do not."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    estimates: list[Estimate] = field(default_factory=list)


@dataclass
class _ModuleScan:
    """What one module's notebooks hold, read once."""

    sources: dict[str, str] = field(default_factory=dict)  # id -> "path:cell" (notebooks of a
    # module may each list the same source; one notebook lists it once)
    items: list[QuizItem] = field(default_factory=list)
    words: int = 0
    written: int = 0
    code_cells: int = 0
    said: list[tuple[str, int, int]] = field(default_factory=list)  # "About N minutes" found


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _is_sources_cell(cell) -> bool:
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith(SOURCES_HEADINGS)


def _words(text: str) -> int:
    return len(WORD.findall(text))


def _only_imports(source: str) -> bool:
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    return all(line.startswith(("import ", "from ", "#")) for line in lines)


def _scan(paths: Iterable[Path], shown: Iterable[str], problems: list[Problem]) -> _ModuleScan:
    scan = _ModuleScan()
    for path, name in zip(paths, shown, strict=True):
        quiz = read_notebook(path, name)
        scan.items += quiz.items
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # reported once, by read_notebook
            continue
        for number, cell in enumerate(nb.cells, start=1):
            _scan_cell(scan, name, number, cell, problems)
    for item in scan.items:
        scan.words += _question_words(item)
    return scan


def _scan_cell(scan, name, number, cell, problems) -> None:
    meta = _nbgrader(cell)
    if meta.get("solution") and meta.get("grade"):
        scan.written += 1
    elif meta.get("solution"):
        scan.written += cell.cell_type == "code"
    elif _is_sources_cell(cell):
        _read_sources(scan, name, number, cell.source, problems)
    elif cell.cell_type == "markdown":
        scan.words += _words(cell.source)
        said = SAID_MINUTES.search(cell.source) if number == 1 else None
        if said:
            scan.said.append((name, number, int(said.group(1))))
    elif cell.cell_type == "code" and not meta.get("grade"):
        source = cell.source.strip()
        quiz_call = re.search(r"\bquiz\.\w+\(", source)
        scan.code_cells += bool(source) and not quiz_call and not _only_imports(source)


def _question_words(item: QuizItem) -> int:
    question = item.question
    texts = [question.prompt, question.case_text]
    texts += [text for _, text in (*question.options, *question.left)]
    if not item.graded:
        texts.append(question.explanation)
    return sum(_words(text) for text in texts)


def _read_sources(scan, name, number, source, problems) -> None:
    for line in source.splitlines():
        item = LIST_ITEM.match(line)
        if not item:
            continue
        entry = SOURCE_ENTRY.match(item.group(1))
        if not entry:
            problems.append(
                Problem(
                    name,
                    number,
                    f"Sources entry {item.group(1)[:40]!r} must begin with a bracketed id, "
                    "e.g. '[palermo-art3] UN, …'",
                )
            )
            continue
        source_id = entry.group(1)
        if scan.sources.get(source_id, "").startswith(f"{name}:"):
            problems.append(
                Problem(
                    name,
                    number,
                    f"source id {source_id!r} is listed twice (also {scan.sources[source_id]})",
                )
            )
        elif "UNVERIFIED" in item.group(1).upper() or _cites_unverified(item.group(1)):
            problems.append(
                Problem(name, number, f"source {source_id!r} is marked UNVERIFIED; do not use it")
            )
        else:
            scan.sources[source_id] = f"{name}:{number}"


def _cites_unverified(entry: str) -> bool:
    """Whether a Sources entry rests on a facts section that is unverified as a whole."""
    cited = (facts_section(m.group(0)) for m in FACTS_MENTION.finditer(entry))
    return any(n in SECTIONS and SECTIONS[n].wholly_unverified for n in cited)


def _check_source(item: QuizItem, scan: _ModuleScan, review: Review, warned: set[str]) -> None:
    question, where = item.question, (item.notebook, item.cell)
    if not question.source:
        review.problems.append(
            Problem(
                *where,
                f'{question.id}: name its source with source="<id>" (an entry of the '
                'Sources cell) or source="facts §N"',
            )
        )
        return
    for source in source_ids(question.source):
        number = facts_section(source)
        if number is not None:
            _check_facts(item, source, number, review, warned)
        elif source not in scan.sources:
            listed = ", ".join(sorted(scan.sources)) or "no Sources cell in this module"
            review.problems.append(
                Problem(*where, f"{question.id}: unknown source {source!r} (listed: {listed})")
            )


def source_ids(source: str) -> list[str]:
    """The sources a ``source=`` value names: one id, or several separated by commas."""
    return [part.strip() for part in re.split(r"[,;]", source) if part.strip()]


def _check_facts(
    item: QuizItem, source: str, number: str, review: Review, warned: set[str]
) -> None:
    question, where = item.question, (item.notebook, item.cell)
    section = SECTIONS.get(number)
    if section is None:
        review.problems.append(
            Problem(*where, f"{question.id}: source {source!r}: no such section in facts.md")
        )
    elif section.wholly_unverified:
        review.problems.append(
            Problem(
                *where, f"{question.id}: source {source!r} is UNVERIFIED in facts.md; do not use it"
            )
        )
    elif section.unverified and number not in warned:
        warned.add(number)
        review.warnings.append(
            Problem(
                *where,
                f"{source} leaves UNVERIFIED: {section.unverified}; "
                "make sure no question relies on that",
            )
        )


def _check_objective(item: QuizItem, module: Module, course: Course, review: Review) -> None:
    question, where = item.question, (item.notebook, item.cell)
    if not question.objective:
        if item.graded:
            review.problems.append(
                Problem(
                    *where,
                    f'{question.id}: name the course.yml objective it assesses with objective="<id>"',
                )
            )
        return
    if module.role == "lesson" and module.objective(question.objective) is None:
        listed = ", ".join(o.id for o in module.objectives) or "none"
        review.problems.append(
            Problem(
                *where,
                f"{question.id}: objective {question.objective!r} is not one of module "
                f"{module.id!r} in {MANIFEST_NAME} (listed: {listed})",
            )
        )
    elif course.objective_owner(question.objective) is None:
        review.problems.append(
            Problem(
                *where,
                f"{question.id}: objective {question.objective!r} is not in {MANIFEST_NAME}",
            )
        )


def _check_options(item: QuizItem, review: Review) -> None:
    question, where = item.question, (item.notebook, item.cell)
    if question.kind not in CHOICE_KINDS:
        return
    for key, text in question.options:
        if CATCH_ALL.search(text):
            review.problems.append(
                Problem(
                    *where,
                    f"{question.id}: option {key!r} is a catch-all ('all/none of the above'); "
                    "write a real option",
                )
            )
    if question.kind is Kind.SINGLE_CHOICE and item.key in question.option_keys:
        lengths = {key: len(text.strip()) for key, text in question.options}
        longest = max(lengths.values())
        if lengths[item.key] == longest and list(lengths.values()).count(longest) == 1:
            review.warnings.append(
                Problem(
                    *where,
                    f"{question.id}: the key {item.key!r} is the uniquely longest option; "
                    "test-wise trainees pick the longest",
                )
            )


def _check_minutes(module: Module, scan: _ModuleScan, review: Review) -> None:
    estimate = Estimate(
        module.id, module.minutes, scan.words, len(scan.items), scan.written, scan.code_cells
    )
    review.estimates.append(estimate)
    for name, number, said in scan.said:
        if said != module.minutes:
            review.problems.append(
                Problem(
                    name,
                    number,
                    f"says about {said} minutes but {MANIFEST_NAME} states {module.minutes}",
                )
            )
    low, high = estimate.accepted
    if not low <= module.minutes <= high:
        review.problems.append(
            Problem(
                MANIFEST_NAME,
                None,
                f"module {module.id!r}: states {module.minutes} minutes but about "
                f"{estimate.minutes:.0f} are estimated ({estimate.breakdown()}); "
                f"state between {low} and {high}",
            )
        )


def _check_coverage(
    course: Course, graded: dict[str, list[tuple[Module, QuizItem]]], review: Review
) -> None:
    has = {
        role: any(m.role == role for m in course.modules) for role in ("entry-test", "final-test")
    }
    for module in course.modules:
        for objective in module.objectives:
            uses = graded.get(objective.id, [])
            where = f"objective {objective.id!r} (module {module.id!r})"
            if not uses:
                review.problems.append(
                    Problem(MANIFEST_NAME, None, f"{where} is assessed by no graded question")
                )
            if module.role != "lesson":
                continue
            entry = [i for m, i in uses if m.role == "entry-test"]
            final = [i for m, i in uses if m.role == "final-test"]
            for role, found in (("entry-test", entry), ("final-test", final)):
                if has[role] and not found:
                    review.problems.append(
                        Problem(MANIFEST_NAME, None, f"{where} has no {role} question")
                    )
            _check_parallel(entry, final, review)


def _fingerprint(item: QuizItem) -> str:
    question = item.question
    return " ".join(f"{question.prompt} {question.case_text}".lower().split())


def _check_parallel(entry: list[QuizItem], final: list[QuizItem], review: Review) -> None:
    """A final-test item is parallel to the entry test's, never the same item reworded by id."""
    seen = {_fingerprint(item): item.question.id for item in entry}
    for item in final:
        twin = seen.get(_fingerprint(item))
        if twin:
            review.problems.append(
                Problem(
                    item.notebook,
                    item.cell,
                    f"{item.question.id}: repeats entry-test question {twin!r} word for word; "
                    "write a parallel item (different case or wording)",
                )
            )


def _module_paths(course: Course, module: Module) -> list[Path]:
    """The module's source notebooks (English edition) in name order."""
    return source_notebooks(course, module.id, BASE_LANGUAGE)


def estimate(module_id: str, stated: int, paths: list[Path]) -> Estimate:
    """The estimate for notebooks not (yet) in a course, e.g. to state a new module's minutes."""
    scan = _scan(paths, [str(p) for p in paths], [])
    return Estimate(module_id, stated, scan.words, len(scan.items), scan.written, scan.code_cells)


def review(course: Course) -> Review:
    """Check sources, objectives, options and minutes of every module of the course."""
    result = Review()
    graded: dict[str, list[tuple[Module, QuizItem]]] = defaultdict(list)
    for module in course.modules:
        paths = _module_paths(course, module)
        if not paths:
            continue  # reported by validate's layout check
        shown = [str(p.relative_to(course.root)) for p in paths]
        scan = _scan(paths, shown, result.problems)
        warned: set[str] = set()
        for item in scan.items:
            _check_source(item, scan, result, warned)
            _check_objective(item, module, course, result)
            _check_options(item, result)
            if item.graded and item.question.objective:
                graded[item.question.objective].append((module, item))
        _check_minutes(module, scan, result)
    _check_coverage(course, graded, result)
    return result
