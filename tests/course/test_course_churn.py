"""Tests of crmsim.course.churn."""

import numpy as np
import pandas as pd
import pytest

from crmsim import (
    CRMSimError,
    Stage,
    churn_score_report,
    churn_snapshot,
    fit_logistic_churn_model,
    gains_curve,
    simulate,
)


def test_churn_snapshot_truth_matches_the_run():
    d = churn_snapshot("default", at_week=20, horizon_weeks=15, seed=4, n_customers=200)
    assert d["churned"].any() and not d["churned"].all()
    assert ((d["churn_week"] > 20) & (d["churn_week"] <= 35))[d["churned"]].all()
    assert (d.loc[~d["churned"], "churn_week"] == -1).all()
    # the same market as simulate() with the same seed and length
    res = simulate("default", seed=4, n_customers=200, weeks=35)
    c = res.customers.set_index("customer")
    # leavers are churned, or back as prospects (open market)
    left = c.loc[d.index[d["churned"]], "stage"]
    assert left.isin([Stage.CHURNED, Stage.PROSPECT]).all()
    assert (c.loc[d.index[~d["churned"]], "stage"] != Stage.CHURNED).all()
    assert (d["recency_weeks"] >= 0).all()
    assert (d["frequency_recent"] <= d["frequency"]).all()
    with pytest.raises(CRMSimError, match="at_week"):
        churn_snapshot("default", at_week=0, horizon_weeks=5)


def test_fit_logistic_churn_model_recovers_a_known_logistic_model():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4000, 2))
    p = 1 / (1 + np.exp(-(-0.5 + 1.5 * x[:, 0] - 1.0 * x[:, 1])))
    d = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "y": rng.random(4000) < p})
    m = fit_logistic_churn_model(d, ["a", "b"], "y", ridge=0.0)
    # coefficients are per standard deviation; x has sd ~ 1
    assert m.coefficients["a"] == pytest.approx(1.5, abs=0.15)
    assert m.coefficients["b"] == pytest.approx(-1.0, abs=0.15)
    assert m.intercept == pytest.approx(-0.5, abs=0.15)
    assert m.predict(d).shape == (4000,)
    with pytest.raises(CRMSimError, match="one outcome"):
        fit_logistic_churn_model(d.assign(y=True), ["a"], "y")
    with pytest.raises(CRMSimError, match="lacks"):
        fit_logistic_churn_model(d, ["c"], "y")


def test_churn_score_report_by_hand():
    scores = [0.9, 0.8, 0.7, 0.3, 0.2, 0.1]
    truth = [1, 0, 1, 0, 1, 0]
    r = churn_score_report(scores, truth, top_fraction=0.5)
    # pairs (churner above stayer): 0.9 beats 3, 0.7 beats 2, 0.2 beats 1 -> 6 / 9
    assert r.auc == pytest.approx(6 / 9)
    assert (r.top_n, r.precision_at_top) == (3, pytest.approx(2 / 3))
    assert r.lift_at_top == pytest.approx((2 / 3) / 0.5)
    assert r.capture_at_top == pytest.approx(2 / 3)
    perfect = churn_score_report([3, 2, 1], [1, 0, 0])
    assert perfect.auc == 1.0
    with pytest.raises(CRMSimError, match="lengths"):
        churn_score_report([1, 2], [1])


def test_gains_curve_ends_and_random_scores_follow_the_diagonal():
    x, y = gains_curve([0.2, 0.9, 0.4, 0.1], [0, 1, 1, 0])
    assert y.tolist() == [0.0, 0.5, 1.0, 1.0, 1.0]
    assert x[0] == 0 and x[-1] == 1
    rng = np.random.default_rng(1)
    truth = rng.random(20000) < 0.3
    x, y = gains_curve(rng.random(20000), truth)
    assert np.max(np.abs(y - x)) < 0.03
