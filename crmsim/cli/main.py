"""The ``crmsim`` command: a thin shell over the package.

``main(argv) -> int`` never raises for bad input: it prints one line on
stderr naming the problem and what is allowed, and returns 2.

Each command family lives in its own module with a ``register(subparsers)``
function; a new family is a new module and one entry in :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from collections.abc import Sequence

from crmsim.errors import CRMSimError

__all__ = ["COMMANDS", "main", "parser"]

COMMANDS = [
    "crmsim.cli.run",
    "crmsim.cli.cases",
    "crmsim.cli.economics",
    "crmsim.cli.sweep",
    "crmsim.cli.viz",
    "crmsim.cli.claims",
    "crmsim.cli.export",
    "crmsim.cli.game",
]
"""Modules whose ``register(subparsers)`` adds their commands, in help order."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str):  # noqa: D102
        message = " ".join(message.split())
        if "expected" in message and "argument" in message:
            allowed = "a value after the option (a negative number as --option=-1)"
        else:
            allowed = f"what '{self.prog} --help' lists"
        if "allowed" not in message:
            message = f"{message}: allowed {allowed}"
        self.exit(2, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    """The ``crmsim`` argument parser with every registered command.

    Built once per list of command modules: parsing does not change a parser,
    and a notebook or a test that calls :func:`main` many times should not
    pay for building some 600 options each time.
    """
    return _parser(tuple(COMMANDS))


@functools.lru_cache(maxsize=4)
def _parser(modules: tuple[str, ...]) -> argparse.ArgumentParser:
    top = _Parser(
        prog="crmsim", description="Customer relationship management, simulated."
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in modules:
        importlib.import_module(name).register(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (crmsim ... | head -1): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # stdout is not a real file (tests)
            pass
        return 1


def _main(argv: Sequence[str] | None) -> int:
    top = parser()
    try:
        args = top.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already reported
        return int(exc.code or 0)
    if args.command is None:
        top.print_help()
        return 0
    try:
        return args.func(args)
    except CRMSimError as exc:
        print(f"crmsim: error: {exc}", file=sys.stderr)
        return 2
