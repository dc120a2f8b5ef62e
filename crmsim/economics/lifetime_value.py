"""Customer lifetime value and customer equity (客户终生价值, 客户资产; C4).

Period rates from annual ones, the margin multiple, the closed form, survival,
growing margins, the finite-horizon lifetime value, cohorts and customer equity.

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

from dataclasses import dataclass

import numpy as np

from crmsim.errors import CRMSimError
from crmsim.validation import (
    Result,
    as_output,
    check_array,
    check_number,
    check_whole,
)

__all__ = [
    "CustomerEquity",
    "cohort_value",
    "customer_equity",
    "growing_margins",
    "lifetime_value",
    "lifetime_value_closed_form",
    "margin_multiple",
    "period_discount_rate",
    "period_retention_rate",
    "survival_probabilities",
]


MAX_PERIODS = 100_000
"""The longest horizon the CLV functions build period by period."""


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
    n_periods = check_whole("n_periods", n_periods, 1)
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
        Number of periods, 1 to :data:`MAX_PERIODS` (100,000).

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
    n_periods = check_whole("n_periods", n_periods, 1, MAX_PERIODS)
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
