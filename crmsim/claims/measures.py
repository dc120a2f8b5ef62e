"""What a claim measures in one run: functions ``(results, warmup_weeks) -> float``.

Every measure reads the run's tables (``weekly``, ``customers``,
``by_satisfaction``, ``transactions``), not ``Results.summary``, so that a
claim checks the engine's bookkeeping instead of repeating it: T = N / M is
taken from the weekly table and compared with a Kaplan-Meier lifetime from the
customer table, retention is counted from weekly defections, the C3 identity
is rebuilt from the raw ledger columns.

``warmup_weeks``: weekly measures use only the weeks after it (the start-up
of a run is not its steady state). Customer-table measures use every customer
unless their docstring says otherwise. All measures are module-level functions
(or ``functools.partial`` of them), so worker processes can receive them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from crmsim.model.rules import Stage
from crmsim.model.simulation import Results

WEEKS_PER_YEAR = 52
SATISFIED_LEVEL = 4
"""Satisfaction level 4-5 (satisfied, completely satisfied) counts as satisfied."""


def _window(r: Results, warmup: int) -> pd.DataFrame:
    """Weekly rows after the warm-up, with last week's customer count beside."""
    w = r.weekly.assign(customers_before=r.weekly["customers"].shift(1))
    return w[w["week"] > warmup]


def _begun_in_run(r: Results) -> pd.DataFrame:
    """Customers won during the run (their whole relationship is in its ledger)."""
    c = r.customers
    return c[c["acquired_week"] > 0]


def _active(r: Results) -> pd.DataFrame:
    c = r.customers
    return c[c["stage"].between(Stage.EXPLORATION, Stage.DECLINE)]


def yearly_retention(r: Results, warmup: int) -> float:
    """Yearly retention counted in the weekly table after the warm-up.

    ``(1 - defections / customers at the start of each week) ** 52``, pooled
    over the window.
    """
    w = _window(r, warmup)
    at_risk = float(w["customers_before"].sum())
    if at_risk <= 0:
        return math.nan
    return (1.0 - float(w["churned_week"].sum()) / at_risk) ** WEEKS_PER_YEAR


def profit_per_person_year(r: Results, warmup: int) -> float:
    """The firm's cash profit a year after the warm-up, per person in the market."""
    w = _window(r, warmup)
    return WEEKS_PER_YEAR * float(w["profit"].mean()) / r.scenario.n_customers


def profit_per_demand_year(r: Results, warmup: int) -> float:
    """The firm's cash profit a year per 100 of the market's weekly demand (B4).

    The market's demand is its people times the list value of a full basket;
    dividing by it compares markets of the same volume shared by many small
    or few large customers.
    """
    basket = r.scenario.basket_value
    return (
        100.0 * profit_per_person_year(r, warmup) / basket if basket > 0 else math.nan
    )


def new_per_person_year(r: Results, warmup: int) -> float:
    """Customers won a year after the warm-up, per person in the market."""
    w = _window(r, warmup)
    return WEEKS_PER_YEAR * float(w["new"].mean()) / r.scenario.n_customers


def marketing_conversion(r: Results, warmup: int) -> float:
    """Customers won by marketing per prospect-year (D4: what a promise buys).

    Customers won by marketing / prospect-weeks, times 52: a yearly rate, not
    a chance (above 1 where a prospect is won, on average, within a year). In a
    steady state the customers won equal the customers lost, so counting wins
    alone would measure churn; the promise acts on each prospect's conversion.
    """
    w = _window(r, warmup)
    prospect_weeks = float(r.weekly["prospect"].shift(1).loc[w.index].sum())
    if not prospect_weeks:
        return math.nan
    return WEEKS_PER_YEAR * float(w["new_marketing"].sum()) / prospect_weeks


def acquired_to_lost(r: Results, warmup: int) -> float:
    """Customers won / customers lost after the warm-up (1 in a steady state)."""
    w = _window(r, warmup)
    lost = float(w["churned_week"].sum())
    return float(w["new"].sum()) / lost if lost else math.nan


def customer_years(r: Results, warmup: int) -> float:
    """Customer-years of relationship after the warm-up (sum of weekly counts)."""
    return float(_window(r, warmup)["customers"].sum()) / WEEKS_PER_YEAR


def complainers(r: Results, warmup: int) -> float:
    """Leavers after the warm-up who spread negative word of mouth."""
    c = r.customers
    left = c[(c["churned_week"] > warmup) & (c["complaints"] > 0)]
    return float(len(left))


def complainer_lifetimes(r: Results, warmup: int) -> float:
    """Complainers after the warm-up times the mean lifetime (years); see E10.

    The denominator of E10's ratio: what the complainers' own relationships
    were worth in customer-years.
    """
    return complainers(r, warmup) * km_mean_lifetime_years(r, warmup)


