"""Per-run constants derived from a scenario, shared by both engines.

Prices, costs and lookup tables (by stage, by tenure) are worked out once per
run, in whole cents where they are money, so that the Mesa agents and the
vectorised engine book exactly the same amounts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmsim.model import rules
from crmsim.model.scenario import FIRM_KEYS, Scenario

__all__ = ["FirmTable", "MarketConstants", "market_constants"]


@dataclass(frozen=True)
class MarketConstants:
    """What a scenario means for one run, looked up every customer-week."""

    financial: int
    """1 if financial bonds (discounts, points) are on (B5 level >= 1)."""
    social: int
    """1 if social bonds (personal contact) are on (level >= 2)."""
    structural: int
    """1 if structural bonds (customised ties) are on (level 3)."""
    quality_lift: float
    """Extra perceived quality from customised ties."""
    switching_cost: float
    """The customer's switching cost, structural ties included."""
    discount_value: float
    """Delivered value of our discount."""
    matched_discount_value: float
    """Delivered value of the competitor's matching discount."""
    revenue_cents: np.ndarray
    """List-price basket by stage code, cents."""
    discount_cents: np.ndarray
    """Discount on that basket by stage code, cents."""
    cogs_cents: np.ndarray
    """Cost of goods of that basket by stage code, cents."""
    service_cents: np.ndarray
    """Weekly cost to serve by tenure 0 … warm-up + weeks, cents."""
    structural_cents: int
    """Weekly structural-bond cost per customer, cents."""
    contact_cents: int
    """Cost of one personal contact, cents."""
    acquisition_cents: int
    """Cost of winning one customer through marketing, cents."""
    courting_cents: int
    """Marketing's spending on each prospect it courts, a week, cents."""
    discount_factor: np.ndarray
    """``(1 + annual_discount_rate) ** (-weeks / 52)`` by weeks since acquisition."""


def market_constants(p: Scenario) -> MarketConstants:
    """Work out the per-run constants of scenario ``p``."""
    financial, social, structural = (int(f) for f in rules.bond_flags(p.bond_level))
    discount_value = p.price_sensitivity * p.price_discount * financial
    revenue = rules.to_cents(
        p.basket_value * rules.wallet_share_by_stage(p.wallet_share)
    )
    tenure = np.arange(p.warmup_weeks + p.weeks + 1)
    return MarketConstants(
        financial=financial,
        social=social,
        structural=structural,
        quality_lift=p.structural_value * structural,
        switching_cost=p.switching_cost + p.structural_switching_cost * structural,
        discount_value=discount_value,
        matched_discount_value=discount_value * p.discount_match,
        revenue_cents=revenue,
        discount_cents=rules.to_cents(revenue * p.price_discount * financial / 100.0),
        cogs_cents=rules.to_cents(revenue * (1.0 - p.gross_margin) / 100.0),
        service_cents=rules.to_cents(
            rules.cost_to_serve(
                tenure, p.service_cost, p.service_cost_floor, p.service_learning_weeks
            )
        ),
        structural_cents=int(rules.to_cents(p.structural_cost)),
        contact_cents=int(rules.to_cents(p.contact_cost)),
        acquisition_cents=int(rules.to_cents(p.acquisition_cost)),
        courting_cents=int(rules.to_cents(p.courting_cost)),
        discount_factor=(1.0 + p.annual_discount_rate) ** (-tenure / 52),
    )


class FirmTable:
    """The firms of a market, their settings and constants side by side.

    Each attribute is an array with one entry per firm (``F.service_quality[f]``)
    or, for what depends on the stage too, one row per firm
    (``F.revenue_cents[f, stage]``); the phases of the week index it with each
    person's firm, so the same code serves one firm and many. Money is in
    whole cents (int64); other numbers in the run's float type.

    Parameters
    ----------
    scenario : Scenario
        The market, with its ``firms`` (one firm when empty).
    float_type : numpy dtype
        The float type of the run's state.
    markets : sequence of Scenario, optional
        Several one-firm markets that differ only in their firms' settings
        (``FIRM_KEYS``), side by side: firm ``r`` is market ``r``'s firm (a
        stacked sweep). ``scenario`` is then the first of them.
    """

    courting_cents = 0
    """Courting cost a prospect-week (a table pickled before it: none)."""

    _PER_FIRM_PARAMS = (*FIRM_KEYS,)
    _PER_FIRM_CONSTANTS = (
        "financial",
        "social",
        "structural",
        "quality_lift",
        "switching_cost",
        "discount_value",
        "matched_discount_value",
        "revenue_cents",
        "discount_cents",
        "cogs_cents",
    )

    def __init__(self, scenario: Scenario, float_type=np.float64, markets=None) -> None:
        self.scenario = scenario
        if markets is None:
            self.names = scenario.firm_names
            self.params = scenario.firm_scenarios()
        else:
            self.names = tuple(name for m in markets for name in m.firm_names)
            self.params = tuple(p for m in markets for p in m.firm_scenarios())
        self.n = len(self.names)
        self.constants = tuple(market_constants(p) for p in self.params)
        market = self.constants[0]
        # the same for every firm (they describe the market)
        self.service_cents = market.service_cents
        self.structural_cents = market.structural_cents
        self.contact_cents = market.contact_cents
        self.acquisition_cents = market.acquisition_cents
        self.courting_cents = market.courting_cents
        self.discount_factor = market.discount_factor
        for name in self._PER_FIRM_PARAMS:
            values = np.array([getattr(p, name) for p in self.params])
            if values.dtype.kind == "f":
                values = values.astype(float_type)
            setattr(self, name, values)
        for name in self._PER_FIRM_CONSTANTS:
            values = np.array([getattr(k, name) for k in self.constants])
            if values.dtype.kind == "f":
                values = values.astype(float_type)
            setattr(self, name, values)
        stages = np.arange(len(rules.Stage))
        self.expectation_by_stage = np.array(
            [
                rules.basic_expectation(
                    stages, p.expectation_level, p.expectation_growth
                )
                for p in self.params
            ]
        ).astype(float_type)
        self.paid_cents = self.revenue_cents - self.discount_cents
