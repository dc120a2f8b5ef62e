"""crmsim.clv.models: PyMC-Marketing fits scored against known truth.

MAP fits only (a few seconds each), so the module runs in well under a
minute.
"""

import numpy as np
import pytest

pytest.importorskip("pymc_marketing")

from crmsim import simulate  # noqa: E402
from crmsim.clv import (  # noqa: E402
    auc,
    compare_with_truth,
    customer_base,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_pareto_nbd,
    mape,
    predict_bgnbd,
    simulate_bgnbd,
)
from crmsim.clv.export import truth_table  # noqa: E402
from crmsim.errors import CRMSimError  # noqa: E402


def truth_prices(res):
    """The price paid per basket in each stage (currency units)."""
    return truth_table(res).attrs["basket_value_by_stage"]


TRUTH = dict(r=0.25, alpha=4.0, a=0.8, b=2.5)
SPEND = dict(p_spend=6.0, q_spend=4.0, v_spend=15.0)
# Stated tolerance at this size: 10,000 customers observed 52-104 weeks.
# Over six seeds the largest errors were 7 % (r, alpha) and 14 % (a, b):
# a and b are identified only through the few customers seen to drop out.
N, T_RANGE = 10_000, (52.0, 104.0)
TOLERANCE = dict(r=0.10, alpha=0.10, a=0.25, b=0.25)


@pytest.fixture(scope="module")
def known_base():
    T = np.random.default_rng(100).uniform(*T_RANGE, N)
    return simulate_bgnbd(N, **TRUTH, **SPEND, T_weeks=T, holdout_weeks=26, rng=0)


@pytest.fixture(scope="module")
def known_fit(known_base):
    return fit_bgnbd(known_base)


@pytest.mark.parametrize("name", list(TRUTH))
def test_map_fit_recovers_bgnbd_parameters(known_fit, name):
    assert known_fit.params[name] == pytest.approx(TRUTH[name], rel=TOLERANCE[name])


def test_gamma_gamma_recovers_mean_spend(known_base):
    """Population mean spend p v / (q - 1) (Fader & Hardie 2013, eq. 3)."""
    fit = fit_gamma_gamma(known_base)
    p, q, v = (fit.params[k] for k in "pqv")
    truth = SPEND["p_spend"] * SPEND["v_spend"] / (SPEND["q_spend"] - 1)
    assert p * v / (q - 1) == pytest.approx(truth, rel=0.05)


def test_predictions_on_known_truth(known_base, known_fit):
    pred = predict_bgnbd(known_fit, known_base, holdout_weeks=26)
    assert pred["p_alive"].between(0, 1).all()
    cmp = compare_with_truth(known_base, pred)
    # the data obey the model: the total holdout count is close
    assert cmp.holdout_purchases_predicted == pytest.approx(
        cmp.holdout_purchases_actual, rel=0.05
    )
    # one-purchase customers are alive by construction in BG/NBD, and truly
    assert cmp.one_purchase_alive_share == 1.0
    assert cmp.calibration["n"].sum() == len(known_base)


_MARKETS = {}


def _default_market(seed):
    """The default crmsim market: one year calibration, one year holdout,
    with its BG/NBD and Pareto/NBD fits (made once a seed)."""
    if seed not in _MARKETS:
        res = simulate(
            "default", seed=seed, engine="vector", transactions=True, weeks=104
        )
        base = customer_base(res, calibration_end_week=52, holdout_end_week=104)
        # purchase rates in crmsim hardly differ between customers: flat
        # priors let r and alpha run off, PyMC-Marketing's default priors hold
        bg = fit_bgnbd(base, priors="default")
        pareto = fit_pareto_nbd(base, priors="default")
        _MARKETS[seed] = res, base, bg, pareto
    return _MARKETS[seed]


@pytest.fixture(scope="module")
def default_market():
    res, base, _, _ = _default_market(1)
    return res, base


# Issue 12: P(alive) AUC on the default market >= 0.9. crmsim's customers
# can defect in any week, also before their first repeat purchase; BG/NBD
# gives every customer without one P(alive) = 1 by construction, so it
# cannot rank them, while Pareto/NBD (dropout at any moment) can. Held here
# on seeds 1-3: Pareto/NBD on the whole cohort, BG/NBD on the repeat buyers
# (where its P(alive) comes from the data). BG/NBD on the whole cohort is
# measured, not held (README: 0.88-0.93 on seeds 1-5).
AUC_FLOOR = 0.9
AUC_SEEDS = [1, 2, 3]


