"""The game's market: the K-firm engine, and how a team's money becomes a firm.

This module is the only part of the game that touches the model. It builds
the market (one firm per team and per computer rival), turns each team's
decisions into the firm's parameters, runs a round of weeks and reports
every firm's round.

Money and the budget
--------------------
The round's budget caps a team's *planned* spending, worked out with the
scenario's own costs and the firm's position at the start of the round
(its active customers *C*, the market's uncommitted prospects *P*, the
round's *W* weeks):

- marketing: ``marketing_budget`` buys a weekly reach
  ``marketing_reach_chance = marketing_budget / (acquisition_cost * P * W)``
  (capped at 1), so that the model's acquisition cost -- ``acquisition_cost``
  per prospect won -- comes to about the budget when every reached prospect
  is won;
- personal contacts (bond level >= 2): ``contact_budget`` buys
  ``contact_chance = contact_budget / (contact_cost * max(C, 1) * W)``
  (capped at 1), the model's contact cost per week;
- structural ties (bond level 3): ``structural_cost * C * W``;
- service quality above the market's own level *q0* (the preset's
  ``service_quality``): ``QUALITY_COST_SHARE * service_cost`` per
  customer-week for each 0.1 of quality. The model charges nothing for
  quality, so without a price every team would choose the best; this one
  line is the game's own rule (an assumption, not a course figure), charged
  on the firm's actual customer-weeks and taken off its profit.

What the firm then earns and spends is the model's: the ledger's revenue,
discounts, costs and profit, the market shares and the customer equity of
:meth:`firm_weekly_table`.

The engine's end state is pickled after each round (:meth:`Market.dumps`),
so a stored game resumes from exactly where it stopped.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmsim.game.decisions import bond_level
from crmsim.game.text import refuse
from crmsim.model.rules import ACTIVE_STAGES
from crmsim.model.scenario import Scenario, preset

__all__ = [
    "QUALITY_COST_SHARE",
    "QUALITY_STEP",
    "Market",
    "Position",
    "check_budget",
    "default_budget",
    "default_decisions",
    "firm_parameters",
    "game_scenario",
    "plan",
]

QUALITY_STEP = 0.1
"""Quality step priced by :data:`QUALITY_COST_SHARE` (quality 0-1 scale)."""

QUALITY_COST_SHARE = 0.5
"""Cost of each :data:`QUALITY_STEP` of quality above the market's, per
customer-week, as a share of the scenario's ``service_cost`` (assumption:
half the cost to serve a new customer, the default 1.5 a week, as much as
structural ties)."""

_ACTIVE = [s.name.lower() for s in ACTIVE_STAGES]
_LOYALTY = ("none", "inertia", "latent", "absolute")


@dataclass(frozen=True)
class Position:
    """A firm's position at the start of a round, for planning its money."""

    customers: int
    """Its active customers."""
    prospects: int
    """People who are nobody's customer (the prospects marketing can reach)."""


def game_scenario(
    preset_name: str,
    firm_names: Sequence[str],
    *,
    n_customers: int,
    rounds: int,
    weeks_per_round: int,
    warmup_weeks: int,
) -> Scenario:
    """The market of a game: the preset, one symmetric firm per name.

    Every firm starts with the preset's own parameters, so the warm-up
    leaves a market of equals; teams differ only by what they decide.
    """
    return preset(preset_name).replace(
        name=f"game:{preset_name}",
        n_customers=n_customers,
        weeks=rounds * weeks_per_round,
        warmup_weeks=warmup_weeks,
        firms=tuple({"name": name} for name in firm_names),
    )


def _quality_cost_per_customer_week(quality: float, scenario: Scenario) -> float:
    above = max(0.0, quality - scenario.service_quality)
    return above / QUALITY_STEP * QUALITY_COST_SHARE * scenario.service_cost


def plan(
    decisions: Mapping[str, Any], position: Position, scenario: Scenario, weeks: int
) -> dict[str, float]:
    """Planned spending of ``decisions`` and the chances the budgets buy.

    Returns
    -------
    dict
        ``marketing``, ``contacts``, ``structural``, ``quality`` and
        ``total`` (money over the round), ``reach`` (weekly marketing reach)
        and ``contact_chance`` (weekly chance of a personal contact).

    Examples
    --------
    >>> from crmsim.model.scenario import Scenario
    >>> d = dict(relationship_level=3, loyalty_tier=0, service_quality=0.75,
    ...          price_discount=0.05, expectation_level=0.55,
    ...          marketing_budget=600.0, contact_budget=500.0)
    >>> p = plan(d, Position(customers=100, prospects=500), Scenario(), weeks=4)
    >>> p["structural"], p["quality"], round(p["reach"], 4), p["contact_chance"]
    (600.0, 600.0, 0.005, 0.25)
    """
    c, w = position.customers, weeks
    level = bond_level(decisions)
    marketing = float(decisions["marketing_budget"])
    contacts = float(decisions["contact_budget"]) if level >= 2 else 0.0
    structural = scenario.structural_cost * c * w if level >= 3 else 0.0
    quality = (
        _quality_cost_per_customer_week(float(decisions["service_quality"]), scenario)
        * c
        * w
    )
    reach_cost = scenario.acquisition_cost * max(position.prospects, 1) * w
    reach = 1.0 if reach_cost == 0 and marketing > 0 else marketing / (reach_cost or 1)
    contact_cost = scenario.contact_cost * max(c, 1) * w
    chance = (
        1.0 if contact_cost == 0 and contacts > 0 else contacts / (contact_cost or 1)
    )
    return {
        "marketing": marketing,
        "contacts": contacts,
        "structural": round(structural, 2),
        "quality": round(quality, 2),
        "total": round(marketing + contacts + structural + quality, 2),
        "reach": min(1.0, reach),
        "contact_chance": min(1.0, chance),
    }


