# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 01's exercises (CRM and its core ideas)."""

from __future__ import annotations

from crmsim.course.exercises import Exercise, _stored

# Exercise 01.3's small customer base (cash profit of ten customers, in yuan),
# shown to the student in the notebook as well.
CH01_PROFITS = (120.0, 80.0, 40.0, 30.0, 20.0, 10.0, 5.0, 0.0, -10.0, -25.0)


def _ch01_top_share() -> float:
    from crmsim.economics import top_share

    return float(top_share(list(CH01_PROFITS), 0.2))


def _ch01_first_year_top_share() -> float:
    from crmsim.economics import top_share
    from crmsim.model.simulation import simulate

    customers = simulate("default", seed=1, n_customers=600, weeks=156).customers
    first_year = customers[customers["acquired_week"] < 52]
    return float(top_share(first_year["cash_profit"].to_numpy(), 0.2))


EXERCISES = [
    Exercise(
        "01.1",
        "200 个满意客户、20 个不满意客户：潜在生意减去受影响的人数是多少？",
        "200 satisfied and 20 dissatisfied customers: potential deals minus people affected?",
        _stored("MTEwMC4w"),
        rel_tol=0.0,
        abs_tol=0.5,
        hint_zh="每个满意客户引发 8 笔潜在生意，每个不满意客户影响 25 个人。",
        hint_en="Each satisfied customer brings 8 potential deals; each dissatisfied one affects 25.",
    ),
    Exercise(
        "01.2",
        "要抵消一个不满意客户的影响，需要多少个满意客户？",
        "How many satisfied customers offset one dissatisfied customer?",
        _stored("My4xMjU="),
        rel_tol=0.01,
        hint_zh="用 25 除以 8。",
        hint_en="Divide 25 by 8.",
    ),
    Exercise(
        "01.3",
        "十个客户的利润表中，前 20% 的客户带来总利润的多大份额（小数）？",
        "In the ten-customer profit list, what share of the total profit do the top 20 % bring?",
        _ch01_top_share,
        rel_tol=0.01,
        hint_zh="从高到低排序，前 20% 是 2 个客户；用他们的利润除以全部客户的利润之和（含亏损客户）。",
        hint_en="Rank high to low; the top 20 % is 2 customers; divide their profit by the total "
        "(unprofitable customers included).",
    ),
    Exercise(
        "01.4",
        "只看第一年获得的客户（acquired_week < 52），前 20% 的客户带来利润的多大份额？",
        "Customers won in the first year only: what share of their profit do the top 20 % bring?",
        _ch01_first_year_top_share,
        rel_tol=0.01,
        hint_zh="先筛选 customers[customers['acquired_week'] < 52]，再对 cash_profit 用 top_share。",
        hint_en="Filter customers[customers['acquired_week'] < 52], then top_share of cash_profit.",
    ),
]
