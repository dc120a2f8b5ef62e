"""Tests of crmsim.economics.lifetime_value: hand-computed targets and invariants."""

import importlib
import json

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crmsim.errors import CRMSimError

# importlib: three modules share their name with their main function, which
# the package re-exports, so `crmsim.economics.lifetime_value` is the function.
lv = importlib.import_module("crmsim.economics.lifetime_value")

retention = st.floats(0.0, 0.98)
discount = st.floats(0.0, 0.5)
margin = st.floats(0.01, 1e4)


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
    assert lv.period_discount_rate(annual, k) == pytest.approx(expected, abs=1e-15)


def test_period_retention_rate_compounds_back_to_annual():
    # 0.81 a year over two half-years: 0.9 * 0.9
    assert lv.period_retention_rate(0.81, 2) == pytest.approx(0.9)
    assert lv.period_retention_rate(0.8, 52) ** 52 == pytest.approx(0.8)


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
    assert lv.margin_multiple(r, i) == pytest.approx(expected)


def test_margin_multiple_at_08_01_is_2_67():
    assert round(lv.margin_multiple(0.8, 0.1), 2) == 2.67


def test_margin_multiple_vectorises():
    out = lv.margin_multiple(np.array([0.5, 0.8]), 0.1)
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
    assert lv.lifetime_value_closed_form(m, r, i, ac) == pytest.approx(expected)


def test_lifetime_value_three_years_by_hand():
    # 100*0.8/1.1 + 100*0.64/1.21 + 100*0.512/1.331
    by_hand = 72.72727272727 + 52.89256198347 + 38.46731780616
    assert lv.lifetime_value([100, 100, 100], 0.8, 0.10) == pytest.approx(by_hand)


def test_lifetime_value_growing_margins_and_acquisition_cost():
    margins = lv.growing_margins(100, 0.5, 3)  # 100, 150, 225
    assert margins.tolist() == [100, 150, 225]
    # r = 0.5, i = 0: 100*0.5 + 150*0.25 + 225*0.125 - 40
    assert lv.lifetime_value(margins, 0.5, 0.0, acquisition_cost=40) == pytest.approx(
        50 + 37.5 + 28.125 - 40
    )


def test_lifetime_value_per_period_retention():
    # survival 0.9, 0.9*0.5 = 0.45; i = 0: 10*0.9 + 20*0.45
    assert lv.lifetime_value([10, 20], [0.9, 0.5], 0.0) == pytest.approx(9 + 9)
    assert lv.survival_probabilities([0.9, 0.5], 2) == pytest.approx([0.9, 0.45])


def test_lifetime_value_weekly_matches_annual_discounting():
    # one margin of 100 at the end of week 52, certain survival, 10 % a year:
    # its present value is 100 / 1.1 whatever the period length.
    i_week = lv.period_discount_rate(0.10, 52)
    weekly = [0.0] * 51 + [100.0]
    assert lv.lifetime_value(weekly, 1.0, i_week) == pytest.approx(100 / 1.1)
    assert lv.lifetime_value([100.0], 1.0, 0.10) == pytest.approx(100 / 1.1)


def test_lifetime_value_converges_to_closed_form():
    long = lv.lifetime_value(np.full(3000, 100.0), 0.8, 0.1)
    assert long == pytest.approx(lv.lifetime_value_closed_form(100, 0.8, 0.1))


@settings(deadline=None, max_examples=60)
@given(m=margin, r=retention, dr=st.floats(0.001, 0.3), i=discount)
def test_clv_rises_with_retention(m, r, dr, i):
    r2 = min(r + dr, 0.99)
    assume(r2 > r)
    assert lv.lifetime_value_closed_form(m, r2, i) > lv.lifetime_value_closed_form(
        m, r, i
    )
    assert lv.lifetime_value([m] * 30, r2, i) > lv.lifetime_value([m] * 30, r, i)


