"""The course's one collector: ``nbgrader collect`` with every check a shared exchange needs.

:class:`CourseCollect` is nbgrader's ``ExchangeFactory.collect`` wherever the course's settings
are loaded (:func:`ctcourse.nbgrader_settings.configure`: the course's ``nbgrader_config.py``
on the command line, the formgrader on the hub, and :func:`collect_submissions` for a service).
Each inbound folder is a trainee's, read as hostile input:

- **Id.** The trainee id in the folder name must pass :mod:`ctcourse.trainee_ids` (nbgrader
  reads it as a file pattern, so ``sim-000[2]`` would be graded as ``sim-0002``) and must not
  look like another trainee's id already collected.
- **Owner.** The folder must belong to the Unix account of that trainee, or to the account
  collecting (on one machine, where everyone works as one account). Plain nbgrader only warns,
  so a trainee could file a newer submission under a classmate's name; here forged folders are
  logged and skipped, and the trainee's newest own submission is collected.
- **Content.** Only regular files and folders are copied: no symbolic link (a link to another
  trainee's submission would come back as the attacker's feedback), FIFO or device, and no file
  over nbgrader's ``max_file_size``.
- **Time.** The submission time is the newest status change (``ctime``) of the folder and
  everything in it, which its owner can move forward but never back; it replaces the
  trainee-written ``timestamp.txt`` in ``submitted/`` and decides which submission is newest.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import ignore_patterns
from traitlets import Bool

from ctcourse.grading.submissions import SUBMITTED, shown, trainee_folders
from ctcourse.nbgrader_tools import nbgrader_api
from ctcourse.trainee_ids import id_problem, look_alike_key

TIMESTAMP = "timestamp.txt"
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"
#: More entries than a module's submission ever holds: the folder is refused, not walked.
MAX_ENTRIES = 10_000


def _not_plain(directory: str, names: list[str]) -> list[str]:
    """Names in ``directory`` that are neither regular files nor folders (links included)."""
    kept = (stat.S_ISREG, stat.S_ISDIR)
    return [
        n for n in names if not any(k(os.lstat(os.path.join(directory, n)).st_mode) for k in kept)
    ]


def changed_at(folder: Path) -> datetime:
    """The newest status change of ``folder`` and everything under it, in UTC (naive, as
    nbgrader's timestamps are); OSError when it holds more than :data:`MAX_ENTRIES`."""
    newest, count = folder.lstat().st_ctime, 0
    for top, dirs, names in os.walk(folder, followlinks=False):
        for name in dirs + names:
            count += 1
            if count > MAX_ENTRIES:
                raise OSError(f"more than {MAX_ENTRIES} files")
            newest = max(newest, os.lstat(os.path.join(top, name)).st_ctime)
    return datetime.fromtimestamp(newest, UTC).replace(tzinfo=None)


def account_of(uid: int) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return None


class CourseCollect(ExchangeCollect):
    """nbgrader's collector with the course's id, owner, content and time checks."""

    check_owner = Bool(False, help="nbgrader's warning only: the owner check here refuses")
    owner_accounts = Bool(
        True,
        config=True,
        help="Collect a folder only from the Unix account its trainee id names (or the collecting"
        " account). Turn off only where submissions are not made by named accounts (Kubernetes"
        " pods with numeric uids), and guard against forged ids there another way.",
    )

    def init_src(self) -> None:
        self._refused: set[str] = set()
        self._times: dict[str, datetime] = {}
        collected, _ = trainee_folders(Path(self.coursedir.root) / SUBMITTED)
        self._known = {look_alike_key(name): name for name in collected}
        super().init_src()
        self.src_records = [r for r in self.src_records if r["filename"] not in self._refused]

    def _path_to_record(self, path: str) -> dict:
        """nbgrader's record of an inbound folder, with the time it really changed last; a
        folder that fails a check is logged once here and never collected."""
        filename = os.path.basename(path)
        username = filename.rsplit("+", 3)[0]
        record = {"username": username, "filename": filename, "timestamp": datetime.min}
        problem = self._problem(Path(path), username)
        if problem is None:
            try:
                record["timestamp"] = self._times[filename] = changed_at(Path(path))
            except OSError as exc:
                problem = f"cannot be read ({exc.strerror or exc})"
        if problem is not None:
            self.log.error("inbound/%s: refused: %s", shown(filename), problem)
            self._refused.add(filename)
        return record

    def _sort_by_timestamp(self, records: list[dict]) -> list[dict]:
        """Newest first, refused folders last, so a forged folder never hides an own one."""
        newest_first = super()._sort_by_timestamp(records)
        return sorted(newest_first, key=lambda r: r["filename"] in self._refused)

    def _problem(self, folder: Path, username: str) -> str | None:
        if problem := id_problem(username):
            return problem
        try:
            info = folder.lstat()
        except OSError as exc:
            return f"cannot be read ({exc.strerror})"
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            return "not a folder (a link or a special file)"
        owner = account_of(info.st_uid)
        if self.owner_accounts and info.st_uid != os.geteuid() and owner != username:
            return f"filed under {username!r} but owned by {owner or info.st_uid!r}: not collected"
        known = self._known.setdefault(look_alike_key(username), username)
        return f"looks like {known!r}, another trainee's id" if known != username else None

    def do_copy(self, src, dest, log=None) -> None:
        nbgrader_ignore = ignore_patterns(
            exclude=self.coursedir.ignore,
            include=self.coursedir.include,
            max_file_size=self.coursedir.max_file_size,
            log=self.log,
        )

        def ignore(directory: str, names: list[str]) -> list[str]:
            return list(set(nbgrader_ignore(directory, names)) | set(_not_plain(directory, names)))

        shutil.copytree(src, dest, symlinks=True, ignore=ignore)
        seen = self._times[os.path.basename(src)]
        Path(dest, TIMESTAMP).write_text(seen.strftime(TIMESTAMP_FORMAT), encoding="utf-8")


def collect_submissions(root: Path, module: str, env: Mapping[str, str]) -> dict:
    """Collect every trainee's newest submission of ``module`` into the course at ``root`` with
    :class:`CourseCollect`; nbgrader's result: ``{"success": bool, "log": str, "error": str}``."""
    return nbgrader_api(root, env).collect(module)
