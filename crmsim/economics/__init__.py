"""Course formulas: customer value, lifecycle profit, 80/20, RFM (pure, no Mesa).

Arrays and named rates in, numbers out. Every function states its formula and
its source; concept IDs (A2, B6, C2-C4, E9, F2) refer to the course digest.

Time units. A *period* is whatever the margins are measured in; every rate
passed with them (``retention_rate``, ``discount_rate``) is **per that
period**. Convert an annual rate with :func:`period_discount_rate` and
:func:`period_retention_rate` before pricing weekly margins. Money is in one
currency unit.

Timing convention (Gupta & Lehmann 2003): a customer acquired now pays the
first margin at the **end** of period 1 if still a customer then, so the
margin of period ``t`` is weighted by the survival ``r**t`` and discounted by
``(1 + i)**t``. The acquisition cost is paid now (undiscounted).

Every invalid argument raises :class:`~crmsim.errors.CRMSimError` with a
one-line message naming the argument, its value and what is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.validation import (
    Result,
    as_output,
    check_array,
    check_at_most,
    check_number,
    invalid,
    plain,
)

__all__ = [
    "RFM_SEGMENTS",
    "CustomerEquity",
    "DeliveredValue",
    "LifecycleProfit",
    "ParetoSummary",
    "annual_churn_rate",
    "base_lifecycle_years",
    "choose_offer",
    "cohort_value",
    "customer_equity",
    "delivered_value",
    "gini",
    "growing_margins",
    "implied_acquisition_cost",
    "lifecycle_profit",
    "lifetime_value",
    "lifetime_value_closed_form",
    "lorenz_curve",
    "margin_multiple",
    "mean_lifetime_periods",
    "npv_increase_from_retention",
    "pareto_summary",
    "period_discount_rate",
    "period_retention_rate",
    "quintile_scores",
    "rfm_segment",
    "rfm_table",
    "share_of_wallet",
    "solve_base_retention",
    "survival_probabilities",
    "top_share",
    "whale_curve",
]


# --- customer lifetime value (C4) ---------------------------------------------


def period_discount_rate(annual_discount_rate: float, periods_per_year: float) -> float:
    """Discount rate per period equivalent to an annual rate.

    ``i_p = (1 + i_year) ** (1 / periods_per_year) - 1``, so that discounting
    over ``periods_per_year`` periods equals discounting over one year.

    Parameters
    ----------
    annual_discount_rate : float
        Discount rate per year, >= 0 (0.10 = 10 % a year).
    periods_per_year : float
        Periods in a year: 52 for weeks, 12 for months, 1 for years.

    Returns
    -------
    float
        The discount rate per period.

    Examples
    --------
    >>> round(period_discount_rate(0.10, 52), 6)  # weekly rate of 10 % a year
    0.001835
    >>> round((1 + period_discount_rate(0.10, 52)) ** 52, 12)
    1.1
    """
    i = check_number("annual_discount_rate", annual_discount_rate, 0)
    k = check_number("periods_per_year", periods_per_year, 0, lo_open=True)
    return (1.0 + i) ** (1.0 / k) - 1.0


def period_retention_rate(
    annual_retention_rate: float, periods_per_year: float
) -> float:
    """Retention rate per period equivalent to an annual retention rate.

    ``r_p = r_year ** (1 / periods_per_year)``: a customer who stays each week
    with ``r_p`` stays the whole year with ``r_year``.

    Parameters
    ----------
    annual_retention_rate : float
        Share of customers kept over a year, in [0, 1].
    periods_per_year : float
        Periods in a year (52 for weeks).

    Returns
    -------
    float
        The retention rate per period.

    Examples
    --------
    >>> round(period_retention_rate(0.8, 52) ** 52, 12)
    0.8
    """
    r = check_number("annual_retention_rate", annual_retention_rate, 0, 1)
    k = check_number("periods_per_year", periods_per_year, 0, lo_open=True)
    return r ** (1.0 / k)


def margin_multiple(retention_rate, discount_rate):
    """Gupta & Lehmann's margin multiple ``r / (1 + i - r)`` (C4).

    The lifetime value of a customer in units of the per-period margin, for a
    constant retention rate ``r`` and discount rate ``i`` per period over an
    infinite horizon, first margin at the end of period 1.

    Parameters
    ----------
    retention_rate : float or array_like
        Retention rate per period, in [0, 1).
    discount_rate : float or array_like
        Discount rate per period, >= 0.

    Returns
    -------
    float or numpy.ndarray
        ``r / (1 + i - r)``.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003). Customers as assets. *Journal of
    Interactive Marketing* 17(1), 9-24.

    Examples
    --------
    >>> round(margin_multiple(0.8, 0.10), 2)  # 0.8 / 0.3
    2.67
    """
    r = check_array("retention_rate", retention_rate, 0, 1, hi_open=True)
    i = check_array("discount_rate", discount_rate, 0)
    return as_output(r / (1.0 + i - r))


def lifetime_value_closed_form(
    margin, retention_rate, discount_rate, acquisition_cost=0.0
):
    """Customer lifetime value, constant margin and retention (客户终生价值, C4).

    ``CLV = m * r / (1 + i - r) - AC`` (Gupta & Lehmann 2003): the limit of
    :func:`lifetime_value` for constant ``m`` and ``r`` as the horizon grows.

    Parameters
    ----------
    margin : float or array_like
        Margin per period ``m`` (money).
    retention_rate : float or array_like
        Retention rate per period ``r``, in [0, 1).
    discount_rate : float or array_like
        Discount rate per period ``i``, >= 0.
    acquisition_cost : float or array_like, default 0
        Cost of winning the customer, paid now, >= 0.

    Returns
    -------
    float or numpy.ndarray
        The customer's lifetime value.

    Examples
    --------
    >>> round(lifetime_value_closed_form(100, 0.8, 0.10), 2)  # 100 * 0.8 / 0.3
    266.67
    >>> round(lifetime_value_closed_form(100, 0.8, 0.10, acquisition_cost=50), 2)
    216.67
    """
    m = check_array("margin", margin)
    ac = check_array("acquisition_cost", acquisition_cost, 0)
    return as_output(m * margin_multiple(retention_rate, discount_rate) - ac)


def survival_probabilities(retention_rate, n_periods: int) -> np.ndarray:
    """Chance a customer acquired now is still a customer at the end of each period.

    ``S_t = r_1 * r_2 * ... * r_t`` for ``t = 1 .. n_periods`` (``r**t`` when
    the retention rate is constant).

    Parameters
    ----------
    retention_rate : float or array_like
        Retention rate per period in [0, 1]; a scalar or one rate per period.
    n_periods : int
        Number of periods, >= 1.

    Returns
    -------
    numpy.ndarray
        ``S_1 .. S_T``.

    Examples
    --------
    >>> survival_probabilities(0.5, 3).tolist()
    [0.5, 0.25, 0.125]
    >>> survival_probabilities([0.9, 0.5], 2).tolist()
    [0.9, 0.45]
    """
    if isinstance(n_periods, bool) or not isinstance(n_periods, (int, np.integer)):
        raise invalid("n_periods", n_periods, "an integer >= 1")
    if n_periods < 1:
        raise invalid("n_periods", n_periods, "an integer >= 1")
    r = check_array("retention_rate", retention_rate, 0, 1)
    if r.ndim > 1 or (r.ndim == 1 and r.size != n_periods):
        raise CRMSimError(
            f"retention_rate has shape {r.shape}: allowed a number or "
            f"{n_periods} numbers (one per period)"
        )
    return np.cumprod(np.broadcast_to(r, (n_periods,)))


def growing_margins(first_margin: float, growth_rate: float, n_periods: int):
    """Margins that grow at a constant rate: ``m_t = m_1 * (1 + g) ** (t - 1)``.

    A long-standing customer is worth more each year (E9: the yearly profit
    contribution grows over years 1-6: more purchases, lower cost to serve,
    referrals, price premium).

    Parameters
    ----------
    first_margin : float
        Margin in period 1 (money).
    growth_rate : float
        Growth per period, > -1 (0.1 = +10 % a period).
    n_periods : int
        Number of periods, >= 1.

    Returns
    -------
    numpy.ndarray
        ``m_1 .. m_T``.

    Examples
    --------
    >>> growing_margins(100, 0.5, 3).tolist()
    [100.0, 150.0, 225.0]
    """
    m1 = check_number("first_margin", first_margin)
    g = check_number("growth_rate", growth_rate, -1, lo_open=True)
    if isinstance(n_periods, bool) or not isinstance(n_periods, (int, np.integer)):
        raise invalid("n_periods", n_periods, "an integer >= 1")
    if n_periods < 1:
        raise invalid("n_periods", n_periods, "an integer >= 1")
    return m1 * (1.0 + g) ** np.arange(n_periods)


def lifetime_value(
    margins, retention_rate, discount_rate, acquisition_cost=0.0
) -> float:
    """Customer lifetime value over a finite horizon (客户终生价值, C4).

    ``CLV = sum_{t=1..T} m_t * S_t / (1 + i) ** t - AC`` with survival
    ``S_t = r_1 * ... * r_t`` (:func:`survival_probabilities`). Margins may
    grow (:func:`growing_margins`) and be negative (a first-year loss). All
    rates are per period of the margins: for weekly margins pass a weekly
    retention and discount rate (:func:`period_discount_rate`).

    Parameters
    ----------
    margins : array_like
        Margin of each period ``m_1 .. m_T`` (money, 1-d).
    retention_rate : float or array_like
        Retention rate per period in [0, 1]; one number or one per period.
    discount_rate : float
        Discount rate per period, >= 0.
    acquisition_cost : float, default 0
        Cost of winning the customer, paid now, >= 0.

    Returns
    -------
    float
        Present value of the customer's margins, minus the acquisition cost.

    See Also
    --------
    lifetime_value_closed_form : the infinite-horizon limit, constant inputs.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003), Customers as assets; Berger, P. D. &
    Nasr, N. I. (1998), Customer lifetime value: marketing models and
    applications, *Journal of Interactive Marketing* 12(1).

    Examples
    --------
    Three years at 100 a year, r = 0.8, i = 10 %:
    ``100*0.8/1.1 + 100*0.64/1.21 + 100*0.512/1.331``.

    >>> round(lifetime_value([100, 100, 100], 0.8, 0.10), 2)
    164.09

    Weekly margins of 10 for two years, 10 % a year, 99 % kept each week:

    >>> i_week = period_discount_rate(0.10, 52)
    >>> round(lifetime_value([10] * 104, 0.99, i_week, acquisition_cost=50), 2)
    543.45
    """
    m = check_array("margins", margins, ndim=1)
    s = survival_probabilities(retention_rate, m.size)
    i = check_number("discount_rate", discount_rate, 0)
    ac = check_number("acquisition_cost", acquisition_cost, 0)
    t = np.arange(1, m.size + 1)
    return float(np.sum(m * s / (1.0 + i) ** t) - ac)


def cohort_value(
    cohort_size, margins, retention_rate, discount_rate, acquisition_cost=0.0
) -> float:
    """Value of a cohort of identical customers acquired now (C4).

    ``cohort_size * lifetime_value(margins, r, i, AC)``: the group lifetime
    value (企业客户群体终生价值) of customers who share a margin profile and
    retention rate. Sum it over segments for a heterogeneous base.

    Parameters
    ----------
    cohort_size : float
        Number of customers, >= 0.
    margins, retention_rate, discount_rate, acquisition_cost
        As in :func:`lifetime_value`.

    Returns
    -------
    float
        The cohort's lifetime value.

    Examples
    --------
    >>> round(cohort_value(1000, [100, 100], 0.5, 0.0, acquisition_cost=60), 2)
    15000.0
    """
    n = check_number("cohort_size", cohort_size, 0)
    return n * lifetime_value(margins, retention_rate, discount_rate, acquisition_cost)


@dataclass(frozen=True)
class CustomerEquity(Result):
    """Customer equity (客户资产): value of today's base plus future cohorts."""

    current_customers_value: float
    """Lifetime value of today's customers (already acquired: no AC)."""
    future_cohorts_value: float
    """Present value of the cohorts still to be won, net of their AC."""
    total: float
    """``current_customers_value + future_cohorts_value``."""


