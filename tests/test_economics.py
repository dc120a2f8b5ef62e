"""Tests of crmsim.economics against hand-computed values and invariants."""

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import crmsim
from crmsim import economics as ec
from crmsim.errors import CRMSimError

retention = st.floats(0.0, 0.98)
discount = st.floats(0.0, 0.5)
margin = st.floats(0.01, 1e4)


# --- exports ------------------------------------------------------------------


def test_every_public_name_is_exported_and_exists():
    assert len(set(ec.__all__)) == len(ec.__all__)
    for name in ec.__all__:
        assert getattr(crmsim, name) is getattr(ec, name)


# --- rate conversion ----------------------------------------------------------


@pytest.mark.parametrize(
    ("annual", "k", "expected"),
    [
        (0.10, 1, 0.10),
        (0.21, 2, 0.10),  # 1.1 ** 2 = 1.21
        (0.0, 52, 0.0),
        (0.10, 52, 1.1 ** (1 / 52) - 1),
    ],
)
def test_period_discount_rate(annual, k, expected):
    assert ec.period_discount_rate(annual, k) == pytest.approx(expected, abs=1e-15)


def test_period_retention_rate_compounds_back_to_annual():
    # 0.81 a year over two half-years: 0.9 * 0.9
    assert ec.period_retention_rate(0.81, 2) == pytest.approx(0.9)
    assert ec.period_retention_rate(0.8, 52) ** 52 == pytest.approx(0.8)


# --- closed-form CLV ----------------------------------------------------------


@pytest.mark.parametrize(
    ("r", "i", "expected"),
    [
        (0.8, 0.10, 0.8 / 0.3),  # 2.67, Gupta & Lehmann
        (0.9, 0.10, 0.9 / 0.2),  # 4.5
        (0.5, 0.0, 0.5 / 0.5),  # 1
        (0.0, 0.10, 0.0),
    ],
)
def test_margin_multiple(r, i, expected):
    assert ec.margin_multiple(r, i) == pytest.approx(expected)


def test_margin_multiple_at_08_01_is_2_67():
    assert round(ec.margin_multiple(0.8, 0.1), 2) == 2.67


def test_margin_multiple_vectorises():
    out = ec.margin_multiple(np.array([0.5, 0.8]), 0.1)
    assert out == pytest.approx([0.5 / 0.6, 0.8 / 0.3])


@pytest.mark.parametrize(
    ("m", "r", "i", "ac", "expected"),
    [
        (100, 0.8, 0.10, 0, 100 * 0.8 / 0.3),
        (100, 0.8, 0.10, 50, 100 * 0.8 / 0.3 - 50),
        (60, 0.75, 0.05, 10, 60 * 0.75 / 0.30 - 10),  # 150 - 10
    ],
)
def test_lifetime_value_closed_form(m, r, i, ac, expected):
    assert ec.lifetime_value_closed_form(m, r, i, ac) == pytest.approx(expected)


# --- finite-horizon CLV -------------------------------------------------------


def test_lifetime_value_three_years_by_hand():
    # 100*0.8/1.1 + 100*0.64/1.21 + 100*0.512/1.331
    by_hand = 72.72727272727 + 52.89256198347 + 38.46731780616
    assert ec.lifetime_value([100, 100, 100], 0.8, 0.10) == pytest.approx(by_hand)


def test_lifetime_value_growing_margins_and_acquisition_cost():
    margins = ec.growing_margins(100, 0.5, 3)  # 100, 150, 225
    assert margins.tolist() == [100, 150, 225]
    # r = 0.5, i = 0: 100*0.5 + 150*0.25 + 225*0.125 - 40
    assert ec.lifetime_value(margins, 0.5, 0.0, acquisition_cost=40) == pytest.approx(
        50 + 37.5 + 28.125 - 40
    )


def test_lifetime_value_per_period_retention():
    # survival 0.9, 0.9*0.5 = 0.45; i = 0: 10*0.9 + 20*0.45
    assert ec.lifetime_value([10, 20], [0.9, 0.5], 0.0) == pytest.approx(9 + 9)
    assert ec.survival_probabilities([0.9, 0.5], 2) == pytest.approx([0.9, 0.45])


