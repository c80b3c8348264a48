"""Headless notebook runs in tests: a run that loses a kernel message is tried once more.

Twice on this project's machines (ipykernel 6.31 and 7, pyzmq 27, under heavy load) a headless
run waited forever with its kernel idle: a request or its reply was lost between client and
kernel (compare jupyter/jupyter_client#922, nteract/papermill#711). A cell is therefore given
:data:`HANG_SECONDS` to answer, far more than any of ours needs, and a run that timed out is run
once more from the start; a cell that fails, or a second timeout, still fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
#: Seconds without a reply after which a cell is taken as lost, not slow.
HANG_SECONDS = 600


def once_more_if_lost(run: Callable[[], T]) -> T:
    """``run()``, and once more if a cell got no reply (nbclient's CellTimeoutError)."""
    try:
        return run()
    except TimeoutError:
        return run()
