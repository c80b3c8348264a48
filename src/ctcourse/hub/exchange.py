"""nbgrader's exchange on a shared machine: private submissions, collected only from their owner.

Plain nbgrader leaves a submission world-readable (files 0644 in a 0777 folder) and relies on
the random part of its folder name to hide it. The exchange's ``inbound/`` folder is set-group-id
and owned by the grader's group, so every submission folder is created in that group; this
submit then closes the folder to everyone else (0770), so another trainee cannot read or replace
it even knowing its name, while the grader still can. The grader collects it only from the
account that owns it (``OwnerCheckedCollect``).
"""

from __future__ import annotations

import pwd
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit

FOLDER_MODE = 0o770  # owner and the grader's group: no one else may enter


class PrivateSubmit(ExchangeSubmit):
    """``nbgrader submit`` that leaves the submission readable by its owner and the grader only."""

    def copy_files(self) -> None:
        super().copy_files()
        (Path(self.inbound_path) / self.assignment_filename).chmod(FOLDER_MODE)


class OwnerCheckedCollect(ExchangeCollect):
    """``nbgrader collect`` that ignores submissions filed under another person's name.

    Plain nbgrader only warns when a submission's folder is not owned by the account it names,
    and still collects it, so a trainee could overwrite another's work with a newer forged
    submission. Here a trainee's newest submission *they own* is collected; forged ones are
    logged and skipped.
    """

    def _sort_by_timestamp(self, records: list[dict]) -> list[dict]:
        newest_first = super()._sort_by_timestamp(records)
        return sorted(newest_first, key=lambda record: not self._owned(record))  # stable sort

    def init_src(self) -> None:
        super().init_src()
        for record in self.src_records:
            if not self._owned(record):
                self.log.warning(
                    "%s is not owned by %s: not collected", record["filename"], record["username"]
                )
        self.src_records = [record for record in self.src_records if self._owned(record)]

    def _owned(self, record: dict) -> bool:
        try:
            folder = Path(self.inbound_path) / record["filename"]
            return pwd.getpwuid(folder.stat().st_uid).pw_name == record["username"]
        except (KeyError, OSError):
            return False
