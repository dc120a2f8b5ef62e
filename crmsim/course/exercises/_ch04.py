# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 04's exercises (satisfaction and expectations: A3, D1 - D4).

04.1 and 04.2 are the chapter's rules done by hand; their answers are
recomputed from :mod:`crmsim.model.rules` with the default scenario's
parameters (so they follow the model if its defaults change). 04.3 and 04.4
are read off seeded runs, recomputed when a student checks.
"""

from __future__ import annotations

from crmsim.course.exercises import Exercise

# The exercise's perceived quality (04.1): part of the question, not the answer.
CH04_PERCEIVED = 0.8
# Runs of 04.3 and 04.4 (shown to the student in the question).
CH04_RUN = {"seed": 1, "n_customers": 1000, "weeks": 156, "engine": "vector"}


def _ch04_satisfaction_by_hand() -> float:
    from crmsim.model import rules
    from crmsim.model.scenario import preset

    sc = preset("default")
    return float(
        rules.satisfaction(
            CH04_PERCEIVED,
            sc.expectation_level,
            sc.latent_gap,
            sc.shortfall_sensitivity,
            sc.meet_sensitivity,
            sc.delight_sensitivity,
        )
    )


def _ch04_latent_in_stability() -> float:
    from crmsim.model import rules
    from crmsim.model.rules import Stage
    from crmsim.model.scenario import preset

    sc = preset("default")
    basic = rules.basic_expectation(
        Stage.STABILITY, sc.expectation_level, sc.expectation_growth
    )
    return float(basic + sc.latent_gap)


def _ch04_satisfied_leavers() -> float:
    from crmsim.model.simulation import simulate

    c = simulate("satisfaction_trap", **CH04_RUN).customers
    left = c[c["churned_week"] > 0]
    return float((left["satisfaction_level"] >= 4).mean())


def _ch04_cost_of_rising_expectations() -> float:
    from crmsim.model.simulation import simulate

    flat = simulate("default", expectation_growth=0.0, **CH04_RUN)
    rising = simulate("default", **CH04_RUN)
    return float(flat.summary["yearly_retention"] - rising.summary["yearly_retention"])


EXERCISES = [
    Exercise(
        "04.1",
        "默认市场中，期望值（基本期望）为默认水平的新客户感知到质量 0.80，他的满意度是多少？",
        "In the default market, a new customer with the default basic expectation perceives quality 0.80: what is their satisfaction?",
        _ch04_satisfaction_by_hand,
        rel_tol=0.005,
        hint_zh="先算 d = 0.80 − 基本期望；d 超过潜在期望的差距 latent_gap 的部分按 delight_sensitivity 计，带内的部分按 meet_sensitivity 计，再加 0.6。",
        hint_en="d = 0.80 − basic expectation; the part of d beyond latent_gap counts at delight_sensitivity, "
        "the part inside the band at meet_sensitivity; add 0.6.",
    ),
    Exercise(
        "04.2",
        "默认市场中，稳定期客户的潜在期望是多少？",
        "In the default market, what is the latent expectation of a customer in the stability stage?",
        _ch04_latent_in_stability,
        rel_tol=0.005,
        hint_zh="稳定期比考察期高两个阶段：基本期望 = expectation_level + 2 × expectation_growth，潜在期望再加 latent_gap。",
        hint_en="Stability is two stages above exploration: basic = expectation_level + 2 × expectation_growth; "
        "the latent expectation adds latent_gap.",
    ),
    Exercise(
        "04.3",
        "satisfaction_trap 市场（种子 1，1000 人，156 周，向量化引擎）中，流失客户里离开时满意（满意度水平 4 或 5）的比例是多少？",
        "In the satisfaction_trap market (seed 1, 1000 people, 156 weeks, vector engine), what share of the customers who left were satisfied (level 4 or 5) when they left?",
        _ch04_satisfied_leavers,
        rel_tol=0.01,
        hint_zh="在 res.customers 中取 churned_week > 0 的客户，再求 satisfaction_level >= 4 的比例。",
        hint_en="Take the rows of res.customers with churned_week > 0, then the share with satisfaction_level >= 4.",
    ),
    Exercise(
        "04.4",
        "默认市场（种子 1，1000 人，156 周，向量化引擎）：期望不随阶段提高（expectation_growth=0）时的年保持率，比默认情形高多少？",
        "Default market (seed 1, 1000 people, 156 weeks, vector engine): how much higher is yearly retention with expectations that do not rise by stage (expectation_growth=0) than by default?",
        _ch04_cost_of_rising_expectations,
        rel_tol=0.01,
        abs_tol=0.002,
        hint_zh="跑两次 simulate，一次 expectation_growth=0.0，一次用默认值；用 summary['yearly_retention'] 相减（前者减后者）。",
        hint_en="Run simulate twice, once with expectation_growth=0.0 and once with the default; "
        "subtract summary['yearly_retention'] (the first minus the second).",
    ),
]
