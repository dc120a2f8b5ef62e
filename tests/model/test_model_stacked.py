"""Stacked runs: many runs side by side in one state give each run's own results.

``simulate_stacked`` (and ``run_sweep(..., stacked=True)``) simulate runs that
differ only in their firm's settings and seed in one array; every run draws
its numbers from its own seed in the order a run of its own would, so each
result must equal ``simulate(..., engine="vector")`` exactly: every weekly
figure, customer row, relationship, purchase and trace row.
"""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from crmsim import preset, simulate
from crmsim.model.network import SocialNetwork, random_network
from crmsim.model.scenario import MAX_STACKED_RUNS, load_scenario
from crmsim.model.simulation import simulate_stacked
from crmsim.model.state import MarketState
from crmsim.model.vector import VectorModel
from crmsim.research.sweep import run_sweep
from crmsim.validation import CRMSimError

# every mechanism acting: word of mouth at first and second hand, a loyalty
# programme, leavers coming back, a warm-up before the run
LIVELY = dict(
    n_customers=150,
    weeks=50,
    warmup_weeks=20,
    advocacy_chance=0.3,
    wom_damage=0.3,
    wom_second_hand_reach=3,
    mean_degree=8,
    competition_intensity=0.6,
    return_chance=0.05,
    courting_cost=0.25,  # marketing pays for every prospect it courts
    exit_chance=0.01,  # some leave whatever the firm does
)
FIRMS = [
    {},
    {"relationship_level": 1},
    {"relationship_level": 3, "service_quality": 0.8},
    {"loyalty_tier": 2, "price_discount": 0.15},
    {"expectation_level": 0.7, "contact_chance": 0.5},
    {"marketing_reach_chance": 0.0},  # a firm that wins nobody by marketing
]
TABLES = ("weekly", "customers", "relationships", "firms", "by_satisfaction")


def assert_same_run(a, b, tables=TABLES):
    for name in tables:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.summary.keys() == b.summary.keys()
    for key, value in b.summary.items():
        assert a.summary[key] == value or (
            value != value and a.summary[key] != a.summary[key]
        ), key
    assert (a.seed, a.engine, a.scenario) == (b.seed, b.engine, b.scenario)


@pytest.mark.parametrize("precision", ["double", "single"])
def test_stacked_runs_equal_runs_of_their_own(precision):
    base = preset("default").replace(**LIVELY)
    scenarios = [base.replace(**firm) for firm in FIRMS for _ in range(2)]
    seeds = list(range(3, 3 + len(scenarios)))
    stacked = simulate_stacked(
        scenarios, seeds, precision=precision, transactions=True, trace=True
    )
    for sc, seed, got in zip(scenarios, seeds, stacked, strict=True):
        alone = simulate(
            sc,
            seed=seed,
            engine="vector",
            precision=precision,
            transactions=True,
            trace=True,
        )
        assert_same_run(got, alone, (*TABLES, "transactions", "trace"))
    # the runs did exercise what passes between people and the open market
    weekly = pd.concat([r.weekly for r in stacked])
    assert weekly["churned_week"].sum() > 0 and weekly["won_by_rivals"].sum() > 0
    assert sum(r.customers["referrals_made"].sum() for r in stacked) > 0
    assert sum(r.customers["people_reached"].sum() for r in stacked) > 0
    assert len({r.summary["profit"] for r in stacked}) == len(stacked)


def test_a_stack_keeps_the_order_and_runs_the_rest_alone():
    # two markets (they differ in competition), a market of three firms and a
    # preset by name, interleaved: each result comes back in its place, as a
    # run of its own
    low = preset("default").replace(n_customers=120, weeks=30, warmup_weeks=10)
    high = low.replace(competition_intensity=0.9)
    three = load_scenario("examples/market_three_firms.toml").replace(
        n_customers=120, weeks=20
    )
    scenarios = [low, high, three, low.replace(relationship_level=2), high, "social"]
    seeds = [1, 2, 3, 4, 5, 6]
    stacked = simulate_stacked(scenarios, seeds)
    for sc, seed, got in zip(scenarios, seeds, stacked, strict=True):
        assert_same_run(got, simulate(sc, seed=seed, engine="vector"))
    assert stacked[2].scenario.n_firms == 3


def test_a_sweep_gives_the_same_tables_stacked_or_not(tmp_path):
    spec = {
        "n_customers": 100,
        "weeks": 26,
        "warmup_weeks": 10,
        "engine": "vector",
        "seeds": [1, 2, 3],
        "grid": {"relationship_level": [0, 2], "competition_intensity": [0.3, 0.8]},
    }
    one = run_sweep(spec, tmp_path / "one", workers=1, progress=False, stacked=False)
    stacked = run_sweep(spec, tmp_path / "stack", workers=1, progress=False)
    pair = run_sweep(spec, tmp_path / "pair", workers=2, progress=False)
    for res in (stacked, pair):
        pd.testing.assert_frame_equal(res.summary, one.summary)
        pd.testing.assert_frame_equal(res.weekly, one.weekly)
        assert res.ran == 12
    for name in ("weekly.csv", "summary.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (
            tmp_path / "stack" / name
        ).read_bytes()


def test_a_stopped_stacked_sweep_resumes_with_the_runs_left(tmp_path):
    spec = {
        "n_customers": 80,
        "weeks": 12,
        "warmup_weeks": 0,
        "engine": "vector",
        "seeds": [1, 2],
        "grid": {"relationship_level": [0, 1, 3]},
    }
    first = run_sweep(spec, tmp_path, workers=1, progress=False)
    runs = sorted((tmp_path / "runs").glob("*.manifest.json"))
    for manifest in runs[:2]:
        manifest.unlink()  # as if the sweep had stopped before these
    again = run_sweep(spec, tmp_path, workers=1, progress=False)
    assert (again.ran, again.reused) == (2, 4)
    pd.testing.assert_frame_equal(again.summary, first.summary)


