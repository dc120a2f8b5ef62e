"""Helpers the chapter notebooks share: sweeps, flows, churn, value measures.

Each helper either runs the model through the one run path
(:func:`crmsim.simulate`), reads a :class:`~crmsim.Results`, or is a pure
formula. Two of them, :func:`stage_transitions` and :func:`churn_snapshot`,
need the state of every customer *during* a run, which ``Results`` does not
keep; they drive :class:`~crmsim.CRMModel` week by week exactly as
``simulate(engine="mesa")`` does, so the same seed gives the same market.

Concept IDs (B7, C1, E9, F1, F2) refer to the course digest.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import expit

from crmsim.errors import CRMSimError
from crmsim.model.market import market_constants
from crmsim.model.rules import Stage
from crmsim.model.scenario import Scenario
from crmsim.model.simulation import Results, resolve_scenario, simulate
from crmsim.validation import check_array, check_number, invalid

__all__ = [
    "ChurnModel",
    "ChurnScoreReport",
    "churn_score_report",
    "churn_snapshot",
    "customer_equity_test",
    "fit_churn_model",
    "gains_curve",
    "profit_by_tenure_year",
    "relationship_value_measures",
    "sensitivity",
    "stage_transitions",
    "sweep_parameter",
]

WEEKS_PER_YEAR = 52
_STAGE_ZH = {s: s.chinese for s in Stage}


# --- sweeps -------------------------------------------------------------------


def _seeds(seeds: Iterable[int]) -> list[int]:
    out = list(seeds)
    if not out:
        raise CRMSimError("seeds is empty: allowed at least one seed")
    return out


def _pick(summary: dict[str, Any], metrics: Sequence[str] | None) -> dict[str, Any]:
    if metrics is None:
        return dict(summary)
    unknown = [m for m in metrics if m not in summary]
    if unknown:
        raise CRMSimError(
            f"metrics {unknown} are unknown: allowed {', '.join(sorted(summary))}"
        )
    return {m: summary[m] for m in metrics}


def sweep_parameter(
    scenario: Scenario | str | None,
    parameter: str,
    values: Iterable[Any],
    *,
    seeds: Iterable[int] = (1,),
    metrics: Sequence[str] | None = None,
    engine: str = "mesa",
    **params: Any,
) -> pd.DataFrame:
    """Run a scenario for each value of one parameter and each seed.

    Every run goes through :func:`crmsim.simulate`; each seed is used for
    every value (common random numbers), so differences between values are
    not blurred by different luck.

    Parameters
    ----------
    scenario : Scenario or str or None
        The base scenario or a preset name (None: the default market).
    parameter : str
        Name of the :class:`~crmsim.Scenario` field to vary.
    values : iterable
        Values of that parameter, each validated like any scenario value.
    seeds : iterable of int, default (1,)
        Seeds; one run per value and seed.
    metrics : sequence of str, optional
        Keys of ``Results.summary`` to keep (default: all of them).
    engine : str, default "mesa"
        Passed to :func:`crmsim.simulate`.
    **params
        Further changes to the base scenario, applied to every run.

    Returns
    -------
    pandas.DataFrame
        One tidy row per run: ``parameter``, ``value``, ``seed`` and the
        summary measures (profit, yearly_retention, ...).

    Examples
    --------
    >>> t = sweep_parameter("default", "switching_cost", [0.0, 0.2],
    ...                     n_customers=100, weeks=26, metrics=["profit"])
    >>> t.columns.tolist(), t["value"].tolist()
    (['parameter', 'value', 'seed', 'profit'], [0.0, 0.2])
    """
    base = resolve_scenario(scenario, params)
    values = list(values)
    if not values:
        raise CRMSimError("values is empty: allowed at least one value")
    seeds = _seeds(seeds)
    runs = [base.replace(**{parameter: v}) for v in values]  # validate first
    rows = []
    for value, sc in zip(values, runs, strict=True):
        for seed in seeds:
            res = simulate(sc, seed=seed, engine=engine)
            rows.append(
                {
                    "parameter": parameter,
                    "value": value,
                    "seed": seed,
                    **_pick(res.summary, metrics),
                }
            )
    return pd.DataFrame(rows)


def _range_of(name: str) -> tuple[float, float, bool]:
    for f in dataclasses.fields(Scenario):
        if f.name == name:
            if "range" not in f.metadata or "length" in f.metadata:
                break
            lo, hi = f.metadata["range"]
            return lo, hi, f.metadata["integer"]
    raise CRMSimError(
        f"parameter {name!r} is invalid: allowed a numeric Scenario parameter"
    )


def sensitivity(
    scenario: Scenario | str | None,
    parameters: Iterable[str],
    *,
    change: float = 0.1,
    metric: str = "profit",
    seeds: Iterable[int] = (1,),
    engine: str = "mesa",
    **params: Any,
) -> pd.DataFrame:
    """One-at-a-time sensitivity of a summary measure to each parameter.

    Each parameter is moved ``change`` (relative) down and up from its base
    value, the others held fixed, and ``metric`` is averaged over ``seeds``
    (the same seeds for every run). Values are clipped to the parameter's
    allowed range and whole-number parameters rounded. The elasticity is::

        elasticity = ((metric_high - metric_low) / |metric_base|)
                     / ((high - low) / base)

    the relative change in the metric per relative change in the parameter.

    Parameters
    ----------
    scenario : Scenario or str or None
        Base scenario or preset name.
    parameters : iterable of str
        Numeric :class:`~crmsim.Scenario` fields; each must be non-zero in
        the base scenario (a relative change of 0 is 0).
    change : float, default 0.1
        Relative change, in (0, 1) (0.1 = +-10 %).
    metric : str, default "profit"
        Key of ``Results.summary``.
    seeds : iterable of int, default (1,)
        Seeds to average over.
    engine : str, default "mesa"
        Passed to :func:`crmsim.simulate`.
    **params
        Changes to the base scenario.

    Returns
    -------
    pandas.DataFrame
        One row per parameter, sorted by ``swing`` (largest first):
        ``parameter, base, low, high, metric_base, metric_low, metric_high,
        swing`` (``metric_high - metric_low``) and ``elasticity``.

    Examples
    --------
    >>> t = sensitivity("default", ["service_quality"], n_customers=100,
    ...                 weeks=26, metric="revenue")
    >>> t[["parameter", "base", "low", "high"]].round(3).values.tolist()
    [['service_quality', 0.65, 0.585, 0.715]]
    """
    base = resolve_scenario(scenario, params)
    rel = check_number("change", change, 0, 1, lo_open=True, hi_open=True)
    seeds = _seeds(seeds)
    names = list(parameters)
    if not names:
        raise CRMSimError("parameters is empty: allowed at least one parameter")

    def mean_metric(sc: Scenario) -> float:
        vals = [
            _pick(simulate(sc, seed=s, engine=engine).summary, [metric])[metric]
            for s in seeds
        ]
        return float(np.mean(vals))

    plan = []
    for name in names:
        lo_allowed, hi_allowed, integer = _range_of(name)
        x0 = getattr(base, name)
        if x0 == 0:
            raise CRMSimError(
                f"{name}={x0!r} is invalid here: allowed a non-zero base value "
                "(a relative change of 0 is 0)"
            )
        lo, hi = sorted((x0 * (1 - rel), x0 * (1 + rel)))
        lo, hi = max(lo, lo_allowed), min(hi, hi_allowed)
        if integer:
            lo, hi = math.floor(lo), math.ceil(hi)
        if lo == hi:
            raise CRMSimError(f"{name}: a {rel:g} change leaves it unchanged")
        plan.append((name, x0, lo, hi))
    y0 = mean_metric(base)
    rows = []
    for name, x0, lo, hi in plan:
        y_lo = mean_metric(base.replace(**{name: lo}))
        y_hi = mean_metric(base.replace(**{name: hi}))
        elasticity = (
            ((y_hi - y_lo) / abs(y0)) / ((hi - lo) / x0) if y0 != 0 else math.nan
        )
        rows.append(
            {
                "parameter": name,
                "base": x0,
                "low": lo,
                "high": hi,
                "metric_base": y0,
                "metric_low": y_lo,
                "metric_high": y_hi,
                "swing": y_hi - y_lo,
                "elasticity": elasticity,
            }
        )
    out = pd.DataFrame(rows)
    order = out["swing"].abs().sort_values(ascending=False).index
    return out.loc[order].reset_index(drop=True)


# --- driving the model week by week ---------------------------------------------


def _drive(
    scenario: Scenario,
    seed: int | None,
    on_week: Callable[[Any], None],
    transactions: bool = False,
):
    """Run the Mesa model as ``simulate`` does, calling ``on_week(model)``."""
    from crmsim.model.crm_model import CRMModel

    model = CRMModel(scenario, rng=seed, record_transactions=transactions)
    on_week(model)
    while model.running:
        model.step()
        on_week(model)
    return model


def _stages(model) -> np.ndarray:
    return np.fromiter((int(a.stage) for a in model.people), dtype=np.int64)


def stage_transitions(
    scenario: Scenario | str | None = None,
    *,
    seed: int | None = None,
    **params: Any,
) -> pd.DataFrame:
    """Count the moves between lifecycle stages during a run (C1).

    Runs the scenario (the same market as ``simulate(scenario, seed=seed)``)
    and compares every person's stage from one week to the next. A customer
    who changes stage and defects in the same week is counted once, from the
    stage they started the week in. Customers in the starting base (week 0)
    are not counted as won.

    Parameters
    ----------
    scenario : Scenario or str or None
        Scenario or preset name.
    seed : int, optional
        Seed of the run.
    **params
        Changes to the scenario.

    Returns
    -------
    pandas.DataFrame
        One row per (from, to) pair that occurred, in stage order:
        ``from_stage, to_stage, from_zh, to_zh, moves``.

    Examples
    --------
    >>> t = stage_transitions("default", seed=1, n_customers=100, weeks=26)
    >>> t.iloc[0][["from_stage", "to_stage"]].tolist()
    ['prospect', 'exploration']
    """
    sc = resolve_scenario(scenario, params)
    counts = np.zeros((len(Stage), len(Stage)), dtype=np.int64)
    state: dict[str, np.ndarray] = {}

    def record(model) -> None:
        now = _stages(model)
        prev = state.get("prev")
        if prev is not None:
            moved = prev != now
            np.add.at(counts, (prev[moved], now[moved]), 1)
        state["prev"] = now

    _drive(sc, seed, record)
    src, dst = np.nonzero(counts)
    return pd.DataFrame(
        {
            "from_stage": [Stage(int(s)).name.lower() for s in src],
            "to_stage": [Stage(int(d)).name.lower() for d in dst],
            "from_zh": [_STAGE_ZH[Stage(int(s))] for s in src],
            "to_zh": [_STAGE_ZH[Stage(int(d))] for d in dst],
            "moves": counts[src, dst],
        }
    )


def churn_snapshot(
    scenario: Scenario | str | None = None,
    *,
    at_week: int,
    horizon_weeks: int,
    seed: int | None = None,
    recent_weeks: int = 13,
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
    for name, value in (
        ("at_week", at_week),
        ("horizon_weeks", horizon_weeks),
        ("recent_weeks", recent_weeks),
    ):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise invalid(name, value, "a whole number >= 1")
        if value < 1:
            raise invalid(name, value, "a whole number >= 1")
    sc = resolve_scenario(scenario, {**params, "weeks": at_week + horizon_weeks})
    snap: dict[str, Any] = {}

    def record(model) -> None:
        if model.steps != at_week:
            return
        people = [a for a in model.people if a.is_active]
        log = model.transaction_table()
        frame = pd.DataFrame(
            {
                "customer": [a.index for a in people],
                "stage": [Stage(a.stage).name.lower() for a in people],
                "tenure_weeks": [a.tenure for a in people],
                "satisfaction": [a.satisfaction for a in people],
                "attitude": [a.attitude for a in people],
                "behaviour": [a.behaviour for a in people],
            }
        ).set_index("customer")
        g = log.groupby("customer")
        last = g["week"].max().reindex(frame.index)
        frame["recency_weeks"] = (at_week - last).fillna(frame["tenure_weeks"])
        frame["frequency"] = g.size().reindex(frame.index, fill_value=0)
        recent = log[log["week"] > at_week - recent_weeks].groupby("customer").size()
        frame["frequency_recent"] = recent.reindex(frame.index, fill_value=0)
        frame["monetary"] = g["amount"].sum().reindex(frame.index, fill_value=0.0)
        snap["frame"] = frame

    model = _drive(sc, seed, record, transactions=True)
    frame = snap["frame"]
    final = {a.index: a for a in model.people}
    frame["churned"] = [final[c].stage is Stage.CHURNED for c in frame.index]
    frame["churn_week"] = [
        final[c].churned_week if final[c].stage is Stage.CHURNED else -1
        for c in frame.index
    ]
    return frame


# --- churn scores ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ChurnModel:
    """A logistic churn model fitted by :func:`fit_churn_model`.

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


def fit_churn_model(
    data: pd.DataFrame,
    features: Sequence[str],
    target: str = "churned",
    *,
    ridge: float = 1e-3,
) -> ChurnModel:
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
    ChurnModel
        With ``predict(data)`` giving churn probabilities.

    Examples
    --------
    >>> d = pd.DataFrame({"x": [0, 1, 2, 3, 4, 5], "y": [1, 1, 0, 1, 0, 0]})
    >>> m = fit_churn_model(d, ["x"], "y")
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
    return ChurnModel(
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


# --- value measures from a run ---------------------------------------------------


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
    customer_years = float(c["tenure_weeks"].sum()) / WEEKS_PER_YEAR
    retention_spend = float(
        w["discounts"].sum() + w["contact_cost"].sum() + w["structural_cost"].sum()
    )
    acquisition_spend = float(w["acquisition_cost"].sum())
    won_by_marketing = int((c["channel"] != 2).sum())
    churned = float((c["stage"] == Stage.CHURNED).sum())
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


# --- acquisition vs retention spending (Blattberg & Deighton) ----------------------


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
