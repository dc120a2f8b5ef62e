"""A team's decisions for one round: names, ranges, and their server-side check.

A team decides seven things each round (the firm's relationship marketing,
B5, E11; its offer and promise, D2, D4; and two budgets, A4):

=====================  ======================  =================================
decision               allowed                 becomes the firm's
=====================  ======================  =================================
relationship_level     0, 1, 2, 3              ``relationship_level``
loyalty_tier           0, 1, 2, 3              ``loyalty_tier``
service_quality        0.40 to 0.90            ``service_quality``
price_discount         0 to 0.30               ``price_discount`` (level >= 1)
expectation_level      0.35 to 0.75            ``expectation_level``
marketing_budget       0 to the round budget   ``marketing_reach_chance``
contact_budget         0 to the round budget   ``contact_chance`` (level >= 2)
=====================  ======================  =================================

How money becomes chances, and what the budget covers, is
:mod:`crmsim.game.market`'s business. Here every value a browser sends is
checked before anything is stored: a bad one is refused with one line in
Chinese or English (:func:`crmsim.game.text.refuse`).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from crmsim.game.text import GameError, refuse, t

__all__ = ["DECISION_NAMES", "RANGES", "bond_level", "check_decisions"]

RANGES: dict[str, tuple[float, float | None, bool]] = {
    "relationship_level": (0, 3, True),
    "loyalty_tier": (0, 3, True),
    # the model allows 0-1; the game keeps teams inside the course's
    # plausible band (basic expectation 0.55 to latent 0.75 and either side)
    "service_quality": (0.40, 0.90, False),
    "price_discount": (0.0, 0.30, False),
    # the D4 sweep of the course (0.35 to 0.75)
    "expectation_level": (0.35, 0.75, False),
    # None: at most the round's budget
    "marketing_budget": (0.0, None, False),
    "contact_budget": (0.0, None, False),
}
"""Decision → (lowest, highest, whole number?)."""

DECISION_NAMES = tuple(RANGES)
"""The decisions, in the order the pages show them."""


def bond_level(decisions: Mapping[str, Any]) -> int:
    """Effective bond level: the higher of relationship level and loyalty tier.

    The scenario's own rule (:meth:`crmsim.model.scenario.Scenario.bond_level`):
    loyalty tier *t* switches on the bonds of level *t*.
    """
    return max(int(decisions["relationship_level"]), int(decisions["loyalty_tier"]))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _out_of_range(kind: str, name: str, value: Any, lo: str, hi: str) -> GameError:
    """The refusal of a decision, named in the reader's words (and its code name)."""
    values = {"shown": _shown(value), "lo": lo, "hi": hi}
    en = t(f"err.{kind}", "en", label=name, **values)
    zh = t(f"err.{kind}", "zh", label=f"{t(name, 'zh')}（{name}）", **values)
    return GameError(en, zh, 400, kind)


def _check_one(name: str, value: Any, budget: float) -> float | int:
    lo, hi, whole = RANGES[name]
    hi = budget if hi is None else hi
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if whole:
        ok = numeric and float(value).is_integer() and lo <= value <= hi
        if not ok:
            raise _out_of_range("not_whole", name, value, f"{lo:g}", f"{hi:g}")
        return int(value)
    if not (numeric and math.isfinite(value) and lo <= value <= hi):
        raise _out_of_range("not_number", name, value, f"{lo:g}", f"{hi:,.6g}")
    return float(value)


def check_decisions(
    payload: Any, current: Mapping[str, Any], budget: float
) -> dict[str, float | int]:
    """Check a submission and merge it into the team's current decisions.

    Parameters
    ----------
    payload : mapping
        What the team sent: some or all of :data:`DECISION_NAMES`; a name
        left out keeps its current value.
    current : mapping
        The team's decisions in force (last round's, or the market's
        defaults in round 1).
    budget : float
        The round's budget: the most either budget may be (the total is
        checked by :func:`crmsim.game.market.check_budget`).

    Returns
    -------
    dict
        Every decision, checked.

    Raises
    ------
    GameError
        One line naming the first wrong decision and what is allowed.
    """
    if not isinstance(payload, Mapping):
        raise refuse("bad_json")
    for name in payload:
        if name not in RANGES:
            close = difflib.get_close_matches(str(name), DECISION_NAMES, n=1)
            shown = _shown(str(name))[1:-1]
            hint_en = f" (did you mean '{close[0]}'?)" if close else ""
            hint_zh = f"（是否想输入 '{close[0]}'？）" if close else ""
            raise GameError(
                t("err.unknown_decision", "en", name=shown, hint=hint_en),
                t("err.unknown_decision", "zh", name=shown, hint=hint_zh),
                400,
                "unknown_decision",
            )
    merged = {name: current[name] for name in DECISION_NAMES}
    for name in DECISION_NAMES:
        if name in payload:
            merged[name] = _check_one(name, payload[name], budget)
    level = bond_level(merged)
    if merged["price_discount"] > 0 and level < 1:
        raise refuse("discount_needs_level")
    if merged["contact_budget"] > 0 and level < 2:
        raise refuse("contacts_need_level")
    return merged
