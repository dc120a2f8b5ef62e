"""``crmsim viz``: serve the SolaraViz app."""

from __future__ import annotations

import argparse

__all__ = ["add_commands"]


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the viz command to the ``crmsim`` parser."""