def test_lifetime_value_weekly_matches_annual_discounting():
    # one margin of 100 at the end of week 52, certain survival, 10 % a year:
    # its present value is 100 / 1.1 whatever the period length.
    i_week = ec.period_discount_rate(0.10, 52)
    weekly = [0.0] * 51 + [100.0]
    assert ec.lifetime_value(weekly, 1.0, i_week) == pytest.approx(100 / 1.1)
    assert ec.lifetime_value([100.0], 1.0, 0.10) == pytest.approx(100 / 1.1)


def test_lifetime_value_converges_to_closed_form():
    long = ec.lifetime_value(np.full(3000, 100.0), 0.8, 0.1)
    assert long == pytest.approx(ec.lifetime_value_closed_form(100, 0.8, 0.1))


@settings(deadline=None, max_examples=60)
@given(m=margin, r=retention, dr=st.floats(0.001, 0.3), i=discount)
def test_clv_rises_with_retention(m, r, dr, i):
    r2 = min(r + dr, 0.99)
    assume(r2 > r)
    assert ec.lifetime_value_closed_form(m, r2, i) > ec.lifetime_value_closed_form(
        m, r, i
    )
    assert ec.lifetime_value([m] * 30, r2, i) > ec.lifetime_value([m] * 30, r, i)


@settings(deadline=None, max_examples=60)
@given(m=margin, dm=st.floats(0.01, 1e3), r=st.floats(0.01, 0.98), i=discount)
def test_clv_rises_with_margin(m, dm, r, i):
    assert ec.lifetime_value_closed_form(m + dm, r, i) > ec.lifetime_value_closed_form(
        m, r, i
    )
    assert ec.lifetime_value([m + dm] * 10, r, i) > ec.lifetime_value([m] * 10, r, i)


@settings(deadline=None, max_examples=60)
@given(m=margin, r=st.floats(0.01, 0.98), i=discount, di=st.floats(0.001, 0.5))
def test_clv_falls_with_discount_rate(m, r, i, di):
    assert ec.lifetime_value_closed_form(m, r, i + di) < ec.lifetime_value_closed_form(
        m, r, i
    )
    assert ec.lifetime_value([m] * 10, r, i + di) < ec.lifetime_value([m] * 10, r, i)


@settings(deadline=None, max_examples=60)
@given(m=margin, r=retention, i=discount, ac=st.floats(0, 1e4))
def test_acquisition_cost_is_subtracted_exactly(m, r, i, ac):
    gross = ec.lifetime_value([m, m], r, i)
    assert ec.lifetime_value([m, m], r, i, ac) == pytest.approx(gross - ac, abs=1e-9)


# --- cohorts and customer equity ----------------------------------------------


def test_cohort_value_by_hand():
    # per customer: 100*0.5 + 100*0.25 - 60 = 15; times 1000
    assert ec.cohort_value(1000, [100, 100], 0.5, 0.0, 60) == pytest.approx(15_000)


def test_customer_equity_by_hand():
    # CLV = 100 * 0.5 / 1.1 = 45.4545; current: 100 * CLV
    # future: 10 * (CLV - 20) + 10 * (CLV - 20) / 1.1
    clv = 100 * 0.5 / 1.1
    ce = ec.customer_equity(100, [10, 10], [100], 0.5, 0.1, acquisition_cost=20)
    assert ce.current_customers_value == pytest.approx(100 * clv)
    assert ce.future_cohorts_value == pytest.approx(10 * (clv - 20) * (1 + 1 / 1.1))
    assert ce.total == pytest.approx(
        ce.current_customers_value + ce.future_cohorts_value
    )
    assert json.loads(json.dumps(ce.to_dict()))["total"] == pytest.approx(ce.total)


def test_customer_equity_without_future_cohorts():
    ce = ec.customer_equity(50, [], [10, 10], 1.0, 0.0)
    assert (ce.current_customers_value, ce.future_cohorts_value) == (1000.0, 0.0)


# --- T = N / M and churn (C2) -------------------------------------------------


@pytest.mark.parametrize(
    ("n", "m", "t"), [(5000, 1000, 5.0), (1200, 300, 4.0), (100, 400, 0.25)]
)
def test_base_lifecycle_years(n, m, t):
    assert ec.base_lifecycle_years(n, m) == pytest.approx(t)


