"""Tests of crmsim.course.classify."""

import pytest

from crmsim.course import classify
from crmsim.errors import CRMSimError
from crmsim.model.rules import LADDER_RUNGS, LoyaltyType, Stage, loyalty_type


@pytest.mark.parametrize(
    ("a", "b", "name", "zh"),
    [
        (0.9, 0.9, "ABSOLUTE", "绝对忠诚"),
        (0.9, 0.1, "LATENT", "潜在忠诚"),
        (0.1, 0.9, "INERTIA", "惯性忠诚"),
        (0.1, 0.1, "NONE", "非忠诚"),
        (0.5, 0.7, "ABSOLUTE", "绝对忠诚"),  # cuts are inclusive
    ],
)
def test_classify_loyalty(a, b, name, zh):
    t = classify.classify_loyalty(a, b)
    assert t.name == name and classify.LOYALTY_TYPE_ZH[t] == zh
    assert t == LoyaltyType(int(loyalty_type(a, b)))  # same rule as rules.py


@pytest.mark.parametrize(
    ("p", "d", "name", "zh"),
    [
        (0.9, 0.9, "STRONG", "强烈依恋"),
        (0.9, 0.1, "HIGH", "一般依恋"),
        (0.1, 0.9, "LOW", "低依恋"),
        (0.1, 0.1, "NONE", "无依恋"),
    ],
)
def test_classify_attachment(p, d, name, zh):
    a = classify.classify_attachment(p, d)
    assert (a.name, a.chinese) == (name, zh)


def test_attachment_vectorises():
    codes = classify.attachment([0.9, 0.2], [0.1, 0.6], differentiation_cut=0.7)
    assert codes.tolist() == [2, 0]


@pytest.mark.parametrize(
    ("rung", "name", "zh", "focus"),
    [
        (0, "possible customer", "可能的客户", "acquisition"),
        (2, "potential buyer", "潜在购买者", "acquisition"),
        ("one-time buyer", "one-time buyer", "一次性购买者", "retention"),
        (7, "partner", "合伙人", "retention"),
        (-1, "churned (off the ladder)", "流失", "none"),
    ],
)
def test_ladder_rung_info(rung, name, zh, focus):
    info = classify.ladder_rung_info(rung)
    assert (info["name"], info["name_zh"], info["focus"]) == (name, zh, focus)


def test_ladder_names_cover_rules_ladder():
    assert len(classify.LADDER_RUNGS_ZH) == len(LADDER_RUNGS)
    for i, name in enumerate(LADDER_RUNGS):
        assert classify.ladder_rung_info(name)["index"] == i


@pytest.mark.parametrize(
    ("state", "name"),
    [
        (
            {"stage": Stage.PROSPECT, "purchases": 0, "attitude": 0.5},
            "possible customer",
        ),
        (
            {
                "stage": Stage.PROSPECT,
                "purchases": 0,
                "attitude": 0.5,
                "referred": True,
            },
            "potential buyer",
        ),
        (
            {"stage": Stage.EXPLORATION, "purchases": 1, "attitude": 0.2},
            "one-time buyer",
        ),
        ({"stage": Stage.EXPLORATION, "purchases": 4, "attitude": 0.2}, "repeat buyer"),
        ({"stage": Stage.FORMATION, "purchases": 4, "attitude": 0.8}, "follower"),
        (
            {
                "stage": Stage.STABILITY,
                "purchases": 9,
                "attitude": 0.8,
                "bond_level": 3,
            },
            "partner",
        ),
        (
            {"stage": Stage.CHURNED, "purchases": 9, "attitude": 0.1},
            "churned (off the ladder)",
        ),
    ],
)
def test_classify_ladder_rung(state, name):
    state = {"referrals_made": 0, "bond_level": 0, **state}
    assert classify.classify_ladder_rung(**state)["name"] == name


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: classify.classify_loyalty(1.2, 0.5), "attitude=1.2"),
        (lambda: classify.classify_attachment(0.5, -0.1), "differentiation=-0.1"),
        (lambda: classify.ladder_rung_info(8), "rung=8"),
        (lambda: classify.ladder_rung_info("champion"), "rung='champion'"),
        (lambda: classify.ladder_rung_info(True), "rung=True"),
        (lambda: classify.classify_ladder_rung(9, 0, 0.5, 0, 0), "stage=9"),
    ],
)
def test_bad_inputs_raise_one_line_crmsim_errors(call, fragment):
    with pytest.raises(CRMSimError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message
    assert fragment in message
    assert "allowed" in message
