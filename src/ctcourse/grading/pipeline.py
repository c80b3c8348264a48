"""The nbgrader pipeline of ``ctcourse autograde``: nbgrader's ``Autograde`` and its steps.

Sanitize pass: ``DropDuplicateIds`` replaces nbgrader's ``DeduplicateIds`` (which blanks the
metadata of copies and so aborts the whole batch in ``CheckCellMetadata``).

Autograde pass, in order: ``Execute`` runs the notebook in a sandboxed kernel
(:class:`SandboxedExecute`; code test cells run outside it, on the values it exports), or
nothing runs (:class:`NoKernel`: kernel-free modules and the
fallback for a notebook whose kernel failed); ``QuizOutputs`` then replaces the quiz cells'
outputs with the grader's own feedback and score, before ``SaveAutoGrades`` reads them, so
whatever the trainee's kernel printed decides no quiz score; ``RecordGrades`` runs after
``SaveAutoGrades`` and keeps the scores nbgrader saw in the grader's memory.
"""

from __future__ import annotations

import platform
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_output
from nbgrader import utils
from nbgrader.converters import Autograde
from nbgrader.preprocessors import DeduplicateIds, Execute, SaveAutoGrades

from ctcourse.grading.answers import QuizResult, cell_outputs
from ctcourse.grading.outside import (
    export_source,
    free_names,
    is_code_test,
    read_export,
    run_outside,
)
from ctcourse.grading.sandbox import KernelPool, SandboxKernelManager

NOT_EXECUTED = "NotExecuted"
OUTPUT_LIMIT = "OutputLimitError"
#: What nbclient says when a kernel never replied (it died, or hung, while starting).
NOT_STARTED = ("before replying to kernel_info", "Kernel didn't respond in")


def _grade_id(cell: NotebookNode) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


class DropDuplicateIds(DeduplicateIds):
    """Keep the last cell of each grade id (as nbgrader does) and make earlier copies plain cells."""

    def preprocess_cell(self, cell, resources, cell_index):
        if not (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)):
            return cell, resources
        grade_id = cell.metadata.nbgrader["grade_id"]
        if grade_id in self.grade_ids:
            self.log.warning("Cell with id '%s' exists multiple times; copy ignored", grade_id)
            del cell.metadata["nbgrader"]
        else:
            self.grade_ids.add(grade_id)
        return cell, resources


class QuizOutputs(Preprocessor):
    """Replace the outputs of every quiz test cell with the grader's feedback and score."""

    def __init__(self, results: Callable[[str], dict[str, QuizResult]], language: str, **kw):
        super().__init__(**kw)
        self.results = results
        self.language = language
        self.enabled = True

    def preprocess(self, nb, resources):
        self.by_grade_id = self.results(resources["nbgrader"]["notebook"])
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        result = self.by_grade_id.get(_grade_id(cell) or "")
        if result is not None and utils.is_grade(cell) and cell.cell_type == "code":
            count = cell.get("execution_count")
            cell.outputs = [new_output(**o) for o in cell_outputs(result, self.language, count)]
        return cell, resources


def language_info() -> dict:
    """What an IPython kernel on this interpreter writes into ``metadata.language_info``."""
    return {
        "codemirror_mode": {"name": "ipython", "version": 3},
        "file_extension": ".py",
        "mimetype": "text/x-python",
        "name": "python",
        "nbconvert_exporter": "python",
        "pygments_lexer": "ipython3",
        "version": platform.python_version(),
    }


class NoKernel(Preprocessor):
    """Stand-in for ``Execute``: number the code cells as a kernel would, run nothing.

    Used for kernel-free modules (quiz cells get their outputs from ``QuizOutputs``) and as the
    fallback for a submission whose kernel died, where any other test cell scores 0.
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        self.enabled = True

    def preprocess(self, nb, resources):
        self.count = 0
        nb.metadata["language_info"] = language_info()
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        self.count += 1
        cell.execution_count = self.count
        cell.outputs = []
        if utils.is_grade(cell) and not utils.is_solution(cell):
            error = new_output(
                "error", ename=NOT_EXECUTED, evalue="this test was not run", traceback=[]
            )
            cell.outputs = [error]
        return cell, resources


class RecordGrades(Preprocessor):
    """Remember each grade cell's auto score as nbgrader determined it, in the grader's memory."""

    def __init__(self, sink: dict[tuple[str, str], float | None], **kw):
        super().__init__(**kw)
        self.sink = sink
        self.enabled = True

    def preprocess(self, nb, resources):
        self.notebook = resources["nbgrader"]["notebook"]
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if utils.is_grade(cell):
            self.sink[(self.notebook, _grade_id(cell))] = utils.determine_grade(cell)[0]
        return cell, resources


class SandboxStartError(RuntimeError):
    """A sandboxed kernel did not start: nothing it would have scored may be recorded."""


class NotebookTimeoutError(RuntimeError):
    """A notebook ran past its wall-clock limit and its sandbox was killed."""


def _output_size(msg: dict) -> int:
    content = msg.get("content") or {}
    parts = [content.get("text", ""), content.get("evalue", ""), *content.get("traceback", [])]
    parts += [str(v) for v in (content.get("data") or {}).values()]
    return sum(len(str(p)) for p in parts)


class TestsOutside:
    """Mixed into ``Execute``: a code test cell is run outside the trainee's kernel, on the values
    the kernel exports at that cell's place (:mod:`ctcourse.grading.outside`)."""

    exporting = False

    def preprocess_cell(self, cell, resources, index):
        if not is_code_test(cell):
            return super().preprocess_cell(cell, resources, index)
        self._check_assign_resources(resources)
        marker = secrets.token_hex(16)
        export = new_code_cell(export_source(free_names(cell.source), marker))
        self.exporting = True  # the export is not the trainee's output: it has a cap of its own
        try:
            export = self.execute_cell(export, index, store_history=False)
        finally:
            self.exporting = False
        self.nb.cells[index] = cell  # nbclient stores the cell it ran at its index
        values = read_export(export.outputs, marker)
        cell.outputs = run_outside(cell.source, values, self.timeout)
        cell.execution_count = export.get("execution_count")
        return cell, self.resources


