# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 08's exercises (classroom dashboards)."""

from __future__ import annotations

from functools import cache

from crmsim.course.exercises import Exercise, _stored

# The lifecycle dashboard of the chapter: its size and engine.
CH08_BOARD = {"n_customers": 1000, "weeks": 156}


@cache
def _ch08_structural_retention() -> float:
    from crmsim.model.scenario import Scenario
    from crmsim.model.simulation import simulate

    scenario = Scenario().replace(relationship_level=3, **CH08_BOARD)
    return float(
        simulate(scenario, seed=1, engine="vector").summary["yearly_retention"]
    )


EXERCISES = [
    Exercise(
        "08.1",
        "每期利润 200 元、保持率 0.75、贴现率 0.12、获取成本 80 元：CLV 公式解是多少元？",
        "Margin 200 yuan per period, retention 0.75, discount rate 0.12, acquisition cost 80 yuan: what is the closed-form CLV, in yuan?",
        _stored("MzI1LjQwNTQwNTQwNTQwNTM="),
        rel_tol=0.002,
        hint_zh="CLV = m·r ÷ (1 + i − r) − AC；可以在 CLV 计算器上拖到这些值核对。",
        hint_en="CLV = m·r ÷ (1 + i − r) − AC; set the CLV calculator to these values to check.",
    ),
    Exercise(
        "08.2",
        "史密斯女士告诉 15 个人（其余按教材）：杰克超市的总损失是多少元？",
        "Ms Smith tells 15 people (everything else as in the textbook): what is Jack's total loss, in yuan?",
        _stored("MzE4NTAwLjA="),
        rel_tol=0.001,
        hint_zh="她本人：50 × 52 × 10；受影响 15 × 0.5 人，每人再影响 5 人，其中四分之一不再消费，每人损失同样的十年销售额。",
        hint_en="Her own: 50 × 52 × 10; 15 × 0.5 influenced, each influences 5 more, a quarter of all of them stop buying, each worth the same ten years of sales.",
    ),
    Exercise(
        "08.3",
        "下限 0.2、上限 0.9、曲率 3 的忠诚度曲线在满意度水平 4 的忠诚度是多少（小数）？",
        "A loyalty curve with floor 0.2, ceiling 0.9 and curvature 3: what is the loyalty at satisfaction level 4 (a fraction)?",
        _stored("MC40OTUzMTI1"),
        rel_tol=0.002,
        hint_zh="下限 + (上限 − 下限) × ((4 − 1) ÷ 4) 的 3 次方。",
        hint_en="floor + (ceiling − floor) × ((4 − 1) ÷ 4) to the power 3.",
    ),
    Exercise(
        "08.4",
        "生命周期看板（1 000 人，156 周，种子 1）选结构层次（层次 3），其余控件不动：年保持率是多少（小数）？",
        "The lifecycle dashboard (1,000 people, 156 weeks, seed 1) at structural bonds (level 3), other controls unchanged: what is the yearly retention (a fraction)?",
        _ch08_structural_retention,
        rel_tol=0.005,
        hint_zh="board.controls['relationship_level'].value = 3，再读 board.results.summary['yearly_retention']。",
        hint_en="board.controls['relationship_level'].value = 3, then read board.results.summary['yearly_retention'].",
    ),
]
