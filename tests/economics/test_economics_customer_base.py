"""Tests of crmsim.economics.customer_base: hand-computed targets and invariants."""

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsim.errors import CRMSimError

# importlib: three modules share their name with their main function, which
# the package re-exports, so `crmsim.economics.lifetime_value` is the function.
cb = importlib.import_module("crmsim.economics.customer_base")


@pytest.mark.parametrize(
    ("n", "m", "t"), [(5000, 1000, 5.0), (1200, 300, 4.0), (100, 400, 0.25)]
)
def test_base_lifecycle_years(n, m, t):
    assert cb.base_lifecycle_years(n, m) == pytest.approx(t)


def test_lifecycle_equals_mean_lifetime_from_churn():
    # N = 5000, M = 1000 -> churn 0.2 -> mean lifetime 1 / 0.2 = 5 = N / M
    churn = cb.annual_churn_rate(5000, 1000)
    assert churn == pytest.approx(0.2)
    assert cb.mean_lifetime_periods(churn) == pytest.approx(
        cb.base_lifecycle_years(5000, 1000)
    )


@settings(deadline=None, max_examples=80)
@given(
    n=st.floats(1, 1e7),
    frac=st.floats(0.001, 1.0),
    k=st.floats(0.01, 100),
)
def test_lifecycle_scales_right(n, frac, k):
    m = n * frac
    t = cb.base_lifecycle_years(n, m)
    assert cb.base_lifecycle_years(k * n, k * m) == pytest.approx(t)  # same ratio
    assert cb.base_lifecycle_years(k * n, m) == pytest.approx(k * t)  # N up: T up
    assert cb.base_lifecycle_years(n, k * m) == pytest.approx(t / k)  # M up: T down
    assert t == pytest.approx(cb.mean_lifetime_periods(cb.annual_churn_rate(n, m)))


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: cb.base_lifecycle_years(-5, 1), "customers=-5"),
        (lambda: cb.base_lifecycle_years(5, 0), "customers_lost_per_year=0"),
        (lambda: cb.annual_churn_rate(5, 6), "customers_lost_per_year=6"),
        (lambda: cb.mean_lifetime_periods(0), "churn_rate=0"),
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