def test_lifecycle_equals_mean_lifetime_from_churn():
    # N = 5000, M = 1000 -> churn 0.2 -> mean lifetime 1 / 0.2 = 5 = N / M
    churn = ec.annual_churn_rate(5000, 1000)
    assert churn == pytest.approx(0.2)
    assert ec.mean_lifetime_periods(churn) == pytest.approx(
        ec.base_lifecycle_years(5000, 1000)
    )


@settings(deadline=None, max_examples=80)
@given(
    n=st.floats(1, 1e7),
    frac=st.floats(0.001, 1.0),
    k=st.floats(0.01, 100),
)
def test_lifecycle_scales_right(n, frac, k):
    m = n * frac
    t = ec.base_lifecycle_years(n, m)
    assert ec.base_lifecycle_years(k * n, k * m) == pytest.approx(t)  # same ratio
    assert ec.base_lifecycle_years(k * n, m) == pytest.approx(k * t)  # N up: T up
    assert ec.base_lifecycle_years(n, k * m) == pytest.approx(t / k)  # M up: T down
    assert t == pytest.approx(ec.mean_lifetime_periods(ec.annual_churn_rate(n, m)))


# --- lifecycle profit (C3) ----------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "total", "invest", "profit"),
    [
        ((1000, 200, 300, 250, 100, 50), 1000 + 200 + 300, 250 + 100 + 50, 1100),
        ((500, 0, 0, 600, 0, 0), 500, 600, -100),
        ((-50, 20, 10, 0, 0, 30), -50 + 20 + 10, 30, -50),
    ],
)
def test_lifecycle_profit(parts, total, invest, profit):
    p = ec.lifecycle_profit(*parts)
    assert (p.total_profit, p.investment, p.lifecycle_profit) == (total, invest, profit)
    d = p.to_dict()
    assert d["lifecycle_profit"] == profit
    assert d["referral_damage_cost"] == parts[5]
    json.dumps(d)


# --- delivered value (B6) -----------------------------------------------------


def test_delivered_value_by_hand():
    v = ec.delivered_value(
        product_value=100,
        service_value=30,
        personnel_value=20,
        image_value=10,
        money_cost=80,
        time_cost=15,
        energy_cost=5,
        psychic_cost=10,
    )
    assert v.total_customer_value == 100 + 30 + 20 + 10
    assert v.total_customer_cost == 80 + 15 + 5 + 10
    assert v.delivered_value == 160 - 110
    assert v.to_dict()["delivered_value"] == 50


def test_choose_offer_picks_largest_delivered_value_first_on_ties():
    a = ec.delivered_value(product_value=100, money_cost=70)  # 30
    b = ec.delivered_value(product_value=90, money_cost=50)  # 40
    c = ec.delivered_value(product_value=60, time_cost=20)  # 40
    assert ec.choose_offer({"a": a, "b": b}) == "b"
    assert ec.choose_offer({"a": a, "b": b, "c": c}) == "b"
    assert ec.choose_offer({"c": c, "b": b}) == "c"


# --- retention -> value (E9) --------------------------------------------------


def test_npv_increase_infinite_horizon_by_hand():
    # r 0.9 -> 0.95, i = 0.1: (0.95/0.15) / (0.9/0.2) - 1
    expected = (0.95 / 0.15) / (0.9 / 0.2) - 1
    got = ec.npv_increase_from_retention(np.ones(3000), 0.9, 0.1)
    assert got == pytest.approx(expected, rel=1e-9)


def test_npv_increase_two_periods_by_hand():
    # margins 10, 20; i = 0; r 0.5 -> 0.6
    base = 10 * 0.5 + 20 * 0.25
    lifted = 10 * 0.6 + 20 * 0.36
    got = ec.npv_increase_from_retention([10, 20], 0.5, 0.0, retention_lift=0.1)
    assert got == pytest.approx(lifted / base - 1)


def test_npv_increase_with_acquisition_cost_is_larger():
    gross = ec.npv_increase_from_retention(np.ones(50), 0.9, 0.1)
    net = ec.npv_increase_from_retention(np.ones(50), 0.9, 0.1, acquisition_cost=2)
    assert net > gross


