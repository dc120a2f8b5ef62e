"""BG/NBD, Pareto/NBD and Gamma-Gamma fits with PyMC-Marketing, against the truth.

The fitting is PyMC-Marketing's (``BetaGeoModel``, ``ParetoNBDModel``,
``GammaGammaModel``, optional extra ``clv``); this module only feeds it
crmsim's tables, reads its predictions back, and compares them with what
the simulation knows.

BG/NBD lets a customer drop out only right after a *repeat* purchase, so a
customer with none has P(alive) = 1 however long ago the trial purchase
was; Pareto/NBD (Schmittlein, Morrison & Colombo 1987) lets a customer
drop out at any moment, as crmsim's customers do (defection can come in
any week, also before the first repeat purchase).

Fits are maximum a posteriori (``method="map"``). With ``priors="flat"``
(the default) every parameter gets a flat prior on the positive half-line,
so the MAP estimate *is* the maximum-likelihood estimate of Fader, Hardie &
Lee (2005) -- on the CDNOW sample it reproduces their r = 0.243,
alpha = 4.41, a = 0.793, b = 2.43. ``priors="default"`` keeps
PyMC-Marketing's weakly informative priors.

Time is in weeks (the RFM tables' ``recency_weeks`` and ``T_weeks``).
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.validation import invalid

__all__ = [
    "BGNBDFit",
    "GammaGammaFit",
    "ParetoNBDFit",
    "TruthComparison",
    "auc",
    "compare_with_truth",
    "expected_tracking",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_pareto_nbd",
    "mape",
    "predict_bgnbd",
]

_PRIORS = ("flat", "default")


def _pymc():
    """Import PyMC-Marketing's CLV models (slow, so only when needed)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pymc_marketing.clv as clv
            from pymc_extras.prior import Prior
    except ImportError:
        raise CRMSimError(
            "PyMC-Marketing is not installed: allowed after pip install 'crmsim[clv]'"
        ) from None
    return clv, Prior


_PYMC_NAMES = {"recency_weeks": "recency", "T_weeks": "T"}