def customer_equity(
    current_customers,
    new_customers_per_period,
    margins,
    retention_rate,
    discount_rate,
    acquisition_cost=0.0,
) -> CustomerEquity:
    """Customer equity: the value of the whole customer base (C4).

    Gupta, Lehmann & Stuart (2004): the value of a firm's customers is the
    lifetime value of today's customers plus that of every future cohort,
    discounted to now::

        CE = N_0 * CLV + sum_{k=0..K-1} n_k * (CLV - AC) / (1 + i) ** k

    where ``CLV`` is :func:`lifetime_value` without acquisition cost, ``N_0``
    today's customers and ``n_k`` the customers won at the start of period
    ``k`` (``k = 0`` is now).

    Parameters
    ----------
    current_customers : float
        Customers the firm has now, >= 0.
    new_customers_per_period : array_like
        Customers won at the start of periods 0, 1, ..., >= 0 (may be empty).
    margins, retention_rate, discount_rate, acquisition_cost
        As in :func:`lifetime_value`, per period.

    Returns
    -------
    CustomerEquity
        The two parts and the total.

    References
    ----------
    Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing customers.
    *Journal of Marketing Research* 41(1), 7-18.

    Examples
    --------
    >>> ce = customer_equity(100, [10, 10], [100], 0.5, 0.0, acquisition_cost=20)
    >>> ce.current_customers_value, ce.future_cohorts_value, ce.total
    (5000.0, 600.0, 5600.0)
    """
    n0 = check_number("current_customers", current_customers, 0)
    nk = check_array(
        "new_customers_per_period", new_customers_per_period, 0, nonempty=False
    )
    if nk.ndim != 1:
        raise CRMSimError(
            f"new_customers_per_period has shape {nk.shape}: allowed a 1-d list of "
            "counts >= 0"
        )
    clv = lifetime_value(margins, retention_rate, discount_rate)
    ac = check_number("acquisition_cost", acquisition_cost, 0)
    i = float(discount_rate)
    k = np.arange(nk.size)
    current = n0 * clv
    future = float(np.sum(nk * (clv - ac) / (1.0 + i) ** k))
    return CustomerEquity(current, future, current + future)