def km_mean_lifetime_years(r: Results, warmup: int = 0) -> float:
    """Mean customer lifetime (years) from cohort survival (Kaplan-Meier).

    The survival curve of the run's relationships
    (:func:`crmsim.model.analysis.cohort_survival`: ended ones after
    ``tenure_weeks``, running ones censored, those begun before the run seen
    from the weeks they had lived). The mean is the area under it; beyond the
    longest tenure seen the curve is extended with the hazard of the back
    half of the observed curve (at least a year), so a run shorter than the
    lifetimes does not cut the mean off; NaN when the curve shows no loss
    there (the seed then tells nothing). Independent of the weekly table.
    """
    from crmsim.model.analysis import cohort_survival

    spells = r.relationships if r.relationships is not None else r.customers
    if len(spells) == 0:
        return math.nan
    s = cohort_survival(spells)["surviving"].to_numpy()
    area = float(s[:-1].sum())
    last = s[-1]
    if last > 0:
        # the tail's hazard from the back half of the curve (at least a year):
        # its last weeks rest on few people and are often flat by chance
        weeks = min(max(WEEKS_PER_YEAR, (len(s) - 1) // 2), len(s) - 1)
        before = s[len(s) - 1 - weeks]
        if not weeks or last >= before:
            return math.nan  # no loss seen: the mean lifetime cannot be told
        tail_hazard = 1.0 - (last / before) ** (1.0 / weeks)
        area += float(last) / tail_hazard
    return area / WEEKS_PER_YEAR


def base_lifecycle_ratio(r: Results, warmup: int) -> float:
    """T = N / M over the mean lifetime from cohort survival (C2; 1 if it holds).

    T from its definition, in the weekly table: N the customers at the end of
    the run, M the customers lost in its last year; the lifetime is
    :func:`km_mean_lifetime_years` from the customer table.
    """
    w = r.weekly
    lost_last_year = float(w["churned_week"].iloc[1:].iloc[-WEEKS_PER_YEAR:].sum())
    if not lost_last_year:
        return math.nan
    t = float(w["customers"].iloc[-1]) / lost_last_year
    return t / km_mean_lifetime_years(r, warmup)


def pareto_share(r: Results, warmup: int) -> float:
    """Smallest share of customers that brings 80 % of the firm's profit (A2).

    Customers ranked by cash profit, best first; the share of them whose
    cumulative profit first reaches 80 % of the total (NaN if the total is
    not positive).
    """
    profit = np.sort(r.customers["cash_profit"].to_numpy(dtype=float))[::-1]
    total = profit.sum()
    if profit.size == 0 or total <= 0:
        return math.nan
    k = int(np.searchsorted(np.cumsum(profit), 0.8 * total)) + 1
    return k / profit.size


def unprofitable_share(r: Results, warmup: int) -> float:
    """Share of customers whose lifecycle profit (C3) is negative."""
    lp = r.customers["lifecycle_profit"].to_numpy(dtype=float)
    return float(np.mean(lp < 0)) if lp.size else math.nan


def referrals_per_advocate(r: Results, warmup: int) -> float:
    """Prospects told by a customer who recommended us, over a long relationship.

    Mean ``referrals_made`` of customers who recommended at least once and
    stayed at least two years (A4: about 8 potential deals).
    """
    c = _begun_in_run(r)  # their every referral is in the run
    sel = c[(c["referrals_made"] > 0) & (c["tenure_weeks"] >= 2 * WEEKS_PER_YEAR)]
    return float(sel["referrals_made"].mean()) if len(sel) else math.nan


def people_per_complainer(r: Results, warmup: int) -> float:
    """People reached by a dissatisfied leaver's complaint (A4: about 25).

    People reached / complaints (a person who left twice complained twice).
    """
    c = r.customers
    n = float(c["complaints"].sum())
    return float(c["people_reached"].sum()) / n if n else math.nan


def retention_to_acquisition_cost(r: Results, warmup: int) -> float:
    """Cost of keeping a customer a year over the cost of winning one (A4).

    Keeping: what the firm spends on bonds (discounts, personal contact,
    structural ties) per customer-year after the warm-up. Winning:
    acquisition spending (the fee per customer won and, where marketing
    courts prospects, what it spent on them, won or not) per customer won by
    marketing then.
    """
    w = _window(r, warmup)
    years = float(w["customers"].sum()) / WEEKS_PER_YEAR
    won = float(w["new_marketing"].sum())
    if not years or not won:
        return math.nan
    keep = float((w["discounts"] + w["contact_cost"] + w["structural_cost"]).sum())
    return (keep / years) / (float(w["acquisition_cost"].sum()) / won)


def retained_lifecycle_profit(r: Results, warmup: int) -> float:
    """Mean C3 lifecycle profit of customers won in the run who stayed a year.

    Only relationships begun inside the run: their whole ledger is in it.
    """
    c = _begun_in_run(r)
    sel = c.loc[c["tenure_weeks"] >= WEEKS_PER_YEAR, "lifecycle_profit"]
    return float(sel.mean()) if len(sel) else math.nan


def tenure_profit_correlation(r: Results, warmup: int) -> float:
    """Rank correlation of tenure with lifecycle profit (C3).

    Relationships begun and ended inside the run.
    """
    c = _begun_in_run(r)
    ended = c[c["churned_week"] >= 0]
    if len(ended) < 3:
        return math.nan
    return float(ended["tenure_weeks"].rank().corr(ended["lifecycle_profit"].rank()))


def c3_residual(r: Results, warmup: int) -> float:
    """Largest gap between the six C3 parts and lifecycle profit, rebuilt from cash.

    The six parts are recomputed from the raw ledger columns (revenue, cost
    of goods, costs to serve, bond costs, attributions), not taken from the
    engine's C3 columns: ``basic profit + cost savings + referral value -
    acquisition cost - price discounts - referral damage`` against
    ``lifecycle_profit``. Zero (to the cent) if the books add up.
    """
    c = r.customers
    basic = (
        c["list_revenue"]
        - c["cogs"]
        - c["base_service_cost"]
        - c["contact_cost"]
        - c["structural_cost"]
    )
    savings = c["base_service_cost"] - c["service_cost"]
    six = (
        basic
        + savings
        + c["referral_value"]
        - c["acquisition_cost"]
        - c["discounts"]
        - c["referral_damage"]
    )
    return float((six - c["lifecycle_profit"]).abs().max()) if len(c) else math.nan


NPV_COHORT_YEARS = 3
"""E9's NPV is the mean over the relationships begun in the run's first years."""


def early_customer_npv(r: Results, warmup: int) -> float:
    """Mean discounted cash profit (NPV) of the relationships begun in years 1-3.

    ``realised_value`` of the relationship table's spells begun in the run's
    first :data:`NPV_COHORT_YEARS` years: each relationship's own cash
    (acquisition cost included), discounted to its start. A customer won back
    later starts a new spell instead of adding to the first, so the mean is
    not weighted towards those who stayed. A spell still going when the run
    ends counts what it realised so far: run long enough (E9 runs 20 years)
    for that to matter little.
    """
    rel = r.relationships
    if rel is None or not len(rel):
        return math.nan
    begun = rel["acquired_week"].between(1, NPV_COHORT_YEARS * WEEKS_PER_YEAR)
    sel = rel.loc[begun, "realised_value"]
    return float(sel.mean()) if len(sel) else math.nan


def tenure_year_profit_slope(r: Results, warmup: int) -> float:
    """Growth of a customer's yearly profit over tenure years 1-6 (E9).

    Least-squares slope (money per customer-year, per year of tenure) of
    :func:`crmsim.course.profit_by_tenure_year`'s ``profit`` over years 1-6;
    needs a run with the transaction log.
    """
    from crmsim.course import profit_by_tenure_year

    t = profit_by_tenure_year(r)
    t = t[t["year"].between(1, 6) & (t["customers"] > 0)]
    if len(t) < 3:
        return math.nan
    return float(np.polyfit(t["year"], t["profit"], 1)[0])


def satisfied_defector_share(r: Results, warmup: int) -> float:
    """Share of leavers who were satisfied (level 4-5) when they left (D1)."""
    c = r.customers
    left = c[c["churned_week"] > warmup]
    if not len(left):
        return math.nan
    return float(np.mean(left["satisfaction_level"] >= SATISFIED_LEVEL))


def loyalty_share(r: Results, warmup: int, kind: str = "absolute") -> float:
    """Share of active customers with loyalty type ``kind`` at the end (D2, E5).

    The customer table's loyalty type (attitude x behaviour, Dick & Basu
    1994): ``"absolute"`` high on both, ``"inertia"`` low attitude and high
    behaviour, ``"latent"``, ``"none"``.
    """
    a = _active(r)
    return float(np.mean(a["loyalty_type"] == kind)) if len(a) else math.nan


def inertia_share(r: Results, warmup: int) -> float:
    """Share of active customers with inertia loyalty (E5): low liking, much buying."""
    return loyalty_share(r, warmup, "inertia")


def mean_attitude(r: Results, warmup: int) -> float:
    """Mean attitude (liking and trust, 0-1) of active customers at the end."""
    a = _active(r)
    return float(a["attitude"].mean()) if len(a) else math.nan


def retention_at_levels(r: Results, warmup: int, levels=(1, 2, 3)) -> float:
    """Yearly retention pooled over satisfaction levels (whole run, E7/E8).

    From ``by_satisfaction``: ``(1 - defections / customer-weeks) ** 52`` over
    the chosen levels 1-5.
    """
    b = r.by_satisfaction
    b = b[b["level"].isin(levels)]
    weeks = float(b["customer_weeks"].sum())
    if not weeks:
        return math.nan
    return (1.0 - float(b["churned"].sum()) / weeks) ** WEEKS_PER_YEAR
