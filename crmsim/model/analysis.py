"""Tidy result tables and the run summary, the same for every engine.

An engine hands over its raw per-customer state and ledger (in cents) and its
weekly table; these functions add the derived columns (C3 decomposition,
loyalty type, ladder rung) and compute the summary of the course's measures:
yearly retention, customers lost per year M, T = N / M (C2), mean tenure and
realised lifetime value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmsim.model import rules
from crmsim.model.ledger import (
    C3_COMPONENTS,
    LEDGER_FIELDS,
    cash_profit,
    lifecycle_profit_columns,
)
from crmsim.model.rules import LADDER_RUNGS, LoyaltyType, Stage
from crmsim.model.scenario import Scenario

__all__ = [
    "WEEKLY_COLUMNS",
    "FIRM_WEEKLY_COLUMNS",
    "cohort_survival",
    "firm_weekly_frame",
    "customer_frame",
    "loyalty_mix",
    "retention_by_satisfaction",
    "summarise",
    "transaction_frame",
    "weekly_columns",
    "weekly_record",
]

WEEKS_PER_YEAR = 52

STAGE_COLUMNS = tuple(s.name.lower() for s in Stage)
"""The weekly table's stage-count columns, in stage-code order."""

WEEKLY_COLUMNS = (
    *STAGE_COLUMNS,
    "customers",
    "new",
    "new_marketing",
    "new_referral",
    "churned_week",
    "won_by_rivals",
    "revenue",
    *LEDGER_FIELDS,
    "profit",
    "mean_satisfaction",
)
"""Columns of the weekly table, in order (money in currency units).

``churned`` counts the people now with a competitor: lost customers, and
prospects a competitor won (``won_by_rivals`` of them this week); both are
back in the market after a while (``return_chance``)."""

FIRM_WEEKLY_COLUMNS = (
    "week",
    "firm",
    "firm_name",
    *(c for c in WEEKLY_COLUMNS if c not in ("prospect", "churned", "won_by_rivals")),
    "market_share",
    "annual_retention",
    "customer_equity",
)
"""Columns of the per-firm weekly table (:func:`firm_weekly_frame`)."""

# names by code, for fast look-up over a million customers
_STAGE_NAMES = np.array(STAGE_COLUMNS, dtype=object)
_LOYALTY_NAMES = np.array([t.name.lower() for t in LoyaltyType], dtype=object)
_RUNG_NAMES = np.array([*LADDER_RUNGS, "lost"], dtype=object)


def customer_frame(
    columns: Mapping[str, Sequence], cents: Mapping[str, np.ndarray], params: Scenario
) -> pd.DataFrame:
    """Build the per-customer table from an engine's raw columns.

    ``cents`` holds the ledger columns in whole cents; the C3 decomposition
    is computed on the integers (so its identities hold exactly) and then
    every money column is converted to currency units.
    """
    # every column worked out as an array first, then one table without
    # copies (a large market's table is hundreds of MB)
    data = {name: np.asarray(values) for name, values in columns.items()}
    money = {k: cents[k] for k in LEDGER_FIELDS}
    money.update(lifecycle_profit_columns(money))
    for name, values in money.items():
        data[name] = values / 100.0
    stage = data["stage"].astype(np.int64, copy=False)
    data["stage_name"] = _STAGE_NAMES[stage]
    data["satisfaction_level"] = rules.satisfaction_level(data["satisfaction"])
    loyalty = rules.loyalty_type(data["attitude"], data["behaviour"])
    data["loyalty_type"] = _LOYALTY_NAMES[np.asarray(loyalty, dtype=np.int64)]
    rung = rules.ladder_rung(
        stage,
        data["purchases"],
        data["attitude"],
        data["referrals_made"],
        params.bond_level,
    )
    # -1, off the ladder, is "lost"
    data["ladder_rung"] = _RUNG_NAMES[np.asarray(rung, dtype=np.int64)]
    return pd.DataFrame(data, copy=False)