# --- lifecycle of the base, lifecycle profit (C2, C3) -------------------------


def base_lifecycle_years(customers, customers_lost_per_year):
    """Lifecycle of the customer base ``T = N / M`` (企业客户群体生命周期, C2).

    ``N`` customers, ``M`` customers lost on average per year: in steady state
    the base turns over once every ``T`` years. Since ``M = N * churn``,
    ``T = 1 / annual churn rate`` = the mean lifetime of a customer
    (:func:`mean_lifetime_periods`).

    Parameters
    ----------
    customers : float or array_like
        ``N``, > 0.
    customers_lost_per_year : float or array_like
        ``M``, > 0.

    Returns
    -------
    float or numpy.ndarray
        ``T`` in years.

    Examples
    --------
    >>> base_lifecycle_years(5000, 1000)
    5.0
    """
    n = check_array("customers", customers, 0, lo_open=True)
    m = check_array("customers_lost_per_year", customers_lost_per_year, 0, lo_open=True)
    return as_output(n / m)


def annual_churn_rate(customers, customers_lost_per_year):
    """Annual churn rate ``M / N`` (客户流失率, C2, E6).

    Parameters
    ----------
    customers : float or array_like
        ``N``, > 0.
    customers_lost_per_year : float or array_like
        ``M``, in [0, N].

    Returns
    -------
    float or numpy.ndarray
        Share of the base lost per year; ``1 - churn`` is the retention rate.

    Examples
    --------
    >>> annual_churn_rate(5000, 1000)
    0.2
    """
    n = check_array("customers", customers, 0, lo_open=True)
    m = check_array("customers_lost_per_year", customers_lost_per_year, 0)
    check_at_most("customers_lost_per_year", m, "customers", n)
    return as_output(m / n)


def mean_lifetime_periods(churn_rate):
    """Mean customer lifetime ``1 / churn`` in the churn rate's periods (C2).

    With a constant churn rate ``c`` per period a customer stays a geometric
    number of periods with mean ``1 / c`` -- the same number as ``T = N / M``.

    Parameters
    ----------
    churn_rate : float or array_like
        Churn rate per period, in (0, 1].

    Returns
    -------
    float or numpy.ndarray
        Mean lifetime, in periods of the churn rate (years for an annual rate).

    Examples
    --------
    >>> mean_lifetime_periods(0.2)
    5.0
    """
    c = check_array("churn_rate", churn_rate, 0, 1, lo_open=True)
    return as_output(1.0 / c)


