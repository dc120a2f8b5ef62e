"""``crmsim case NAME``: the textbook's cases, generated from their functions.

Each case command is a :class:`~crmsim.cli.generate.Command`: the options are
the case function's parameters (``--weekly-spend`` for ``weekly_spend``), so
nothing is spelled twice. The commands come from the registry
:data:`crmsim.course.cases.CASES` (CLI name, function, help, parameters with
kinds, defaults and ranges read from each function's signature and docstring).
"""

from __future__ import annotations

import argparse
from typing import Any

from crmsim.cli.generate import Command, Option, add_command
from crmsim.course import cases

__all__ = ["case_commands", "register"]


def _from_registry(spec: Any) -> Command:
    """A registry entry (:class:`crmsim.course.metadata.CaseSpec`) as a command."""
    return Command(
        spec.name,
        spec.function,
        spec.help,
        aliases=tuple(spec.aliases),
        described=tuple(Option.from_spec(p) for p in spec.params),
    )


def case_commands() -> tuple[Command, ...]:
    """The case commands, one per entry of ``crmsim.course.cases.CASES``."""
    return tuple(_from_registry(spec) for spec in cases.CASES.values())


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
