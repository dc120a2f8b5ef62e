"""What a rise in retention is worth (E9): Reichheld & Sasser's NPV rise.

The relative rise in a customer's net present value when the retention rate
rises, and the two inverse readings used on the seed's retention table: the
base retention that reproduces a rise, and the acquisition cost that does.
Rates are per period of the margins (see :mod:`crmsim.economics.lifetime_value`).

Every invalid argument raises :class:`~crmsim.errors.CRMSimError` with a
one-line message naming the argument, its value and what is allowed.
"""

from __future__ import annotations

import math

import numpy as np

from crmsim.economics.lifetime_value import lifetime_value
from crmsim.errors import CRMSimError
from crmsim.validation import (
    check_array,
    check_number,
)

__all__ = [
    "implied_acquisition_cost",
    "npv_increase_from_retention",
    "solve_base_retention",
]


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