@dataclass(frozen=True)
class LifecycleProfit(Result):
    """Customer lifecycle profit and its six components (客户生命周期利润, C3)."""

    basic_profit: float
    """基本利润 -- profit on the customer's purchases."""
    cost_savings: float
    """成本节约 -- lower cost of serving a long-standing customer."""
    referral_value: float
    """推荐价值 -- profit from the customers they refer."""
    acquisition_cost: float
    """获取成本 -- cost of winning the customer."""
    price_discounts: float
    """价格优惠 -- discounts and rewards given to the customer."""
    referral_damage_cost: float
    """推荐破坏成本 -- loss from the customer's negative word of mouth."""

    @property
    def total_profit(self) -> float:
        """Total profit the customer brings (客户为企业带来的总体利润)."""
        return self.basic_profit + self.cost_savings + self.referral_value

    @property
    def investment(self) -> float:
        """The firm's investment in the customer (企业为客户的投入成本)."""
        return self.acquisition_cost + self.price_discounts + self.referral_damage_cost

    @property
    def lifecycle_profit(self) -> float:
        """``total_profit - investment``."""
        return self.total_profit - self.investment

    def _derived(self) -> dict[str, Any]:
        return {
            "total_profit": self.total_profit,
            "investment": self.investment,
            "lifecycle_profit": self.lifecycle_profit,
        }


def lifecycle_profit(
    basic_profit: float,
    cost_savings: float = 0.0,
    referral_value: float = 0.0,
    acquisition_cost: float = 0.0,
    price_discounts: float = 0.0,
    referral_damage_cost: float = 0.0,
) -> LifecycleProfit:
    """Customer lifecycle profit from its six components (客户生命周期利润, C3).

    ::

        lifecycle profit = total profit - investment
        total profit     = basic profit + cost savings + referral value
        investment       = acquisition cost + price discounts
                           + referral damage cost

    Source: seed 000 §2.2.3 (第2章 客户关系管理理论基础).

    Parameters
    ----------
    basic_profit : float
        基本利润, money (may be negative).
    cost_savings, referral_value : float, default 0
        成本节约, 推荐价值, >= 0.
    acquisition_cost, price_discounts, referral_damage_cost : float, default 0
        获取成本, 价格优惠, 推荐破坏成本, >= 0.

    Returns
    -------
    LifecycleProfit
        The components, ``total_profit``, ``investment`` and
        ``lifecycle_profit``.

    Examples
    --------
    >>> p = lifecycle_profit(1000, 200, 300, acquisition_cost=250,
    ...                      price_discounts=100, referral_damage_cost=50)
    >>> p.total_profit, p.investment, p.lifecycle_profit
    (1500.0, 400.0, 1100.0)
    """
    return LifecycleProfit(
        basic_profit=check_number("basic_profit", basic_profit),
        cost_savings=check_number("cost_savings", cost_savings, 0),
        referral_value=check_number("referral_value", referral_value, 0),
        acquisition_cost=check_number("acquisition_cost", acquisition_cost, 0),
        price_discounts=check_number("price_discounts", price_discounts, 0),
        referral_damage_cost=check_number(
            "referral_damage_cost", referral_damage_cost, 0
        ),
    )


# --- customer delivered value (B6) --------------------------------------------


_VALUE_PARTS = ("product_value", "service_value", "personnel_value", "image_value")
_COST_PARTS = ("money_cost", "time_cost", "energy_cost", "psychic_cost")


@dataclass(frozen=True)
class DeliveredValue(Result):
    """Customer delivered value and its parts (顾客让渡价值, B6)."""

    product_value: float
    """产品价值."""
    service_value: float
    """服务价值."""
    personnel_value: float
    """人员价值."""
    image_value: float
    """形象价值."""
    money_cost: float
    """货币成本."""
    time_cost: float
    """时间成本."""
    energy_cost: float
    """体力成本."""
    psychic_cost: float
    """精神成本."""

    @property
    def total_customer_value(self) -> float:
        """顾客总价值: product + service + personnel + image value."""
        return sum(getattr(self, p) for p in _VALUE_PARTS)

    @property
    def total_customer_cost(self) -> float:
        """顾客总成本: money + time + energy + psychic cost."""
        return sum(getattr(self, p) for p in _COST_PARTS)

    @property
    def delivered_value(self) -> float:
        """``total_customer_value - total_customer_cost``."""
        return self.total_customer_value - self.total_customer_cost

    def _derived(self) -> dict[str, Any]:
        return {
            "total_customer_value": self.total_customer_value,
            "total_customer_cost": self.total_customer_cost,
            "delivered_value": self.delivered_value,
        }


def delivered_value(
    *,
    product_value: float = 0.0,
    service_value: float = 0.0,
    personnel_value: float = 0.0,
    image_value: float = 0.0,
    money_cost: float = 0.0,
    time_cost: float = 0.0,
    energy_cost: float = 0.0,
    psychic_cost: float = 0.0,
) -> DeliveredValue:
    """Customer delivered value (顾客让渡价值, Kotler 1994; B6).

    ::

        delivered value = total customer value - total customer cost
        total value = product + service + personnel + image value
        total cost  = money + time + energy + psychic cost

    Source: seed 003 §3.4.2 and textbook 004 ch. 2 (伍京华).

    Parameters
    ----------
    product_value, service_value, personnel_value, image_value : float
        The four parts of total customer value, >= 0 (keyword only).
    money_cost, time_cost, energy_cost, psychic_cost : float
        The four parts of total customer cost, >= 0 (keyword only).

    Returns
    -------
    DeliveredValue
        The parts and ``total_customer_value``, ``total_customer_cost``,
        ``delivered_value``.

    Examples
    --------
    >>> v = delivered_value(product_value=100, service_value=30, image_value=10,
    ...                     money_cost=80, time_cost=15)
    >>> v.total_customer_value, v.total_customer_cost, v.delivered_value
    (140.0, 95.0, 45.0)
    """
    parts = {
        "product_value": product_value,
        "service_value": service_value,
        "personnel_value": personnel_value,
        "image_value": image_value,
        "money_cost": money_cost,
        "time_cost": time_cost,
        "energy_cost": energy_cost,
        "psychic_cost": psychic_cost,
    }
    return DeliveredValue(**{k: check_number(k, v, 0) for k, v in parts.items()})


