"""Chapter 07's exercises: a standard error, the seeds a precision needs, the best loyalty tier."""

import math
import statistics

import pytest

import crmsim
from crmsim.course.exercises import _ch07, check, exercise
from crmsim.course.exercises._ch07 import seeds_needed

EXAMPLES = _ch07._EXAMPLES


def test_standard_error_of_the_listed_profits():
    se = statistics.stdev(_ch07.CH07_PROFITS) / math.sqrt(len(_ch07.CH07_PROFITS))
    assert exercise("07.1").expected() == pytest.approx(se)
    assert check("07.1", se, lang="zh")
    # the population sd (dividing by n) is the usual slip, and is wrong
    wrong = statistics.pstdev(_ch07.CH07_PROFITS) / math.sqrt(5)
    assert not check("07.1", wrong, lang="en")


@pytest.mark.parametrize(
    ("sd", "target", "n"),
    [
        (3000.0, 1000.0, 10),
        (999.0, 1000.0, 1),
        (2000.0, 1000.0, 5),
        (2500.0, 500.0, 26),
    ],
)
def test_seeds_needed(sd, target, n):
    assert seeds_needed(sd, target) == n
    assert sd / math.sqrt(n) < target
    assert n == 1 or sd / math.sqrt(n - 1) >= target


def test_seeds_needed_matches_the_contested_market():
    scenario = crmsim.load_scenario(EXAMPLES / "scenario_contested_market.toml")
    profits = [
        crmsim.simulate(scenario, seed=s, engine="vector").summary["profit"]
        for s in _ch07.CH07_SEEDS
    ]
    n = seeds_needed(statistics.stdev(profits), 1000.0)
    assert check("07.2", n, lang="en")
    assert not check("07.2", n + 1, lang="en")


def test_best_tier_is_the_argmax_of_a_sweep():
    t = crmsim.sweep_parameter(
        crmsim.load_scenario(EXAMPLES / "scenario_loyalty_programme.toml"),
        "loyalty_tier",
        [0, 1, 2, 3],
        seeds=list(_ch07.CH07_TIER_SEEDS),
        engine="vector",
        metrics=["profit"],
    )
    best = int(t.groupby("value")["profit"].mean().idxmax())
    assert best in range(4)
    assert check("07.3", best, lang="en")
    assert not check("07.3", (best + 1) % 4, lang="en")
