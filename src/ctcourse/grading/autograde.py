"""``ctcourse autograde``: grade a cohort honestly, in parallel, resumably.

For each module: parse the keys from ``source/`` once, list the submissions (refusing folders
that are not trainee ids), grade them in worker processes (:mod:`ctcourse.grading.pool`;
nbgrader's pipeline on a private copy, trainee code in a sandbox, the grader's own quiz
outputs), write each submission's honest grades and then its completion marker, and finally
check the auto scores of every graded submission once more. A rerun skips submissions whose
marker matches their current files; a run killed at any point leaves at worst submissions
without a marker, which the next run grades again from scratch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from nbgrader.api import Gradebook, MissingEntry

from ctcourse.course import LANG_ENV, Course
from ctcourse.errors import GradingError
from ctcourse.grading.answers import ModuleKeys, load_keys, read_answers
from ctcourse.grading.cgroup import unavailable as cgroup_unavailable
from ctcourse.grading.gradebook import Expected, enforce, write_submission
from ctcourse.grading.grader import Outcome, Settings, log_notes
from ctcourse.grading.kernelfree import is_kernel_free
from ctcourse.grading.pool import grade_all
from ctcourse.grading.progress import Progress
from ctcourse.grading.sandbox import Limits, probe, unavailable
from ctcourse.grading.submissions import Submission, find_submissions
from ctcourse.nbgrader_settings import CELL_TIMEOUT_SECONDS, gradebook_url
from ctcourse.nbgrader_tools import ensure_tools_on_path
from ctcourse.quiz.reader import source_notebooks

MARKER = ".ctcourse-graded.json"
MARKER_SCHEMA = 1
#: CPU seconds a sandboxed kernel may use, per second a cell may run.
CPU_PER_TIMEOUT = 10
#: A notebook may run for as long as this many cells at their time limit, then it is stopped.
NOTEBOOK_CELLS = 20


@dataclass
class RunReport:
    """What a run did: labels ``student/module`` of graded, failed (with cause) and skipped."""

    graded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.refused else 0

    def counts(self) -> dict[str, int]:
        return {
            "graded": len(self.graded),
            "failed": len(self.failed),
            "skipped": len(self.skipped),
            "refused": len(self.refused),
        }


def marker_path(course: Course, submission: Submission) -> Path:
    """Where the completion marker of a submission lives (inside its autograded folder)."""
    return course.root / "autograded" / submission.student / submission.module / MARKER


def quiz_scores(keys: ModuleKeys, log: bytes) -> dict[tuple[str, str], float]:
    """The grader's score of every quiz cell, keyed ``(notebook, grade_id)``."""
    return {
        (name, r.item.question.grade_id): r.score.points
        for name, results in read_answers(keys, log).results.items()
        for r in results
    }


def _read_marker(path: Path, submission: Submission) -> Expected | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("schema") != MARKER_SCHEMA or data.get("fingerprint") != submission.fingerprint:
        return None
    auto = {(nb, cell): score for nb, cell, score in data["auto"]}
    return Expected({}, auto, graded=True)


def _write_marker(path: Path, submission: Submission, outcome: Outcome) -> None:
    auto = [[nb, cell, score] for (nb, cell), score in sorted(outcome.auto.items())]
    record = {"schema": MARKER_SCHEMA, "fingerprint": submission.fingerprint, "auto": auto}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, path)


def _check_gradebook(gb: Gradebook, keys: Mapping[str, ModuleKeys]) -> None:
    for module, module_keys in keys.items():
        try:
            assignment = gb.find_assignment(module)
        except MissingEntry:
            raise GradingError(
                f"module {module!r} is not in the gradebook; run `ctcourse release {module}` first"
            ) from None
        if {nb.name for nb in assignment.notebooks} != set(module_keys.notebooks):
            raise GradingError(
                f"module {module!r}: the gradebook's notebooks differ from source/; "
                f"run `ctcourse release {module}`"
            )


@dataclass
class Run:
    """One autograde run's state: the course, the keys, the gradebook session and the report."""

    course: Course
    keys: Mapping[str, ModuleKeys]
    gb: Gradebook
    report: RunReport
    progress: Progress
    expected: dict[tuple[str, str], Expected] = field(default_factory=dict)

    def skip(self, submission: Submission, done: Expected) -> None:
        """A submission finished by an earlier run: its quiz scores are read again."""
        answers = read_answers(self.keys[submission.module], submission.log())
        quiz = {
            (name, r.item.question.grade_id): r.score.points
            for name, rs in answers.results.items()
            for r in rs
        }
        self.expected[(submission.module, submission.student)] = Expected(quiz, done.auto, True)
        self.report.notes += log_notes(submission, answers.problems)
        self.report.skipped.append(submission.label)

    def finish(self, submission: Submission, outcome: Outcome) -> None:
        """Write one submission's honest grades, then (if it was graded) its completion marker."""
        result = Expected(outcome.quiz, outcome.auto, graded=outcome.ran)
        self.expected[(submission.module, submission.student)] = result
        write_submission(self.gb, submission.module, submission.student, result)
        self.report.notes += outcome.notes
        marker = marker_path(self.course, submission)
        if outcome.failed:
            marker.unlink(missing_ok=True)
            self.report.failed.append(f"{submission.label}: {outcome.cause}")
            self.progress.say(self.report.failed[-1])
        else:
            _write_marker(marker, submission, outcome)
            self.report.graded.append(submission.label)
        self.progress.step(submission.label)


