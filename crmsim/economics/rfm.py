"""RFM analysis and share of wallet (钱包份额; F2, E6).

Quintile scores, the eight RFM segments of Chinese CRM practice and the RFM
table of a transaction log (Hughes 1994, *Strategic Database Marketing*).

Every invalid argument raises :class:`~crmsim.errors.CRMSimError` with a
one-line message naming the argument, its value and what is allowed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.validation import (
    as_output,
    check_array,
    check_at_most,
    check_number,
    invalid,
)

__all__ = [
    "RFM_SEGMENTS",
    "quintile_scores",
    "rfm_segment",
    "rfm_table",
    "share_of_wallet",
]


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