def weekly_columns(
    stage_counts: np.ndarray,
    new_by_channel: np.ndarray,
    churned: np.ndarray,
    week_cents: np.ndarray,
    mean_satisfaction: np.ndarray,
) -> dict[str, np.ndarray]:
    """Columns of the weekly table from an engine's counters, one row each.

    ``stage_counts`` is ``(n, 6)`` (by stage code), ``new_by_channel``
    ``(n, 3)`` (the initial base, marketing and referral wins), ``churned``
    ``(n,)``, ``week_cents`` ``(n, 10)`` (ledger totals in cents, by
    :data:`LEDGER_FIELDS`) and ``mean_satisfaction`` ``(n,)``; money comes
    out in currency units. Every column but ``won_by_rivals``.
    """
    stage_counts = np.asarray(stage_counts, dtype=np.int64)
    new_by_channel = np.asarray(new_by_channel, dtype=np.int64)
    cents = np.asarray(week_cents, dtype=np.int64)
    cols: dict[str, np.ndarray] = {
        name: stage_counts[:, s] for name, s in zip(STAGE_COLUMNS, Stage, strict=True)
    }
    cols["customers"] = stage_counts[:, list(rules.ACTIVE_STAGES)].sum(axis=1)
    cols["new"] = new_by_channel.sum(axis=1)
    cols["new_marketing"] = new_by_channel[:, 1]
    cols["new_referral"] = new_by_channel[:, 2]
    cols["churned_week"] = np.asarray(churned, dtype=np.int64)
    money = {name: cents[:, k] for k, name in enumerate(LEDGER_FIELDS)}
    for name, column in money.items():
        cols[name] = column / 100.0
    cols["revenue"] = (money["list_revenue"] - money["discounts"]) / 100.0
    cols["profit"] = cash_profit(money) / 100.0
    cols["mean_satisfaction"] = np.asarray(mean_satisfaction, dtype=np.float64)
    return cols


def weekly_record(
    stage_counts: Sequence[int],
    new_by_channel: Sequence[int],
    churned: int,
    week_cents: Sequence[int],
    mean_satisfaction: float,
) -> dict[str, float]:
    """One row of the weekly table (:func:`weekly_columns` of one week)."""
    columns = weekly_columns(
        [stage_counts], [new_by_channel], [churned], [week_cents], [mean_satisfaction]
    )
    return {name: column[0].item() for name, column in columns.items()}


