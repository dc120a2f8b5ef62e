"""``crmsim sweep``: parameter sweeps, locally or on a Dask cluster."""

from __future__ import annotations

import argparse

__all__ = ["add_commands"]


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the sweep command to the ``crmsim`` parser."""