class UnsafeExecute(TestsOutside, Execute):
    """nbgrader's ``Execute`` with the grader's rights (``--unsafe``), tests outside the kernel."""


class SandboxedExecute(TestsOutside, Execute):
    """nbgrader's ``Execute`` with a kernel from a :class:`KernelPool` on a private copy.

    The whole notebook runs within the limits' ``wall_seconds`` (then the sandbox is killed and
    :class:`NotebookTimeoutError` names the cause) and stores at most ``output_bytes`` of output:
    past that, outputs are dropped, and a grade cell's output becomes an error (so a cut output
    never raises a score). What limits the sandbox reached goes into ``notes``.
    """

    def __init__(self, pool: KernelPool, notes: list[str], **kw):
        super().__init__(kernel_manager_class=SandboxKernelManager, **kw)
        self.pool = pool
        self.notes = notes
        self.enabled = True

    def preprocess(self, nb, resources, km=None):
        self.ready, sandbox = self.pool.take()
        limits = sandbox.limits
        self.stopped, self.printed, self.cut = False, 0, set()
        self.grade_cells = {i for i, c in enumerate(nb.cells) if utils.is_grade(c)}
        self.timer = threading.Timer(limits.wall_seconds or 0, self._stop)
        try:
            sandbox.fill(Path(resources["metadata"]["path"]))
            return super().preprocess(nb, resources, km)
        except RuntimeError as exc:
            if self.stopped:
                raise NotebookTimeoutError(
                    f"the notebook ran past its limit of {limits.wall_seconds} s and was stopped"
                ) from None
            if any(sign in str(exc) for sign in NOT_STARTED):
                cause = sandbox.launch_error() or str(exc)
                raise SandboxStartError(f"the sandboxed kernel did not start: {cause}") from None
            raise
        finally:
            self.timer.cancel()
            self.notes += [f"the sandbox {hit}" for hit in sandbox.hits()]
            if self.printed > limits.output_bytes:
                self.notes.append(f"the notebook printed more than {limits.output_bytes} bytes")
            sandbox.close()

    def preprocess_cell(self, cell, resources, index):
        """Run a cell; the notebook's clock starts at its first cell (the kernel has replied)."""
        if self.ready.sandbox.limits.wall_seconds and self.timer.ident is None:
            self.timer.start()
        return super().preprocess_cell(cell, resources, index)

    def _stop(self) -> None:
        self.stopped = True
        self.ready.kill_now()

    def create_kernel_manager(self):
        """The pool's kernel, already started; nbclient shuts it down when the notebook is done."""
        self.km = self.ready
        return self.km

    def output(self, outs, msg, display_id, cell_index):
        """Store outputs up to the limit; past it, drop them, failing a grade cell."""
        cap = self.ready.sandbox.limits.output_bytes
        if self.exporting:
            exported = sum(map(len, (o.get("text", "") for o in outs))) + _output_size(msg)
            return super().output(outs, msg, display_id, cell_index) if exported <= cap else None
        self.printed += _output_size(msg)
        if self.printed <= cap:
            return super().output(outs, msg, display_id, cell_index)
        if cell_index in self.grade_cells:
            cut = new_output(
                "error", ename=OUTPUT_LIMIT, evalue=f"over {cap} bytes of output", traceback=[]
            )
            outs[:] = [cut]
        elif cell_index not in self.cut:
            self.cut.add(cell_index)
            outs.append(new_output("stream", name="stderr", text=f"[output cut at {cap} bytes]"))
        return None


class HonestAutograde(Autograde):
    """Autograde one submission; quiz cells are scored by the grader, not the kernel.

    ``kernel`` is the pool of sandboxed kernels; ``None`` replaces ``Execute`` by :class:`NoKernel`
    (nothing of the submission runs). ``unsafe`` runs nbgrader's own kernel with the grader's
    rights instead of the sandbox (``--unsafe``, where no sandbox is possible). ``recorded``
    receives every grade cell's auto score, keyed ``(notebook, grade_id)``; ``notes`` the limits
    a sandbox reached.
    """

    def __init__(
        self,
        results: Callable[[str], dict[str, QuizResult]],
        language: str,
        kernel: KernelPool | None,
        unsafe: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.results = results
        self.language = language
        self.kernel = kernel
        self.unsafe = unsafe
        self.recorded: dict[tuple[str, str], float | None] = {}
        self.notes: list[str] = []

    def _execute(self):
        if self.kernel is None:
            return NoKernel(parent=self.exporter)
        if self.unsafe:
            return UnsafeExecute
        return SandboxedExecute(self.kernel, self.notes, parent=self.exporter)

    def _init_preprocessors(self) -> None:
        self.exporter._preprocessors = []
        if self._sanitizing:
            for pp in self.sanitize_preprocessors:
                self.exporter.register_preprocessor(
                    DropDuplicateIds if pp is DeduplicateIds else pp
                )
            return
        for pp in self.autograde_preprocessors:
            if pp is Execute:
                self.exporter.register_preprocessor(self._execute())
                self.exporter.register_preprocessor(
                    QuizOutputs(self.results, self.language, parent=self.exporter)
                )
                continue
            self.exporter.register_preprocessor(pp)
            if pp is SaveAutoGrades:
                self.exporter.register_preprocessor(
                    RecordGrades(self.recorded, parent=self.exporter)
                )
