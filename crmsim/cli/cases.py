"""``crmsim case NAME``: the textbook's cases, generated from their functions.

Each case command is a :class:`~crmsim.cli.generate.Command`: the options are
the case function's parameters (``--weekly-spend`` for ``weekly_spend``), so
nothing is spelled twice. When :mod:`crmsim.course.cases` offers a registry
``CASES`` (CLI name, function, help, parameters), the commands come from it;
otherwise from :data:`FALLBACK_CASES` below, built on the same signatures.
"""

from __future__ import annotations

import argparse
from typing import Any

from crmsim.cli.generate import Command, Param, add_command
from crmsim.course import cases

__all__ = ["FALLBACK_CASES", "case_commands", "register"]

FALLBACK_CASES = (
    Command(
        "smith",
        cases.smith_case,
        "what one unhappy customer costs (史密斯女士)",
        forwards_to=cases.smith_chain,
        skip=(),
    ),
    Command(
        "reichheld",
        cases.reichheld_readings,
        "NPV rise for +5 points of retention, and what reproduces it",
        params={"margins": Param(kind="floats", help="yearly margin profile")},
    ),
    Command(
        "tarp",
        cases.word_of_mouth_balance,
        "word of mouth: 8 potential deals vs 25 people affected",
        aliases=("wom",),
    ),
    Command(
        "kotler",
        cases.recommended_relationship,
        "relationship type for a number of customers and a margin",
    ),
    Command(
        "jones-sasser",
        cases.satisfaction_loyalty,
        "satisfaction -> loyalty under high and low competition",
        params={
            "satisfaction_level": Param(kind="floats", help="satisfaction 1-5"),
            "competition": Param(choices=("high", "low")),
        },
    ),
)
"""The case commands while :mod:`crmsim.course.cases` has no ``CASES``."""


def _from_registry(entry: Any) -> Command:
    """A registry entry as a command (attribute names as the registry spells them)."""
    if isinstance(entry, Command):
        return entry
    get = (
        entry.get if isinstance(entry, dict) else lambda k, d=None: getattr(entry, k, d)
    )
    name = get("cli_name") or get("name")
    return Command(
        str(name),
        get("function"),
        str(get("help", "") or ""),
        aliases=tuple(get("aliases", ()) or ()),
    )


def case_commands() -> tuple[Command, ...]:
    """The case commands: from ``crmsim.course.cases.CASES`` when it exists."""
    registry = getattr(cases, "CASES", None)
    if not registry:
        return FALLBACK_CASES
    entries = registry.values() if isinstance(registry, dict) else registry
    return tuple(_from_registry(e) for e in entries)


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``crmsim case NAME`` with one subcommand per case."""
    commands = case_commands()
    case = sub.add_parser(
        "case",
        help="the textbook's cases: " + ", ".join(c.name for c in commands),
        description="Work through one of the textbook's cases step by step.",
    )
    names = case.add_subparsers(dest="case", metavar="NAME", required=True)
    for command in commands:
        add_command(names, command)
