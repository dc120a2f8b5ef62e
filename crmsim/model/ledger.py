"""The money ledger: what each customer earned and cost, in whole cents.

Both engines book every amount in integer cents under the names in
:data:`LEDGER_FIELDS`, per customer and per week, so that totals agree to the
cent whichever way they are summed. The customer lifecycle profit of the
course (C3) is derived from these columns by :func:`lifecycle_profit_table`:

    lifecycle profit = basic profit + cost savings + referral value
                       - acquisition cost - price discounts - referral damage cost

where

    basic profit  = list revenue - cost of goods - cost to serve a new customer
                    - contact cost - structural cost
    cost savings  = cost to serve a new customer - actual cost to serve

Referral value and referral damage are attributions (the acquisition cost a
referral saved; the acquisition spending needed to make good the purchase
intent a complaint destroyed), not cash; so the firm's cash profit is the sum
of lifecycle profits minus referral value plus referral damage.
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "LEDGER_FIELDS",
    "cash_profit",
    "lifecycle_profit_table",
]

LEDGER_FIELDS = (
    "list_revenue",
    "discounts",
    "cogs",
    "service_cost",
    "base_service_cost",
    "contact_cost",
    "structural_cost",
    "acquisition_cost",
    "referral_value",
    "referral_damage",
)
"""Ledger columns, each in whole cents while a run is going on."""

(
    LIST_REVENUE,
    DISCOUNTS,
    COGS,
    SERVICE_COST,
    BASE_SERVICE_COST,
    CONTACT_COST,
    STRUCTURAL_COST,
    ACQUISITION_COST,
    REFERRAL_VALUE,
    REFERRAL_DAMAGE,
) = range(len(LEDGER_FIELDS))

CASH_SIGN = (1, -1, -1, -1, 0, -1, -1, -1, 0, 0)
"""Sign of each ledger column in the firm's cash profit (attributions are 0)."""

C3_COMPONENTS = (
    "basic_profit",
    "cost_savings",
    "referral_value",
    "acquisition_cost",
    "discounts",
    "referral_damage",
)
"""The six components of customer lifecycle profit (C3), in the course's order."""


def cash_profit(t):
    """Firm's cash profit from ledger columns of a table or a mapping (cents or money).

    ``list revenue - discounts - cost of goods - cost to serve - contact cost
    - structural cost - acquisition cost``.
    """
    return (
        t["list_revenue"]
        - t["discounts"]
        - t["cogs"]
        - t["service_cost"]
        - t["contact_cost"]
        - t["structural_cost"]
        - t["acquisition_cost"]
    )


def lifecycle_profit_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """Add the C3 decomposition to a per-customer ledger.

    Adds ``basic_profit``, ``cost_savings``, ``lifecycle_profit`` and
    ``cash_profit``; works on cents (exact integers) or money alike.
    """
    out = ledger.copy()
    out["basic_profit"] = (
        ledger["list_revenue"]
        - ledger["cogs"]
        - ledger["base_service_cost"]
        - ledger["contact_cost"]
        - ledger["structural_cost"]
    )
    out["cost_savings"] = ledger["base_service_cost"] - ledger["service_cost"]
    out["lifecycle_profit"] = (
        out["basic_profit"]
        + out["cost_savings"]
        + ledger["referral_value"]
        - ledger["acquisition_cost"]
        - ledger["discounts"]
        - ledger["referral_damage"]
    )
    out["cash_profit"] = cash_profit(ledger)
    return out
