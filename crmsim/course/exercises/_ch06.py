# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 06's exercises (customer intelligence, customer knowledge, the 10C)."""

from __future__ import annotations

from crmsim.course.exercises import Exercise, _stored

# Exercises 06.1 and 06.2: one customer's purchases (week, amount in yuan),
# shown to the student in the notebook as well; today is week 104.
CH06_LOG = ((5, 19.0), (18, 33.25), (40, 47.5), (61, 47.5), (97, 28.5))
CH06_NOW = 104

# Exercise 06.4: the managers' judgments of section 6 (customer equity test).
_BUDGET = dict(
    discount_rate=0.10,
    acquisition_ceiling=0.30,
    retention_ceiling=0.90,
)


def _ch06_rfm(column: str) -> float:
    import pandas as pd

    from crmsim.economics.rfm import rfm_table

    log = pd.DataFrame(CH06_LOG, columns=["week", "amount"]).assign(customer=1)
    return float(rfm_table(log, customer="customer", now=CH06_NOW).loc[1, column])


def _ch06_recency() -> float:
    return _ch06_rfm("recency")


def _ch06_monetary() -> float:
    return _ch06_rfm("monetary")


def _ch06_best_retention_at_double_margin() -> float:
    import math

    import numpy as np

    from crmsim.course.relationship_value import customer_equity_test

    grid = customer_equity_test(
        np.arange(0, 101, 1.0),
        np.arange(0, 81, 1.0),
        margin=200.0,
        acquisition_k=-math.log(1 - 0.10 / 0.30) / 20,
        retention_k=-math.log(1 - 0.70 / 0.90) / 20,
        **_BUDGET,
    )
    return float(grid.loc[grid["equity"].idxmax(), "retention_spend"])


def _ch06_satisfaction_auc() -> float:
    from crmsim.course.churn import churn_score_report, churn_snapshot

    test = churn_snapshot(
        "default",
        seed=2,
        at_week=78,
        horizon_weeks=26,
        n_customers=1000,
        engine="vector",
    )
    return float(churn_score_report(-test["satisfaction"], test["churned"]).auc)


EXERCISES = [
    Exercise(
        "06.1",
        "今天是第104周：这个客户的 R（最近一次购买距今多少周）是多少？",
        "Today is week 104: what is this customer's recency R (weeks since the last purchase)?",
        _ch06_recency,
        rel_tol=0.0,
        abs_tol=0.5,
        hint_zh="找出最后一次购买的周，用 104 减去它。",
        hint_en="Find the week of the last purchase and subtract it from 104.",
    ),
    Exercise(
        "06.2",
        "这个客户的 M（购买金额合计，元）是多少？",
        "What is this customer's monetary value M (total spend, yuan)?",
        _ch06_monetary,
        rel_tol=0.001,
        hint_zh="把每一笔购买的金额加起来。",
        hint_en="Add up the amount of every purchase.",
    ),
    Exercise(
        "06.3",
        "花 30 元赢得 12%，上限 40%：获取曲线的响应速度 k 是多少？",
        "30 yuan wins 12 %, ceiling 40 %: what is the acquisition response speed k?",
        _stored("MC4wMTE4ODkxNjQ3OTc5NTc3NDc="),
        rel_tol=0.01,
        hint_zh="由 0.12 = 0.40 × (1 − e^(−30k)) 解出 k：k = −ln(1 − 0.12/0.40) / 30。",
        hint_en="Solve 0.12 = 0.40 × (1 − e^(−30k)) for k: k = −ln(1 − 0.12/0.40) / 30.",
    ),
    Exercise(
        "06.4",
        "毛利翻倍（200 元）时，最优的保持投入 R（元）是多少？",
        "With the margin doubled (200 yuan), what is the best retention spend R (yuan)?",
        _ch06_best_retention_at_double_margin,
        rel_tol=0.0,
        abs_tol=1.0,
        hint_zh="在第6节的网格上把 margin 换成 200，找 equity 最大的一行的 retention_spend。",
        hint_en="On section 6's grid with margin=200, take retention_spend of the row of highest equity.",
    ),
    Exercise(
        "06.5",
        "检验市场（种子 2）上，只用低满意度作流失评分的 AUC 是多少？",
        "On the test market of seed 2, what is the AUC of low satisfaction alone as a churn score?",
        _ch06_satisfaction_auc,
        rel_tol=0.0,
        abs_tol=0.002,
        hint_zh="churn_score_report(-test['satisfaction'], test['churned']).auc；评分越高表示越可能流失。",
        hint_en="churn_score_report(-test['satisfaction'], test['churned']).auc; a higher score means likelier to leave.",
    ),
]
