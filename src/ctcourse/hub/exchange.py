"""nbgrader's exchange on a shared machine: a trainee's submission is closed to other trainees.

Plain nbgrader leaves a submission world-readable (files 0644 in a 0777 folder) and relies on
the random part of its folder name to hide it. The exchange's ``inbound/`` folder is set-group-id
and owned by the grader's group, so every submission folder is created in that group; this
submit then closes the folder to everyone else (0770), so another trainee cannot read or replace
it even knowing its name, while the grader still can. The grader collects it only from the
account that owns it (``ctcourse.grading.collect.CourseCollect``).
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.exchange.default.submit import ExchangeSubmit

FOLDER_MODE = 0o770  # owner and the grader's group: no one else may enter


class PrivateSubmit(ExchangeSubmit):
    """``nbgrader submit`` that leaves the submission readable by its owner and the grader only."""

    def copy_files(self) -> None:
        super().copy_files()
        (Path(self.inbound_path) / self.assignment_filename).chmod(FOLDER_MODE)
