"""Certificate verification codes: an HMAC of the course and the trainee under a secret key.

The key is 32 random bytes in ``.ctcourse/certificate.key`` inside the course folder: a folder
git ignores and ``release/`` never contains. Without the key nobody can make a code that
verifies; changing any character of a real code makes it fail. A code shows 80 bits of
HMAC-SHA256 in base32, in groups of four (``ABCD-EFGH-IJKL-MNOP``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from ctcourse.errors import CourseError

KEY_PATH = Path(".ctcourse") / "certificate.key"
CODE_BYTES = 10


def key_file(root: Path) -> Path:
    """Where a course keeps its certificate key."""
    return Path(root) / KEY_PATH


def load_key(root: Path, *, create: bool = False) -> bytes:
    """The course's key; made (readable by the owner only) on first use when ``create``."""
    path = key_file(root)
    if path.is_file():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    if not create:
        raise CourseError(f"{path}: no certificate key; no certificate was issued from this course")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    key = secrets.token_bytes(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
    return key


def make_code(key: bytes, course_id: str, trainee: str) -> str:
    """The verification code of one trainee's certificate of one course."""
    mac = hmac.new(key, f"{course_id}\0{trainee}".encode(), hashlib.sha256).digest()
    text = base64.b32encode(mac[:CODE_BYTES]).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise(code: str) -> str:
    """A code as typed by a person: case, spaces and dashes do not matter; 0 is read as O."""
    plain = "".join(code.split()).replace("-", "").upper().replace("0", "O")
    return "-".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def owner(key: bytes, course_id: str, code: str, trainees: Iterable[str]) -> str | None:
    """The trainee whose code this is, compared in constant time; None for a forged code."""
    wanted = normalise(code)
    found = None
    for trainee in trainees:
        if hmac.compare_digest(make_code(key, course_id, trainee), wanted):
            found = trainee
    return found
