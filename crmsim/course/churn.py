"""Churn prediction with a known truth (F1 customer knowledge, F2 retention).

A snapshot of a simulated market whose later churn is known
(:func:`churn_snapshot`), a logistic regression of churn on a few features
(:func:`fit_logistic_churn_model`), and how well a score ranks the churners
(:func:`churn_score_report`, :func:`gains_curve`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

from crmsim.course._run import watch_run
from crmsim.errors import CRMSimError
from crmsim.model.rules import Stage
from crmsim.model.scenario import Scenario
from crmsim.model.simulation import resolve_scenario
from crmsim.validation import (
    check_array,
    check_number,
    check_whole,
    invalid,
)

__all__ = [
    "LogisticChurnModel",
    "ChurnScoreReport",
    "churn_score_report",
    "churn_snapshot",
    "fit_logistic_churn_model",
    "gains_curve",
]


def churn_snapshot(
    scenario: Scenario | str | None = None,
    *,
    at_week: int,
    horizon_weeks: int,
    seed: int | None = None,
    recent_weeks: int = 13,
    engine: str = "mesa",
    **params: Any,
) -> pd.DataFrame:
    """A churn-prediction data set whose truth is known (F1, F2).

    Runs the market for ``at_week + horizon_weeks`` weeks (the scenario's
    ``weeks`` is replaced). At ``at_week`` every active customer is
    photographed with two kinds of customer knowledge:

    - *observational* (观察性客户知识), from the transaction log so far:
      ``recency_weeks`` (weeks since the last purchase; tenure if none),
      ``frequency`` (purchases), ``frequency_recent`` (purchases in the last
      ``recent_weeks``), ``monetary`` (spend);
    - *dialogue* (对话性客户知识), what a survey would ask: ``satisfaction``
      and ``attitude`` (liking, trust), exact here, a survey would add error;

    plus ``stage`` and ``tenure_weeks``. The run then goes on, and
    ``churned`` says whether the customer defected within ``horizon_weeks``
    -- the truth a *predictive* model (预测性客户知识) tries to anticipate.

    Parameters
    ----------
    scenario : Scenario or str or None
        Scenario or preset name.
    at_week : int
        Week of the snapshot, >= 1.
    horizon_weeks : int
        Weeks after the snapshot in which churn is counted, >= 1.
    seed : int, optional
        Seed of the run.
    recent_weeks : int, default 13
        Window for ``frequency_recent``, >= 1.
    engine : {"mesa", "vector"}
        Engine of the run (identical results for the same seed).
    **params
        Changes to the scenario.

    Returns
    -------
    pandas.DataFrame
        One row per customer active at ``at_week``, indexed by ``customer``.

    Examples
    --------
    >>> d = churn_snapshot("default", at_week=20, horizon_weeks=10, seed=1,
    ...                    n_customers=150)
    >>> d.columns.tolist()[:3], d["churned"].dtype.name
    (['stage', 'tenure_weeks', 'satisfaction'], 'bool')
    """
    at_week = check_whole("at_week", at_week, 1)
    horizon_weeks = check_whole("horizon_weeks", horizon_weeks, 1)
    recent_weeks = check_whole("recent_weeks", recent_weeks, 1)
    sc = resolve_scenario(scenario, {**params, "weeks": at_week + horizon_weeks})
    snap: dict[str, Any] = {}

    def record(model) -> None:
        if model.steps != at_week:
            return
        # the engine's own customer table, so no agent attribute is read
        table = model.customer_table().set_index("customer")
        # active customers: not churned, not leavers back as prospects
        table = table[
            table["stage"].between(int(Stage.EXPLORATION), int(Stage.DECLINE))
        ]
        log = model.transaction_table()
        frame = pd.DataFrame(
            {
                "stage": [Stage(int(c)).name.lower() for c in table["stage"]],
                "tenure_weeks": table["tenure_weeks"],
                "satisfaction": table["satisfaction"],
                "attitude": table["attitude"],
                "behaviour": table["behaviour"],
            },
            index=table.index,
        )
        g = log.groupby("customer")
        last = g["week"].max().reindex(frame.index)
        frame["recency_weeks"] = (at_week - last).fillna(frame["tenure_weeks"])
        frame["frequency"] = g.size().reindex(frame.index, fill_value=0)
        recent = log[log["week"] > at_week - recent_weeks].groupby("customer").size()
        frame["frequency_recent"] = recent.reindex(frame.index, fill_value=0)
        frame["monetary"] = g["amount"].sum().reindex(frame.index, fill_value=0.0)
        snap["frame"] = frame

    model = watch_run(sc, seed, record, transactions=True, engine=engine)
    frame = snap["frame"]
    final = model.customer_table().set_index("customer").reindex(frame.index)
    # a leaver may have come back as a prospect (open market): still a defection
    left = final["stage"].isin([int(Stage.CHURNED), int(Stage.PROSPECT)])
    frame["churned"] = (left | (final["churned_week"] > at_week)).to_numpy()
    frame["churn_week"] = np.where(frame["churned"], final["churned_week"], -1)
    return frame


@dataclass(frozen=True, eq=False)
class LogisticChurnModel:
    """A logistic regression of churn, fitted by :func:`fit_logistic_churn_model`.

    ``P(churn) = expit(intercept + sum_k coef_k * (x_k - mean_k) / scale_k)``.
    """

    features: tuple[str, ...]
    intercept: float
    coefficients: pd.Series
    """Coefficient per feature, per standard deviation of the feature."""
    mean: pd.Series
    scale: pd.Series

    def predict(self, data: pd.DataFrame) -> np.ndarray:
        """Churn probability for each row of ``data``."""
        x = _features(data, self.features)
        z = ((x - self.mean) / self.scale).to_numpy() @ self.coefficients.to_numpy()
        return expit(self.intercept + z)


def _features(data: pd.DataFrame, features: Sequence[str]) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise invalid("data", type(data).__name__, "a pandas DataFrame")
    missing = [f for f in features if f not in data.columns]
    if missing:
        raise CRMSimError(f"data lacks column(s) {missing}: allowed {list(data)}")
    return data[list(features)].astype(float)


def fit_logistic_churn_model(
    data: pd.DataFrame,
    features: Sequence[str],
    target: str = "churned",
    *,
    ridge: float = 1e-3,
) -> LogisticChurnModel:
    """Fit a logistic regression of churn on a few features (F1 predictive knowledge).

    Features are standardised (mean 0, standard deviation 1) and the
    log-likelihood with a small ridge penalty ``ridge * |coef|^2 / 2`` (not
    on the intercept) is maximised by Newton's method -- plain numpy, enough
    for a handful of features and a few thousand customers.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer, e.g. from :func:`churn_snapshot`.
    features : sequence of str
        Numeric columns to use.
    target : str, default "churned"
        Column of 0/1 or bool outcomes; both outcomes must occur.
    ridge : float, default 1e-3
        Penalty weight, >= 0.

    Returns
    -------
    LogisticChurnModel
        With ``predict(data)`` giving churn probabilities.

    Examples
    --------
    >>> d = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5], "y": [1, 1, 0, 1, 0, 0]})
    >>> m = fit_logistic_churn_model(d, ["x"], "y")
    >>> bool(m.coefficients["x"] < 0), m.predict(d).round(2).tolist()[0] > 0.5
    (True, True)
    """
    features = tuple(features)
    if not features:
        raise CRMSimError("features is empty: allowed at least one column")
    x = _features(data, features)
    if target not in data.columns:
        raise CRMSimError(f"data lacks column {target!r}: allowed {list(data)}")
    y = check_array(target, data[target].astype(float).to_numpy(), 0, 1, ndim=1)
    if y.min() == y.max():
        raise CRMSimError(f"{target} has one outcome only: allowed both 0 and 1")
    lam = check_number("ridge", ridge, 0)
    mean, scale = x.mean(), x.std(ddof=0).replace(0.0, 1.0)
    z = ((x - mean) / scale).to_numpy()
    design = np.column_stack([np.ones(len(z)), z])
    penalty = np.diag([0.0] + [lam] * len(features))
    w = np.zeros(design.shape[1])
    for _ in range(100):
        p = expit(design @ w)
        grad = design.T @ (y - p) - penalty @ w
        hess = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hess + 1e-9 * np.eye(len(w)), grad)
        w += step
        if np.max(np.abs(step)) < 1e-10:
            break
    return LogisticChurnModel(
        features=features,
        intercept=float(w[0]),
        coefficients=pd.Series(w[1:], index=list(features), name="coefficient"),
        mean=mean,
        scale=scale,
    )


@dataclass(frozen=True)
class ChurnScoreReport:
    """How well a churn score ranks the customers who did churn."""

    n_customers: int
    churners: int
    base_rate: float
    """Share of customers who churned."""
    auc: float
    """Chance a random churner scores above a random stayer (ties count 1/2)."""
    top_fraction: float
    top_n: int
    """Customers in the top ``top_fraction`` by score."""
    precision_at_top: float
    """Share of churners among them."""
    lift_at_top: float
    """``precision_at_top / base_rate``."""
    capture_at_top: float
    """Share of all churners found among them."""


def _scores_and_truth(scores, churned) -> tuple[np.ndarray, np.ndarray]:
    s = check_array("scores", scores, ndim=1)
    y = check_array("churned", np.asarray(churned, dtype=float), 0, 1, ndim=1)
    if s.size != y.size:
        raise CRMSimError(
            f"scores has {s.size} values and churned {y.size}: allowed equal lengths"
        )
    return s, y > 0.5


def churn_score_report(scores, churned, top_fraction: float = 0.1) -> ChurnScoreReport:
    """Evaluate a churn score against the known truth (F2 retention).

    ``auc`` from ranks (Mann-Whitney): ``(R_1 - n_1 (n_1 + 1) / 2) / (n_1 n_0)``
    with ``R_1`` the sum of the churners' average ranks. The top group is the
    ``ceil(top_fraction * n)`` highest scores (ties by order of the rows).

    Parameters
    ----------
    scores : array_like
        Higher = more likely to churn.
    churned : array_like of bool
        What happened.
    top_fraction : float, default 0.1
        Share of customers a retention campaign could reach, in (0, 1].

    Returns
    -------
    ChurnScoreReport
        AUC, base rate, and precision, lift and capture in the top group.

    Examples
    --------
    >>> r = churn_score_report([0.9, 0.8, 0.3, 0.2, 0.1], [1, 0, 1, 0, 0], 0.2)
    >>> round(r.auc, 3), r.precision_at_top, r.lift_at_top, r.capture_at_top
    (0.833, 1.0, 2.5, 0.5)
    """
    s, y = _scores_and_truth(scores, churned)
    q = check_number("top_fraction", top_fraction, 0, 1, lo_open=True)
    n, n1 = s.size, int(y.sum())
    n0 = n - n1
    if n1 == 0 or n0 == 0:
        raise CRMSimError("churned has one outcome only: allowed both churners and not")
    ranks = pd.Series(s).rank(method="average").to_numpy()
    auc = (ranks[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
    k = max(1, math.ceil(q * n))
    top = np.argsort(-s, kind="stable")[:k]
    caught = int(y[top].sum())
    base = n1 / n
    return ChurnScoreReport(
        n_customers=n,
        churners=n1,
        base_rate=base,
        auc=float(auc),
        top_fraction=q,
        top_n=k,
        precision_at_top=caught / k,
        lift_at_top=(caught / k) / base,
        capture_at_top=caught / n1,
    )


def gains_curve(scores, churned) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative gains: share of churners caught vs share of customers contacted.

    Customers are contacted from the highest score down; point ``k`` is
    ``(k / n, churners among the first k / all churners)``, from (0, 0) to
    (1, 1). A useless score follows the diagonal.

    Parameters
    ----------
    scores : array_like
        Higher = more likely to churn.
    churned : array_like of bool
        What happened; at least one churner.

    Returns
    -------
    contacted, caught : numpy.ndarray
        Both of length ``n + 1``.

    Examples
    --------
    >>> x, y = gains_curve([0.9, 0.1, 0.5], [1, 0, 0])
    >>> x.round(2).tolist(), y.tolist()
    ([0.0, 0.33, 0.67, 1.0], [0.0, 1.0, 1.0, 1.0])
    """
    s, y = _scores_and_truth(scores, churned)
    if not y.any():
        raise CRMSimError("churned has no churners: allowed at least one")
    order = np.argsort(-s, kind="stable")
    caught = np.concatenate([[0.0], np.cumsum(y[order]) / y.sum()])
    return np.linspace(0.0, 1.0, s.size + 1), caught
