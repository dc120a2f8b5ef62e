"""Further ``crmsim`` commands: ``sweep`` (research scale) and ``viz`` (the app)."""

from __future__ import annotations

import argparse

__all__ = ["add_commands"]


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the sweep and viz commands to the ``crmsim`` parser."""
