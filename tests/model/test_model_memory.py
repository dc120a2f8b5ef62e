"""simulate() frees the social network before it builds the result tables."""

import pandas as pd
import pytest

from crmsim import make_engine, preset, run
from crmsim.model.simulation import results_of


@pytest.mark.parametrize("engine", ["vector", "mesa"])
def test_results_are_the_same_without_the_network(engine):
    scenario = preset("default").replace(n_customers=200, weeks=30, warmup_weeks=0)
    kept = run(make_engine(scenario, seed=4, engine=engine))
    freed = run(make_engine(scenario, seed=4, engine=engine))
    freed.state.release_network()
    assert freed.state.network is None
    a = results_of(kept, scenario, 4, engine)
    b = results_of(freed, scenario, 4, engine)
    pd.testing.assert_frame_equal(a.customers, b.customers)
    pd.testing.assert_frame_equal(a.weekly, b.weekly)
    assert a.summary == pytest.approx(b.summary, nan_ok=True)


def test_the_network_stays_while_weeks_are_left():
    scenario = preset("default").replace(n_customers=100, weeks=10, warmup_weeks=0)
    model = make_engine(scenario, seed=1, engine="vector")
    model.step()
    with pytest.raises(RuntimeError, match="not over"):
        model.state.release_network()
    assert model.state.network is not None
