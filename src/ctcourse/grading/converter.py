"""nbgrader's ``Autograde`` with ctcourse's honest preprocessors wired into its two passes."""

from __future__ import annotations

from collections.abc import Callable

from nbgrader.converters import Autograde
from nbgrader.preprocessors import DeduplicateIds, Execute, SaveAutoGrades

from ctcourse.grading.preprocessors import DropDuplicateIds, NoKernel, QuizOutputs, RecordGrades
from ctcourse.grading.score import QuizResult


class HonestAutograde(Autograde):
    """Autograde one submission; quiz cells are scored by the grader, not the kernel.

    ``use_kernel=False`` replaces ``Execute`` by :class:`NoKernel`: nothing of the submission
    runs. ``recorded`` receives every grade cell's auto score, keyed ``(notebook, grade_id)``.
    """

    def __init__(
        self,
        results: Callable[[str], dict[str, QuizResult]],
        language: str,
        use_kernel: bool,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.results = results
        self.language = language
        self.use_kernel = use_kernel
        self.recorded: dict[tuple[str, str], float | None] = {}

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
                self.exporter.register_preprocessor(
                    pp if self.use_kernel else NoKernel(parent=self.exporter)
                )
                self.exporter.register_preprocessor(
                    QuizOutputs(self.results, self.language, parent=self.exporter)
                )
                continue
            self.exporter.register_preprocessor(pp)
            if pp is SaveAutoGrades:
                self.exporter.register_preprocessor(
                    RecordGrades(self.recorded, parent=self.exporter)
                )