@pytest.mark.parametrize("r", [0.6, 0.75, 0.9])
def test_solve_base_retention_inverts_npv_increase(r):
    m = ec.growing_margins(1.0, 0.1, 25)
    target = ec.npv_increase_from_retention(m, r, 0.08)
    assert ec.solve_base_retention(target, m, 0.08) == pytest.approx(r, abs=1e-9)


def test_solve_base_retention_closed_form_target():
    target = (0.95 / 0.15) / (0.9 / 0.2) - 1
    assert ec.solve_base_retention(target, np.ones(3000), 0.1) == pytest.approx(0.9)


def test_solve_base_retention_out_of_reach_is_nan():
    # the most a 5-point lift can do here is r 0.95 -> 1.0, below +95 %
    top = ec.npv_increase_from_retention(np.ones(30), 0.95, 0.1)
    assert top < 0.95
    assert math.isnan(ec.solve_base_retention(0.95, np.ones(30), 0.1))


def test_implied_acquisition_cost_by_hand():
    # V0 = 4.5, V1 = 6.3333 (infinite horizon); (1.95 * 4.5 - 6.3333) / 0.95
    v0, v1 = 0.9 / 0.2, 0.95 / 0.15
    expected = (1.95 * v0 - v1) / 0.95
    got = ec.implied_acquisition_cost(0.95, np.ones(3000), 0.9, 0.1)
    assert got == pytest.approx(expected, rel=1e-9)
    # and that cost reproduces the +95 %
    check = ec.npv_increase_from_retention(
        np.ones(3000), 0.9, 0.1, acquisition_cost=got
    )
    assert check == pytest.approx(0.95)


# --- 80/20 (A2) ---------------------------------------------------------------


def test_whale_curve_rises_above_one_with_unprofitable_customers():
    # ranked 50, 40, 20, -10; total 100
    x, y = ec.whale_curve([50, -10, 20, 40])
    assert x.tolist() == [0, 0.25, 0.5, 0.75, 1]
    assert y == pytest.approx([0, 0.5, 0.9, 1.1, 1.0])


def test_lorenz_and_gini_by_hand():
    x, y = ec.lorenz_curve([1, 3, 6])
    assert y == pytest.approx([0, 0.1, 0.4, 1.0])
    # mean |xi - xj| over all ordered pairs: 2*(2 + 5 + 3) / 9; G = that / (2 mean)
    g = (2 * (2 + 5 + 3) / 9) / (2 * (10 / 3))
    assert ec.gini([1, 3, 6]) == pytest.approx(g)
    assert ec.gini([6, 1, 3]) == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("values", "g"),
    [([5, 5, 5, 5], 0.0), ([0, 0, 0, 10], 0.75), ([0, 10], 0.5), ([1, 2], 1 / 6)],
)
def test_gini_known_values(values, g):
    assert ec.gini(values) == pytest.approx(g)


@pytest.mark.parametrize(
    ("profits", "q", "share"),
    [
        ([80, 5, 5, 5, 5, 0, 0, 0, 0, 0], 0.2, 0.85),  # (80 + 5) / 100
        ([50, -10, 20, 40], 0.25, 0.5),
        ([50, -10, 20, 40], 0.5, 0.9),
        ([10] * 5, 0.2, 0.2),
        ([60, 30, 10], 0.5, (60 + 0.5 * 30) / 100),  # 1.5 of 3 customers
    ],
)
def test_top_share(profits, q, share):
    assert ec.top_share(profits, q) == pytest.approx(share)


def test_pareto_summary_counts_unprofitable():
    s = ec.pareto_summary([50, -10, 20, 40, -5], top_fraction=0.2)
    # total 95; top 1 of 5 = 50 / 95; peak = 110 / 95
    assert s.n_customers == 5
    assert s.total_profit == 95
    assert s.top_share == pytest.approx(50 / 95)
    assert s.peak_share == pytest.approx(110 / 95)
    assert (s.unprofitable_count, s.unprofitable_share) == (2, 0.4)
    assert s.unprofitable_loss == 15
    json.dumps(s.to_dict())