def check_budget(
    decisions: Mapping[str, Any],
    position: Position,
    scenario: Scenario,
    weeks: int,
    budget: float,
) -> dict[str, float]:
    """:func:`plan`, refused with one line when it is over ``budget``."""
    p = plan(decisions, position, scenario, weeks)
    if p["total"] > budget + 1e-6:
        parts = " + ".join(
            f"{name} {p[name]:,.0f}"
            for name in ("marketing", "contacts", "structural", "quality")
            if p[name]
        )
        raise refuse(
            "over_budget",
            spent=f"{p['total']:,.0f}",
            budget=f"{budget:,.0f}",
            parts=parts,
        )
    return p


def firm_parameters(
    decisions: Mapping[str, Any], position: Position, scenario: Scenario, weeks: int
) -> dict[str, Any]:
    """The firm's model parameters for a round of ``decisions``."""
    p = plan(decisions, position, scenario, weeks)
    return {
        "relationship_level": int(decisions["relationship_level"]),
        "loyalty_tier": int(decisions["loyalty_tier"]),
        "service_quality": float(decisions["service_quality"]),
        "price_discount": float(decisions["price_discount"]),
        "expectation_level": float(decisions["expectation_level"]),
        "marketing_reach_chance": p["reach"],
        "contact_chance": p["contact_chance"],
    }


def default_budget(scenario: Scenario, n_firms: int, weeks: int) -> float:
    """A round budget that lets a firm do what the preset's firm does, and more.

    The planned spending of the preset's marketing reach plus social contacts
    at the preset's contact chance and structural ties, for an equal share
    of the market's customers and prospects, times 1.5, rounded up to 100.
    """
    share = scenario.initial_customer_share
    position = Position(
        customers=math.ceil(scenario.n_customers * share / n_firms),
        prospects=math.ceil(scenario.n_customers * (1 - share)),
    )
    marketing = (
        scenario.marketing_reach_chance
        * scenario.acquisition_cost
        * position.prospects
        * weeks
    )
    contacts = (
        scenario.contact_chance * scenario.contact_cost * position.customers * weeks
    )
    structural = scenario.structural_cost * position.customers * weeks
    return float(math.ceil(1.5 * (marketing + contacts + structural) / 100) * 100)


def default_decisions(
    scenario: Scenario, position: Position, weeks: int, budget: float
) -> dict[str, float | int]:
    """Round 1's decisions of a team that submits nothing: the preset's firm.

    Its relationship level, loyalty tier, quality, promise and marketing
    reach (turned into money at ``position``), inside the game's ranges and
    the budget.
    """
    level = max(scenario.relationship_level, scenario.loyalty_tier)
    marketing = (
        scenario.marketing_reach_chance
        * scenario.acquisition_cost
        * max(position.prospects, 1)
        * weeks
    )
    contacts = (
        scenario.contact_chance
        * scenario.contact_cost
        * max(position.customers, 1)
        * weeks
        if level >= 2
        else 0.0
    )
    d = {
        "relationship_level": scenario.relationship_level,
        "loyalty_tier": scenario.loyalty_tier,
        "service_quality": float(np.clip(scenario.service_quality, 0.40, 0.90)),
        "price_discount": float(np.clip(scenario.price_discount, 0, 0.30))
        if level >= 1
        else 0.0,
        "expectation_level": float(np.clip(scenario.expectation_level, 0.35, 0.75)),
        "marketing_budget": round(marketing, 0),
        "contact_budget": round(contacts, 0),
    }
    total = plan(d, position, scenario, weeks)["total"]
    if total > budget:  # scale both budgets down to fit
        fixed = total - d["marketing_budget"] - d["contact_budget"]
        room = max(0.0, budget - fixed)
        spend = d["marketing_budget"] + d["contact_budget"]
        scale = room / spend if spend else 0.0
        d["marketing_budget"] = math.floor(d["marketing_budget"] * scale)
        d["contact_budget"] = math.floor(d["contact_budget"] * scale)
    return d


