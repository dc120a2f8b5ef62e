# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 03's exercises (the customer lifecycle and its value, C1-C4).

03.1-03.3 are the textbook's arithmetic (T = N / M, the six parts of
lifecycle profit, the closed-form CLV), stored encoded; 03.4 and 03.5 are
read off a seeded run and recomputed when a student checks, so they follow
the model when it changes.
"""

from __future__ import annotations

from crmsim.course.exercises import Exercise, _stored

# The runs of the exercises: the notebook's market (vector engine, 1,000
# people, 312 weeks after the scenario's warm-up), seed 1.
CH03_RUN = {"engine": "vector", "n_customers": 1000, "weeks": 312}
CH03_FRESH_WEEKS = 104
"""Exercise 03.4's horizon: a market that starts from a fresh base (no warm-up)."""

WEEKS_PER_YEAR = 52


def _ch03_fresh_market_t() -> float:
    """T = N / M of a market with no warm-up, from the weekly table's definition."""
    from crmsim.model.simulation import simulate

    r = simulate(
        "default",
        seed=1,
        engine="vector",
        n_customers=CH03_RUN["n_customers"],
        weeks=CH03_FRESH_WEEKS,
        warmup_weeks=0,
    )
    n_now = float(r.weekly["customers"].iloc[-1])
    lost = float(r.weekly["churned_week"].iloc[-WEEKS_PER_YEAR:].sum())
    return n_now / lost


def _ch03_retained_lifecycle_profit() -> float:
    """Mean lifecycle profit of customers won in the run who stayed a year or more."""
    from crmsim.model.simulation import simulate

    c = simulate("default", seed=1, **CH03_RUN).customers
    kept = c[(c["acquired_week"] > 0) & (c["tenure_weeks"] >= WEEKS_PER_YEAR)]
    return float(kept["lifecycle_profit"].mean())


EXERCISES = [
    Exercise(
        "03.1",
        "企业有 5460 个客户，平均每年流失 1300 个：客户群体生命周期 T 是多少年？",
        "A firm has 5,460 customers and loses 1,300 a year on average: what is the lifecycle T of its base, in years?",
        _stored("NC4y"),
        rel_tol=0.01,
        hint_zh="T = N ÷ M：客户总量除以每年流失的客户数。",
        hint_en="T = N ÷ M: the customers the firm has, divided by the customers lost a year.",
    ),
    Exercise(
        "03.2",
        "基本利润 520、成本节约 90、推荐价值 120、获取成本 60、价格优惠 140、推荐破坏成本 45：客户生命周期利润是多少元？",
        "Basic profit 520, cost savings 90, referral value 120, acquisition cost 60, price discounts 140, referral damage 45: the lifecycle profit, in yuan?",
        _stored("NDg1LjA="),
        rel_tol=0.0,
        abs_tol=0.5,
        hint_zh="总体利润（前三项之和）减去投入成本（后三项之和）。",
        hint_en="Total profit (the first three parts) minus the investment (the last three).",
    ),
    Exercise(
        "03.3",
        "毛利 100、保持率 0.80、贴现率 10%；忠诚计划使保持率升到 0.85、每年花费 8：客户终生价值变化多少元？",
        "Margin 100, retention 0.80, discount rate 10 %; a loyalty programme raises retention to 0.85 and costs 8 a year: by how much does the CLV change, in yuan?",
        _stored("NDYuMTMzMzMzMzMzMzMzMjc="),
        rel_tol=0.005,
        hint_zh="CLV = m·r/(1+i−r)；有计划时 m = 100 − 8 = 92、r = 0.85；用有计划的 CLV 减去没有计划的 CLV。",
        hint_en="CLV = m·r/(1+i−r); with the programme m = 100 − 8 = 92 and r = 0.85; subtract the CLV without it.",
    ),
    Exercise(
        "03.4",
        "不经预热、从新客户群开始的市场（种子 1，104 周）：T = N ÷ M 是多少年？",
        "A market with no warm-up, starting from a fresh base (seed 1, 104 weeks): T = N ÷ M in years?",
        _ch03_fresh_market_t,
        rel_tol=0.01,
        hint_zh="N 是最后一周的活跃客户数 weekly['customers']，M 是最后 52 周 weekly['churned_week'] 之和。",
        hint_en="N is the last week's weekly['customers']; M the sum of weekly['churned_week'] over the last 52 weeks.",
    ),
    Exercise(
        "03.5",
        "第1节的市场（种子 1）：运行期间获得、关系保持一年以上的客户，平均客户生命周期利润是多少元？",
        "The market of section 1 (seed 1): mean lifecycle profit of the customers won during the run who stayed a year or more, in yuan?",
        _ch03_retained_lifecycle_profit,
        rel_tol=0.01,
        hint_zh="筛选 acquired_week > 0 且 tenure_weeks >= 52 的客户，再求 lifecycle_profit 的平均值。",
        hint_en="Keep customers with acquired_week > 0 and tenure_weeks >= 52, then take the mean of lifecycle_profit.",
    ),
]
