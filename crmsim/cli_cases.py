"""``crmsim case …`` and ``crmsim clv …``: the economics and textbook cases."""

from __future__ import annotations

import argparse

__all__ = ["add_commands"]


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the economics and case commands to the ``crmsim`` parser."""
