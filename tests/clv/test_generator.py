"""crmsim.clv.generator: a customer base drawn from BG/NBD itself."""

import numpy as np
import pandas as pd
import pytest

from crmsim.clv import simulate_bgnbd
from crmsim.errors import CRMSimError

TRUTH = dict(r=0.25, alpha=4.0, a=0.8, b=2.5)


def test_rfm_is_consistent():
    base = simulate_bgnbd(3000, **TRUTH, T_weeks=39, holdout_weeks=39, rng=2)
    assert (base["recency_weeks"] <= base["T_weeks"]).all()
    assert (base.loc[base["frequency"] == 0, "recency_weeks"] == 0).all()
    assert (base.loc[base["frequency"] == 0, "monetary_value"] == 0).all()
    assert (base.loc[base["frequency"] > 0, "monetary_value"] > 0).all()
    # dropping out follows a purchase: without repeat purchases one is alive
    assert base.loc[base["frequency"] == 0, "alive"].all()
    assert base.loc[base["holdout_purchases"] > 0, "alive"].all()
    assert base.attrs["truth"]["r"] == 0.25


def test_heterogeneity_follows_its_distributions():
    """Mean purchase rate r / alpha and mean dropout a / (a + b)."""
    base = simulate_bgnbd(40_000, **TRUTH, rng=4)
    lam = base["purchase_rate"].mean()
    assert lam == pytest.approx(TRUTH["r"] / TRUTH["alpha"], rel=0.03)
    p = base["dropout_prob"].mean()
    assert p == pytest.approx(TRUTH["a"] / (TRUTH["a"] + TRUTH["b"]), rel=0.02)


def test_no_dropout_gives_poisson_counts():
    """With p ~ Beta(a, b) tiny, frequency in T weeks is Poisson(lambda T)
    given lambda: the mean count is T r / alpha."""
    base = simulate_bgnbd(20_000, r=2.0, alpha=10.0, a=1e-4, b=1e4, T_weeks=20, rng=5)
    assert base["frequency"].mean() == pytest.approx(20 * 2.0 / 10.0, rel=0.03)


def test_same_seed_same_base():
    a = simulate_bgnbd(500, **TRUTH, rng=7)
    b = simulate_bgnbd(500, **TRUTH, rng=7)
    pd.testing.assert_frame_equal(a, b)


def test_T_per_customer():
    T = np.linspace(1, 52, 100)
    base = simulate_bgnbd(100, **TRUTH, T_weeks=T, rng=1)
    np.testing.assert_array_equal(base["T_weeks"], T)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(r=0.0), "r"),
        (dict(alpha=-1.0), "alpha"),
        (dict(T_weeks=0.0), "T_weeks"),
        (dict(T_weeks=[1.0, 2.0]), "T_weeks"),
        (dict(holdout_weeks=-1.0), "holdout_weeks"),
    ],
)
def test_bad_parameters_are_refused(kwargs, name):
    with pytest.raises(CRMSimError, match=name):
        simulate_bgnbd(10, **{**TRUTH, **kwargs})


def test_bad_size_is_refused():
    with pytest.raises(CRMSimError, match="n_customers"):
        simulate_bgnbd(0, **TRUTH)