@settings(deadline=None, max_examples=60)
@given(m=margin, dm=st.floats(0.01, 1e3), r=st.floats(0.01, 0.98), i=discount)
def test_clv_rises_with_margin(m, dm, r, i):
    assert lv.lifetime_value_closed_form(m + dm, r, i) > lv.lifetime_value_closed_form(
        m, r, i
    )
    assert lv.lifetime_value([m + dm] * 10, r, i) > lv.lifetime_value([m] * 10, r, i)


@settings(deadline=None, max_examples=60)
@given(m=margin, r=st.floats(0.01, 0.98), i=discount, di=st.floats(0.001, 0.5))
def test_clv_falls_with_discount_rate(m, r, i, di):
    assert lv.lifetime_value_closed_form(m, r, i + di) < lv.lifetime_value_closed_form(
        m, r, i
    )
    assert lv.lifetime_value([m] * 10, r, i + di) < lv.lifetime_value([m] * 10, r, i)


@settings(deadline=None, max_examples=60)
@given(m=margin, r=retention, i=discount, ac=st.floats(0, 1e4))
def test_acquisition_cost_is_subtracted_exactly(m, r, i, ac):
    gross = lv.lifetime_value([m, m], r, i)
    assert lv.lifetime_value([m, m], r, i, ac) == pytest.approx(gross - ac, abs=1e-9)


def test_cohort_value_by_hand():
    # per customer: 100*0.5 + 100*0.25 - 60 = 15; times 1000
    assert lv.cohort_value(1000, [100, 100], 0.5, 0.0, 60) == pytest.approx(15_000)


def test_customer_equity_by_hand():
    # CLV = 100 * 0.5 / 1.1 = 45.4545; current: 100 * CLV
    # future: 10 * (CLV - 20) + 10 * (CLV - 20) / 1.1
    clv = 100 * 0.5 / 1.1
    ce = lv.customer_equity(100, [10, 10], [100], 0.5, 0.1, acquisition_cost=20)
    assert ce.current_customers_value == pytest.approx(100 * clv)
    assert ce.future_cohorts_value == pytest.approx(10 * (clv - 20) * (1 + 1 / 1.1))
    assert ce.total == pytest.approx(
        ce.current_customers_value + ce.future_cohorts_value
    )
    assert json.loads(json.dumps(ce.to_dict()))["total"] == pytest.approx(ce.total)


def test_customer_equity_without_future_cohorts():
    ce = lv.customer_equity(50, [], [10, 10], 1.0, 0.0)
    assert (ce.current_customers_value, ce.future_cohorts_value) == (1000.0, 0.0)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: lv.margin_multiple(1.0, 0.1), "retention_rate=1.0"),
        (lambda: lv.margin_multiple(-0.1, 0.1), "retention_rate=-0.1"),
        (lambda: lv.margin_multiple(0.5, -0.1), "discount_rate=-0.1"),
        (lambda: lv.lifetime_value([1, 2], 1.5, 0.1), "retention_rate=1.5"),
        (lambda: lv.lifetime_value([1, float("nan")], 0.5, 0.1), "margins[1]=nan"),
        (lambda: lv.lifetime_value([], 0.5, 0.1), "margins is empty"),
        (lambda: lv.lifetime_value([1], 0.5, 0.1, -5), "acquisition_cost=-5"),
        (lambda: lv.lifetime_value([1, 1], [0.5] * 3, 0.1), "retention_rate has shape"),
        (lambda: lv.period_discount_rate(0.1, 0), "periods_per_year=0"),
        (lambda: lv.period_discount_rate("ten", 52), "annual_discount_rate='ten'"),
        (lambda: lv.survival_probabilities(0.5, 0), "n_periods=0"),
        (lambda: lv.growing_margins(1, -1, 3), "growth_rate=-1"),
        (lambda: lv.cohort_value(-1, [1], 0.5, 0.1), "cohort_size=-1"),
        (
            lambda: lv.customer_equity(1, [-2], [1], 0.5, 0.1),
            "new_customers_per_period",
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
