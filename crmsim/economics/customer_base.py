"""Lifecycle of the customer base and churn (企业客户群体生命周期, 客户流失率; C2).

``T = N / M`` years for ``N`` customers losing ``M`` a year, the annual churn
rate ``M / N`` and the mean customer lifetime ``1 / churn``.

Every invalid argument raises :class:`~crmsim.errors.CRMSimError` with a
one-line message naming the argument, its value and what is allowed.
"""

from __future__ import annotations

from crmsim.validation import (
    as_output,
    check_array,
    check_at_most,
)

__all__ = [
    "annual_churn_rate",
    "base_lifecycle_years",
    "mean_lifetime_periods",
]


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
