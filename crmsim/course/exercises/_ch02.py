# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 02's exercises (relationship marketing)."""

from __future__ import annotations

from crmsim.course.exercises import Exercise, _stored

# Exercise 02.1's offer (yuan), shown to the student in the notebook as well:
# the four parts of total customer value and of total customer cost (B6).
CH02_OFFER = {
    "product_value": 120.0,
    "service_value": 35.0,
    "personnel_value": 15.0,
    "image_value": 10.0,
    "money_cost": 95.0,
    "time_cost": 12.0,
    "energy_cost": 8.0,
    "psychic_cost": 6.0,
}

# The chapter's market: vector engine, 300 people, 312 weeks (6 years) after
# the scenario's own warm-up, as the notebook runs it (exercise 02.4 too).
CH02_RUN = {"engine": "vector", "n_customers": 300, "weeks": 312}


def _ch02_contact_cost_per_year() -> float:
    from crmsim.model.scenario import preset

    s = preset("social")
    return float(s.contact_chance * s.contact_cost * 52)


def _ch02_retention_gain() -> float:
    from crmsim.claims.measures import yearly_retention
    from crmsim.model.simulation import simulate

    kept = {
        name: yearly_retention(simulate(name, seed=1, **CH02_RUN), 0)
        for name in ("transactional", "structural")
    }
    return float(kept["structural"] - kept["transactional"])


EXERCISES = [
    Exercise(
        "02.1",
        "练习 2.1 的报价（CH02_OFFER）的顾客让渡价值是多少元？",
        "What is the customer delivered value (yuan) of exercise 2.1's offer (CH02_OFFER)?",
        _stored("NTkuMA=="),
        rel_tol=0.0,
        abs_tol=0.05,
        hint_zh="顾客让渡价值 = 顾客总价值（产品、服务、人员、形象价值之和）− 顾客总成本（货币、时间、体力、精神成本之和）。",
        hint_en="Delivered value = total customer value (product + service + personnel + image) − total customer cost (money + time + energy + psychic).",
    ),
    Exercise(
        "02.2",
        "第5节中，货币成本至少降低多少元，两个报价的让渡价值才相等？",
        "In section 5, by how many yuan must the money cost fall for the two delivered values to be equal?",
        _stored("NS4w"),
        rel_tol=0.0,
        abs_tol=0.05,
        hint_zh="先分别算出两个报价的让渡价值；货币成本每降低 1 元，让渡价值增加 1 元。",
        hint_en="Compute both delivered values first; each yuan off the money cost adds one yuan of delivered value.",
    ),
    Exercise(
        "02.3",
        'preset("social") 的企业每年在一个客户身上花多少元个人联系费用？',
        'What does a preset("social") firm spend on personal contact per customer a year (yuan)?',
        _ch02_contact_cost_per_year,
        rel_tol=0.005,
        hint_zh="每周联系的概率 contact_chance × 每次联系的成本 contact_cost × 52 周。",
        hint_en="Weekly contact chance (contact_chance) × cost per contact (contact_cost) × 52 weeks.",
    ),
    Exercise(
        "02.4",
        "种子 1、本章的市场：结构层次与交易型企业的年保持率之差（小数）是多少？",
        "Seed 1, this chapter's market: yearly retention of the structural firm minus the transactional firm (a fraction)?",
        _ch02_retention_gain,
        rel_tol=0.01,
        abs_tol=0.002,
        hint_zh='分别运行 simulate("transactional", seed=1, **RUN) 和 simulate("structural", seed=1, **RUN)，再用 yearly_retention(res, 0) 相减。',
        hint_en='Run simulate("transactional", seed=1, **RUN) and simulate("structural", seed=1, **RUN), then subtract their yearly_retention(res, 0).',
    ),
]
