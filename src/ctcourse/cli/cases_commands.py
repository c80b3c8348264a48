"""The cases sub-commands of `ctcourse` (work in progress)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add this group's sub-commands to the parser."""
