"""Grade one submission: its quiz answers from the log, its notebooks through nbgrader.

nbgrader reads a private copy of the submission (:func:`~ctcourse.grading.submissions.stage`),
never ``submitted/`` itself. A notebook nbgrader rejects (a damaged ``"nbgrader": {}``, a dead
kernel) is graded again without a kernel; if nbgrader still rejects it, the trainee's answers
are moved into the released notebook and that is graded, so a written answer always reaches
the trainer's manual grading.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.utils import capture_log, temp_attrs

from ctcourse.grading.answers import ModuleKeys, read_answers
from ctcourse.grading.pipeline import HonestAutograde
from ctcourse.grading.sandbox import KernelPool, Limits
from ctcourse.grading.submissions import Submission, stage
from ctcourse.nbgrader_tools import nbgrader_api

#: A cause that forbids grading again without a kernel: the kernel never ran the trainee's code.
NOT_STARTED = "SandboxStartError"
KNOWN_CAUSES = {
    "NotebookTimeoutError": "the notebook ran past its wall-clock limit and was stopped",
    NOT_STARTED: "the sandboxed kernel did not start; nothing was recorded",
    "DeadKernelError": "kernel died",
    "CellTimeoutError": "a cell ran past the time limit and could not be interrupted",
    "CellExecutionError": "a cell failed to run",
}
#: The last line of a traceback, in nbgrader's log (indented) or its own (qualified names too).
ERROR_LINE = re.compile(
    r"^\s*(?:\w+\.)*(\w+(?:Error|Exception)|InvalidEntry|NoSuchKernel): ?(.*)$", re.M
)
Cell = tuple[str, str]  # (notebook, grade_id)


@dataclass(frozen=True)
class Settings:
    """What grading a submission needs: the course, the keys, and how trainee code may run.

    ``kernel`` is None when no module needs one; ``unsafe`` runs kernels without the sandbox.
    """

    root: Path
    env: Mapping[str, str]
    keys: Mapping[str, ModuleKeys]
    kernel_free: Mapping[str, bool]
    language: str
    cell_timeout: int
    kernel: Limits | None = None
    unsafe: bool = False


@dataclass
class Outcome:
    """The result of grading one submission.

    ``quiz`` holds the grader's score of every quiz cell; ``auto`` each grade cell's auto score
    as nbgrader determined it (``ran`` is False when no notebook could be graded); ``cause``
    says why grading failed; ``notes`` what was skipped on the way.
    """

    student: str
    module: str
    cause: str | None = None
    ran: bool = False
    quiz: dict[Cell, float] = field(default_factory=dict)
    auto: dict[Cell, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.cause is not None


def log_notes(submission: Submission, problems: Sequence[str]) -> list[str]:
    """One line for a log with unreadable lines: how many, and the first with its line number."""
    if not problems:
        return []
    return [
        f"{submission.label}: responses log: {len(problems)} unreadable line(s) skipped "
        f"(first: {problems[0]}); scored from the readable answers"
    ]


def failure_cause(result: Mapping[str, str]) -> str:
    """A one-line cause from an nbgrader result's log and traceback."""
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    for name, cause in KNOWN_CAUSES.items():
        if name in text:
            return f"{cause} ({name})"
    errors = [m for m in ERROR_LINE.finditer(text) if m.group(1) != "NbGraderException"]
    if errors:
        return f"{errors[0].group(1)}: {errors[0].group(2)}"[:200]
    return "nbgrader could not grade it"


def _start_error(result: Mapping[str, str]) -> str:
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    found = re.search(rf"{NOT_STARTED}: (.*)", text)
    return found.group(1)[:200] if found else "no reply"


def notebook_problems(folder: Path, notebooks: Sequence[str]) -> tuple[list[str], bool]:
    """Missing or unreadable notebooks, and whether any notebook can be handed to nbgrader."""
    problems, readable = [], False
    for name in notebooks:
        path = folder / f"{name}.ipynb"
        if not path.is_file():
            problems.append(f"notebook {name}.ipynb is missing")
            continue
        try:
            nbformat.read(path, as_version=4)
        except Exception as exc:  # nbformat raises many types for one cause: unreadable
            problems.append(f"{name}.ipynb is not a readable notebook ({type(exc).__name__})")
            return problems, False
        readable = True
    return problems, readable


def _left_out(problem: str, scan: Sequence[str]) -> str:
    """A missing notebook's problem, or why reading the submission left it out."""
    name = problem.removeprefix("notebook ").removesuffix(" is missing")
    return next((p for p in scan if p.startswith(f"{name}:")), problem)


