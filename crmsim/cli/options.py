"""Parsing command-line words into values: ``--set KEY=VALUE`` and counts.

The CLI owns these: the model takes typed values, never command-line text.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from crmsim.errors import CRMSimError
from crmsim.model.scenario import PARAMETER_NAMES, Scenario
from crmsim.validation import invalid, range_text

__all__ = [
    "add_out_argument",
    "check_no_conflict",
    "parse_assignment",
    "scenario_whole_number",
    "whole_number",
]

_FIELDS = Scenario.__dataclass_fields__


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse ``key=value`` from ``--set`` into a typed pair.

    The value must be a number (a comma-separated list of numbers for list
    parameters, any text for ``name``); the scenario then checks its range.

    Examples
    --------
    >>> parse_assignment("weeks=52"), parse_assignment("wallet_share=1,1,1,0.5")
    (('weeks', 52), ('wallet_share', (1.0, 1.0, 1.0, 0.5)))
    """
    key, sep, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    if not sep or not key:
        raise invalid("--set", text, "KEY=VALUE, e.g. --set weeks=52")
    if key not in PARAMETER_NAMES:
        Scenario().replace(**{key: None})  # the scenario's own unknown-name message
    if key == "name":
        return key, raw
    if key == "firms":
        raise CRMSimError(
            "--set firms is refused: allowed [[firms]] tables in a scenario file "
            "(see examples/market_three_firms.toml)"
        )
    meta = _FIELDS[key].metadata
    parts = raw.split(",") if "length" in meta else [raw]
    values = []
    for part in parts:
        try:
            values.append(int(part) if meta.get("integer") else float(part))
        except ValueError:
            try:
                values.append(float(part))
            except ValueError:
                kind = "comma-separated numbers" if "length" in meta else "a number"
                raise invalid(f"--set {key}", raw, kind) from None
    return key, tuple(values) if "length" in meta else values[0]


def whole_number(minimum: int, maximum: int | None = None):
    """An argparse type: a whole number in ``[minimum, maximum]``."""
    allowed = range_text(minimum, math.inf if maximum is None else maximum)

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if (
            value is None
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            raise argparse.ArgumentTypeError(
                f"{text!r} is invalid (allowed a whole number {allowed})"
            )
        return value

    return parse


def scenario_whole_number(field: str):
    """An argparse type for a whole-number scenario field, with its own range."""
    lo, hi = _FIELDS[field].metadata["range"]
    return whole_number(int(lo), int(hi))


def check_no_conflict(
    assignments: dict[str, Any], option: str, key: str, value
) -> None:
    """Refuse ``--set key=...`` together with the option that sets ``key``."""
    if value is not None and key in assignments:
        raise CRMSimError(
            f"--set {key}={assignments[key]!r} and {option} {value} both set {key}: "
            "allowed one of them"
        )


def add_out_argument(parser: argparse.ArgumentParser, default: str) -> None:
    """Add ``--out DIR``, the output folder, defaulting to ``default``."""
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(default),
        metavar="DIR",
        help=f"output folder (default: {default})",
    )