def _model_data(rfm: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Crmsim's week-named RFM columns under PyMC-Marketing's names."""
    missing = [c for c in columns if c not in rfm.columns]
    if missing:
        raise invalid(
            "rfm",
            f"<table without {', '.join(missing)}>",
            "an RFM table from crmsim.clv (rfm_summary, cdnow_rfm, simulate_bgnbd)",
        )
    if len(rfm) == 0:
        raise invalid("rfm", "<empty table>", "at least one customer")
    data = rfm[columns].rename(columns=_PYMC_NAMES).reset_index(drop=True)
    return data


def _fit(model, data, method_kwargs=None):
    start = time.perf_counter()
    with warnings.catch_warnings():
        # PyMC's optimiser and pytensor compile chatter are not the user's concern
        warnings.simplefilter("ignore")
        model.fit(data, method="map", progressbar=False, **(method_kwargs or {}))
    return time.perf_counter() - start


def _values(model, names) -> dict[str, float]:
    post = model.fit_result
    return {n: float(np.asarray(post[n]).reshape(-1)[0]) for n in names}


@dataclass
class BGNBDFit:
    """A fitted BG/NBD model: its parameters, the PyMC-Marketing model, timing.

    Attributes
    ----------
    params : dict
        ``r``, ``alpha`` (per week), ``a``, ``b``.
    model : pymc_marketing.clv.BetaGeoModel
        The fitted model (for its other predictions and plots).
    fit_seconds : float
        Wall time of the MAP fit.
    n_customers : int
        Customers in the calibration data.
    """

    params: dict[str, float]
    model: Any = field(repr=False)
    fit_seconds: float
    n_customers: int


@dataclass
class ParetoNBDFit:
    """A fitted Pareto/NBD model, see :class:`BGNBDFit`.

    ``params`` holds ``r``, ``alpha`` (purchase rates, per week) and ``s``,
    ``beta`` (dropout rates, per week).
    """

    params: dict[str, float]
    model: Any = field(repr=False)
    fit_seconds: float
    n_customers: int


@dataclass
class GammaGammaFit:
    """A fitted Gamma-Gamma spend model (``p``, ``q``, ``v``), see :class:`BGNBDFit`."""

    params: dict[str, float]
    model: Any = field(repr=False)
    fit_seconds: float
    n_customers: int


def _check_priors(priors: str) -> None:
    if priors not in _PRIORS:
        raise invalid("priors", priors, " or ".join(_PRIORS))


def fit_bgnbd(rfm: pd.DataFrame, priors: str = "flat") -> BGNBDFit:
    """Fit BG/NBD (PyMC-Marketing ``BetaGeoModel``) by MAP on an RFM table.

    Parameters
    ----------
    rfm : pandas.DataFrame
        ``customer_id``, ``frequency``, ``recency_weeks``, ``T_weeks``
        (from :func:`~crmsim.clv.export.rfm_summary`,
        :func:`~crmsim.clv.cdnow.cdnow_rfm` or
        :func:`~crmsim.clv.generator.simulate_bgnbd`).
    priors : {"flat", "default"}
        Flat priors (MAP = maximum likelihood) or PyMC-Marketing's defaults.

    Returns
    -------
    BGNBDFit
    """
    _check_priors(priors)
    clv, Prior = _pymc()
    data = _model_data(rfm, ["customer_id", "frequency", "recency_weeks", "T_weeks"])
    config = None
    if priors == "flat":
        config = {k: Prior("HalfFlat") for k in ("r", "alpha", "a", "b")}
    model = clv.BetaGeoModel(model_config=config)
    seconds = _fit(model, data)
    return BGNBDFit(_values(model, ("r", "alpha", "a", "b")), model, seconds, len(data))


def fit_pareto_nbd(rfm: pd.DataFrame, priors: str = "flat") -> ParetoNBDFit:
    """Fit Pareto/NBD (PyMC-Marketing ``ParetoNBDModel``) by MAP on an RFM table.

    Purchase rates ``lambda ~ Gamma(r, alpha)`` as in BG/NBD; each customer's
    lifetime is exponential with rate ``mu ~ Gamma(s, beta)``, so dropout can
    come at any time, not only after a purchase. Same inputs as
    :func:`fit_bgnbd`; its predictions come from :func:`predict_bgnbd` too.
    A MAP fit takes several times as long as BG/NBD's (its likelihood holds
    a hypergeometric function).

    Returns
    -------
    ParetoNBDFit
    """
    _check_priors(priors)
    clv, Prior = _pymc()
    data = _model_data(rfm, ["customer_id", "frequency", "recency_weeks", "T_weeks"])
    config = None
    if priors == "flat":
        config = {k: Prior("HalfFlat") for k in ("r", "alpha", "s", "beta")}
    model = clv.ParetoNBDModel(model_config=config)
    seconds = _fit(model, data)
    params = _values(model, ("r", "alpha", "s", "beta"))
    return ParetoNBDFit(params, model, seconds, len(data))


def fit_gamma_gamma(rfm: pd.DataFrame, priors: str = "flat") -> GammaGammaFit:
    """Fit the Gamma-Gamma spend model on the customers with repeat purchases.

    Gamma-Gamma assumes spend is independent of purchase frequency; it is
    fitted on ``monetary_value`` (mean repeat purchase) of customers with
    ``frequency > 0``.
    """
    _check_priors(priors)
    clv, Prior = _pymc()
    data = _model_data(rfm, ["customer_id", "frequency", "monetary_value"])
    data = data[(data["frequency"] > 0) & (data["monetary_value"] > 0)]
    data = data.reset_index(drop=True)
    if len(data) == 0:
        raise invalid("rfm", "<no repeat buyers>", "customers with repeat purchases")
    config = None
    if priors == "flat":
        config = {k: Prior("HalfFlat") for k in ("p", "q", "v")}
    model = clv.GammaGammaModel(model_config=config)
    seconds = _fit(model, data)
    return GammaGammaFit(_values(model, ("p", "q", "v")), model, seconds, len(data))


_NAME = {BGNBDFit: "BG/NBD", ParetoNBDFit: "Pareto/NBD"}


def _point(array) -> np.ndarray:
    """PyMC-Marketing's (chain, draw, customer) answer as one value a customer."""
    dims = [d for d in ("chain", "draw") if d in array.dims]
    return np.asarray(array.mean(dims) if dims else array, dtype=float)