def _sandbox_problem(limits: Limits, report: RunReport) -> str | None:
    """Why trainee code cannot be sandboxed here, or None once one real sandboxed kernel has
    replied: a sandbox that cannot start must stop the run, never turn code scores into 0."""
    why = unavailable() or probe(limits)
    if why is None and (no_cgroup := cgroup_unavailable()) is not None:
        report.notes.append(
            f"sandbox memory and process limits hold per process and per uid only: {no_cgroup}"
        )
    return why


def _kernel_modules(
    course: Course, module_ids: Sequence[str], limits: Limits, unsafe: bool, report: RunReport
) -> tuple[dict[str, bool], list[str], bool]:
    """Which modules are kernel-free, which modules with code cannot be graded here, and
    whether kernels run outside the sandbox (``--unsafe`` where no sandbox can start)."""
    kernel_free = {m: is_kernel_free(source_notebooks(course, m)) for m in module_ids}
    with_code = [m for m in module_ids if not kernel_free[m]]
    why = _sandbox_problem(limits, report) if with_code else None
    if why is None:
        return kernel_free, [], False
    if unsafe:
        report.notes.append(f"--unsafe: {why}; trainee code runs with your rights")
        return kernel_free, [], True
    report.refused.append(
        f"{why}; modules with code to run ({', '.join(with_code)}) are not graded "
        "(run as root with CAP_SYS_ADMIN, or give --unsafe to run trainee code with your rights)"
    )
    return kernel_free, with_code, False


def autograde(
    course: Course,
    modules: Sequence[str] = (),
    *,
    force: bool = False,
    jobs: int | None = None,
    cell_timeout: int = CELL_TIMEOUT_SECONDS,
    notebook_timeout: int | None = None,
    unsafe: bool = False,
    stream: TextIO | None = None,
    env: Mapping[str, str] | None = None,
    students: Collection[str] | None = None,
    graded: Callable[[str], None] | None = None,
) -> RunReport:
    """Grade every submission of the modules (default: all), or only those of ``students``, in
    their order (the grading service's batch, earliest submitted first: a pass then reads,
    checks and reports only its own submissions, not every one graded before, and whoever
    submitted first gets feedback first); see the module docstring. ``graded`` is called with each
    submission's label as soon as its grades and marker are written, while the others are
    still being graded (the service returns feedback meanwhile)."""
    ensure_tools_on_path()
    # nbgrader reads the keys' edition from the same value the key reader uses
    env = dict(os.environ if env is None else env) | {LANG_ENV: course.language}
    module_ids = [course.module(m).id for m in modules] or [m.id for m in course.modules]
    keys = {m: load_keys(course, m) for m in module_ids}
    report = RunReport()
    limits = Limits(
        cpu_seconds=max(60, CPU_PER_TIMEOUT * cell_timeout),
        wall_seconds=notebook_timeout or NOTEBOOK_CELLS * cell_timeout,
    )
    kernel_free, refused_modules, outside = _kernel_modules(
        course, module_ids, limits, unsafe, report
    )
    db_url = gradebook_url(course.root, env)
    with Gradebook(db_url, course.id) as gb:
        _check_gradebook(gb, keys)
    cohort = find_submissions(course, [m for m in module_ids if m not in refused_modules], students)
    report.refused += cohort.refused
    settings = Settings(
        course.root,
        env,
        keys,
        kernel_free,
        course.language,
        cell_timeout,
        limits,
        outside,
    )
    # One session for the whole run: it holds no lock between commits, and reusing it spares
    # SQLAlchemy from compiling every statement again for each submission.
    with Gradebook(db_url, course.id) as gb:
        run = Run(course, keys, gb, report, Progress(0, stream))
        todo = []
        for submission in cohort.submissions:
            done = None if force else _read_marker(marker_path(course, submission), submission)
            if done is None:
                todo.append(submission)
            else:
                run.skip(submission, done)
        run.progress.total = len(todo)
        order = {student: n for n, student in enumerate(students or ())}
        todo.sort(key=lambda s: order.get(s.student, len(order)))  # stable: else as found
        # nbgrader adds a trainee to the gradebook on their first submission; two workers
        # grading two modules of one new trainee would both insert them, and one would fail.
        for student in sorted({s.student for s in todo}):
            gb.update_or_create_student(student)
        by_label = {s.label: s for s in todo}
        for outcome in grade_all(settings, todo, jobs or os.cpu_count() or 1):
            run.finish(by_label[f"{outcome.student}/{outcome.module}"], outcome)
            if graded is not None and not outcome.failed:
                graded(f"{outcome.student}/{outcome.module}")
        report.notes += enforce(gb, run.expected)
    return report
