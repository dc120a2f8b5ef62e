"""Tests of crmsim.course.cases."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsim import economics as ec
from crmsim.course import cases
from crmsim.errors import CRMSimError


def test_smith_direct_loss_is_26000():
    assert 50 * 52 * 10 == 26_000
    assert cases.smith_chain().direct_loss == 26_000
    assert cases.smith_case().low.direct_loss == 26_000
    assert cases.smith_case().high.direct_loss == 26_000


@pytest.mark.parametrize(
    ("told", "influenced", "further", "lost", "total"),
    [
        # 10 told -> 5 influenced -> 25 more; (5 + 25) / 4 = 7.5 lost
        (10, 10 * 0.5, 10 * 0.5 * 5, (5 + 25) * 0.25, 26_000 + 7.5 * 26_000),
        # 20 told -> 10 influenced -> 50 more; (10 + 50) / 4 = 15 lost
        (20, 20 * 0.5, 20 * 0.5 * 5, (10 + 50) * 0.25, 26_000 + 15 * 26_000),
    ],
)
def test_smith_chain_by_hand(told, influenced, further, lost, total):
    c = cases.smith_chain(told)
    assert c.influenced == influenced
    assert c.further_influenced == further
    assert c.total_influenced == influenced + further
    assert c.customers_lost == lost
    assert c.indirect_loss == lost * 26_000
    assert c.total_loss == total


def test_smith_case_low_and_high_ends():
    case = cases.smith_case()
    assert (case.low.people_told, case.high.people_told) == (10, 20)
    assert case.low.total_loss == 221_000  # 26,000 * (1 + 7.5)
    assert case.high.total_loss == 416_000  # 26,000 * (1 + 15)
    d = json.loads(json.dumps(case.to_dict(), ensure_ascii=False))
    assert d["low"]["direct_loss"] == 26_000
    keys = [s["key"] for s in d["high"]["steps"]]
    assert keys[0] == "weekly_loss" and keys[-1] == "total_loss"
    steps = {s["key"]: s["value"] for s in d["high"]["steps"]}
    assert steps["customers_lost"] == 15
    assert "史密斯" in d["source"] or "Smith" in d["source"]
    assert "both rounds" in d["reading"]


def test_smith_second_round_only_reading():
    # 10 told -> 5 -> 25; only the 25 count: 25 / 4 = 6.25 lost
    c = cases.smith_chain(10, count_first_round=False)
    assert c.total_influenced == 25
    assert c.customers_lost == 6.25
    assert c.total_loss == 26_000 + 6.25 * 26_000
    assert "second round" in cases.smith_case(count_first_round=False).reading


@settings(deadline=None, max_examples=80)
@given(
    weekly=st.floats(0, 1e3),
    years=st.floats(0, 40),
    told=st.floats(0, 100),
    share=st.floats(0, 1),
    each=st.floats(0, 20),
    stop=st.floats(0, 1),
)
def test_smith_chain_follows_from_its_parameters(
    weekly, years, told, share, each, stop
):
    c = cases.smith_chain(
        told,
        weekly_spend=weekly,
        years=years,
        influenced_share=share,
        further_influenced_each=each,
        stop_share=stop,
    )
    assert c.direct_loss == pytest.approx(weekly * 52 * years)
    assert c.total_influenced == pytest.approx(told * share * (1 + each))
    assert c.total_loss == pytest.approx(
        c.direct_loss * (1 + told * share * (1 + each) * stop)
    )
    assert c.total_loss >= c.direct_loss


@pytest.mark.parametrize(
    ("sat", "dis", "kwargs", "deals", "affected", "net"),
    [
        (100, 10, {}, 100 * 8, 10 * 25, 800 - 250),
        (1, 1, {}, 8, 25, 8 - 25),
        (
            50,
            20,
            {"deal_conversion_prob": 0.25, "affected_loss_prob": 0.5},
            400,
            500,
            400 * 0.25 - 500 * 0.5,
        ),
    ],
)
def test_word_of_mouth_balance(sat, dis, kwargs, deals, affected, net):
    b = cases.word_of_mouth_balance(sat, dis, **kwargs)
    assert b.potential_deals == deals
    assert b.people_affected == affected
    assert b.net_customers == pytest.approx(net)
    assert b.net_value == pytest.approx(net)  # customer_value = 1
    d = b.to_dict()
    assert [s["key"] for s in d["steps"]][-1] == "net_value"
    json.dumps(d)


def test_word_of_mouth_values_customers():
    b = cases.word_of_mouth_balance(10, 2, customer_value=300)
    assert b.net_value == (80 - 50) * 300


def test_reichheld_table_matches_seed():
    rows = [(r.industry_zh, r.npv_increase_pct) for r in cases.REICHHELD_TABLE]
    assert rows == [
        ("广告业", 95),
        ("人寿保险", 90),
        ("银行", 85),
        ("保险", 84),
        ("汽车服务", 81),
        ("信用卡", 75),
    ]
    assert "Reichheld & Sasser" in cases.REICHHELD_SOURCE
    assert "1990" in cases.REICHHELD_SOURCE


def test_reichheld_readings_default_not_reproducible_without_acquisition_cost():
    readings = cases.reichheld_readings()
    assert len(readings) == 6
    assert all(r["base_retention_rate"] is None for r in readings)
    json.dumps(readings)


def test_reichheld_readings_reproduce_each_row():
    # with an acquisition cost of 2 years' margin every row has a base retention
    for row in cases.reichheld_readings(acquisition_cost=2.0):
        r = row["base_retention_rate"]
        assert 0.5 <= r <= 0.95
        got = ec.npv_increase_from_retention(np.ones(30), r, 0.10, acquisition_cost=2.0)
        assert got == pytest.approx(row["npv_increase_pct"] / 100, abs=1e-6)


def test_reichheld_implied_acquisition_cost_reproduces_each_row():
    for row in cases.reichheld_readings():
        ac = row["implied_acquisition_cost"]
        got = ec.npv_increase_from_retention(
            np.ones(30), 0.90, 0.10, acquisition_cost=ac
        )
        assert got == pytest.approx(row["npv_increase_pct"] / 100)
    costs = [r["implied_acquisition_cost"] for r in cases.reichheld_readings()]
    assert costs == sorted(costs, reverse=True)  # bigger increase, bigger cost


@pytest.mark.parametrize(
    ("customers", "margin", "expected"),
    [
        ("many", "high", "ACCOUNTABLE"),
        ("many", "medium", "REACTIVE"),
        ("many", "low", "BASIC"),
        ("medium", "high", "PROACTIVE"),
        ("medium", "medium", "ACCOUNTABLE"),
        ("medium", "low", "REACTIVE"),
        ("few", "high", "PARTNERSHIP"),
        ("few", "medium", "PROACTIVE"),
        ("few", "low", "ACCOUNTABLE"),
    ],
)
def test_kotler_grid(customers, margin, expected):
    assert cases.kotler_grid(customers, margin).name == expected


@pytest.mark.parametrize(
    ("n", "rate", "expected"),
    [
        (1_000_000, 0.05, "BASIC"),
        (1_000_000, 0.50, "ACCOUNTABLE"),
        (500, 0.20, "ACCOUNTABLE"),
        (100, 0.30, "PARTNERSHIP"),  # thresholds are inclusive
        (10_000, 0.10, "REACTIVE"),
    ],
)
def test_recommended_relationship(n, rate, expected):
    assert cases.recommended_relationship(n, rate).name == expected


def test_recommended_relationship_thresholds_are_parameters():
    assert cases.recommended_relationship(500, 0.2).name == "ACCOUNTABLE"
    moved = cases.recommended_relationship(500, 0.2, few_customers_max=1000)
    assert moved.name == "PROACTIVE"


def test_relationship_types_have_chinese_names():
    assert [t.chinese for t in cases.RelationshipType] == [
        "基本型",
        "被动式",
        "负责式",
        "主动式",
        "伙伴式",
    ]


def test_satisfaction_loyalty_by_hand():
    # high: 0.05 + 0.9 * ((4 - 1) / 4) ** 4 = 0.05 + 0.9 * 0.31640625
    assert cases.satisfaction_loyalty(4, "high") == pytest.approx(
        0.05 + 0.9 * 0.31640625
    )
    # low: 0.75 + 0.2 * (2 / 4)
    assert cases.satisfaction_loyalty(3, "low") == pytest.approx(0.85)
    assert cases.satisfaction_loyalty(3, "low", floor=0.55) == pytest.approx(0.75)


def test_jones_sasser_shapes():
    s = np.linspace(1, 5, 41)
    high = cases.satisfaction_loyalty(s, "high")
    low = cases.satisfaction_loyalty(s, "low")
    assert np.all(np.diff(high) >= 0) and np.all(np.diff(low) >= 0)
    # high competition: only the completely satisfied are loyal
    h1, h4, h5 = cases.satisfaction_loyalty([1, 4, 5], "high")
    assert h5 - h4 > h4 - h1
    # low competition: satisfaction matters little
    assert low.max() - low.min() < high.max() - high.min()
    assert np.all(low >= high - 1e-12)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: cases.smith_chain(-1), "people_told=-1"),
        (lambda: cases.smith_chain(10, stop_share=1.5), "stop_share=1.5"),
        (lambda: cases.smith_chain(10, weekly_spend=-50), "weekly_spend=-50"),
        (lambda: cases.smith_chain(10, count_first_round="yes"), "count_first_round"),
        (lambda: cases.smith_case((20, 10)), "people_told=(20, 10)"),
        (lambda: cases.smith_case(10), "people_told=10"),
        (lambda: cases.word_of_mouth_balance(-1, 0), "satisfied_customers=-1"),
        (
            lambda: cases.word_of_mouth_balance(1, 1, deal_conversion_prob=2),
            "deal_conversion_prob=2",
        ),
        (lambda: cases.reichheld_readings(annual_discount_rate=-1), "discount_rate=-1"),
        (lambda: cases.kotler_grid("lots", "high"), "customer_level='lots'"),
        (lambda: cases.kotler_grid("few", "huge"), "margin_level='huge'"),
        (lambda: cases.recommended_relationship(-3, 0.1), "customers=-3"),
        (lambda: cases.recommended_relationship(3, 2.0), "margin_rate=2.0"),
        (
            lambda: cases.recommended_relationship(3, 0.1, many_customers_min=50),
            "many_customers_min=50",
        ),
        (lambda: cases.satisfaction_loyalty(6), "satisfaction_level=6"),
        (lambda: cases.satisfaction_loyalty(3, "medium"), "competition='medium'"),
        (lambda: cases.satisfaction_loyalty(3, exponent=0), "exponent=0"),
        (lambda: cases.satisfaction_loyalty(3, floor=0.99), "ceiling=0.95"),
    ],
)
def test_bad_inputs_raise_one_line_crmsim_errors(call, fragment):
    with pytest.raises(CRMSimError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message
    assert fragment in message
    assert "allowed" in message
