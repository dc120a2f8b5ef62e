# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 07's exercises (research lab: scenario files, seeds, sweeps, sensitivity)."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from crmsim.course.exercises import Exercise

# Exercise 07.1's five profits (yuan), one per seed, shown to the student in the notebook.
CH07_PROFITS = (53_600.0, 57_500.0, 57_700.0, 62_000.0, 54_900.0)
CH07_SEEDS = (1, 2, 3, 4, 5)
CH07_TIER_SEEDS = (1, 2, 3)
_EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _ch07_standard_error() -> float:
    n = len(CH07_PROFITS)
    mean = sum(CH07_PROFITS) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in CH07_PROFITS) / (n - 1))
    return sd / math.sqrt(n)


def seeds_needed(sd: float, target_se: float) -> int:
    """The fewest seeds ``n`` with ``sd / sqrt(n) < target_se``.

    Examples
    --------
    >>> seeds_needed(3000.0, 1000.0)
    10
    """
    return math.floor((sd / target_se) ** 2) + 1


@cache
def _ch07_seeds_needed() -> float:
    import numpy as np

    from crmsim.model.scenario import load_scenario
    from crmsim.model.simulation import simulate

    scenario = load_scenario(_EXAMPLES / "scenario_contested_market.toml")
    profits = [
        simulate(scenario, seed=s, engine="vector").summary["profit"]
        for s in CH07_SEEDS
    ]
    return float(seeds_needed(float(np.std(profits, ddof=1)), 1000.0))


@cache
def _ch07_best_tier() -> float:
    from crmsim.model.scenario import load_scenario
    from crmsim.model.simulation import simulate

    scenario = load_scenario(_EXAMPLES / "scenario_loyalty_programme.toml")
    mean_profit = {
        tier: sum(
            simulate(
                scenario.replace(loyalty_tier=tier), seed=s, engine="vector"
            ).summary["profit"]
            for s in CH07_TIER_SEEDS
        )
        / len(CH07_TIER_SEEDS)
        for tier in range(4)
    }
    return float(max(mean_profit, key=mean_profit.get))


EXERCISES = [
    Exercise(
        "07.1",
        "五个种子的利润（CH07_PROFITS）：平均利润的标准误是多少元？",
        "The five seeds' profits (CH07_PROFITS): what is the standard error of the mean profit, in yuan?",
        _ch07_standard_error,
        rel_tol=0.01,
        hint_zh="标准误 = 样本标准差（除以 n − 1）÷ √n，n = 5。",
        hint_en="standard error = sample standard deviation (divide by n − 1) ÷ √n, n = 5.",
    ),
    Exercise(
        "07.2",
        "竞争市场情景（种子 1–5）：至少要多少个种子，平均利润的标准误才小于 1 000 元？",
        "The contested-market scenario (seeds 1–5): how many seeds at least before the standard error of mean profit is below 1,000 yuan?",
        _ch07_seeds_needed,
        rel_tol=0.0,
        abs_tol=0.5,
        hint_zh="先用五个种子求利润的标准差 sd，再找最小的 n 使 sd ÷ √n < 1 000。",
        hint_en="Take the standard deviation sd of the five seeds' profits, then the smallest n with sd ÷ √n < 1,000.",
    ),
    Exercise(
        "07.3",
        "忠诚计划情景：忠诚计划等级 0–3 中，哪一级的平均利润最高（种子 1–3）？",
        "The loyalty-programme scenario: which loyalty_tier, 0–3, has the highest mean profit over seeds 1–3?",
        _ch07_best_tier,
        rel_tol=0.0,
        abs_tol=0.5,
        hint_zh="sweep_parameter(scenario, 'loyalty_tier', [0, 1, 2, 3], seeds=[1, 2, 3], engine='vector')，再按等级求平均利润。",
        hint_en="sweep_parameter(scenario, 'loyalty_tier', [0, 1, 2, 3], seeds=[1, 2, 3], engine='vector'), then the mean profit by tier.",
    ),
]
