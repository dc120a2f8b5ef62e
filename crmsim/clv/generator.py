"""A market that obeys BG/NBD's assumptions exactly: data with known truth.

This is a *data generator*, not a fitter (fitting is PyMC-Marketing's job,
:mod:`crmsim.clv.models`). It draws customers the way the BG/NBD model says
they behave (Fader, Hardie & Lee 2005, section 2), plus Gamma-Gamma spend
(Fader & Hardie 2013), so a fit can be scored against the parameters that
made the data:

- while active, a customer buys at the times of a Poisson process with rate
  ``lambda`` per week; ``lambda ~ Gamma(shape=r, rate=alpha)``;
- right after every purchase (the trial purchase at time 0 included as the
  start, not as a chance to leave) the customer drops out with chance ``p``;
  ``p ~ Beta(a, b)``;
- each repeat purchase is worth ``z ~ Gamma(shape=p_spend, rate=nu)``,
  ``nu ~ Gamma(shape=q_spend, rate=v_spend)``, so the customer's mean spend
  is ``p_spend / nu``.

Time is in weeks from each customer's first purchase.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmsim.validation import check_array, check_number, invalid

__all__ = ["simulate_bgnbd"]


def _positive(name: str, value) -> float:
    return check_number(name, value, lo=0.0, lo_open=True)


def simulate_bgnbd(
    n_customers: int,
    *,
    r: float,
    alpha: float,
    a: float,
    b: float,
    T_weeks: float | np.ndarray = 39.0,
    holdout_weeks: float = 0.0,
    p_spend: float = 6.0,
    q_spend: float = 4.0,
    v_spend: float = 15.0,
    rng=None,
) -> pd.DataFrame:
    """Draw a customer base from the BG/NBD and Gamma-Gamma models.

    Parameters
    ----------
    n_customers : int
        Number of customers (each made a first purchase at their time 0).
    r, alpha : float
        Shape and rate (per week) of the Gamma distribution of purchase rates.
    a, b : float
        Parameters of the Beta distribution of dropout chances.
    T_weeks : float or array
        Weeks from each customer's first purchase to the end of calibration
        (one number for all, or one per customer).
    holdout_weeks : float
        Length of a holdout period after calibration (0: none).
    p_spend, q_spend, v_spend : float
        Gamma-Gamma spend parameters (shape of a purchase's value; shape and
        rate of the Gamma distribution of its rate).
    rng : int or numpy Generator, optional
        Seed or generator of the draws.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``frequency``, ``recency_weeks``, ``T_weeks``,
        ``monetary_value`` (mean repeat purchase, 0 without repeats),
        ``holdout_purchases``, and the truth: ``purchase_rate`` (lambda per
        week), ``dropout_prob`` (p), ``mean_spend``, ``alive`` (at the end
        of calibration). ``attrs`` holds the true parameters.

    Examples
    --------
    >>> base = simulate_bgnbd(500, r=0.25, alpha=4.0, a=0.8, b=2.5, rng=1)
    >>> bool((base["recency_weeks"] <= base["T_weeks"]).all())
    True
    """
    if (
        isinstance(n_customers, bool)
        or not isinstance(n_customers, int | np.integer)
        or n_customers < 1
    ):
        raise invalid("n_customers", n_customers, "a whole number >= 1")
    params = {
        name: _positive(name, value)
        for name, value in dict(
            r=r, alpha=alpha, a=a, b=b, p_spend=p_spend, q_spend=q_spend,
            v_spend=v_spend,
        ).items()
    }  # fmt: skip
    holdout = check_number("holdout_weeks", holdout_weeks, lo=0.0)
    n = int(n_customers)
    T = check_array("T_weeks", T_weeks, lo=0.0, lo_open=True)
    if T.size not in (1, n):
        raise invalid("T_weeks", T_weeks, f"one number or {n} numbers of weeks")
    T = np.broadcast_to(T.reshape(-1), (n,)).copy()
    gen = np.random.default_rng(rng)

    lam = gen.gamma(params["r"], 1.0 / params["alpha"], n)
    p = gen.beta(params["a"], params["b"], n)
    horizon = T + holdout

    # Walk every customer's purchases forward until they drop out or pass
    # the horizon; each round handles one purchase of everyone still going.
    t = np.zeros(n)
    frequency = np.zeros(n, dtype=np.int64)
    last = np.zeros(n)
    hold = np.zeros(n, dtype=np.int64)
    active = np.ones(n, dtype=bool)  # not dropped out (yet)
    going = np.flatnonzero(lam > 0)
    while going.size:
        t[going] += gen.exponential(1.0, going.size) / lam[going]
        inside = t[going] <= horizon[going]
        going = going[inside]
        cal = t[going] <= T[going]
        c = going[cal]
        frequency[c] += 1
        last[c] = t[c]
        hold[going[~cal]] += 1
        leaves = gen.random(going.size) < p[going]
        active[going[leaves]] = False
        going = going[~leaves]
    # dropping out follows a purchase, so anyone who bought in the holdout
    # period was still alive at T
    alive_at_T = active | (hold > 0)

    nu = gen.gamma(params["q_spend"], 1.0 / params["v_spend"], n)
    total = np.where(
        frequency > 0,
        gen.gamma(np.maximum(frequency, 1) * params["p_spend"], 1.0 / nu),
        0.0,
    )
    out = pd.DataFrame(
        {
            "customer_id": np.arange(n, dtype=np.int64),
            "frequency": frequency,
            "recency_weeks": last,
            "T_weeks": T,
            "monetary_value": np.where(
                frequency > 0, total / np.maximum(frequency, 1), 0.0
            ),
            "holdout_purchases": hold,
            "purchase_rate": lam,
            "dropout_prob": p,
            "mean_spend": params["p_spend"] / nu,
            "alive": alive_at_T,
        }
    )
    out.attrs = {"time_unit": "weeks", "truth": params, "holdout_weeks": holdout}
    return out
