"""The one rule for trainee ids: what collect, autograde, reports and the hub accept as a person.

A trainee id names a folder in ``submitted/`` and a row in the gradebook, so two ids that look
the same on a trainer's screen must not be two trainees. An id is refused when:

- it has characters beyond letters, ASCII digits, ``-``, ``_`` and ``.`` (not first), or is
  longer than 100 characters (nbgrader reads ids as file patterns; shells split on spaces);
- Unicode normalisation (NFKC) changes it: full-width ``ａｎｎａ`` is ``anna``;
- its letters come from more than one script: ``аnna`` with a Cyrillic ``а`` renders as
  ``anna``. Ids wholly in Cyrillic (``оксана``) or wholly in Latin letters are fine.

Two valid ids can still look alike when each is written in one script (Cyrillic ``орас`` and
Latin ``opac``): :func:`look_alike_key` maps both to the same key, and a cohort in which two ids
share a key is refused until the trainer renames one folder.

On the hub a trainee id is also a Unix account name, so hub names follow a stricter rule
(:data:`HUB_NAME_PATTERN`: lower-case Latin letters, digits, ``-`` and ``_``) that is a subset of
the rule above.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

_CHARACTERS = re.compile(r"[\w-][\w.-]{0,99}")
ID_RULE = (
    "a trainee id is 1-100 letters of one script, digits 0-9, '-', '_' or '.', "
    "not starting with '.'"
)
#: JupyterHub's ``username_pattern``: hub names are Unix account names too.
HUB_NAME_PATTERN = r"^[a-z][a-z0-9_-]{0,30}$"
HUB_NAME_RULE = "lower-case Latin letters, digits, '-' or '_', starting with a letter, at most 31"
#: Letters of other scripts that render like a Latin letter (Unicode's confusables for these
#: scripts, the ones a Ukrainian or Greek keyboard types).
_LOOK_ALIKE = str.maketrans(
    {
        **dict(zip("аеорсухіїјѕԁһԛԝкмнтв", "aeopcyxiïjsdhqwkmhtb", strict=True)),
        **dict(zip("АЕОРСУХІЇЈЅКМНТВ", "AEOPCYXIÏJSKMHTB", strict=True)),
        **dict(zip("αορνικτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "aopviktuxABEZHIKMNOPTYX", strict=True)),
    }
)


def _script(letter: str) -> str:
    """The script a letter belongs to, from its Unicode name (``LATIN``, ``CYRILLIC`` …)."""
    return unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0]


def id_problem(name: str) -> str | None:
    """Why ``name`` cannot be a trainee id, or None if it can."""
    if not _CHARACTERS.fullmatch(name):
        return ID_RULE
    if any(c.isdigit() and not c.isascii() for c in name):
        return f"{ID_RULE} (digits other than 0-9 look like other ids)"
    normal = unicodedata.normalize("NFKC", name)
    if normal != name:
        return f"it changes under Unicode normalisation (NFKC) and reads as {normal!r}"
    scripts = sorted({_script(c) for c in name if c.isalpha()})
    if len(scripts) > 1:
        mixed = ", ".join(scripts).lower()
        return f"it mixes letters of several scripts ({mixed}), so it can look like another id"
    return None


def look_alike_key(name: str) -> str:
    """A key two ids share when they render alike (case and look-alike letters folded)."""
    return unicodedata.normalize("NFKC", name).translate(_LOOK_ALIKE).casefold()


def look_alikes(names: Iterable[str]) -> dict[str, list[str]]:
    """``{id: the other ids that look like it}`` for every id that has a look-alike."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_key[look_alike_key(name)].append(name)
    return {
        name: [other for other in group if other != name]
        for group in by_key.values()
        if len(group) > 1
        for name in group
    }


def valid_hub_name(name: str) -> bool:
    """Whether ``name`` can be both a hub user and a Unix account (and so a trainee id)."""
    return re.fullmatch(HUB_NAME_PATTERN, name) is not None
