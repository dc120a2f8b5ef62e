# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 05's exercises (customer loyalty and its management)."""

from __future__ import annotations

from crmsim.course.exercises import Exercise, _stored


def _ch05_inertia_without_habit() -> float:
    """Inertia share of the lock-in market without the structural pull on buying."""
    from crmsim.model.analysis import loyalty_mix
    from crmsim.model.simulation import simulate

    res = simulate(
        "default",
        seed=1,
        engine="vector",
        n_customers=600,
        weeks=156,
        relationship_level=3,
        structural_habit=0.0,
    )
    return float(loyalty_mix(res.customers).get("inertia", 0.0))


EXERCISES = [
    Exercise(
        "05.1",
        "史密斯女士告诉了 15 个人：杰克超市的总损失是多少美元？",
        "Ms Smith tells 15 people: what is Jack's total loss in dollars?",
        _stored("MzE4NTAwLjA="),
        rel_tol=0.0,
        abs_tol=0.5,
        hint_zh="她本人 50 × 52 × 10；受影响的两轮相加，其中四分之一不再消费，每人损失与她本人相同。",
        hint_en="Her own 50 × 52 × 10; add both rounds of influenced people; a quarter stop buying, each worth as much as she is.",
    ),
    Exercise(
        "05.2",
        "只有第二轮受影响的人才可能不再消费，她告诉 10 个人：总损失是多少美元？",
        "Only the second round may stop buying and she tells 10 people: total loss in dollars?",
        _stored("MTg4NTAwLjA="),
        rel_tol=0.0,
        abs_tol=0.5,
        hint_zh="第二轮是 10 × 0.5 × 5 人；其中四分之一不再消费；别忘了她本人的销售额。",
        hint_en="The second round is 10 × 0.5 × 5 people; a quarter of them stop buying; do not forget her own sales.",
    ),
    Exercise(
        "05.3",
        "利润不变、贴现率 10%，保持率 0.90 → 0.95：客户净现值增加多少（小数）？",
        "Constant profit, 10 % discount rate, retention 0.90 -> 0.95: rise in customer NPV (a fraction)?",
        _stored("MC40MDc0MDc0MDc0MDc0MDc0NA=="),
        rel_tol=0.005,
        hint_zh="净现值是年利润的 r/(1 + i − r) 倍；两者相除再减 1。",
        hint_en="NPV is r / (1 + i − r) years of profit; divide the two and subtract 1.",
    ),
    Exercise(
        "05.4",
        "结构性锁定市场去掉购买拉动（structural_habit=0）后，活跃客户中惯性忠诚的比例（小数）？",
        "Lock-in market without the pull on buying (structural_habit=0): share of active customers with inertia loyalty?",
        _ch05_inertia_without_habit,
        rel_tol=0.01,
        abs_tol=0.005,
        hint_zh="simulate('default', seed=1, relationship_level=3, structural_habit=0.0, engine='vector', n_customers=600, weeks=156)，再用 loyalty_mix。",
        hint_en="simulate('default', seed=1, relationship_level=3, structural_habit=0.0, engine='vector', n_customers=600, weeks=156), then loyalty_mix.",
    ),
]
