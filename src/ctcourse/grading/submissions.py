"""The submissions of a cohort in ``submitted/``, read as hostile input.

Each trainee controls everything under their folder: its name, links, special files and sizes.
So a folder whose name is not a strict trainee id is refused (nbgrader would read ``sim-000[2]``
as a pattern and grade another trainee's folder under it); no symbolic link is ever followed and
no special file (FIFO, device, socket) is read; notebooks, the responses log and the whole
submission have size limits. What is refused or left out is said in one line per problem, with
the trainee's folder; what the grader reads is a private copy made by :func:`stage`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ctcourse.course import Course
from ctcourse.quiz.responses import LOG_NAME

SUBMITTED = "submitted"
#: Letters (Cyrillic too), digits, ``-``, ``_`` and ``.`` (not first): nothing nbgrader's file
#: patterns or a shell reinterpret, no white space, no control characters.
TRAINEE_ID = re.compile(r"[\w-][\w.-]{0,99}")
ID_RULE = "a trainee id is 1-100 letters, digits, '-', '_' or '.', not starting with '.'"
MB = 1024 * 1024
MAX_LOG_BYTES = 4 * MB
MAX_NOTEBOOK_BYTES = 8 * MB
MAX_FILE_BYTES = 8 * MB
MAX_SUBMISSION_BYTES = 32 * MB
CHUNK = 1 << 16


def shown(name: str) -> str:
    """A folder name safe to print: undecodable bytes and control characters escaped."""
    raw = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in raw)


def id_problem(name: str) -> str | None:
    """Why ``name`` is not a trainee id, or None."""
    return None if TRAINEE_ID.fullmatch(name) else ID_RULE


@dataclass(frozen=True)
class Submission:
    """One trainee's submission of one module: where it is, what it holds, its fingerprint.

    ``files`` are the regular files that may be read (relative paths and sizes); ``problems``
    say what was left out and why.
    """

    student: str
    module: str
    folder: Path
    files: tuple[tuple[str, int], ...]
    fingerprint: str
    problems: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return f"{self.student}/{self.module}"

    def read(self, relative: str, limit: int) -> bytes:
        """The first ``limit`` bytes of one of :attr:`files`, never through a link."""
        return read_regular(self.folder / relative, limit)

    def log(self) -> bytes:
        """The responses log (empty if there is none), cut to whole lines within the limit."""
        if LOG_NAME not in dict(self.files):
            return b""
        data = self.read(LOG_NAME, MAX_LOG_BYTES)
        if len(data) == MAX_LOG_BYTES:
            data = data[: data.rfind(b"\n") + 1]
        return data


def read_regular(path: Path, limit: int) -> bytes:
    """Read a regular file without following a link or blocking on a FIFO; OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path.name} is not a regular file")
        chunks, left = [], limit
        while left > 0 and (chunk := os.read(fd, min(CHUNK, left))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _limit(relative: str) -> int:
    if relative == LOG_NAME:
        return MAX_LOG_BYTES
    return MAX_NOTEBOOK_BYTES if relative.endswith(".ipynb") else MAX_FILE_BYTES


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


def _walk(folder: Path, problems: list[str]) -> Iterator[tuple[str, int]]:
    """Regular files under ``folder`` (relative path, size); links and special files refused."""
    for top, dirs, names in os.walk(folder, followlinks=False):
        for name in sorted(dirs + names):
            path = Path(top) / name
            relative = shown(str(path.relative_to(folder)))
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                problems.append(f"{relative}: a symbolic link, not followed")
            elif stat.S_ISREG(mode):
                yield str(path.relative_to(folder)), path.lstat().st_size
            elif not stat.S_ISDIR(mode):
                problems.append(f"{relative}: not a regular file, ignored")
        dirs[:] = sorted(d for d in dirs if stat.S_ISDIR((Path(top) / d).lstat().st_mode))


def read_submission(folder: Path, student: str, module: str) -> Submission:
    """List and fingerprint one submission folder, leaving out what may not be read."""
    problems: list[str] = []
    files, total = [], 0
    digest = hashlib.sha256()
    for relative, size in _walk(folder, problems):
        limit = _limit(relative)
        if relative == LOG_NAME and size > limit:
            problems.append(
                f"{LOG_NAME}: {_megabytes(size)}, over the {_megabytes(limit)} limit; "
                "only its first part is read"
            )
        elif size > limit or total + size > MAX_SUBMISSION_BYTES:
            what = "the submission" if size <= limit else "a file"
            limit = MAX_SUBMISSION_BYTES if size <= limit else limit
            problems.append(
                f"{shown(relative)}: {_megabytes(size)}, over the {_megabytes(limit)} limit "
                f"for {what}; not graded"
            )
            continue
        try:
            data = read_regular(folder / relative, min(size, limit))
        except OSError as exc:
            problems.append(f"{shown(relative)}: cannot be read ({exc.strerror or exc})")
            continue
        total += len(data)
        files.append((relative, len(data)))
        digest.update(relative.encode("utf-8", "surrogateescape") + b"\0" + data + b"\0")
    return Submission(student, module, folder, tuple(files), digest.hexdigest(), tuple(problems))


@dataclass
class Cohort:
    """The submissions to grade and one line per folder refused."""

    submissions: list[Submission] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def find_submissions(course: Course, modules: Sequence[str]) -> Cohort:
    """Every ``submitted/<trainee>/<module>/`` of these modules, by module then trainee."""
    base = course.root / SUBMITTED
    cohort = Cohort()
    if not base.is_dir():
        return cohort
    entries = sorted(os.scandir(base), key=lambda e: e.name)
    for entry in entries:
        where = f"{SUBMITTED}/{shown(entry.name)}"
        if entry.is_symlink():
            cohort.refused.append(f"{where}: refused: a symbolic link, not followed")
        elif entry.is_dir(follow_symlinks=False) and (problem := id_problem(entry.name)):
            cohort.refused.append(f"{where}: refused: {problem}; rename the folder")
    for module in modules:
        for entry in entries:
            folder = Path(entry.path) / module
            if not entry.is_dir(follow_symlinks=False) or id_problem(entry.name):
                continue
            if folder.is_symlink():
                cohort.refused.append(
                    f"{SUBMITTED}/{entry.name}/{module}: refused: a symbolic link"
                )
            elif folder.is_dir():
                cohort.submissions.append(read_submission(folder, entry.name, module))
    return cohort


def stage(submission: Submission, target: Path) -> None:
    """Copy the readable files of a submission into ``target`` (a private, fresh folder)."""
    for relative, size in submission.files:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(submission.read(relative, size))
