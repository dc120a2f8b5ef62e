# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 09's exercises (customer-base analytics: BG/NBD, P(alive), CDNOW)."""

from __future__ import annotations

from crmsim.course.exercises import Exercise, _stored

# The BG/NBD estimates on the CDNOW sample, weeks (Fader, Hardie & Lee 2005,
# section 4), shown to the student in the notebook as well.
CH09_PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}

# Exercise 09.1's customer: 4 repeat purchases, the last 20 weeks after the
# first purchase, observed for 38 weeks.
CH09_CUSTOMER = {"x": 4, "t_x": 20.0, "T": 38.0}

# The chapter's market: the default market, two years, calibration to week 52.
CH09_RUN = {"engine": "vector", "weeks": 104}
CH09_CALIBRATION_END = 52


def _ch09_lost_share_without_repeat() -> float:
    from crmsim.clv.export import customer_base
    from crmsim.model.simulation import simulate

    res = simulate("default", seed=2, transactions=True, **CH09_RUN)
    base = customer_base(res, CH09_CALIBRATION_END)
    none = base[base["frequency"] == 0]
    return float(1.0 - none["alive"].mean())


EXERCISES = [
    Exercise(
        "09.1",
        "用 CH09_PUBLISHED 的参数，CH09_CUSTOMER 这位客户在第 38 周末仍“存活”的概率 P(alive) 是多少？",
        "With the parameters CH09_PUBLISHED, what is P(alive) at week 38 of the customer CH09_CUSTOMER?",
        _stored("MC4zOTY0Mjg5NDU5NTg0Mjcy"),
        rel_tol=0.005,
        hint_zh="P(alive) = 1 / (1 + a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x))，x = 4 > 0。",
        hint_en="P(alive) = 1 / (1 + a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)), with x = 4 > 0.",
    ),
    Exercise(
        "09.2",
        "把时间单位从“周”换成“天”，在 CDNOW 样本上重新拟合 BG/NBD，α 约是多少？",
        "Refit BG/NBD on the CDNOW sample with time in days instead of weeks: about what is α?",
        _stored("MzAuODk3OTk5OTk5OTk5OTk2"),
        rel_tol=0.02,
        hint_zh="购买率 λ ~ Gamma(r, α)，平均购买率为 r/α，所以 α 的单位是时间：以周计时 λ 是“次/周”；改以天计，λ 除以 7，r 不变，α 乘以 7。",
        hint_en="λ ~ Gamma(r, α) has mean r/α, so α is measured in time units: in days λ is divided by 7, r stays, α is multiplied by 7.",
    ),
    Exercise(
        "09.3",
        "种子 2、本章的市场：校准期内没有重复购买的客户中，第 52 周末真正已流失的比例（小数）是多少？",
        "Seed 2, this chapter's market: among the customers with no repeat purchase in calibration, what share (a fraction) had truly left by the end of week 52?",
        _ch09_lost_share_without_repeat,
        rel_tol=0.0,
        abs_tol=0.005,
        hint_zh="customer_base(res, 52)，取 frequency == 0 的客户，算 alive 为 False 的比例。",
        hint_en="customer_base(res, 52); take the customers with frequency == 0 and the share whose alive is False.",
    ),
    Exercise(
        "09.4",
        "用 CH09_PUBLISHED 的参数，CDNOW 客户每次购买后流失的平均概率 E[p] 是多少？",
        "With the parameters CH09_PUBLISHED, what is the mean chance E[p] that a CDNOW customer drops out after a purchase?",
        _stored("MC4yNDYzNDk3OTgwNzM5MzY="),
        rel_tol=0.005,
        hint_zh="p ~ Beta(a, b)，E[p] = a/(a + b)。",
        hint_en="p ~ Beta(a, b), so E[p] = a/(a + b).",
    ),
]