def _cell_key(cell) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def salvage(released: Path, submitted: Path) -> nbformat.NotebookNode:
    """The released notebook with the trainee's answers (cells matched by grade id or cell id)."""
    nb = nbformat.read(released, as_version=4)
    theirs = nbformat.read(submitted, as_version=4)
    by_grade = {_cell_key(c): c for c in theirs.cells if _cell_key(c)}
    by_id = {c.get("id"): c for c in theirs.cells if c.get("id")}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        answer = by_grade.get(meta.get("grade_id")) or by_id.get(cell.get("id"))
        if answer is not None and isinstance(answer.get("source"), str):
            cell.source = answer.source
    return nb


class Grader:
    """Grades submissions in this process with one nbgrader API and one private staging folder."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api = nbgrader_api(settings.root, settings.env)
        self.api.config.Execute.timeout = settings.cell_timeout
        self.api.log.propagate = False  # nbgrader's log is captured per submission instead
        self.staging = Path(tempfile.mkdtemp(prefix="ctcourse-staging-"))
        self.kernels = KernelPool(settings.kernel) if settings.kernel else None
        self.notes: list[str] = []  # the limits a sandbox reached, for the current submission

    def close(self) -> None:
        if self.kernels is not None:
            self.kernels.close()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _run(self, submission: Submission, results, kernel: bool):
        """nbgrader's result dict and the auto scores it determined, for one submission."""
        by_grade_id = {
            name: {r.item.question.grade_id: r for r in rs} for name, rs in results.items()
        }
        coursedir = self.api.coursedir
        with temp_attrs(
            coursedir,
            assignment_id=submission.module,
            student_id=submission.student,
            submitted_directory=str(self.staging),
        ):
            app = HonestAutograde(
                lambda name: by_grade_id.get(name, {}),
                self.settings.language,
                self.kernels if kernel else None,
                self.settings.unsafe,
                coursedir=coursedir,
                parent=self.api,
            )
            app.force = True
            app.create_student = True
            result = capture_log(app)
        self.notes += [f"{submission.label}: {note}" for note in app.notes]
        return result, app.recorded

    def _salvage(self, folder: Path, module: str, notebooks: Sequence[str]) -> bool:
        released = self.settings.root / "release" / module
        try:
            for name in notebooks:
                path = folder / f"{name}.ipynb"
                if path.is_file():
                    nbformat.write(salvage(released / f"{name}.ipynb", path), path)
        except Exception:  # an unreadable notebook: there is nothing to move across
            return False
        return True

    def grade(self, submission: Submission, ahead: bool = True) -> Outcome:
        """Autograde one submission; on failure regrade it without a kernel, scoring what is read.
        ``ahead``: another submission may follow, so the next kernel is started meanwhile."""
        if self.kernels is not None:
            self.kernels.ahead = ahead
        keys = self.settings.keys[submission.module]
        answers = read_answers(keys, submission.log())
        outcome = Outcome(submission.student, submission.module)
        outcome.quiz = {
            (name, r.item.question.grade_id): r.score.points
            for name, rs in answers.results.items()
            for r in rs
        }
        outcome.notes = [f"{submission.label}: {p}" for p in submission.problems]
        outcome.notes += log_notes(submission, answers.problems)
        folder = self.staging / submission.student / submission.module
        shutil.rmtree(self.staging / submission.student, ignore_errors=True)
        folder.mkdir(parents=True)
        stage(submission, folder)
        notebooks = list(keys.notebooks)
        problems, readable = notebook_problems(folder, notebooks)
        problems = [_left_out(p, submission.problems) for p in problems]
        if not readable:
            outcome.cause = problems[0] if problems else "no notebook to grade"
            return outcome
        kernel = not self.settings.kernel_free[submission.module]
        self.notes = outcome.notes
        result, recorded = self._run(submission, answers.results, kernel)
        if not result["success"]:
            problems.insert(0, failure_cause(result))
            if NOT_STARTED in (result.get("log") or "") + (result.get("error") or ""):
                outcome.cause = f"{problems[0]}: {_start_error(result)}"
                shutil.rmtree(self.staging / submission.student, ignore_errors=True)
                return outcome
            result, recorded = self._run(submission, answers.results, False)
        if not result["success"] and self._salvage(folder, submission.module, notebooks):
            result, recorded = self._run(submission, answers.results, False)
        if result["success"]:
            outcome.ran, outcome.auto = True, dict(recorded)
        if problems:
            outcome.cause = problems[0]
        shutil.rmtree(self.staging / submission.student, ignore_errors=True)
        return outcome
