"""The vectorised engine against the Mesa path.

The engines run the same rules (crmsim.model.rules) in the same order each week but
draw their random numbers differently, so they agree in distribution, not
draw for draw. For each scenario both engines run over many seeds; for every
statistic the difference of the two engines' means must lie within a band of
4 standard errors of that difference (sqrt(se_mesa^2 + se_vector^2)) plus
0.2 % of the statistic's size (for statistics that barely vary). Four standard errors keep a false alarm below about 1 in
15 000 per statistic (normal approximation over 30-40 seeds), while a real
difference in a rule shows up as a many-sigma gap (see
test_band_catches_a_real_difference). Seeds are fixed, so the outcome is
repeatable.
"""

import numpy as np
import pandas as pd
import pytest

from crmsim import simulate
from crmsim.model.crm_model import CRMModel
from crmsim.model.vector import VectorModel

SIZE = dict(n_customers=400, weeks=104)
SEEDS_MESA = range(1000, 1030)
SEEDS_VECTOR = range(2000, 2040)
STAGES = ["prospect", "exploration", "formation", "stability", "decline", "churned"]


def statistics(res) -> dict[str, float]:
    n = res.scenario.n_customers
    out = {}
    for week in (13, 52, 104):
        row = res.weekly.iloc[week]
        for stage in STAGES:
            out[f"share_{stage}_w{week}"] = row[stage] / n
    s = res.summary
    out["yearly_churn"] = s["yearly_churn"]
    out["mean_satisfaction"] = s["mean_satisfaction"]
    out["realised_lifetime_value"] = s["realised_lifetime_value"]
    out["mean_lifecycle_profit"] = s["mean_lifecycle_profit"]
    out["profit_per_person"] = s["profit"] / n
    out["share_inertia"] = s["share_inertia"]
    return out


def sample(scenario, engine, seeds, **changes):
    return pd.DataFrame(
        [
            statistics(simulate(scenario, seed=s, engine=engine, **SIZE, **changes))
            for s in seeds
        ]
    )


def band_violations(a: pd.DataFrame, b: pd.DataFrame, z=4.0, floor=0.002):
    """Statistics whose means differ by more than z standard errors (+0.2 %)."""
    se = np.sqrt(a.var() / len(a) + b.var() / len(b))
    gap = (a.mean() - b.mean()).abs()
    allowed = z * se + floor * (a.mean().abs() + b.mean().abs()) / 2
    bad = gap > allowed
    return pd.DataFrame(
        {"mesa": a.mean(), "vector": b.mean(), "gap": gap, "allowed": allowed}
    )[bad]


@pytest.mark.parametrize("scenario", ["default", "structural", "high_competition"])
def test_engines_agree_in_distribution(scenario):
    mesa = sample(scenario, "mesa", SEEDS_MESA)
    vector = sample(scenario, "vector", SEEDS_VECTOR)
    bad = band_violations(mesa, vector)
    assert bad.empty, f"\n{bad}"


def test_band_catches_a_real_difference():
    """The band is tight enough: a 0.05 change of service quality is caught."""
    mesa = sample("default", "mesa", SEEDS_MESA[:15])
    vector = sample("default", "vector", SEEDS_VECTOR[:20], service_quality=0.70)
    assert not band_violations(mesa, vector).empty


def test_same_seed_same_starting_market():
    mesa = CRMModel("social", rng=5, n_customers=300, weeks=5)
    vec = VectorModel(mesa.params, rng=5)
    assert np.array_equal(mesa.network.indptr, vec.network.indptr)
    assert np.array_equal(mesa.network.indices, vec.network.indices)
    assert np.allclose([a.taste for a in mesa.people], vec.taste)
    started = sorted(a.index for a in mesa.people if a.acquired_week == 0)
    assert started == np.flatnonzero(vec.acquired_week == 0).tolist()


def test_same_result_tables():
    a = simulate("social", seed=3, n_customers=120, weeks=12, engine="mesa")
    b = simulate("social", seed=3, n_customers=120, weeks=12, engine="vector")
    assert list(a.weekly.columns) == list(b.weekly.columns)
    assert list(a.customers.columns) == list(b.customers.columns)
    assert list(a.by_satisfaction.columns) == list(b.by_satisfaction.columns)
    assert set(a.summary) == set(b.summary)
    assert a.weekly.dtypes.equals(b.weekly.dtypes)