@pytest.mark.parametrize("seed", AUC_SEEDS)
def test_p_alive_auc_on_the_default_market(seed):
    """P(alive) separates the truly alive from the lost."""
    res, base, bg, pareto = _default_market(seed)
    pareto_cmp = compare_with_truth(base, predict_bgnbd(pareto, base, 52))
    assert pareto_cmp.p_alive_auc >= AUC_FLOOR
    pred = predict_bgnbd(bg, base, 52)
    repeat = (base["frequency"] > 0).to_numpy()
    assert auc(pred["p_alive"][repeat], base["alive"][repeat]) >= AUC_FLOOR


def test_gamma_gamma_spend_on_the_default_market(default_market):
    res, base = default_market
    _, _, bg, _ = _default_market(1)
    spend = fit_gamma_gamma(base, priors="default")
    pred = predict_bgnbd(bg, base, holdout_weeks=52, spend=spend)
    log = res.transactions
    value = log[log["week"] > 52].groupby("customer")["amount"].sum()
    cmp = compare_with_truth(base, pred, holdout_value=value)
    assert cmp.holdout_value_actual > 0 and np.isfinite(cmp.holdout_value_predicted)
    # the spend per purchase is right to within its stage prices
    prices = np.array(list(truth_prices(res).values()))
    paid = pred["expected_spend"][base["frequency"] > 0]
    assert prices[prices > 0].min() <= paid.median() <= prices.max()


def test_pareto_nbd_sees_the_one_purchase_customers_leave(default_market):
    """BG/NBD gives every customer without a repeat purchase P(alive) = 1;
    Pareto/NBD, whose customers can leave at any time (as crmsim's defect in
    any week), lowers it the longer the silence, and ranks better."""
    _, base, bg_fit, pareto_fit = _default_market(1)
    bg = predict_bgnbd(bg_fit, base, holdout_weeks=52)
    assert set(pareto_fit.params) == {"r", "alpha", "s", "beta"}
    pareto = predict_bgnbd(pareto_fit, base, holdout_weeks=52)
    none = (base["frequency"] == 0).to_numpy()
    assert none.sum() >= 2
    np.testing.assert_allclose(bg["p_alive"].to_numpy()[none], 1.0)
    silent = base.loc[none, "T_weeks"].to_numpy()
    p = pareto["p_alive"].to_numpy()[none]
    assert (np.diff(p[np.argsort(silent)]) <= 1e-12).all()
    assert p.min() < 0.5
    bg_auc = compare_with_truth(base, bg).p_alive_auc
    assert compare_with_truth(base, pareto).p_alive_auc > bg_auc


def test_flat_priors_on_homogeneous_rates_say_what_to_do(default_market):
    _, base = default_market
    fit = fit_bgnbd(base)
    if fit.params["r"] < 1e4:  # the optimiser stopped in range: nothing to say
        pytest.skip(f"flat-prior fit stayed finite (r={fit.params['r']:.3g})")
    with pytest.raises(CRMSimError, match="priors='default'"):
        predict_bgnbd(fit, base, holdout_weeks=52)


def test_auc_and_mape_closed_forms():
    assert auc([3, 2, 1], [1, 0, 0]) == 1.0
    assert auc([1, 2, 3], [1, 0, 0]) == 0.0
    assert auc([1, 2, 3, 4], [1, 0, 1, 0]) == pytest.approx(0.25)
    assert mape([1, 2, 3], [1, 1, 0]) == pytest.approx(50.0)


def test_bad_input_is_refused(known_base, known_fit):
    with pytest.raises(CRMSimError, match="priors"):
        fit_bgnbd(known_base, priors="weak")
    with pytest.raises(CRMSimError, match="recency_weeks"):
        fit_bgnbd(known_base.drop(columns="recency_weeks"))
    with pytest.raises(CRMSimError, match="holdout_weeks"):
        predict_bgnbd(known_fit, known_base, holdout_weeks=0)
    with pytest.raises(CRMSimError, match="label"):
        auc([0.1, 0.2], [1, 1])