class Market:
    """The game's market of K firms, a round at a time.

    Parameters
    ----------
    scenario : Scenario
        The market (:func:`game_scenario`), one firm per team.
    seed : int
        Seed of the market's random numbers: the same seed and the same
        decisions give the same market.
    weeks_per_round : int
        Weeks in a round.
    """

    def __init__(self, scenario: Scenario, seed: int, weeks_per_round: int) -> None:
        from crmsim.model.engine import make_engine

        self.scenario = scenario
        self.weeks_per_round = weeks_per_round
        self.engine = make_engine(scenario, seed=seed, engine="vector")
        self.rounds_run = 0

    # --- state ----------------------------------------------------------------

    def dumps(self) -> bytes:
        """The market's whole state as bytes (stored after each round)."""
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(blob: bytes) -> Market:
        """The market stored by :meth:`dumps` (the game's own database only)."""
        return pickle.loads(blob)  # noqa: S301 - written by this program

    @property
    def n_firms(self) -> int:
        """Firms in the market."""
        return self.engine.n_firms

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_snapshot", None)  # derived from the engine: not stored
        return state

    def _active(self) -> pd.DataFrame:
        """Active customers now: ``customer``, ``firm``, ``loyalty_type``."""
        # the customer table is built anew on each call: once per week is enough
        cached = getattr(self, "_snapshot", None)
        if cached is not None and cached[0] == self.engine.steps:
            return cached[1]
        table = self.engine.customer_table()
        active = table["stage"].isin([int(s) for s in ACTIVE_STAGES])
        frame = table.loc[active, ["customer", "firm", "loyalty_type"]]
        self._snapshot = (self.engine.steps, frame)
        return frame

    def positions(self) -> list[Position]:
        """Every firm's position now (for planning the next round)."""
        active = self._active()
        counts = active["firm"].value_counts()
        prospects = self.scenario.n_customers - len(active)
        return [
            Position(customers=int(counts.get(k, 0)), prospects=int(prospects))
            for k in range(self.n_firms)
        ]

    # --- a round --------------------------------------------------------------

    def run_round(
        self, decisions: Sequence[Mapping[str, Any]]
    ) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
        """Apply each firm's decisions (in firm order), run a round, report it.

        Returns
        -------
        weekly : DataFrame
            The round's rows of the per-firm weekly table, with a
            ``quality_cost`` column and ``profit`` net of it.
        reports : list of dict
            One report per firm (see :meth:`_report`).
        """
        if len(decisions) != self.n_firms:
            raise ValueError(f"{len(decisions)} decisions for {self.n_firms} firms")
        weeks = self.weeks_per_round
        positions = self.positions()
        start = self._active()
        plans = []
        for k, d in enumerate(decisions):  # firm order, never arrival order
            self.engine.set_firm(
                k, **firm_parameters(d, positions[k], self.scenario, weeks)
            )
            plans.append(plan(d, positions[k], self.scenario, weeks))
        first = self.engine.steps + 1
        for _ in range(weeks):
            self.engine.step()
        self.rounds_run += 1
        table = self.engine.firm_weekly_table()
        weekly = table[table["week"] >= first].copy()
        weekly.insert(0, "round", self.rounds_run)
        quality = np.array(
            [
                _quality_cost_per_customer_week(
                    float(decisions[k]["service_quality"]), self.scenario
                )
                for k in weekly["firm"]
            ]
        )
        weekly["quality_cost"] = np.round(quality * weekly["customers"], 2)
        weekly["profit"] = weekly["profit"] - weekly["quality_cost"]
        end = self._active()
        reports = [
            self._report(k, weekly, start, end, positions[k], plans[k], decisions[k])
            for k in range(self.n_firms)
        ]
        return weekly, reports

    def _report(self, k, weekly, start, end, position, planned, decisions) -> dict:
        """Firm ``k``'s round: the numbers a team's report and the board show."""
        mine = weekly[weekly["firm"] == k]
        last = mine.iloc[-1]
        kept = np.intersect1d(
            start.loc[start["firm"] == k, "customer"],
            end.loc[end["firm"] == k, "customer"],
        ).size
        mix = end.loc[end["firm"] == k, "loyalty_type"].value_counts()
        costs = float(mine["revenue"].sum() - mine["profit"].sum())
        return {
            "firm": k,
            "round": self.rounds_run,
            "week": int(last["week"]),
            "customers": int(last["customers"]),
            "by_stage": {s: int(last[s]) for s in _ACTIVE},
            "acquired": int(mine["new"].sum()),
            "lost": int(mine["churned_week"].sum()),
            "retention": kept / position.customers if position.customers else None,
            "satisfaction": _number(last["mean_satisfaction"]),
            "market_share": _number(last["market_share"]),
            "revenue": round(float(mine["revenue"].sum()), 2),
            "costs": round(costs, 2),
            "quality_cost": round(float(mine["quality_cost"].sum()), 2),
            "profit": round(float(mine["profit"].sum()), 2),
            "customer_equity": round(float(last["customer_equity"]), 2),
            "loyalty_mix": {t: int(mix.get(t, 0)) for t in _LOYALTY},
            "planned": planned,
            "decisions": dict(decisions),
        }


def _number(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None
