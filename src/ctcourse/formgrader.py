"""What the course's formgrader may not do: autograde with nbgrader's own, dishonest scoring.

Formgrader's Autograde button runs plain nbgrader autograde: quiz cells are scored by code in
the trainee's kernel, every kernel is started even for quiz-only modules, and a manual grade is
flagged for grading again. ``nbgrader_settings`` makes every ``Autograde`` created by the
formgrader (and only there) build this exporter, which refuses before a file or a grade is
touched and tells the trainer what to run instead.
"""

from __future__ import annotations

from nbconvert.exporters import NotebookExporter

from ctcourse.errors import GradingError


def refusal(module: str) -> str:
    """The one line a trainer reads in formgrader's error window."""
    return (
        f"This course is graded with `ctcourse autograde`, which scores quiz answers outside "
        f"the trainee's kernel; formgrader's Autograde button is switched off. In a terminal "
        f"in the course folder run: ctcourse autograde {module}"
    )


class AutogradeRefused(NotebookExporter):
    """The exporter of a formgrader-made ``Autograde``: it logs the refusal and raises."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        coursedir = getattr(self.parent, "coursedir", None)
        message = refusal(getattr(coursedir, "assignment_id", None) or "MODULE")
        self.log.error(message)
        raise GradingError(message)
