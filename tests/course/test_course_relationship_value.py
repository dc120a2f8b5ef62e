"""Tests of crmsim.course.relationship_value."""

import math

import numpy as np
import pytest

from crmsim import (
    CRMSimError,
    customer_equity_test,
    profit_by_tenure_year,
    relationship_value_measures,
    simulate,
)
from crmsim.model.rules import cost_to_serve

SMALL = dict(n_customers=150, weeks=40)


@pytest.fixture(scope="module")
def social_run():
    # a market that starts at week 0 (no warm-up, nobody back): every tenure
    # week and every acquisition is inside the run
    return simulate(
        "social",
        seed=3,
        transactions=True,
        n_customers=200,
        weeks=70,
        warmup_weeks=0,
        return_chance=0.0,
    )


def test_relationship_value_measures_identities(social_run):
    m = relationship_value_measures(social_run)
    w, c, sc = social_run.weekly, social_run.customers, social_run.scenario
    cy = w["customers"].iloc[1:].sum() / 52  # customer-weeks inside the run
    assert m["customer_years"] == pytest.approx(cy)
    spend = w["discounts"].sum() + w["contact_cost"].sum() + w["structural_cost"].sum()
    assert m["retention_cost_per_customer_year"] == pytest.approx(spend / cy)
    assert m["retention_cost_per_customer_year"] > 0  # social bonds cost money
    assert m["acquisition_cost_per_customer"] == pytest.approx(sc.acquisition_cost)
    years = sc.weeks / 52
    churned = w["churned_week"].iloc[1:].sum()
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