@settings(deadline=None, max_examples=80)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=60))
def test_lorenz_curve_is_monotone_and_convex(values):
    assume(sum(values) > 0)
    x, y = ec.lorenz_curve(values)
    assert y[0] == 0 and y[-1] == 1
    steps = np.diff(y)
    assert np.all(steps >= -1e-12)  # monotone
    assert np.all(np.diff(steps) >= -1e-9)  # convex: increments grow
    assert np.all(y <= x + 1e-9)  # below the diagonal
    assert 0 <= ec.gini(values) < 1


@settings(deadline=None, max_examples=60)
@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=40))
def test_whale_curve_peak_is_profit_of_profitable_over_total(values):
    p = np.array(values)
    assume(p.sum() > 1e-3)
    _, y = ec.whale_curve(p)
    assert y.max() == pytest.approx(max(1.0, p[p > 0].sum() / p.sum()), rel=1e-9)


# --- RFM and share of wallet (F2) ---------------------------------------------


@pytest.mark.parametrize(
    ("spend", "total", "share"), [(30, 120, 0.25), (0, 50, 0.0), (50, 50, 1.0)]
)
def test_share_of_wallet(spend, total, share):
    assert ec.share_of_wallet(spend, total) == share


@pytest.mark.parametrize(
    ("values", "higher", "scores"),
    [
        (list(range(10)), True, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
        ([3, 1, 2], False, [1, 5, 3]),
        ([7, 7, 7, 7], True, [3, 3, 3, 3]),  # ties share the middle score
        ([1, 2, 2, 3, 4], True, [1, 3, 3, 4, 5]),  # ranks 1, 2.5, 2.5, 4, 5
        ([42], True, [3]),
    ],
)
def test_quintile_scores(values, higher, scores):
    assert ec.quintile_scores(values, higher_is_better=higher).tolist() == scores


def test_rfm_table_by_hand():
    log = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c", "c", "d", "e"],
            "week": [1, 9, 2, 5, 8, 10, 10, 3],
            "amount": [20.0, 30.0, 5.0, 10.0, 10.0, 40.0, 100.0, 1.0],
        }
    )
    t = ec.rfm_table(log, now=12)
    # recency = 12 - last week: a 3, b 10, c 2, d 2, e 9
    assert t["recency"].tolist() == [3, 10, 2, 2, 9]
    assert t["frequency"].tolist() == [2, 1, 3, 1, 1]
    assert t["monetary"].tolist() == [50, 5, 60, 100, 1]
    # recency ranks (most recent best): b 1, e 2, a 3, c/d 4.5 -> 1+floor(5(rank-.5)/5)
    assert t["r_score"].tolist() == [3, 1, 5, 5, 2]
    # frequency ranks: b/d/e 2, a 4, c 5
    assert t["f_score"].tolist() == [4, 2, 5, 2, 2]
    assert t["m_score"].tolist() == [3, 2, 4, 5, 1]
    assert t.loc["c", "rfm_code"] == "554"
    assert t.loc["c", "segment"] == "important value"
    assert t.loc["c", "segment_zh"] == "重要价值客户"
    assert t.loc["d", "segment"] == "important to develop"  # R high, F low, M high
    assert t.loc["a", "segment"] == "general to keep"  # R low, F high, M low
    assert t.loc["b", "segment"] == "general to win back"


def test_rfm_table_with_dates_counts_days():
    log = pd.DataFrame(
        {
            "cid": [1, 1, 2],
            "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-04"]),
            "spend": [10.0, 10.0, 5.0],
        }
    )
    t = ec.rfm_table(log, customer="cid", time="date", amount="spend")
    assert t["recency"].tolist() == [0.0, 7.0]


@pytest.mark.parametrize(
    ("r", "f", "m", "name"),
    [
        (5, 5, 5, "important value"),
        (4, 1, 4, "important to develop"),
        (1, 5, 5, "important to keep"),
        (1, 1, 5, "important to win back"),
        (5, 5, 1, "general value"),
        (5, 1, 1, "general to develop"),
        (2, 4, 3, "general to keep"),
        (3, 3, 3, "general to win back"),
    ],
)
def test_rfm_segment(r, f, m, name):
    assert ec.rfm_segment(r, f, m).tolist() == name
    assert name in {en for en, _ in ec.RFM_SEGMENTS.values()}