def choose_offer(offers: Mapping[str, DeliveredValue]) -> str:
    """Name of the offer with the largest delivered value (B6).

    Customers compare value and cost and pick the offer whose delivered value
    is largest (textbook 004 ch. 2). Ties go to the first offer listed.

    Parameters
    ----------
    offers : Mapping[str, DeliveredValue]
        Offers by name, each from :func:`delivered_value`.

    Returns
    -------
    str
        The chosen offer's name.

    Examples
    --------
    >>> choose_offer({
    ...     "ours": delivered_value(product_value=100, money_cost=70),
    ...     "rival": delivered_value(product_value=90, money_cost=50),
    ... })
    'rival'
    """
    if not isinstance(offers, Mapping) or not offers:
        raise invalid("offers", offers, "a non-empty mapping of name -> DeliveredValue")
    best_name, best = None, -math.inf
    for name, offer in offers.items():
        if not isinstance(offer, DeliveredValue):
            raise invalid(f"offers[{name!r}]", offer, "a DeliveredValue")
        if offer.delivered_value > best:
            best_name, best = name, offer.delivered_value
    return best_name


# --- retention -> value (E9) --------------------------------------------------


def _npv_grid(m: np.ndarray, r: np.ndarray, i: float) -> np.ndarray:
    """Gross lifetime value for each constant retention rate in ``r``."""
    t = np.arange(1, m.size + 1)
    return (m * (r[:, None] / (1.0 + i)) ** t).sum(axis=1)


def npv_increase_from_retention(
    margins, retention_rate, discount_rate, retention_lift=0.05, acquisition_cost=0.0
) -> float:
    """Relative rise in a customer's net present value when retention rises (E9).

    ``NPV(r + lift) / NPV(r) - 1`` with ``NPV`` = :func:`lifetime_value`
    (constant retention rate per period, net of the acquisition cost).
    Reichheld & Sasser (1990) report it for a 5-point cut in defections,
    read here as ``lift = 0.05`` added to the retention rate (percentage
    points, not 5 % of it).

    Parameters
    ----------
    margins : array_like
        Margin profile per period (e.g. growing over years 1-6).
    retention_rate : float
        Base retention rate per period, in [0, 1 - lift].
    discount_rate : float
        Discount rate per period, >= 0.
    retention_lift : float, default 0.05
        Rise of the retention rate, in (0, 1].
    acquisition_cost : float, default 0
        Cost of winning a customer, >= 0; the base NPV must stay > 0.

    Returns
    -------
    float
        The relative increase (0.95 = +95 %).

    Examples
    --------
    Infinite-horizon check: ``(0.95/0.15) / (0.9/0.2) - 1 = 0.4074``.

    >>> round(npv_increase_from_retention([1.0] * 2000, 0.90, 0.10), 4)
    0.4074
    """
    lift = check_number("retention_lift", retention_lift, 0, 1, lo_open=True)
    r = check_number("retention_rate", retention_rate, 0, 1 - lift)
    base = lifetime_value(margins, r, discount_rate, acquisition_cost)
    if base <= 0:
        raise CRMSimError(
            f"retention_rate={r!r} gives a net present value of {base:.6g}: allowed "
            "inputs whose base value is > 0"
        )
    lifted = lifetime_value(margins, r + lift, discount_rate, acquisition_cost)
    return lifted / base - 1.0


def solve_base_retention(
    target_increase,
    margins,
    discount_rate,
    retention_lift=0.05,
    acquisition_cost=0.0,
    min_retention=0.5,
) -> float:
    """Base retention rate at which a lift raises NPV by ``target_increase`` (E9).

    Solves ``npv_increase_from_retention(m, r, i, lift, AC) = target`` for
    ``r`` in ``[min_retention, 1 - lift]``. The increase is U-shaped in ``r``:
    it rises with ``r`` where real retention rates lie, but also explodes as
    ``r -> 0`` (``NPV -> 0``), so the equation can have a second, spurious
    root at a tiny retention rate. Hence the search floor ``min_retention``
    and the **highest** root is returned. It scans 2001 rates from the top
    and refines the first crossing by bisection.

    This is a *reading* aid for the seed's table (E9): it shows which inputs
    could reproduce a row, not what Reichheld measured.

    Parameters
    ----------
    target_increase : float
        Relative NPV increase to reproduce (0.95 for +95 %), > 0.
    margins : array_like
        Margin profile per period.
    discount_rate : float
        Discount rate per period, >= 0.
    retention_lift : float, default 0.05
        Rise of the retention rate, in (0, 1).
    acquisition_cost : float, default 0
        Cost of winning a customer, >= 0.
    min_retention : float, default 0.5
        Lowest base retention rate searched, in [0, 1 - lift).

    Returns
    -------
    float
        The base retention rate, or ``nan`` if no rate in
        ``[min_retention, 1 - lift]`` reproduces the target.

    Examples
    --------
    Infinite horizon (closed form), i = 10 %: ``r = 0.9`` gives +40.7 %.

    >>> round(solve_base_retention(0.40740741, [1.0] * 2000, 0.10), 4)
    0.9
    >>> solve_base_retention(5.0, [1.0] * 20, 0.10)  # out of reach
    nan
    """
    g = check_number("target_increase", target_increase, 0, lo_open=True)
    m = check_array("margins", margins, ndim=1)
    i = check_number("discount_rate", discount_rate, 0)
    lift = check_number(
        "retention_lift", retention_lift, 0, 1, lo_open=True, hi_open=True
    )
    ac = check_number("acquisition_cost", acquisition_cost, 0)
    lowest = check_number("min_retention", min_retention, 0, 1 - lift, hi_open=True)

    def excess(r: np.ndarray) -> np.ndarray:
        base = _npv_grid(m, r, i) - ac
        lifted = _npv_grid(m, r + lift, i) - ac
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(base > 0, lifted / base - 1.0 - g, np.nan)
        return out

    grid = np.linspace(1.0 - lift, lowest, 2001)  # from high to low
    f = excess(grid)
    for k in range(grid.size):  # the first crossing from the top is the highest root
        if not np.isfinite(f[k]):
            continue
        if f[k] == 0:
            return float(grid[k])
        if k + 1 < grid.size and np.isfinite(f[k + 1]) and f[k] * f[k + 1] < 0:
            hi, lo, f_hi = grid[k], grid[k + 1], f[k]
            for _ in range(100):
                mid = 0.5 * (hi + lo)
                f_mid = excess(np.array([mid]))[0]
                if np.sign(f_mid) == np.sign(f_hi):
                    hi, f_hi = mid, f_mid
                else:
                    lo = mid
            return float(0.5 * (hi + lo))
    return math.nan


