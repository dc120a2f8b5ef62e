"""Computer-played rivals: firms with a fixed strategy, so one student can play.

- ``discounter``, the transactional discounter (B3): the lowest bonds that
  allow a price discount, a deep discount, a high promise, quality a little
  below the market's, and most of the budget on marketing -- win customers,
  do not keep them.
- ``builder``, the relationship builder (B5, E11): structural bonds with a
  service loyalty tier, quality above the market's, a small discount, a
  modest promise, and the budget split between personal contacts and
  marketing after the ties and the quality are paid for.

Both decide again each round from the firm's position, inside the same
ranges and budget as a student team.
"""

from __future__ import annotations

import math

from crmsim.game.decisions import RANGES
from crmsim.game.market import Position, plan
from crmsim.model.scenario import Scenario

__all__ = ["STRATEGIES", "rival_decisions"]

STRATEGIES = ("discounter", "builder")
"""Strategies of computer-played rivals."""


def _clip(name: str, value: float) -> float:
    lo, hi, _ = RANGES[name]
    return min(max(value, lo), hi)


def rival_decisions(
    strategy: str, position: Position, scenario: Scenario, weeks: int, budget: float
) -> dict[str, float | int]:
    """The decisions of a computer rival playing ``strategy`` this round."""
    q0 = scenario.service_quality
    if strategy == "discounter":
        return {
            "relationship_level": 1,
            "loyalty_tier": 0,
            "service_quality": _clip("service_quality", q0 - 0.05),
            "price_discount": 0.15,
            "expectation_level": _clip("expectation_level", 0.70),
            "marketing_budget": math.floor(0.9 * budget),
            "contact_budget": 0.0,
        }
    if strategy == "builder":
        d = {
            "relationship_level": 3,
            "loyalty_tier": 2,
            "service_quality": _clip("service_quality", q0 + 0.1),
            "price_discount": 0.03,
            "expectation_level": _clip("expectation_level", 0.55),
            "marketing_budget": 0.0,
            "contact_budget": 0.0,
        }
        fixed = plan(d, position, scenario, weeks)["total"]
        if fixed > budget:  # quality first goes back to the market's level
            d["service_quality"] = _clip("service_quality", q0)
            fixed = plan(d, position, scenario, weeks)["total"]
        room = max(0.0, budget - fixed)
        d["contact_budget"] = math.floor(0.4 * room)
        d["marketing_budget"] = math.floor(0.6 * room)
        return d
    raise ValueError(f"unknown strategy {strategy!r}")
