"""The 80/20 rule (二八效应; A2): whale curve, Lorenz curve, Gini, top share.

How concentrated a customer base's profits are, and how much the
unprofitable customers cost.

Every invalid argument raises :class:`~crmsim.errors.CRMSimError` with a
one-line message naming the argument, its value and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmsim.errors import CRMSimError
from crmsim.validation import (
    Result,
    check_array,
    check_number,
)

__all__ = [
    "ParetoSummary",
    "gini",
    "lorenz_curve",
    "pareto_summary",
    "top_share",
    "whale_curve",
]


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