def implied_acquisition_cost(
    target_increase, margins, retention_rate, discount_rate, retention_lift=0.05
) -> float:
    """Acquisition cost at which a retention lift raises NPV by ``target`` (E9).

    With ``V0``, ``V1`` the gross values (:func:`lifetime_value` without AC) at
    ``r`` and ``r + lift``, ``(V1 - AC) / (V0 - AC) = 1 + g`` gives::

        AC = ((1 + g) * V0 - V1) / g

    Net of the cost of winning the customer, the same gain in gross value is a
    larger share of a smaller NPV -- one way the large figures of the seed's
    table arise. A negative result means even ``AC = 0`` gives more than
    ``target``.

    Parameters
    ----------
    target_increase : float
        Relative NPV increase (0.95 for +95 %), > 0.
    margins : array_like
        Margin profile per period.
    retention_rate : float
        Base retention rate per period, in [0, 1 - lift].
    discount_rate : float
        Discount rate per period, >= 0.
    retention_lift : float, default 0.05
        Rise of the retention rate, in (0, 1].

    Returns
    -------
    float
        The acquisition cost, in the money unit of the margins.

    Examples
    --------
    Infinite horizon, r 0.90 -> 0.95, i = 10 %: ``V0 = 4.5``, ``V1 = 6.333``;
    for +95 %: ``(1.95 * 4.5 - 6.333) / 0.95 = 2.57`` periods of margin.

    >>> round(implied_acquisition_cost(0.95, [1.0] * 2000, 0.90, 0.10), 2)
    2.57
    """
    g = check_number("target_increase", target_increase, 0, lo_open=True)
    lift = check_number("retention_lift", retention_lift, 0, 1, lo_open=True)
    r = check_number("retention_rate", retention_rate, 0, 1 - lift)
    v0 = lifetime_value(margins, r, discount_rate)
    v1 = lifetime_value(margins, r + lift, discount_rate)
    return ((1.0 + g) * v0 - v1) / g


# --- 80/20: whale curve, Lorenz curve, Gini (A2) ------------------------------


def whale_curve(profits) -> tuple[np.ndarray, np.ndarray]:
    """Whale curve: cumulative share of profit vs customers ranked by profit (A2).

    Customers are sorted from most to least profitable; point ``k`` is
    ``(k / n, sum of the top k profits / total profit)``, starting at (0, 0)
    and ending at (1, 1). With unprofitable customers the curve rises above
    1 (100 %) and falls back to 1 at the end -- the "whale" (Kaplan & Cooper
    1998, *Cost & Effect*).

    Parameters
    ----------
    profits : array_like
        Profit per customer (1-d, may be negative); the total must be > 0.

    Returns
    -------
    customer_share, profit_share : numpy.ndarray
        Both of length ``n + 1``.

    Examples
    --------
    >>> x, y = whale_curve([50, -10, 20, 40])
    >>> x.tolist(), y.tolist()
    ([0.0, 0.25, 0.5, 0.75, 1.0], [0.0, 0.5, 0.9, 1.1, 1.0])
    """
    p = check_array("profits", profits, ndim=1)
    total = p.sum()
    if total <= 0:
        raise CRMSimError(
            f"profits sum to {total:.6g}: allowed profits whose total is > 0"
        )
    ranked = np.sort(p)[::-1]
    share = np.concatenate([[0.0], np.cumsum(ranked) / total])
    share[-1] = 1.0  # exact end point despite rounding
    return np.linspace(0.0, 1.0, p.size + 1), share


def lorenz_curve(values) -> tuple[np.ndarray, np.ndarray]:
    """Lorenz curve of non-negative values (A2).

    Values sorted from smallest to largest; point ``k`` is ``(k / n, sum of
    the k smallest / total)``, from (0, 0) to (1, 1); increasing and convex.
    The 80/20 rule reads off it as "the top 20 % hold ``1 - L(0.8)``".

    Parameters
    ----------
    values : array_like
        Non-negative values (revenue, profit of profitable customers), total
        > 0.

    Returns
    -------
    population_share, value_share : numpy.ndarray
        Both of length ``n + 1``.

    Examples
    --------
    >>> x, y = lorenz_curve([1, 3, 6])
    >>> y.tolist()
    [0.0, 0.1, 0.4, 1.0]
    """
    v = check_array("values", values, 0, ndim=1)
    total = v.sum()
    if total <= 0:
        raise CRMSimError("values sum to 0: allowed values whose total is > 0")
    share = np.concatenate([[0.0], np.cumsum(np.sort(v)) / total])
    share[-1] = 1.0
    return np.linspace(0.0, 1.0, v.size + 1), share


