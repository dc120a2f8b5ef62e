"""Tests of crmsim.course: the helpers the chapter notebooks share."""

import math

import numpy as np
import pandas as pd
import pytest

import crmsim
from crmsim import (
    CRMSimError,
    Stage,
    churn_score_report,
    churn_snapshot,
    customer_equity_test,
    fit_churn_model,
    gains_curve,
    profit_by_tenure_year,
    relationship_value_measures,
    sensitivity,
    simulate,
    stage_transitions,
    sweep_parameter,
)
from crmsim.model.rules import cost_to_serve

SMALL = dict(n_customers=150, weeks=40)


@pytest.fixture(scope="module")
def social_run():
    return simulate("social", seed=3, transactions=True, n_customers=200, weeks=70)


def test_exported():
    for name in crmsim.course.__all__:
        assert name in crmsim.__all__
        assert getattr(crmsim, name).__doc__


# --- sweeps -------------------------------------------------------------------


def test_sweep_parameter_is_tidy_and_matches_simulate():
    t = sweep_parameter("default", "switching_cost", [0.0, 0.3], seeds=[1, 2], **SMALL)
    assert t[["value", "seed"]].values.tolist() == [
        [0.0, 1],
        [0.0, 2],
        [0.3, 1],
        [0.3, 2],
    ]
    assert (t["parameter"] == "switching_cost").all()
    direct = simulate("default", seed=2, switching_cost=0.3, **SMALL).summary
    assert t.iloc[3]["profit"] == pytest.approx(direct["profit"], abs=0)


def test_sweep_parameter_metrics_and_errors():
    t = sweep_parameter(None, "relationship_level", [0], metrics=["profit"], **SMALL)
    assert list(t.columns) == ["parameter", "value", "seed", "profit"]
    with pytest.raises(CRMSimError, match="unknown"):
        sweep_parameter(None, "relationship_level", [0], metrics=["nope"], **SMALL)
    with pytest.raises(CRMSimError, match="did you mean"):
        sweep_parameter(None, "switching_cots", [0.1], **SMALL)
    with pytest.raises(CRMSimError, match="relationship_level"):
        sweep_parameter(None, "relationship_level", [7], **SMALL)
    with pytest.raises(CRMSimError, match="empty"):
        sweep_parameter(None, "relationship_level", [], **SMALL)


def test_sensitivity_values_and_elasticity():
    t = sensitivity(
        "default", ["service_quality", "acquisition_cost"], metric="revenue", **SMALL
    )
    assert set(t["parameter"]) == {"service_quality", "acquisition_cost"}
    row = t.set_index("parameter").loc["service_quality"]
    assert (row["low"], row["high"]) == pytest.approx((0.585, 0.715))
    expected = ((row["metric_high"] - row["metric_low"]) / abs(row["metric_base"])) / (
        (row["high"] - row["low"]) / row["base"]
    )
    assert row["elasticity"] == pytest.approx(expected)
    # sorted by the size of the swing
    assert t["swing"].abs().is_monotonic_decreasing


def test_sensitivity_clips_to_range_and_rejects_zero():
    t = sensitivity(
        "default",
        ["service_quality"],
        change=0.5,
        service_quality=0.9,
        metric="revenue",
        **SMALL,
    )
    assert t.loc[0, "high"] == 1.0
    with pytest.raises(CRMSimError, match="non-zero"):
        sensitivity("default", ["discount_rate"], discount_rate=0.0, **SMALL)
    with pytest.raises(CRMSimError, match="numeric"):
        sensitivity("default", ["wallet_share"], **SMALL)


# --- stage flows ----------------------------------------------------------------


def test_stage_transitions_balance_the_weekly_counts():
    sc = crmsim.preset("social").replace(**SMALL)
    t = stage_transitions(sc, seed=2)
    weekly = simulate(sc, seed=2).weekly
    for stage in Stage:
        name = stage.name.lower()
        inflow = t.loc[t["to_stage"] == name, "moves"].sum()
        outflow = t.loc[t["from_stage"] == name, "moves"].sum()
        assert weekly[name].iloc[0] + inflow - outflow == weekly[name].iloc[-1]
    won = t.query("from_stage == 'prospect' and to_stage == 'exploration'")
    assert int(won["moves"].iloc[0]) == int(weekly["new"].iloc[1:].sum())
    assert t.loc[0, "from_zh"] == "潜在客户"


# --- churn ------------------------------------------------------------------------


def test_churn_snapshot_truth_matches_the_run():
    d = churn_snapshot("default", at_week=20, horizon_weeks=15, seed=4, n_customers=200)
    assert d["churned"].any() and not d["churned"].all()
    assert ((d["churn_week"] > 20) & (d["churn_week"] <= 35))[d["churned"]].all()
    assert (d.loc[~d["churned"], "churn_week"] == -1).all()
    # the same market as simulate() with the same seed and length
    res = simulate("default", seed=4, n_customers=200, weeks=35)
    c = res.customers.set_index("customer")
    assert (c.loc[d.index[d["churned"]], "stage"] == Stage.CHURNED).all()
    assert (d["recency_weeks"] >= 0).all()
    assert (d["frequency_recent"] <= d["frequency"]).all()
    with pytest.raises(CRMSimError, match="at_week"):
        churn_snapshot("default", at_week=0, horizon_weeks=5)


