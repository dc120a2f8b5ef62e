"""``crmsim classify``, ``clv`` and ``value``: the course's formulas as commands.

One table, :data:`GROUPS`, says which function each command calls and the
few facts a signature cannot say (size limits, choices); the options are the
functions' own parameters (:mod:`crmsim.cli.generate`).
"""

from __future__ import annotations

import argparse

from crmsim import course
from crmsim import economics as ec
from crmsim.cli.generate import Command, Param, add_command
from crmsim.model.rules import Stage

__all__ = ["GROUPS", "MAX_PERIODS", "register"]

MAX_PERIODS = 100_000
"""Longest horizon a command computes (100,000 periods: 1,900 years of weeks)."""


def lifetime_value_over_horizon(
    first_margin: float,
    retention_rate: float,
    discount_rate: float,
    n_periods: int,
    growth_rate: float = 0.0,
    acquisition_cost: float = 0.0,
) -> float:
    """Customer lifetime value over ``n_periods``, margins growing at ``growth_rate``.

    :func:`crmsim.economics.lifetime_value` of
    :func:`crmsim.economics.growing_margins`:
    ``CLV = sum_{t=1..T} m (1 + g)**(t-1) r**t / (1 + i)**t - AC``.
    """
    margins = ec.growing_margins(first_margin, growth_rate, n_periods)
    return ec.lifetime_value(margins, retention_rate, discount_rate, acquisition_cost)


def _rung(text: str) -> int | str:
    """A rung index typed as digits is a number; anything else is a name."""
    return int(text) if text.strip().lstrip("-").isdigit() else text


_STAGES = tuple(s.name.lower() for s in Stage)

GROUPS: dict[str, tuple[str, tuple[Command, ...]]] = {
    "classify": (
        "classify a customer: loyalty type, attachment, ladder rung",
        (
            Command("loyalty", course.classify_loyalty, "loyalty type (E5)"),
            Command("attachment", course.classify_attachment, "attachment (E4)"),
            Command(
                "ladder",
                course.classify_ladder_rung,
                "loyalty-ladder rung of a person (E3)",
                params={
                    "stage": Param(
                        kind="str",
                        choices=_STAGES,
                        convert=lambda s: int(Stage[s.upper()]),
                    )
                },
            ),
            Command(
                "rung",
                course.ladder_rung_info,
                "one rung of the loyalty ladder, by index or name (E3)",
                params={"rung": Param(kind="str", positional=True, convert=_rung)},
            ),
        ),
    ),
    "clv": (
        "customer lifetime value (C4): closed form or over a horizon",
        (
            Command(
                "closed-form",
                ec.lifetime_value_closed_form,
                "CLV = m r / (1 + i - r) - AC",
            ),
            Command(
                "horizon",
                lifetime_value_over_horizon,
                "CLV over T periods, margins growing by g",
                params={"n_periods": Param(kind="int", lo=1, hi=MAX_PERIODS)},
            ),
            Command(
                "multiple",
                ec.margin_multiple,
                "margin multiple r / (1 + i - r)",
            ),
            Command(
                "period-discount-rate",
                ec.period_discount_rate,
                "per-period discount rate from an annual one",
            ),
            Command(
                "period-retention-rate",
                ec.period_retention_rate,
                "per-period retention rate from an annual one",
            ),
        ),
    ),
    "value": (
        "delivered value (B6) and lifecycle of the customer base (C2)",
        (
            Command("delivered", ec.delivered_value, "delivered value (B6)"),
            Command(
                "base",
                ec.base_lifecycle_years,
                "lifecycle of the customer base T = N / M (C2)",
            ),
            Command("churn", ec.annual_churn_rate, "annual churn rate M / N"),
        ),
    ),
}
"""Command group -> (help, commands)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``classify``, ``clv`` and ``value`` command groups."""
    for group, (text, commands) in GROUPS.items():
        parser = sub.add_parser(group, help=text, description=text)
        kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
        for command in commands:
            add_command(kinds, command)
