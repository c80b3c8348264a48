"""Put a file into a trainee's own folder without trusting that folder.

On a hub the service runs as root and a trainee's home belongs to the trainee, who may have put
a symbolic link where the file goes. So a file is written under a fresh random name
(``O_EXCL | O_NOFOLLOW``), given to the trainee with ``fchown`` and renamed over the target:
a rename replaces a link, never follows it. Files the service makes in the course folder are
handed back to the course folder's owner (the grader account), who works there in formgrader.
"""

from __future__ import annotations

import os
import pwd
import secrets
from collections.abc import Iterable
from pathlib import Path


def trainee_folder(
    trainee: str, homes: Path | None, course_root: Path, trainee_dir: str
) -> Path | None:
    """Where a trainee reads their status: ``<homes>/<trainee>`` on a hub (if it exists), else
    the course's own trainee folder on one machine."""
    folder = course_root / trainee_dir if homes is None else homes / trainee
    return folder if folder.is_dir() and not folder.is_symlink() else None


def _owner(trainee: str, folder: Path) -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    try:
        account = pwd.getpwnam(trainee)
        return account.pw_uid, account.pw_gid
    except KeyError:
        info = folder.stat()
        return info.st_uid, info.st_gid


def put(folder: Path, name: str, data: bytes, trainee: str) -> Path:
    """Write ``folder/name`` atomically, owned by the trainee when running as root (0644)."""
    target = folder / name
    tmp = folder / f".{name}.{secrets.token_hex(8)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    try:
        os.write(fd, data)
        owner = _owner(trainee, folder)
        if owner is not None:
            os.fchown(fd, *owner)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    return target


def hand_back(course_root: Path, trees: Iterable[Path], folders: Iterable[Path] = ()) -> None:
    """As root, give what the service wrote to the course folder's owner: everything under
    ``trees``, and ``folders`` themselves (not their contents)."""
    if os.geteuid() != 0:
        return
    info = course_root.stat()
    paths = [p for f in folders if f.is_dir() and not f.is_symlink() for p in [f]]
    for tree in trees:
        if tree.exists() and not tree.is_symlink():
            paths += [tree, *tree.rglob("*")]
    for path in paths:
        if path.lstat().st_uid != info.st_uid:
            os.lchown(path, info.st_uid, info.st_gid)
