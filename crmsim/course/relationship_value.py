"""The value of relationships, read off a run or priced by formula (B7, E9).

The three measures of relationship-marketing value of seed 000 (B7), a
customer's yearly profit by year of tenure (Reichheld's chart, E9), and
Blattberg & Deighton's customer equity test of acquisition against retention
spending.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.model.market import market_constants
from crmsim.model.simulation import Results
from crmsim.validation import (
    check_array,
    check_number,
    invalid,
)

__all__ = [
    "customer_equity_test",
    "profit_by_tenure_year",
    "relationship_value_measures",
]


WEEKS_PER_YEAR = 52


def relationship_value_measures(results: Results) -> dict[str, float]:
    """The measures of relationship-marketing value for one run (B7).

    Seed 000 §2.1.5 names three: customer profitability (客户盈利能力),
    retention cost (客户保留成本) and churn cost (客户流失成本). Here:

    - ``profit_per_customer_year``: the firm's cash profit / customer-years;
    - ``mean_lifecycle_profit``: mean C3 lifecycle profit per customer won;
    - ``retention_cost_per_customer_year``: what the bonds cost (discounts
      + personal contact + structural ties) / customer-years;
    - ``acquisition_cost_per_customer``: acquisition spending / customers
      won by marketing (the scenario's ``acquisition_cost``);
    - ``churn_cost_per_year``: (defectors x acquisition cost, the cost of
      replacing them, + referral damage cost of their complaints) / years --
      a reading: the seed gives no formula.

    Parameters
    ----------
    results : Results
        A run from :func:`crmsim.simulate`.

    Returns
    -------
    dict
        The measures above plus their inputs (``customer_years``,
        ``churned_per_year``, ``replacement_cost_per_year``,
        ``referral_damage_per_year``, ``retention_spend``,
        ``acquisition_spend``); money in currency units.

    Examples
    --------
    >>> from crmsim import simulate
    >>> m = relationship_value_measures(simulate(seed=1, n_customers=100, weeks=26))
    >>> m["retention_cost_per_customer_year"]  # transactional: no bonds to pay
    0.0
    """
    if not isinstance(results, Results):
        raise invalid("results", type(results).__name__, "a crmsim Results")
    c, w, sc = results.customers, results.weekly, results.scenario
    years = sc.weeks / WEEKS_PER_YEAR
    # customer-weeks inside the run (tenure also counts weeks before week 0)
    customer_years = float(w["customers"].iloc[1:].sum()) / WEEKS_PER_YEAR
    retention_spend = float(
        w["discounts"].sum() + w["contact_cost"].sum() + w["structural_cost"].sum()
    )
    acquisition_spend = float(w["acquisition_cost"].sum())
    won_by_marketing = int(w["new_marketing"].iloc[1:].sum())
    churned = float(w["churned_week"].iloc[1:].sum())  # defections in the run
    replacement = churned * sc.acquisition_cost
    damage = float(c["referral_damage"].sum())
    per_cy = (lambda x: x / customer_years) if customer_years else (lambda x: math.nan)
    return {
        "customers_won": int(len(c)),
        "customer_years": customer_years,
        "profit_per_customer_year": per_cy(float(w["profit"].sum())),
        "mean_lifecycle_profit": float(c["lifecycle_profit"].mean())
        if len(c)
        else math.nan,
        "retention_spend": retention_spend,
        "retention_cost_per_customer_year": per_cy(retention_spend),
        "acquisition_spend": acquisition_spend,
        "acquisition_cost_per_customer": acquisition_spend / won_by_marketing
        if won_by_marketing
        else math.nan,
        "churned_per_year": churned / years,
        "replacement_cost_per_year": replacement / years,
        "referral_damage_per_year": damage / years,
        "churn_cost_per_year": (replacement + damage) / years,
    }


def profit_by_tenure_year(results: Results) -> pd.DataFrame:
    """A customer's yearly profit contribution by year of tenure (E9).

    Reichheld's chart of "why loyal customers are more profitable", read off
    a run made with ``transactions=True``. For tenure year ``y`` (weeks
    ``52 (y-1)`` to ``52 y - 1`` after acquisition), per customer-year of
    customers active in that year:

    - ``purchase_margin``: purchases at list price x gross margin - discounts
      (the basket grows with stage: more purchases and share of wallet);
    - ``cost_to_serve``: from :func:`crmsim.model.rules.cost_to_serve` at each
      week of tenure (falls with tenure: cost savings);
    - ``bond_cost``: structural ties, plus personal contact at its expected
      cost ``contact_chance * contact_cost`` a week;
    - ``profit = purchase_margin - cost_to_serve - bond_cost``.

    Row ``year = 0`` holds the acquisition cost per customer won (referred
    customers cost nothing), ``profit = -acquisition_cost``. Referral value
    is not dated per customer and is left out.

    Parameters
    ----------
    results : Results
        From ``simulate(..., transactions=True)``.

    Returns
    -------
    pandas.DataFrame
        ``year, customers, customer_weeks, purchase_margin, cost_to_serve,
        bond_cost, acquisition_cost, profit``; money per customer-year (year
        0: per customer).

    Examples
    --------
    >>> from crmsim import simulate
    >>> r = simulate(seed=1, n_customers=100, weeks=60, transactions=True)
    >>> profit_by_tenure_year(r)["year"].tolist()
    [0, 1, 2]
    """
    if not isinstance(results, Results):
        raise invalid("results", type(results).__name__, "a crmsim Results")
    if results.transactions is None:
        raise CRMSimError(
            "results has no transaction log: allowed a run made with "
            "simulate(..., transactions=True)"
        )
    sc, c, log = results.scenario, results.customers, results.transactions
    n_years = max(1, math.ceil(sc.weeks / WEEKS_PER_YEAR))
    # the run's own prices and costs, in cents, as the engines booked them
    k = market_constants(sc)

    # margin of each purchase: what was paid (net of discount) - cost of goods
    acquired = c.set_index("customer")["acquired_week"]
    tx = log.assign(
        tenure_week=log["week"].to_numpy()
        - acquired.reindex(log["customer"]).to_numpy()
        - 1
    )
    tx["margin"] = tx["amount"] - k.cogs_cents[tx["stage"].to_numpy()] / 100.0
    tx["year"] = tx["tenure_week"] // WEEKS_PER_YEAR + 1
    margin = tx.groupby("year")["margin"].sum()

    # customer-weeks and cost to serve in each tenure year
    cum_cost = np.concatenate([[0.0], np.cumsum(k.service_cents / 100.0)])
    tenure = c["tenure_weeks"].to_numpy()
    # expected weekly cost of the bonds: structural ties, personal contacts
    bond_week = k.structural * sc.structural_cost + k.social * (
        sc.contact_chance * sc.contact_cost
    )
    acquisition = float(c["acquisition_cost"].mean()) if len(c) else 0.0
    rows = [
        {
            "year": 0,
            "customers": int(len(c)),
            "customer_weeks": 0,
            "purchase_margin": 0.0,
            "cost_to_serve": 0.0,
            "bond_cost": 0.0,
            "acquisition_cost": acquisition,
            "profit": -acquisition,
        }
    ]
    for y in range(1, n_years + 1):
        start = (y - 1) * WEEKS_PER_YEAR
        weeks_in = np.clip(tenure - start, 0, WEEKS_PER_YEAR)
        cw = int(weeks_in.sum())
        if cw == 0:
            continue
        serve = float(np.sum(cum_cost[start + weeks_in] - cum_cost[start]))
        per = WEEKS_PER_YEAR / cw
        m = float(margin.get(y, 0.0)) * per
        s = serve * per
        b = bond_week * WEEKS_PER_YEAR
        rows.append(
            {
                "year": y,
                "customers": int((weeks_in > 0).sum()),
                "customer_weeks": cw,
                "purchase_margin": m,
                "cost_to_serve": s,
                "bond_cost": b,
                "acquisition_cost": 0.0,
                "profit": m - s - b,
            }
        )
    return pd.DataFrame(rows)


def customer_equity_test(
    acquisition_spend,
    retention_spend,
    *,
    margin: float,
    discount_rate: float,
    acquisition_ceiling: float,
    acquisition_k: float,
    retention_ceiling: float,
    retention_k: float,
) -> pd.DataFrame:
    """Customer equity per prospect for acquisition and retention spending.

    Blattberg & Deighton's "customer equity test" (1996): the acquisition
    rate and the retention rate each rise with spending towards a ceiling,

    ::

        a = acquisition_ceiling * (1 - exp(-acquisition_k * A))
        r = retention_ceiling   * (1 - exp(-retention_k * R))
        r' = r / (1 + d)
        CE = a * m - A + a * (m - R / r) * r' / (1 - r')

    with ``A`` spent per prospect, ``R`` per customer per period, margin ``m``
    per period and discount rate ``d``. The best split of money between
    winning and keeping customers maximises ``CE``. Given ``R``, the best
    ``A`` has a closed form, ``A* = ln(ceiling_a * k_a * V) / k_a`` with ``V``
    the value of a won customer, ``CE = a * V - A``.

    Parameters
    ----------
    acquisition_spend, retention_spend : float or array_like
        ``A`` and ``R`` (money, >= 0); every combination is evaluated.
    margin : float
        ``m``, margin per customer per period (before retention spending).
    discount_rate : float
        ``d``, per period, >= 0.
    acquisition_ceiling, retention_ceiling : float
        Highest rates spending can reach, in (0, 1).
    acquisition_k, retention_k : float
        Response speeds, > 0. From one managerial estimate (rate ``x`` at
        spend ``S``): ``k = -ln(1 - x / ceiling) / S``.

    Returns
    -------
    pandas.DataFrame
        One row per (A, R): ``acquisition_spend, retention_spend,
        acquisition_rate, retention_rate, customer_value`` (``V``) and
        ``equity`` (``CE`` per prospect).

    References
    ----------
    Blattberg, R. C. & Deighton, J. (1996). Manage marketing by the customer
    equity test. *Harvard Business Review* 74(4), 136-144.

    Examples
    --------
    >>> t = customer_equity_test(10, 5, margin=100, discount_rate=0.1,
    ...     acquisition_ceiling=0.4, acquisition_k=0.05,
    ...     retention_ceiling=0.8, retention_k=0.1)
    >>> t[["acquisition_rate", "retention_rate", "equity"]].round(3).values.tolist()
    [[0.157, 0.315, 11.046]]
    """
    a_spend = check_array("acquisition_spend", acquisition_spend, 0).ravel()
    r_spend = check_array("retention_spend", retention_spend, 0).ravel()
    m = check_number("margin", margin)
    d = check_number("discount_rate", discount_rate, 0)
    ca = check_number("acquisition_ceiling", acquisition_ceiling, 0, 1, lo_open=True)
    cr = check_number("retention_ceiling", retention_ceiling, 0, 1, lo_open=True)
    ka = check_number("acquisition_k", acquisition_k, 0, lo_open=True)
    kr = check_number("retention_k", retention_k, 0, lo_open=True)
    aa, rr = np.meshgrid(a_spend, r_spend, indexing="ij")
    aa, rr = aa.ravel(), rr.ravel()
    a = ca * (1.0 - np.exp(-ka * aa))
    r = cr * (1.0 - np.exp(-kr * rr))
    rp = r / (1.0 + d)
    per_kept = np.divide(rr, r, out=np.zeros_like(rr), where=r > 0)
    value = m + (m - per_kept) * rp / (1.0 - rp)
    return pd.DataFrame(
        {
            "acquisition_spend": aa,
            "retention_spend": rr,
            "acquisition_rate": a,
            "retention_rate": r,
            "customer_value": value,
            "equity": a * value - aa,
        }
    )
