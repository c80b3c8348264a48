"""The order a trainee sees a question's options in: shuffled per trainee, stable for them (pure).

As Moodle does, each trainee sees the options of a choice, matching or ordering question in an
order of their own, drawn from their id and the question's id: reopening the notebook shows
the same order, and an order learnt from a neighbour does not carry over. Keys, the responses
log and item statistics stay by option id. An order that comes out as the authored one is
turned by one place, because the authored order is the one that can give a key away (matching
row 1 with option 1, row 2 with option 2, ...).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def shown_order(options: Sequence[T], trainee: str, question_id: str) -> list[T]:
    """``options`` in the order ``trainee`` sees them in ``question_id``."""
    order = list(options)
    seed = hashlib.sha256(f"{trainee}\x00{question_id}".encode()).digest()
    random.Random(seed).shuffle(order)
    if len(order) > 1 and order == list(options):
        order = order[1:] + order[:1]
    return order
