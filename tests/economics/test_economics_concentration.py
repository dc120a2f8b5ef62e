"""Tests of crmsim.economics.concentration: hand-computed targets and invariants."""

import importlib
import json

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crmsim.errors import CRMSimError

# importlib: three modules share their name with their main function, which
# the package re-exports, so `crmsim.economics.lifetime_value` is the function.
conc = importlib.import_module("crmsim.economics.concentration")


def test_whale_curve_rises_above_one_with_unprofitable_customers():
    # ranked 50, 40, 20, -10; total 100
    x, y = conc.whale_curve([50, -10, 20, 40])
    assert x.tolist() == [0, 0.25, 0.5, 0.75, 1]
    assert y == pytest.approx([0, 0.5, 0.9, 1.1, 1.0])


def test_lorenz_and_gini_by_hand():
    x, y = conc.lorenz_curve([1, 3, 6])
    assert y == pytest.approx([0, 0.1, 0.4, 1.0])
    # mean |xi - xj| over all ordered pairs: 2*(2 + 5 + 3) / 9; G = that / (2 mean)
    g = (2 * (2 + 5 + 3) / 9) / (2 * (10 / 3))
    assert conc.gini([1, 3, 6]) == pytest.approx(g)
    assert conc.gini([6, 1, 3]) == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("values", "g"),
    [([5, 5, 5, 5], 0.0), ([0, 0, 0, 10], 0.75), ([0, 10], 0.5), ([1, 2], 1 / 6)],
)
def test_gini_known_values(values, g):
    assert conc.gini(values) == pytest.approx(g)


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
    assert conc.top_share(profits, q) == pytest.approx(share)


def test_pareto_summary_counts_unprofitable():
    s = conc.pareto_summary([50, -10, 20, 40, -5], top_fraction=0.2)
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
    x, y = conc.lorenz_curve(values)
    assert y[0] == 0 and y[-1] == 1
    steps = np.diff(y)
    assert np.all(steps >= -1e-12)  # monotone
    assert np.all(np.diff(steps) >= -1e-9)  # convex: increments grow
    assert np.all(y <= x + 1e-9)  # below the diagonal
    assert 0 <= conc.gini(values) < 1


@settings(deadline=None, max_examples=60)
@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=40))
def test_whale_curve_peak_is_profit_of_profitable_over_total(values):
    p = np.array(values)
    assume(p.sum() > 1e-3)
    _, y = conc.whale_curve(p)
    assert y.max() == pytest.approx(max(1.0, p[p > 0].sum() / p.sum()), rel=1e-9)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: conc.whale_curve([-5, 1]), "profits sum to -4"),
        (lambda: conc.lorenz_curve([1, -1]), "values[1]=-1"),
        (lambda: conc.gini([0, 0]), "values sum to 0"),
        (lambda: conc.top_share([1, 2], 1.5), "top_fraction=1.5"),
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