def predict_bgnbd(
    fit: BGNBDFit | ParetoNBDFit,
    rfm: pd.DataFrame,
    holdout_weeks: float,
    spend: GammaGammaFit | None = None,
) -> pd.DataFrame:
    """Each customer's P(alive) at the end of calibration and holdout purchases.

    ``fit`` is a BG/NBD (:func:`fit_bgnbd`) or Pareto/NBD
    (:func:`fit_pareto_nbd`) fit.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``p_alive``, ``expected_holdout_purchases`` (over
        ``holdout_weeks`` weeks) and, with ``spend``, ``expected_spend``
        (Gamma-Gamma conditional mean of a purchase) and
        ``expected_holdout_value`` (purchases x spend, undiscounted).
    """
    if isinstance(holdout_weeks, bool) or not isinstance(
        holdout_weeks, int | float | np.integer | np.floating
    ):
        raise invalid("holdout_weeks", holdout_weeks, "a number of weeks > 0")
    if not holdout_weeks > 0:
        raise invalid("holdout_weeks", holdout_weeks, "a number of weeks > 0")
    data = _model_data(rfm, ["customer_id", "frequency", "recency_weeks", "T_weeks"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alive = _point(fit.model.expected_probability_alive(data))
        bought = _point(
            fit.model.expected_purchases(data, future_t=float(holdout_weeks))
        )
    if not (np.isfinite(alive).all() and np.isfinite(bought).all()):
        shown = ", ".join(f"{k}={v:.3g}" for k, v in fit.params.items())
        raise CRMSimError(
            f"{_NAME[type(fit)]} predictions are not finite ({shown}): allowed "
            "after a refit "
            "with priors='default' (flat priors let r and alpha run off when "
            "purchase rates hardly differ between customers)"
        )
    out = pd.DataFrame(
        {
            "customer_id": data["customer_id"].to_numpy(),
            "p_alive": alive,
            "expected_holdout_purchases": bought,
        }
    )
    if spend is not None:
        money = _model_data(rfm, ["customer_id", "frequency", "monetary_value"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = _point(spend.model.expected_customer_spend(money))
        out["expected_spend"] = value
        out["expected_holdout_value"] = value * bought
    return out


def expected_tracking(
    fit: BGNBDFit | ParetoNBDFit, birth_weeks: np.ndarray, weeks: int
) -> pd.DataFrame:
    """A fitted model's expected cumulative repeat transactions, week by week.

    ``sum_i E[X(week - birth_i)]`` over customers born at ``birth_weeks``
    (time of the first purchase, in weeks on the calendar axis), with
    PyMC-Marketing's ``expected_purchases_new_customer`` for ``E[X(t)]``.

    Returns
    -------
    pandas.DataFrame
        ``week`` 1..weeks and ``cumulative_repeat_transactions``.
    """
    births, counts = np.unique(np.asarray(birth_weeks, dtype=float), return_counts=True)
    grid = np.arange(1, weeks + 1, dtype=float)
    t = np.clip(grid[:, None] - births[None, :], 0.0, None).reshape(-1)
    data = pd.DataFrame({"customer_id": np.arange(t.size), "t": t})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ex = _point(fit.model.expected_purchases_new_customer(data, t=t))
    ex = np.where(t > 0, ex, 0.0).reshape(grid.size, births.size)
    return pd.DataFrame(
        {"week": grid.astype(np.int64), "cumulative_repeat_transactions": ex @ counts}
    )


def auc(score, label) -> float:
    """Area under the ROC curve: chance a random positive outscores a negative.

    The Mann-Whitney statistic with ties counted one half.

    Examples
    --------
    >>> auc([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0])
    1.0
    >>> auc([0.5, 0.5], [1, 0])
    0.5
    """
    from scipy.stats import rankdata

    score = np.asarray(score, dtype=float)
    label = np.asarray(label, dtype=bool)
    n_pos, n_neg = int(label.sum()), int((~label).sum())
    if n_pos == 0 or n_neg == 0:
        raise invalid("label", "<one class only>", "both positives and negatives")
    ranks = rankdata(score)
    return float((ranks[label].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def mape(predicted, actual) -> float:
    """Mean absolute percentage error, in percent, over entries with actual > 0.

    Examples
    --------
    >>> mape([110, 90], [100, 100])
    10.0
    """
    predicted = np.asarray(predicted, dtype=float)
    actual = np.asarray(actual, dtype=float)
    keep = actual > 0
    return float(100 * np.mean(np.abs(predicted[keep] - actual[keep]) / actual[keep]))


@dataclass(frozen=True)
class TruthComparison:
    """A BG/NBD (+ Gamma-Gamma) fit scored against the simulation's truth.

    Attributes
    ----------
    p_alive_auc : float
        AUC of P(alive) against the true alive flag at the end of calibration.
    calibration : pandas.DataFrame
        P(alive) in ten equal-count bins: mean predicted vs share truly alive.
    holdout_purchases_predicted, holdout_purchases_actual : float
        Total holdout purchases, expected by the model and observed.
    holdout_purchases_mae : float
        Mean absolute error per customer.
    holdout_value_predicted, holdout_value_actual : float
        Holdout spend in currency units, predicted (purchases x Gamma-Gamma
        spend) and realised; NaN without a spend model or amounts.
    one_purchase_share : float
        Share of customers with no repeat purchase, whose P(alive) BG/NBD
        sets to 1 by construction.
    one_purchase_alive_share : float
        Share of those truly alive.
    """

    p_alive_auc: float
    calibration: pd.DataFrame
    holdout_purchases_predicted: float
    holdout_purchases_actual: float
    holdout_purchases_mae: float
    holdout_value_predicted: float
    holdout_value_actual: float
    one_purchase_share: float
    one_purchase_alive_share: float

    def to_dict(self) -> dict[str, Any]:
        """The scalar figures as a plain dict."""
        return {
            k: float(v)
            for k, v in self.__dict__.items()
            if not isinstance(v, pd.DataFrame)
        }


def compare_with_truth(
    base: pd.DataFrame,
    prediction: pd.DataFrame,
    holdout_value: pd.Series | None = None,
) -> TruthComparison:
    """Score predictions against the truth of a simulated customer base.

    Parameters
    ----------
    base : pandas.DataFrame
        A table with ``customer_id``, ``frequency``, ``alive`` and
        ``holdout_purchases`` (:func:`~crmsim.clv.export.customer_base` or
        :func:`~crmsim.clv.generator.simulate_bgnbd`).
    prediction : pandas.DataFrame
        From :func:`predict_bgnbd`.
    holdout_value : pandas.Series, optional
        Realised holdout spend per customer id (currency units).

    Returns
    -------
    TruthComparison
    """
    need = {"customer_id", "frequency", "alive", "holdout_purchases"}
    if not need <= set(base.columns):
        missing = ", ".join(sorted(need - set(base.columns)))
        raise invalid("base", f"<table without {missing}>", "a table with the truth")
    m = base.merge(prediction, on="customer_id", how="inner", validate="1:1")
    alive = m["alive"].to_numpy(bool)
    p = m["p_alive"].to_numpy(float)
    bins = pd.qcut(pd.Series(p).rank(method="first"), 10, labels=False)
    calibration = (
        pd.DataFrame({"bin": bins, "p_alive": p, "alive": alive})
        .groupby("bin")
        .agg(
            predicted=("p_alive", "mean"), actual=("alive", "mean"), n=("alive", "size")
        )
        .reset_index()
    )
    one = m["frequency"].to_numpy() == 0
    value_pred = value_act = float("nan")
    if holdout_value is not None and "expected_holdout_value" in m:
        value_pred = float(m["expected_holdout_value"].sum())
        value_act = float(
            holdout_value.reindex(m["customer_id"]).fillna(0.0).to_numpy().sum()
        )
    return TruthComparison(
        p_alive_auc=auc(p, alive),
        calibration=calibration,
        holdout_purchases_predicted=float(m["expected_holdout_purchases"].sum()),
        holdout_purchases_actual=float(m["holdout_purchases"].sum()),
        holdout_purchases_mae=float(
            np.mean(np.abs(m["expected_holdout_purchases"] - m["holdout_purchases"]))
        ),
        holdout_value_predicted=value_pred,
        holdout_value_actual=value_act,
        one_purchase_share=float(one.mean()),
        one_purchase_alive_share=float(alive[one].mean())
        if one.any()
        else float("nan"),
    )
