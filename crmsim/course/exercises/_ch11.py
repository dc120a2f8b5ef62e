# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 11's exercises (competition between firms, the market game).

The chapter's market is defined here once, so that the notebook and the
recomputed answers run the same market: :data:`CH11_RUN` (people, weeks,
warm-up), :data:`CH11_SEEDS` and :func:`ch11_market`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crmsim.course.exercises import Exercise, _stored

CH11_RUN = {"n_customers": 1000, "weeks": 156, "warmup_weeks": 52}
"""The chapter's market: 1,000 people, 52 warm-up weeks, then 156 weeks."""

CH11_SEEDS = (1, 2, 3, 4, 5)
"""The seeds of the chapter's runs (seed 1 first: the exercises use it)."""

CH11_SWITCH_WEEK = 52
"""Week in which firm C starts structural bonds in section 5."""

CH11_FOLLOW_WEEK = 104
"""Week in which firms A and B follow in exercise 11.5."""


def ch11_market(firms: Sequence[Mapping]):
    """The default market with ``firms`` (dicts with ``name`` and firm keys), as the chapter runs it."""
    from crmsim.model.scenario import preset

    return preset("default").replace(firms=tuple(dict(f) for f in firms), **CH11_RUN)


def _partner_market():
    from crmsim.model.scenario import preset

    quality = preset("default").service_quality
    return ch11_market(
        [
            {"name": "A"},
            {"name": "B"},
            {"name": "C", "relationship_level": 3, "service_quality": quality + 0.1},
        ]
    )


def _partner_run():
    from crmsim.model.simulation import simulate

    return simulate(_partner_market(), seed=CH11_SEEDS[0], engine="vector")


def _partner_share() -> float:
    return float(_partner_run().firm_summary().loc["C", "market_share"])


def _b_equity() -> float:
    return float(_partner_run().firm_summary().loc["B", "customer_equity"])


def _followed_share() -> float:
    from crmsim.model.engine import make_engine, run
    from crmsim.model.simulation import results_of

    scenario = ch11_market([{"name": "A"}, {"name": "B"}, {"name": "C"}])
    model = make_engine(scenario, seed=CH11_SEEDS[0], engine="vector")
    run(model, CH11_SWITCH_WEEK)
    model.set_firm(2, relationship_level=3)
    run(model, CH11_FOLLOW_WEEK - CH11_SWITCH_WEEK)
    model.set_firm(0, relationship_level=3)
    model.set_firm(1, relationship_level=3)
    run(model)
    summary = results_of(model, scenario, CH11_SEEDS[0], "vector").firm_summary()
    return float(summary.loc["C", "market_share"])


EXERCISES = [
    Exercise(
        "11.1",
        "本企业总价值 200、总成本 150；对手总价值 180、总成本 115：对手的让渡价值高多少元？",
        "Ours: value 200, cost 150; the rival's: value 180, cost 115: how much higher is the rival's delivered value?",
        _stored("MTUuMA=="),
        rel_tol=0.0,
        abs_tol=0.01,
        hint_zh="让渡价值 = 总价值 − 总成本；用对手的减去本企业的。",
        hint_en="Delivered value = total value - total cost; the rival's minus ours.",
    ),
    Exercise(
        "11.2",
        "400 个客户、每人每年 120 元、保持率 0.8、贴现率 0.1：客户资产是多少元？",
        "400 customers, 120 a year each, retention 0.8, discount rate 0.1: customer equity?",
        _stored("MTI4MDAwLjA="),
        rel_tol=0.001,
        hint_zh="客户数 × m × r / (1 + i − r)。",
        hint_en="customers x m x r / (1 + i - r).",
    ),
    Exercise(
        "11.3",
        "第3节的市场，种子 1：第 156 周丙企业的市场份额（小数）？",
        "Section 3's market, seed 1: firm C's market share in week 156 (a fraction)?",
        _partner_share,
        rel_tol=0.0,
        abs_tol=0.0015,
        hint_zh="partnered[1].firm_summary() 中丙企业（C）的 market_share。",
        hint_en="Firm C's market_share in partnered[1].firm_summary().",
    ),
    Exercise(
        "11.4",
        "第3节的市场，种子 1：手算乙企业第 156 周的客户资产（元）？",
        "Section 3's market, seed 1: firm B's customer equity in week 156, by hand (yuan)?",
        _b_equity,
        rel_tol=0.01,
        hint_zh="取乙企业（B）最后 52 周：m =（利润 + 获取成本）÷（客户周数 ÷ 52），r =（1 − 流失 ÷ 客户周数）^52，再乘最后一周的客户数。",
        hint_en="Firm B's last 52 weeks: m = (profit + acquisition cost) / (customer-weeks / 52), r = (1 - lost / customer-weeks)^52, times its customers in the last week.",
    ),
    Exercise(
        "11.5",
        "第5节的市场，种子 1，甲、乙在第 104 周跟进结构纽带：第 156 周丙企业的份额（小数）？",
        "Section 5's market, seed 1, A and B follow with structural bonds in week 104: firm C's share in week 156?",
        _followed_share,
        rel_tol=0.0,
        abs_tol=0.0015,
        hint_zh="run 到第 52 周，set_firm(2, relationship_level=3)；再 run 52 周，set_firm(0, ...) 和 set_firm(1, ...)；最后 run 到结束。",
        hint_en="run to week 52, set_firm(2, relationship_level=3); run 52 more, set_firm(0, ...) and set_firm(1, ...); run to the end.",
    ),
]
