"""``nbgrader collect`` that takes only strict trainee ids and never follows a link.

nbgrader reads the trainee id in an inbound folder's name as a file pattern and strips spaces,
so ``nbgrader submit --student 'sim-000[2]'`` would be collected and then graded as another
trainee. This collector refuses such submissions, one line each naming the inbound folder, and
copies only regular files and folders (no symbolic link, FIFO or device) into ``submitted/``.
It is nbgrader's ``ExchangeFactory.collect`` in the course's ``nbgrader_config.py``.
"""

from __future__ import annotations

import os
import shutil
import stat

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import ignore_patterns

from ctcourse.grading.submissions import id_problem, shown


def _not_plain(directory: str, names: list[str]) -> list[str]:
    """Names in ``directory`` that are neither regular files nor folders (links included)."""
    kept = (stat.S_ISREG, stat.S_ISDIR)
    return [
        n for n in names if not any(k(os.lstat(os.path.join(directory, n)).st_mode) for k in kept)
    ]


class StrictCollect(ExchangeCollect):
    """nbgrader's collector, refusing ids outside the strict pattern and every link."""

    def init_src(self) -> None:
        super().init_src()
        kept = []
        for record in self.src_records:
            problem = id_problem(record["username"])
            if problem:
                self.log.error("inbound/%s: refused: %s", shown(record["filename"]), problem)
            else:
                kept.append(record)
        self.src_records = kept

    def do_copy(self, src, dest, log=None) -> None:
        nbgrader_ignore = ignore_patterns(
            exclude=self.coursedir.ignore,
            include=self.coursedir.include,
            max_file_size=self.coursedir.max_file_size,
            log=self.log,
        )

        def ignore(directory: str, names: list[str]) -> list[str]:
            return list(set(nbgrader_ignore(directory, names)) | set(_not_plain(directory, names)))

        if os.path.islink(src):
            self.log.error("%s: refused: a symbolic link", shown(os.path.basename(src)))
            return
        shutil.copytree(src, dest, symlinks=True, ignore=ignore)