def test_networks_side_by_side_keep_each_network_in_its_block():
    rng = np.random.default_rng(4)
    nets = [random_network(n, 4, rng) for n in (30, 1, 0, 25)]
    both = SocialNetwork.side_by_side(nets)
    assert both.n == 56
    first = 0
    for net in nets:
        for i in range(net.n):
            np.testing.assert_array_equal(
                both.neighbours(first + i), net.neighbours(i) + first
            )
        first += net.n


def test_bad_stacks_are_one_line_errors():
    base = preset("default").replace(n_customers=50, weeks=4)
    cases = {
        "differ in competition_intensity": (
            [base, base.replace(competition_intensity=0.9)],
            [1, 2],
        ),
        "only one-firm markets": (
            [base, load_scenario("examples/market_three_firms.toml")],
            [1, 2],
        ),
        "allowed 1-127": ([base] * (MAX_STACKED_RUNS + 1), [1] * 128),
        "allowed one a run": ([base, base], [np.random.default_rng(1)]),
    }
    for message, (scenarios, rngs) in cases.items():
        if message != "allowed one a run":
            rngs = [np.random.default_rng(x) for x in rngs]
        with pytest.raises(CRMSimError, match=message) as err:
            MarketState(scenarios, rngs)
        assert "\n" not in str(err.value)
    two = MarketState(
        [base, base], [np.random.default_rng(1), np.random.default_rng(2)]
    )
    with pytest.raises(CRMSimError, match="set_firm on stacked runs"):
        two.set_firm(0, service_quality=0.9)
    with pytest.raises(CRMSimError, match="2 seeds for 3 scenarios"):
        simulate_stacked([base] * 3, [1, 2])
    with pytest.raises(CRMSimError, match="seed=None is invalid in a stack"):
        simulate_stacked([base], [None])
    with pytest.raises(CRMSimError, match="seed=-1 is invalid"):
        simulate_stacked([base], [-1])


def test_one_run_is_not_a_stack():
    model = VectorModel(preset("default").replace(n_customers=40, weeks=3), rng=1)
    assert model.state.runs == 1 and model.state.run_of is None
    assert model.runs() == [model]
    assert dataclasses.is_dataclass(model.params)


def test_simulate_runs_stacks_on_the_vector_engine_only(monkeypatch):
    from crmsim.model import simulation

    scs = [preset("default").replace(**LIVELY, **firm) for firm in FIRMS[:3]]
    alone = [simulate(sc, seed=4, engine="vector") for sc in scs]
    calls = []
    real = simulation.simulate_stacked
    monkeypatch.setattr(
        simulation,
        "simulate_stacked",
        lambda *a, **k: calls.append(len(a[0])) or real(*a, **k),
    )
    for a, b in zip(
        simulation.simulate_runs(scs, [4, 4, 4], engine="vector", progress=True),
        alone,
        strict=True,
    ):
        assert_same_run(a, b)
    assert calls == [3]
    # Mesa, or a seed left to fresh entropy: each a run of its own
    simulation.simulate_runs(scs[:1], [4], engine="mesa")
    simulation.simulate_runs(scs[:1], [None], engine="vector")
    assert calls == [3]
    with pytest.raises(CRMSimError, match="2 seeds for 3 scenarios"):
        simulation.simulate_runs(scs, [1, 2], engine="vector")


def test_compare_and_sensitivity_give_the_results_of_runs_of_their_own():
    from crmsim import compare
    from crmsim.course import sensitivity

    small = dict(n_customers=120, weeks=30, warmup_weeks=10)
    scs = {"low": preset("default"), "high": preset("structural")}
    for engine in ("vector", "mesa"):
        t = compare(scs, seed=3, engine=engine, **small)
        for label, sc in scs.items():
            own = simulate(sc.replace(**small), seed=3, engine=engine).summary
            assert t.loc[label].to_dict() == pytest.approx(own, nan_ok=True)
    s = sensitivity(
        "default", ["service_quality"], seeds=[1, 2], engine="vector", **small
    )
    row = s.iloc[0]
    base = preset("default").replace(**small)
    for column, value in (("metric_base", 0.65), ("metric_high", row["high"])):
        runs = [
            simulate(base.replace(service_quality=value), seed=k, engine="vector")
            for k in (1, 2)
        ]
        assert row[column] == np.mean([r.summary["profit"] for r in runs])


def test_weekly_columns_give_the_rows_of_weekly_record():
    # the stacked runs' tables are built column-wise from their counters; one
    # run's rows one at a time: both from the same rule
    from crmsim.model.analysis import weekly_columns, weekly_record

    rng = np.random.default_rng(5)
    counts = rng.integers(0, 1000, (4, 6))
    new = rng.integers(0, 50, (4, 3))
    churned = rng.integers(0, 30, 4)
    cents = rng.integers(-(10**12), 10**12, (4, 10))
    mean = np.array([0.25, np.nan, 0.7, 1 / 3])
    columns = weekly_columns(counts, new, churned, cents, mean)
    for i in range(4):
        row = weekly_record(counts[i], new[i], churned[i], cents[i], mean[i])
        assert list(row) == list(columns)
        for name, value in row.items():
            assert type(value) in (int, float), name
            np.testing.assert_equal(value, columns[name][i])
    assert (
        columns["profit"][0]
        == (cents[0, 0] - cents[0, 1] - cents[0, 2] - cents[0, 3] - cents[0, 5:8].sum())
        / 100.0
    )