def gini(values) -> float:
    """Gini coefficient of non-negative values (A2).

    ``G = sum_i sum_j |x_i - x_j| / (2 n^2 mean)``, computed from the sorted
    values as ``G = sum_k (2k - n - 1) x_(k) / (n sum x)``. 0 when all
    customers are worth the same; ``(n - 1) / n`` when one customer holds all.

    Parameters
    ----------
    values : array_like
        Non-negative values, total > 0.

    Returns
    -------
    float
        The Gini coefficient in [0, 1).

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 10])  # (n - 1) / n
    0.75
    """
    v = np.sort(check_array("values", values, 0, ndim=1))
    total = v.sum()
    if total <= 0:
        raise CRMSimError("values sum to 0: allowed values whose total is > 0")
    n = v.size
    k = np.arange(1, n + 1)
    g = np.sum((2.0 * k - n - 1.0) * v) / (n * total)
    return max(float(g), 0.0)  # rounding can give -1e-16 for equal values


def top_share(profits, top_fraction: float = 0.2) -> float:
    """Share of total profit from the most profitable ``top_fraction`` (A2).

    Read off the whale curve (:func:`whale_curve`) at ``top_fraction``,
    interpolating linearly between customers (so 20 % of 7 customers counts
    the top customer and 0.4 of the second). The 80/20 rule says this is
    about 0.8 at 0.2; with unprofitable customers it can exceed 1.

    Parameters
    ----------
    profits : array_like
        Profit per customer; total > 0.
    top_fraction : float, default 0.2
        Share of customers, in [0, 1].

    Returns
    -------
    float
        Their share of total profit.

    Examples
    --------
    >>> top_share([80, 5, 5, 5, 5, 0, 0, 0, 0, 0])  # top 2 of 10: (80 + 5) / 100
    0.85
    """
    q = check_number("top_fraction", top_fraction, 0, 1)
    x, y = whale_curve(profits)
    return float(np.interp(q, x, y))


@dataclass(frozen=True)
class ParetoSummary(Result):
    """80/20 summary of a customer base's profits (A2)."""

    n_customers: int
    total_profit: float
    top_fraction: float
    top_share: float
    """Share of total profit from the top ``top_fraction`` of customers."""
    peak_share: float
    """Height of the whale curve: profit of all profitable customers / total."""
    unprofitable_count: int
    """Customers with negative profit (无利润/负利润客户)."""
    unprofitable_share: float
    """``unprofitable_count / n_customers``."""
    unprofitable_loss: float
    """Total loss from unprofitable customers (a positive number)."""


def pareto_summary(profits, top_fraction: float = 0.2) -> ParetoSummary:
    """Summarise the 80/20 rule (二八效应) for a list of customer profits (A2).

    "20 % or fewer of customers bring 80 % of profit; some customers are
    unprofitable" (textbook 004 ch. 1). Reports the top share, the whale
    curve's peak and the unprofitable customers.

    Parameters
    ----------
    profits : array_like
        Profit per customer; total > 0.
    top_fraction : float, default 0.2
        Share of customers counted as "top".

    Returns
    -------
    ParetoSummary
        See its fields.

    Examples
    --------
    >>> s = pareto_summary([50, -10, 20, 40], top_fraction=0.25)
    >>> s.top_share, s.peak_share, s.unprofitable_count, s.unprofitable_loss
    (0.5, 1.1, 1, 10.0)
    """
    p = check_array("profits", profits, ndim=1)
    _, y = whale_curve(p)
    q = check_number("top_fraction", top_fraction, 0, 1)
    loss = p < 0
    return ParetoSummary(
        n_customers=int(p.size),
        total_profit=float(p.sum()),
        top_fraction=q,
        top_share=top_share(p, q),
        peak_share=float(y.max()),
        unprofitable_count=int(loss.sum()),
        unprofitable_share=float(loss.mean()),
        unprofitable_loss=float(-p[loss].sum()),
    )


# --- RFM and share of wallet (F2) ---------------------------------------------


def share_of_wallet(spend_with_firm, total_category_spend):
    """Share of wallet (钱包份额, E6, F2): spend with the firm / category spend.

    Parameters
    ----------
    spend_with_firm : float or array_like
        What the customer spends with the firm, in [0, total].
    total_category_spend : float or array_like
        What the customer spends on the category with all firms, > 0.

    Returns
    -------
    float or numpy.ndarray
        The share, in [0, 1].

    Examples
    --------
    >>> share_of_wallet(30, 120)
    0.25
    """
    s = check_array("spend_with_firm", spend_with_firm, 0)
    t = check_array("total_category_spend", total_category_spend, 0, lo_open=True)
    check_at_most("spend_with_firm", s, "total_category_spend", t)
    return as_output(s / t)


def quintile_scores(values, higher_is_better: bool = True) -> np.ndarray:
    """Quintile scores 1-5 by rank (F2, for RFM).

    ``score = 1 + floor(5 * (rank - 1/2) / n)`` with average ranks for ties
    (rank 1 = worst): each fifth of the customers gets one score, tied values
    get the same score, and a constant column scores 3 throughout.

    Parameters
    ----------
    values : array_like
        One number per customer (1-d).
    higher_is_better : bool, default True
        False for recency, where a smaller value (more recent) is better.

    Returns
    -------
    numpy.ndarray
        Integer scores 1-5.

    Examples
    --------
    >>> quintile_scores(list(range(10))).tolist()
    [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    >>> quintile_scores([3, 1, 2], higher_is_better=False).tolist()
    [1, 5, 3]
    """
    v = check_array("values", values, ndim=1)
    key = v if higher_is_better else -v
    rank = pd.Series(key).rank(method="average").to_numpy()
    return (1 + np.floor(5.0 * (rank - 0.5) / v.size)).astype(np.int64)