def firm_weekly_frame(
    rows: Sequence[Mapping[str, float]] | pd.DataFrame,
    names: Sequence[str],
    params: Scenario,
) -> pd.DataFrame:
    """The per-firm weekly table from an engine's rows (one per firm a week).

    ``rows``: one mapping a row, or a table of them.

    Adds, for each firm and week: ``market_share`` (its share of all
    customers), ``annual_retention`` (from the last 52 weeks' losses per
    customer-week, ``(1 - lost / customer-weeks) ** 52``) and
    ``customer_equity``: today's customers times the course's lifetime value
    of one, ``m * r / (1 + i - r)`` (C4), with ``m`` the last 52 weeks'
    profit before acquisition spending per customer-year, ``r`` that
    retention and ``i`` the annual discount rate. It values the customers a
    firm has (no future cohorts): what a team has built.
    """
    k = len(names)
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if frame.empty:
        return pd.DataFrame(columns=list(FIRM_WEEKLY_COLUMNS))
    frame.insert(0, "week", np.arange(len(frame)) // k)
    frame["firm_name"] = np.asarray(names, dtype=object)[frame["firm"].to_numpy()]
    weeks = len(frame) // k

    def by_week(column: str) -> np.ndarray:  # (weeks, firms): k rows a week
        return frame[column].to_numpy().reshape(weeks, k)

    total = np.repeat(by_week("customers").sum(axis=1), k)
    customers = frame["customers"].to_numpy(dtype=float)
    frame["market_share"] = np.divide(
        customers, total, out=np.full(len(frame), np.nan), where=total > 0
    )

    def trailing(column: str) -> np.ndarray:
        # each firm's rolling sum over its own weeks (one column a firm)
        window = pd.DataFrame(by_week(column)).rolling(WEEKS_PER_YEAR, min_periods=1)
        return window.sum().to_numpy(dtype=float).reshape(-1)

    weeks_in = trailing("customers")
    lost = trailing("churned_week")
    margin = trailing("profit") + trailing("acquisition_cost")
    hazard = np.divide(lost, weeks_in, out=np.ones(len(frame)), where=weeks_in > 0)
    retention = np.clip(1.0 - hazard, 0.0, 1.0) ** WEEKS_PER_YEAR
    frame["annual_retention"] = retention
    per_year = np.divide(
        margin, weeks_in / WEEKS_PER_YEAR, out=np.zeros(len(frame)), where=weeks_in > 0
    )
    i = params.annual_discount_rate
    r = np.minimum(retention, 1.0 - 1e-9)
    frame["customer_equity"] = customers * per_year * r / (1.0 + i - r)
    return frame[list(FIRM_WEEKLY_COLUMNS)]


def transaction_frame(log: np.ndarray) -> pd.DataFrame:
    """The transaction log from an engine's ``(customer, week, cents, stage)`` rows."""
    log = log.reshape(-1, 4)
    frame = pd.DataFrame(
        {
            "customer": log[:, 0],
            "week": log[:, 1],
            "amount": log[:, 2] / 100.0,
            "stage": log[:, 3],
        }
    )
    return frame.sort_values(["week", "customer"], kind="stable").reset_index(drop=True)


def retention_by_satisfaction(
    risk_weeks: Sequence[int], risk_churned: Sequence[int]
) -> pd.DataFrame:
    """Yearly retention at each satisfaction level 1-5 (Jones & Sasser, E8).

    From customer-weeks at risk and defections counted at each level:
    weekly churn ``h = churned / weeks`` and yearly retention ``(1 - h) ** 52``
    (a constant weekly hazard within the level).
    """
    weeks = np.asarray(risk_weeks, dtype=float)[1:6]
    churned = np.asarray(risk_churned, dtype=float)[1:6]
    with np.errstate(invalid="ignore", divide="ignore"):
        hazard = np.where(weeks > 0, churned / weeks, np.nan)
    return pd.DataFrame(
        {
            "level": np.arange(1, 6),
            "label": [
                "completely dissatisfied",
                "dissatisfied",
                "neutral",
                "satisfied",
                "completely satisfied",
            ],
            "customer_weeks": weeks.astype(np.int64),
            "churned": churned.astype(np.int64),
            "weekly_churn": hazard,
            "yearly_retention": (1.0 - hazard) ** WEEKS_PER_YEAR,
        }
    )


def loyalty_mix(customers: pd.DataFrame) -> pd.Series:
    """Share of each loyalty type (E5) among active customers."""
    active = customers["stage"].between(Stage.EXPLORATION, Stage.DECLINE)
    names = [t.name.lower() for t in LoyaltyType]
    types = customers["loyalty_type"][active]  # one column, not the whole rows
    counts = types.value_counts().reindex(names, fill_value=0)
    return counts / max(len(types), 1)


def cohort_survival(customers: pd.DataFrame) -> pd.DataFrame:
    """Share of relationships still going after each week (Kaplan-Meier).

    From a relationship table's (or the customer table's) ``tenure_weeks``,
    ``churned_week`` (``-1``:
    still a customer at the end, a censored relationship) and
    ``acquired_week`` (negative for relationships that began before the run:
    they are observed only from the weeks they had already lived, a left
    truncation the estimate takes into account). Returns ``weeks`` and
    ``surviving`` (the estimate of ``P(lifetime > weeks)``), from ``(0, 1.0)``.
    """
    tenure = customers["tenure_weeks"].to_numpy(dtype=np.int64)
    ended = customers["churned_week"].to_numpy() >= 0
    entry = np.maximum(-customers["acquired_week"].to_numpy(dtype=np.int64), 0)
    if not tenure.size:
        return pd.DataFrame({"weeks": [0], "surviving": [1.0]})
    horizon = int(tenure.max())
    ends = np.bincount(tenure[ended], minlength=horizon + 1)[1:]
    entered = np.cumsum(np.bincount(entry, minlength=horizon + 1))[:-1]
    left = np.cumsum(np.bincount(tenure, minlength=horizon + 1))[:-1]
    at_risk = entered - left  # in view at duration t: entry < t <= tenure
    with np.errstate(invalid="ignore", divide="ignore"):
        hazard = np.where(at_risk > 0, ends / at_risk, 0.0)
    surviving = np.cumprod(1.0 - hazard)
    return pd.DataFrame(
        {"weeks": np.arange(horizon + 1), "surviving": np.r_[1.0, surviving]}
    )


def summarise(
    weekly: pd.DataFrame,
    customers: pd.DataFrame,
    by_satisfaction: pd.DataFrame,
    params: Scenario,
    relationships: pd.DataFrame | None = None,
) -> dict[str, float]:
    """The run's headline measures.

    - ``weekly_churn_rate``: defections / customer-weeks at risk;
    - ``yearly_retention``: ``(1 - weekly_churn_rate) ** 52``;
    - ``customers_now`` (N): active customers at the end of the run;
    - ``customers_lost_per_year`` (M): defections in the run's last year
      (scaled to a year in runs shorter than one);
    - ``base_lifecycle_years``: T = N / M from its definition (C2); it equals
      the mean customer lifetime only in a steady state;
    - ``expected_lifetime_weeks``: customer-weeks at risk / defections, the
      mean lifetime under a constant weekly hazard; censoring-aware (the
      customers still active at the end count with the weeks they lived);
    - ``cohort_lifetime_weeks``: the area under the Kaplan-Meier survival
      curve of the run's relationships (:func:`cohort_survival` of
      ``relationships``, one row per spell; else of the customers), restricted
      to the longest tenure seen -- an estimate of mean lifetime that does
      not assume a constant hazard;
    - ``mean_completed_tenure_weeks``: mean length of the relationships that
      ended in the run (short relationships end first, so this is biased low
      in short runs);
    - ``mean_customers``: mean active customers over the run;
    - ``realised_lifetime_value``: mean cash profit per customer of the run,
      discounted to their acquisition at ``annual_discount_rate``;
    - ``mean_lifecycle_profit``: mean C3 lifecycle profit (undiscounted).
    """
    risk = float(by_satisfaction["customer_weeks"].sum())
    churned = float(by_satisfaction["churned"].sum())
    weekly_churn = churned / risk if risk else float("nan")
    last_year = weekly["churned_week"].iloc[1:].iloc[-WEEKS_PER_YEAR:]
    lost_per_year = float(last_year.sum()) * WEEKS_PER_YEAR / max(len(last_year), 1)
    customers_now = int(weekly["customers"].iloc[-1])
    mean_customers = float(weekly["customers"].iloc[1:].mean())
    # columns of the rows wanted, never copies of the whole wide table
    ended = customers["tenure_weeks"][customers["churned_week"] >= 0]
    survival = cohort_survival(customers if relationships is None else relationships)
    n_active = int(customers["stage"].between(Stage.EXPLORATION, Stage.DECLINE).sum())
    mix = loyalty_mix(customers)
    summary = {
        "customers_acquired": int(len(customers)),
        "active_at_end": n_active,
        "mean_customers": mean_customers,
        "churned": int(churned),
        "weekly_churn_rate": weekly_churn,
        "yearly_retention": (1.0 - weekly_churn) ** WEEKS_PER_YEAR,
        "yearly_churn": 1.0 - (1.0 - weekly_churn) ** WEEKS_PER_YEAR,
        "customers_lost_per_year": lost_per_year,
        "customers_now": customers_now,
        "base_lifecycle_years": customers_now / lost_per_year
        if lost_per_year
        else float("inf"),
        "expected_lifetime_weeks": risk / churned if churned else float("inf"),
        "cohort_lifetime_weeks": float(survival["surviving"].iloc[:-1].sum()),
        "mean_completed_tenure_weeks": float(ended.mean())
        if len(ended)
        else float("nan"),
        "mean_satisfaction": float(weekly["mean_satisfaction"].iloc[1:].mean()),
        "revenue": float(weekly["revenue"].sum()),
        "profit": float(weekly["profit"].sum()),
        "realised_lifetime_value": float(customers["realised_value"].mean())
        if len(customers)
        else 0.0,
        "mean_lifecycle_profit": float(customers["lifecycle_profit"].mean())
        if len(customers)
        else 0.0,
    }
    for name in C3_COMPONENTS:
        summary[f"total_{name}"] = float(customers[name].sum())
    for name, share in mix.items():
        summary[f"share_{name}"] = float(share)
    return summary