def test_fit_churn_model_recovers_a_known_logistic_model():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4000, 2))
    p = 1 / (1 + np.exp(-(-0.5 + 1.5 * x[:, 0] - 1.0 * x[:, 1])))
    d = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "y": rng.random(4000) < p})
    m = fit_churn_model(d, ["a", "b"], "y", ridge=0.0)
    # coefficients are per standard deviation; x has sd ~ 1
    assert m.coefficients["a"] == pytest.approx(1.5, abs=0.15)
    assert m.coefficients["b"] == pytest.approx(-1.0, abs=0.15)
    assert m.intercept == pytest.approx(-0.5, abs=0.15)
    assert m.predict(d).shape == (4000,)
    with pytest.raises(CRMSimError, match="one outcome"):
        fit_churn_model(d.assign(y=True), ["a"], "y")
    with pytest.raises(CRMSimError, match="lacks"):
        fit_churn_model(d, ["c"], "y")


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


# --- value measures --------------------------------------------------------------


def test_relationship_value_measures_identities(social_run):
    m = relationship_value_measures(social_run)
    w, c, sc = social_run.weekly, social_run.customers, social_run.scenario
    cy = c["tenure_weeks"].sum() / 52
    assert m["customer_years"] == pytest.approx(cy)
    spend = w["discounts"].sum() + w["contact_cost"].sum() + w["structural_cost"].sum()
    assert m["retention_cost_per_customer_year"] == pytest.approx(spend / cy)
    assert m["retention_cost_per_customer_year"] > 0  # social bonds cost money
    assert m["acquisition_cost_per_customer"] == pytest.approx(sc.acquisition_cost)
    years = sc.weeks / 52
    churned = (c["stage"] == Stage.CHURNED).sum()
    assert m["churn_cost_per_year"] == pytest.approx(
        (churned * sc.acquisition_cost + c["referral_damage"].sum()) / years
    )
    assert m["profit_per_customer_year"] == pytest.approx(w["profit"].sum() / cy)


def test_profit_by_tenure_year_adds_up(social_run):
    t = profit_by_tenure_year(social_run).set_index("year")
    c, sc, log = social_run.customers, social_run.scenario, social_run.transactions
    assert t.index.tolist() == [0, 1, 2]
    assert t.loc[0, "profit"] == pytest.approx(-c["acquisition_cost"].mean())
    # customer-weeks over the years = all tenure
    assert t["customer_weeks"].sum() == c["tenure_weeks"].sum()
    # total margin = net revenue - cost of goods, whatever the year
    margin = sum(
        t.loc[y, "purchase_margin"] * t.loc[y, "customer_weeks"] / 52 for y in (1, 2)
    )
    assert margin == pytest.approx(
        log["amount"].sum() - c["cogs"].sum(), abs=0.01 * len(log)
    )
    # cost to serve over the years = the ledger's service cost
    serve = sum(
        t.loc[y, "cost_to_serve"] * t.loc[y, "customer_weeks"] / 52 for y in (1, 2)
    )
    assert serve == pytest.approx(
        c["service_cost"].sum(), abs=0.01 * c["tenure_weeks"].sum()
    )
    # a second-year customer is served more cheaply
    assert t.loc[2, "cost_to_serve"] < t.loc[1, "cost_to_serve"]
    assert t.loc[1, "cost_to_serve"] < 52 * cost_to_serve(
        0, sc.service_cost, sc.service_cost_floor, sc.service_learning_weeks
    )
    with pytest.raises(CRMSimError, match="transactions=True"):
        profit_by_tenure_year(simulate(seed=1, **SMALL))


# --- customer equity test ------------------------------------------------------


KW = dict(
    margin=100.0,
    discount_rate=0.1,
    acquisition_ceiling=0.4,
    acquisition_k=0.05,
    retention_ceiling=0.8,
    retention_k=0.1,
)


def test_customer_equity_test_formula_by_hand():
    t = customer_equity_test(10.0, 5.0, **KW).iloc[0]
    a = 0.4 * (1 - math.exp(-0.5))
    r = 0.8 * (1 - math.exp(-0.5))
    rp = r / 1.1
    ce = a * 100 - 10 + a * (100 - 5 / r) * rp / (1 - rp)
    assert t["equity"] == pytest.approx(ce)
    assert t["customer_value"] == pytest.approx(100 + (100 - 5 / r) * rp / (1 - rp))


def test_customer_equity_test_grid_and_best_acquisition_spend():
    grid = customer_equity_test(np.linspace(0, 100, 2001), [0.0, 5.0], **KW)
    assert len(grid) == 2 * 2001
    # no retention spending: nobody is kept, a won customer is worth one margin
    zero = grid[grid["retention_spend"] == 0]
    assert np.allclose(zero["customer_value"], 100.0)
    # the best A for a given R: A* = ln(ceiling * k * V) / k
    five = grid[grid["retention_spend"] == 5.0]
    v = five["customer_value"].iloc[0]
    a_star = math.log(0.4 * 0.05 * v) / 0.05
    best = five.loc[five["equity"].idxmax(), "acquisition_spend"]
    assert best == pytest.approx(a_star, abs=0.06)
    with pytest.raises(CRMSimError, match="acquisition_ceiling"):
        customer_equity_test(1, 1, **{**KW, "acquisition_ceiling": 1.5})