# --- bad inputs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: ec.margin_multiple(1.0, 0.1), "retention_rate=1.0"),
        (lambda: ec.margin_multiple(-0.1, 0.1), "retention_rate=-0.1"),
        (lambda: ec.margin_multiple(0.5, -0.1), "discount_rate=-0.1"),
        (lambda: ec.lifetime_value([1, 2], 1.5, 0.1), "retention_rate=1.5"),
        (lambda: ec.lifetime_value([1, float("nan")], 0.5, 0.1), "margins[1]=nan"),
        (lambda: ec.lifetime_value([], 0.5, 0.1), "margins is empty"),
        (lambda: ec.lifetime_value([1], 0.5, 0.1, -5), "acquisition_cost=-5"),
        (lambda: ec.lifetime_value([1, 1], [0.5] * 3, 0.1), "retention_rate has shape"),
        (lambda: ec.period_discount_rate(0.1, 0), "periods_per_year=0"),
        (lambda: ec.period_discount_rate("ten", 52), "annual_discount_rate='ten'"),
        (lambda: ec.survival_probabilities(0.5, 0), "n_periods=0"),
        (lambda: ec.growing_margins(1, -1, 3), "growth_rate=-1"),
        (lambda: ec.cohort_value(-1, [1], 0.5, 0.1), "cohort_size=-1"),
        (
            lambda: ec.customer_equity(1, [-2], [1], 0.5, 0.1),
            "new_customers_per_period",
        ),
        (lambda: ec.base_lifecycle_years(-5, 1), "customers=-5"),
        (lambda: ec.base_lifecycle_years(5, 0), "customers_lost_per_year=0"),
        (lambda: ec.annual_churn_rate(5, 6), "customers_lost_per_year=6"),
        (lambda: ec.mean_lifetime_periods(0), "churn_rate=0"),
        (lambda: ec.lifecycle_profit(100, acquisition_cost=-1), "acquisition_cost=-1"),
        (lambda: ec.lifecycle_profit(100, cost_savings=-1), "cost_savings=-1"),
        (lambda: ec.delivered_value(money_cost=-3), "money_cost=-3"),
        (lambda: ec.choose_offer({}), "offers={}"),
        (lambda: ec.choose_offer({"x": 3}), "offers['x']=3"),
        (lambda: ec.choose_offer(pd.DataFrame({"a": range(30)})), "offers=<DataFrame>"),
        (lambda: ec.npv_increase_from_retention([1], 0.97, 0.1), "retention_rate=0.97"),
        (
            lambda: ec.npv_increase_from_retention([1], 0.5, 0.1, acquisition_cost=9),
            "net present value",
        ),
        (lambda: ec.solve_base_retention(-1, [1], 0.1), "target_increase=-1"),
        (lambda: ec.solve_base_retention(1, [1], 0.1, 1.0), "retention_lift=1.0"),
        (lambda: ec.implied_acquisition_cost(0, [1], 0.5, 0.1), "target_increase=0"),
        (lambda: ec.whale_curve([-5, 1]), "profits sum to -4"),
        (lambda: ec.lorenz_curve([1, -1]), "values[1]=-1"),
        (lambda: ec.gini([0, 0]), "values sum to 0"),
        (lambda: ec.top_share([1, 2], 1.5), "top_fraction=1.5"),
        (lambda: ec.share_of_wallet(5, 4), "spend_with_firm=5"),
        (lambda: ec.share_of_wallet(1, 0), "total_category_spend=0"),
        (lambda: ec.rfm_segment(6, 1, 1), "r_score=6"),
        (lambda: ec.rfm_table([1, 2]), "transactions='list'"),
        (
            lambda: ec.rfm_table(pd.DataFrame({"customer_id": [1], "week": [1]})),
            "lacks column(s) ['amount']",
        ),
        (
            lambda: ec.rfm_table(
                pd.DataFrame({"customer_id": [1], "week": [5], "amount": [1.0]}), now=3
            ),
            "now=3",
        ),
        (
            lambda: ec.rfm_table(
                pd.DataFrame({"customer_id": [1], "week": [5], "amount": [-1.0]})
            ),
            "amount",
        ),
    ],
)
def test_bad_inputs_raise_one_line_crmsim_errors(call, fragment):
    with pytest.raises(CRMSimError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message
    assert fragment in message
    assert "allowed" in message
    assert isinstance(info.value, ValueError)
