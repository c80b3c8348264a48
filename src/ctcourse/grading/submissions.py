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
import stat
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ctcourse.course import Course
from ctcourse.quiz.responses import LOG_NAME
from ctcourse.trainee_ids import id_problem, look_alikes

SUBMITTED = "submitted"
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
        return whole_lines(self.read(LOG_NAME, MAX_LOG_BYTES))


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


def _over_log_limit(size: int) -> str:
    return (
        f"{LOG_NAME}: {_megabytes(size)}, over the {_megabytes(MAX_LOG_BYTES)} limit; "
        "only its first part is read"
    )


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
            problems.append(_over_log_limit(size))
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


def trainee_folders(base: Path) -> tuple[dict[str, Path], list[str]]:
    """The trainee folders of ``base`` (``submitted/``, ``autograded/``) by trainee id, and one
    line per folder refused: a link, a name that is no trainee id, or an id that looks like
    another one in the same folder (both are refused until one is renamed)."""
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return {}, []
    found, refused = {}, []
    for entry in entries:
        where = f"{base.name}/{shown(entry.name)}"
        if entry.is_symlink():
            refused.append(f"{where}: refused: a symbolic link, not followed")
        elif entry.is_dir(follow_symlinks=False):
            if problem := id_problem(entry.name):
                refused.append(f"{where}: refused: {problem}; rename the folder")
            else:
                found[entry.name] = Path(entry.path)
    for name, others in look_alikes(found).items():
        del found[name]
        alike = ", ".join(repr(o) for o in others)
        refused.append(f"{base.name}/{name}: refused: looks like {alike}; rename one folder")
    return found, refused


def module_folder(trainee: Path, module: str) -> tuple[Path | None, str | None]:
    """``trainee/module`` if it is a real folder; else None and, for a link, why it is refused."""
    folder = trainee / module
    try:
        mode = folder.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    if stat.S_ISLNK(mode):
        return None, f"{trainee.parent.name}/{trainee.name}/{module}: refused: a symbolic link"
    return (folder, None) if stat.S_ISDIR(mode) else (None, None)


def find_submissions(
    course: Course, modules: Sequence[str], students: Collection[str] | None = None
) -> Cohort:
    """Every ``submitted/<trainee>/<module>/`` of these modules, by module then trainee (only
    of ``students`` when given; every folder's name is still checked against the others)."""
    trainees, refused = trainee_folders(course.root / SUBMITTED)
    cohort = Cohort(refused=refused)
    for module in modules:
        for student, path in trainees.items():
            if students is not None and student not in students:
                continue
            folder, problem = module_folder(path, module)
            if problem:
                cohort.refused.append(problem)
            elif folder is not None:
                cohort.submissions.append(read_submission(folder, student, module))
    return cohort


def read_log(folder: Path) -> tuple[bytes, str | None]:
    """The responses log in a module folder (empty if there is none) under the rules of
    :func:`read_submission`, and what was wrong with it (a link, a special file, its size)."""
    path = folder / LOG_NAME
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return b"", None
    if stat.S_ISLNK(info.st_mode):
        return b"", f"{LOG_NAME}: a symbolic link, not followed"
    if not stat.S_ISREG(info.st_mode):
        return b"", f"{LOG_NAME}: not a regular file, ignored"
    problem = None
    if info.st_size > MAX_LOG_BYTES:
        problem = _over_log_limit(info.st_size)
    try:
        return whole_lines(read_regular(path, MAX_LOG_BYTES)), problem
    except OSError as exc:
        return b"", f"{LOG_NAME}: cannot be read ({exc.strerror or exc})"


def whole_lines(data: bytes) -> bytes:
    """A log read up to the size limit, without the line the limit cut."""
    return data[: data.rfind(b"\n") + 1] if len(data) == MAX_LOG_BYTES else data


def log_note(label: str, problems: Sequence[str]) -> str | None:
    """One line for a log with unreadable lines: how many, and the first with its line number."""
    if not problems:
        return None
    return (
        f"{label}: responses log: {len(problems)} unreadable line(s) skipped "
        f"(first: {problems[0]}); read from the readable answers"
    )


def stage(submission: Submission, target: Path) -> None:
    """Copy the readable files of a submission into ``target`` (a private, fresh folder)."""
    for relative, size in submission.files:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(submission.read(relative, size))