RFM_SEGMENTS: dict[tuple[bool, bool, bool], tuple[str, str]] = {
    (True, True, True): ("important value", "重要价值客户"),
    (True, False, True): ("important to develop", "重要发展客户"),
    (False, True, True): ("important to keep", "重要保持客户"),
    (False, False, True): ("important to win back", "重要挽留客户"),
    (True, True, False): ("general value", "一般价值客户"),
    (True, False, False): ("general to develop", "一般发展客户"),
    (False, True, False): ("general to keep", "一般保持客户"),
    (False, False, False): ("general to win back", "一般挽留客户"),
}
"""The eight RFM segments of Chinese CRM practice, keyed by (R, F, M) high.

A widespread convention (not from the seed texts): each of R, F, M is high or
low; monetary value separates "important" (重要) from "general" (一般), and
recency x frequency gives value / develop / keep / win back.
"""


def rfm_segment(r_score, f_score, m_score, high_score: int = 4) -> np.ndarray:
    """RFM segment name for each customer from the R, F, M scores (F2).

    A score counts as high when it is at least ``high_score`` (4: above the
    average quintile score 3); the segment is :data:`RFM_SEGMENTS`
    ``[(R high, F high, M high)]``.

    Parameters
    ----------
    r_score, f_score, m_score : array_like
        Scores 1-5 (:func:`quintile_scores`).
    high_score : int, default 4
        Lowest score that counts as high, 1-5.

    Returns
    -------
    numpy.ndarray
        English segment names (look the Chinese up in :data:`RFM_SEGMENTS`).

    Examples
    --------
    >>> rfm_segment([5, 1], [4, 2], [5, 5]).tolist()
    ['important value', 'important to win back']
    """
    hs = check_number("high_score", high_score, 1, 5)
    r, f, m = (
        check_array(n, s, 1, 5) >= hs
        for n, s in (("r_score", r_score), ("f_score", f_score), ("m_score", m_score))
    )
    r, f, m = np.broadcast_arrays(r, f, m)
    names = [
        RFM_SEGMENTS[(bool(a), bool(b), bool(c))][0]
        for a, b, c in zip(r.ravel(), f.ravel(), m.ravel(), strict=True)
    ]
    return np.array(names, dtype=object).reshape(r.shape)


def rfm_table(
    transactions: pd.DataFrame,
    *,
    customer: str = "customer_id",
    time: str = "week",
    amount: str = "amount",
    now=None,
    high_score: int = 4,
) -> pd.DataFrame:
    """RFM scores and segments from a transaction log (F2).

    Per customer: recency ``R = now - last purchase`` (in the time column's
    unit: weeks for week numbers, days for dates), frequency ``F`` = number of
    transactions, monetary value ``M`` = total amount; each scored into
    quintiles 1-5 (:func:`quintile_scores`, recent = 5) and segmented with
    :func:`rfm_segment`. (Hughes 1994, *Strategic Database Marketing*.)

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction.
    customer, time, amount : str
        Column names: customer id; week number or date; amount (money >= 0).
    now : number or date-like, optional
        Reference time for recency; default the last time in the log.
    high_score : int, default 4
        Passed to :func:`rfm_segment`.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer, sorted: ``recency, frequency, monetary, r_score,
        f_score, m_score, rfm_code`` (e.g. "545"), ``segment, segment_zh``.

    Examples
    --------
    >>> log = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "c", "c"],
    ...                     "week": [1, 9, 2, 5, 8, 10],
    ...                     "amount": [20.0, 30.0, 5.0, 10.0, 10.0, 40.0]})
    >>> t = rfm_table(log)[["recency", "frequency", "monetary", "rfm_code"]]
    >>> t  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary rfm_code
    customer_id
    a                1.0          2      50.0      333
    b                8.0          1       5.0      111
    c                0.0          3      60.0      555
    """
    if not isinstance(transactions, pd.DataFrame):
        raise invalid("transactions", type(transactions).__name__, "a pandas DataFrame")
    missing = [c for c in (customer, time, amount) if c not in transactions.columns]
    if missing:
        raise CRMSimError(
            f"transactions lacks column(s) {missing}: allowed a DataFrame with "
            f"columns {customer!r}, {time!r}, {amount!r}"
        )
    if transactions.empty:
        raise CRMSimError("transactions is empty: allowed at least one transaction")
    if transactions[customer].isna().any():
        raise CRMSimError(f"transactions[{customer!r}] has missing ids: allowed none")
    check_array(f"transactions[{amount!r}]", transactions[amount].to_numpy(), 0)
    times = transactions[time]
    is_date = pd.api.types.is_datetime64_any_dtype(times)
    if not is_date:
        check_array(f"transactions[{time!r}]", times.to_numpy())
    elif times.isna().any():
        raise CRMSimError(f"transactions[{time!r}] has missing dates: allowed none")

    g = transactions.groupby(customer, sort=True)
    last = g[time].max()
    ref = times.max() if now is None else (pd.Timestamp(now) if is_date else now)
    if not is_date:
        ref = check_number("now", ref)
    if (last > ref).any():
        raise invalid(
            "now", now, f"a time at or after the last purchase ({times.max()})"
        )
    recency = ref - last
    if is_date:
        recency = recency / pd.Timedelta(days=1)
    out = pd.DataFrame(
        {
            "recency": recency.astype(float),
            "frequency": g.size().astype(np.int64),
            "monetary": g[amount].sum().astype(float),
        }
    )
    out["r_score"] = quintile_scores(out["recency"].to_numpy(), higher_is_better=False)
    out["f_score"] = quintile_scores(out["frequency"].to_numpy())
    out["m_score"] = quintile_scores(out["monetary"].to_numpy())
    out["rfm_code"] = [
        f"{r}{f}{m}"
        for r, f, m in zip(out["r_score"], out["f_score"], out["m_score"], strict=True)
    ]
    seg = rfm_segment(out["r_score"], out["f_score"], out["m_score"], high_score)
    zh = {en: z for en, z in RFM_SEGMENTS.values()}
    out["segment"] = list(seg)
    out["segment_zh"] = [zh[s] for s in seg]
    return out
