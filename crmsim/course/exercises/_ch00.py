# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 00's exercises (quickstart: a market of customers, simulated)."""

from __future__ import annotations

from functools import cache

from crmsim.course.exercises import Exercise, _stored

# The runs the exercises name, as the notebook states them.
CH00_RUN = {"n_customers": 1000, "weeks": 156, "engine": "vector"}
CH00_SEEDS = (1, 2, 3)


@cache
def _ch00_negative_share() -> float:
    from crmsim.model.simulation import simulate

    customers = simulate("social", seed=1, **CH00_RUN).customers
    return float((customers["lifecycle_profit"] < 0).mean())


@cache
def _ch00_switching_gain() -> float:
    from crmsim.model.simulation import simulate

    def retention(switching_cost: float) -> float:
        runs = [
            simulate(
                "transactional", seed=s, switching_cost=switching_cost, **CH00_RUN
            ).summary["yearly_retention"]
            for s in CH00_SEEDS
        ]
        return sum(runs) / len(runs)

    return float(retention(0.2) - retention(0.05))


EXERCISES = [
    Exercise(
        "00.1",
        "一家企业有 1 200 个客户，平均每年流失 300 个：客户群体生命周期 T 是多少年？",
        "A firm has 1,200 customers and loses 300 a year on average: what is the base's lifecycle T, in years?",
        _stored("NC4w"),
        rel_tol=0.0,
        abs_tol=0.01,
        hint_zh="T = N ÷ M：N 是客户总量，M 是平均每年流失的客户数。",
        hint_en="T = N ÷ M: N customers, M lost per year on average.",
    ),
    Exercise(
        "00.2",
        "社会层次市场（种子 1，1 000 人，156 周）中，生命周期利润为负的客户占多大比例（小数）？",
        "In the social-bonds market (seed 1, 1,000 people, 156 weeks), what share of the customers have a negative lifecycle profit (a fraction)?",
        _ch00_negative_share,
        rel_tol=0.01,
        hint_zh="用 res.customers['lifecycle_profit'] < 0，再取平均值。",
        hint_en="Take res.customers['lifecycle_profit'] < 0 and its mean.",
    ),
    Exercise(
        "00.3",
        "交易型市场中把转换成本从 0.05 提高到 0.2，三个种子（1、2、3）的平均年保持率提高多少（小数）？",
        "In the transactional market, raising switching_cost from 0.05 to 0.2 raises the mean yearly retention over seeds 1, 2, 3 by how much (a fraction)?",
        _ch00_switching_gain,
        rel_tol=0.01,
        abs_tol=0.002,
        hint_zh="两个转换成本各跑种子 1、2、3，分别求年保持率的平均值，再相减（0.2 的减去 0.05 的）。",
        hint_en="Run seeds 1, 2, 3 at each switching cost, average the yearly retention of each, then subtract (0.2 minus 0.05).",
    ),
]
