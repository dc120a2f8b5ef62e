"""The compiled week is the Python week (crmsim.model.compiled, crmsim.model.week).

numba compiles :func:`~crmsim.model.week.customer_step` and the loops from the
rules' own source; run as plain Python, the same loops must give the same
outcomes, state and cents for any customers, in one firm's market and in one
of several firms.
"""

import numpy as np
import pytest

from crmsim.model import compiled, week
from crmsim.model.scenario import Scenario, preset
from crmsim.model.state import CustomerDraws, MarketState


def _market(scenario: Scenario, precision="double"):
    return MarketState(scenario, np.random.default_rng(3), precision=precision)


def _random_week(s: MarketState, rng, n=400):
    """``n`` made-up customers of ``s`` (every stage, any state) and their draws."""
    who = np.sort(rng.choice(s.stage.size, size=n, replace=False))
    f = s.float
    s.stage[who] = rng.integers(1, 5, size=n)
    s.stage_since[who] = rng.integers(0, 30, size=n)
    s.acquired_week[who] = rng.integers(0, 30, size=n)
    s.firm[who] = rng.integers(0, s.n_firms, size=n)
    for name in ("satisfaction", "attitude", "behaviour"):
        getattr(s, name)[who] = rng.random(n).astype(f)
    s.told[who] = rng.integers(0, 12, size=n)
    s.clock = 31
    draws = tuple(rng.random(n).astype(f) for _ in range(6))
    # the normal draws are z_quality (1) and z_offer (4)
    draws = tuple(
        rng.standard_normal(n).astype(f) if k in (1, 4) else d
        for k, d in enumerate(draws)
    )
    return who, draws


def _outcomes(loop, s, who, draws):
    R, firms, _ = week._week_rules(s)
    out = week._outcome_table(who.size)
    loop(who, s.week_index, draws, week.people(s), R, firms, out)
    return out


@pytest.mark.parametrize(
    "scenario",
    [
        preset("default"),
        preset("structural").replace(exit_chance=0.2),
        Scenario(
            firms=(
                {"name": "A"},
                {"name": "B", "relationship_level": 3},
                {"name": "C"},
            ),
            competition_intensity=1.0,
            competitor_meeting_chance=0.5,
        ),
    ],
    ids=["one firm", "structural, leaving", "three firms"],
)
@pytest.mark.parametrize("precision", ["double", "single"])
def test_compiled_step_is_the_python_step(scenario, precision):
    s = _market(scenario.replace(n_customers=2_000), precision)
    who, draws = _random_week(s, np.random.default_rng(8))
    fast = _outcomes(compiled.step_loop, s, who, draws)
    # the Mesa agent's way: each customer's numbers as Python floats
    s.customers, s.draws = who, CustomerDraws(*draws, u_pick=draws[0])
    R, firms = week.week_rules_for_agents(s)
    python = np.array(
        [week.customer_step(*row, R, firms) for row in week.customer_rows(s)]
    )
    np.testing.assert_array_equal(fast, python)
    if precision == "double":  # the loop itself, run as Python, is the same
        np.testing.assert_array_equal(_outcomes(week.step_loop, s, who, draws), fast)
    # the made-up week exercises every outcome
    left = python[:, week._OUT_LEFT] != 0
    assert left.any() and not left.all()
    assert len(np.unique(python[:, week._OUT_STAGE])) >= 3
    if scenario.n_firms > 1:
        assert set(python[left, week._OUT_RIVAL].astype(int)) == {0, 1, 2}


@pytest.mark.parametrize("several", [False, True])
def test_compiled_keep_is_the_python_keep(several):
    scenario = Scenario(n_customers=2_000)
    if several:
        scenario = scenario.replace(firms=({"name": "A"}, {"name": "B"}))
    states = []
    for loop in (week.keep_loop, compiled.keep_loop):
        s = _market(scenario)
        who, draws = _random_week(s, np.random.default_rng(4))
        outcomes = _outcomes(compiled.step_loop, s, who, draws)
        _, _, M = week._week_rules(s)
        ledger = week._ledger_arrays(s)
        loop(who, outcomes, s.week_index, s.clock, week.people(s), M, ledger, several)
        states.append((s, ledger[2]))
    (a, totals_a), (b, totals_b) = states
    for name in week.People._fields:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), name)
    np.testing.assert_array_equal(a.ledger.cents, b.ledger.cents)
    np.testing.assert_array_equal(a.ledger.week_cash, b.ledger.week_cash)
    np.testing.assert_array_equal(totals_a, totals_b)
    assert totals_a.sum() != 0


def test_the_python_step_takes_plain_numbers():
    """The Mesa agent's call: Python floats and lists, nothing compiled."""
    s = _market(Scenario(n_customers=300))
    R, firms = week.week_rules_for_agents(s)
    assert isinstance(firms, list) and all(type(x) is float for x in firms)
    out = week.customer_step(2, 5, 0.7, 0.6, 0.5, 0.01, 0, 4, 0, *[0.5] * 6, R, firms)
    out = week.StepOutcome(*out)  # a plain tuple, its fields in this order
    assert type(out.satisfaction) is float and type(out.stage) is int


def test_compiled_code_is_cached_under_a_hash_of_its_sources(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMSIM_CACHE_DIR", str(tmp_path / "cache"))
    where = compiled.cache_dir()
    assert where.parent == tmp_path / "cache"
    assert where.name.startswith("numba-") and len(where.name) == len("numba-") + 16
    # a folder that cannot be made: no cache, the loops compile in the process
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("CRMSIM_CACHE_DIR", str(blocker))
    assert compiled.cache_dir() is None
    # no home folder to be found (some service accounts): no cache either
    monkeypatch.delenv("CRMSIM_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(compiled.Path, "home", staticmethod(no_home))
    assert compiled.cache_dir() is None


def test_prefetch_is_nothing_in_python():
    assert week.prefetch(np.zeros(3), 1) is None


def test_warmup_compiles_both_engines_and_says_where():
    from crmsim.model import warmup

    assert warmup.warm() == compiled.CACHE
