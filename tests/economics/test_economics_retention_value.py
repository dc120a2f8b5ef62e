"""Tests of crmsim.economics.retention_value: hand-computed targets and invariants."""

import importlib
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crmsim.errors import CRMSimError

# importlib: three modules share their name with their main function, which
# the package re-exports, so `crmsim.economics.lifetime_value` is the function.
lv = importlib.import_module("crmsim.economics.lifetime_value")
rv = importlib.import_module("crmsim.economics.retention_value")


def test_npv_increase_infinite_horizon_by_hand():
    # r 0.9 -> 0.95, i = 0.1: (0.95/0.15) / (0.9/0.2) - 1
    expected = (0.95 / 0.15) / (0.9 / 0.2) - 1
    got = rv.npv_increase_from_retention(np.ones(3000), 0.9, 0.1)
    assert got == pytest.approx(expected, rel=1e-9)


def test_npv_increase_two_periods_by_hand():
    # margins 10, 20; i = 0; r 0.5 -> 0.6
    base = 10 * 0.5 + 20 * 0.25
    lifted = 10 * 0.6 + 20 * 0.36
    got = rv.npv_increase_from_retention([10, 20], 0.5, 0.0, retention_lift=0.1)
    assert got == pytest.approx(lifted / base - 1)


def test_npv_increase_with_acquisition_cost_is_larger():
    gross = rv.npv_increase_from_retention(np.ones(50), 0.9, 0.1)
    net = rv.npv_increase_from_retention(np.ones(50), 0.9, 0.1, acquisition_cost=2)
    assert net > gross


@pytest.mark.parametrize("r", [0.6, 0.75, 0.9])
def test_solve_base_retention_inverts_npv_increase(r):
    m = lv.growing_margins(1.0, 0.1, 25)
    target = rv.npv_increase_from_retention(m, r, 0.08)
    assert rv.solve_base_retention(target, m, 0.08) == pytest.approx(r, abs=1e-9)


def test_solve_base_retention_closed_form_target():
    target = (0.95 / 0.15) / (0.9 / 0.2) - 1
    assert rv.solve_base_retention(target, np.ones(3000), 0.1) == pytest.approx(0.9)


def test_solve_base_retention_out_of_reach_is_nan():
    # the most a 5-point lift can do here is r 0.95 -> 1.0, below +95 %
    top = rv.npv_increase_from_retention(np.ones(30), 0.95, 0.1)
    assert top < 0.95
    assert math.isnan(rv.solve_base_retention(0.95, np.ones(30), 0.1))


def test_implied_acquisition_cost_by_hand():
    # V0 = 4.5, V1 = 6.3333 (infinite horizon); (1.95 * 4.5 - 6.3333) / 0.95
    v0, v1 = 0.9 / 0.2, 0.95 / 0.15
    expected = (1.95 * v0 - v1) / 0.95
    got = rv.implied_acquisition_cost(0.95, np.ones(3000), 0.9, 0.1)
    assert got == pytest.approx(expected, rel=1e-9)
    # and that cost reproduces the +95 %
    check = rv.npv_increase_from_retention(
        np.ones(3000), 0.9, 0.1, acquisition_cost=got
    )
    assert check == pytest.approx(0.95)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: rv.npv_increase_from_retention([1], 0.97, 0.1), "retention_rate=0.97"),
        (
            lambda: rv.npv_increase_from_retention([1], 0.5, 0.1, acquisition_cost=9),
            "net present value",
        ),
        (lambda: rv.solve_base_retention(-1, [1], 0.1), "target_increase=-1"),
        (lambda: rv.solve_base_retention(1, [1], 0.1, 1.0), "retention_lift=1.0"),
        (lambda: rv.implied_acquisition_cost(0, [1], 0.5, 0.1), "target_increase=0"),
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


@settings(deadline=None, max_examples=60)
@given(
    r=st.floats(0.3, 0.9),
    lift=st.floats(0.01, 0.09),
    i=st.floats(0.0, 0.3),
    g=st.floats(0.05, 3.0),
)
def test_implied_acquisition_cost_reproduces_the_target(r, lift, i, g):
    # with AC from the closed-form inversion, the NPV rise is exactly g
    margins = np.ones(40)
    ac = rv.implied_acquisition_cost(g, margins, r, i, lift)
    assume(ac >= 0)
    v0 = lv.lifetime_value(margins, r, i) - ac
    assume(v0 > 1e-6)
    got = rv.npv_increase_from_retention(margins, r, i, lift, acquisition_cost=ac)
    assert got == pytest.approx(g, rel=1e-6)


@settings(deadline=None, max_examples=60)
@given(r=st.floats(0.0, 0.9), lift=st.floats(0.01, 0.09), i=st.floats(0.0, 0.3))
def test_a_retention_lift_always_raises_npv(r, lift, i):
    assume(r > 0)
    assert rv.npv_increase_from_retention(np.ones(20), r, i, lift) > 0
