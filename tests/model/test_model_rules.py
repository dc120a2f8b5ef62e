"""Each rule on its own: textbook semantics, and scalar == array results."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmsim.model import rules
from crmsim.model.rules import LoyaltyType, Stage

rng = np.random.default_rng(0)
N = 200
STAGES = rng.integers(0, 6, N)
U = rng.random(N)
Z = rng.standard_normal(N)
S = rng.random(N)
A = rng.random(N)

# (rule, array arguments, scalar arguments shared by all elements)
CASES = [
    (rules.basic_expectation, [STAGES], [0.55, 0.04]),
    (rules.perceived_quality, [S, Z], [0.6, 0.08]),
    (rules.satisfaction, [S], [0.5, 0.2, 3.0, 0.5, 2.5]),
    (rules.follow, [S, A], [0.2]),
    (rules.attitude_target, [S], [0.5, 0.9]),
    (rules.attitude_update, [A, S], [0.5, 0.9, 0.05, 1, 0.03]),
    (rules.satisfaction_level, [S], []),
    (rules.repeat_purchase_target, [A], [0.4, 0.4, 1, 0.05, 1, 0.3]),
    (rules.cost_to_serve, [rng.integers(0, 300, N)], [3.0, 0.5, 52.0]),
    (rules.to_cents, [S * 1000], []),
    (
        rules.next_stage,
        [STAGES, S, A, rng.integers(0, 20, N)],
        [0.6, 0.6, 0.4, 0.55, 8],
    ),
    (rules.own_delivered_value, [S, A], [0.2, 0.1]),
    (rules.competitor_offer_value, [Z], [0.62, 0.12, 0.06]),
    (rules.competitor_meeting_chance, [STAGES], [0.5, 0.05, 3.0]),
    (rules.defects, [U < 0.5, S, A], [0.05]),
    (rules.conversion_chances, [S, U < 0.3], [0.01, 0.55, 1.0, 0.25]),
    (rules.acquisition_channel, [U, S * 0.1, A * 0.3], []),
    (rules.advocates, [S, rng.integers(0, 10, N)], [0.7, 8]),
    (rules.complains, [S], [0.45]),
    (rules.damage_reach_prob, [rng.integers(0, 60, N)], [25]),
    (rules.propensity_after_damage, [S], [0.5]),
    (rules.satisfaction_after_damage, [S], [0.1]),
    (rules.referral_damage_cost, [S * 10], [60.0]),
    (rules.loyalty_type, [A, S], []),
    (
        rules.ladder_rung,
        [
            STAGES,
            rng.integers(0, 5, N),
            A,
            rng.integers(0, 3, N),
            rng.integers(0, 4, N),
        ],
        [],
    ),
]


def _call(rule, arrays, scalars):
    """Call ``rule`` with array arguments placed in their documented order."""
    if rule in (rules.conversion_chances,):
        propensity, referred = arrays
        return rule(
            propensity, scalars[0], scalars[1], scalars[2], referred, scalars[3]
        )
    if rule is rules.own_delivered_value:
        s, a = arrays
        return rule(s, a, *scalars)
    return rule(*arrays, *scalars)


@pytest.mark.parametrize(
    ("rule", "arrays", "scalars"), CASES, ids=lambda x: getattr(x, "__name__", "")
)
def test_scalar_and_array_agree(rule, arrays, scalars):
    whole = _call(rule, arrays, scalars)
    for i in range(0, N, 7):
        one = _call(rule, [_scalar(a[i]) for a in arrays], scalars)
        if isinstance(whole, tuple):
            for w, o in zip(whole, one, strict=True):
                assert np.asarray(w)[i] == pytest.approx(float(o), abs=0, rel=0)
        else:
            assert np.asarray(whole)[i] == pytest.approx(float(one), abs=0, rel=0)


def _scalar(x):
    """A plain Python scalar, as the Mesa agent passes it."""
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, np.integer):
        return int(x)
    return float(x)


def test_scalars_in_give_plain_scalars_for_the_hot_path():
    # the Mesa agent's per-week calls must not build numpy arrays
    assert isinstance(rules.satisfaction(0.6, 0.55, 0.2, 3, 0.5, 2.5), float)
    assert isinstance(rules.satisfaction_level(0.7), int)
    assert (
        int(rules.next_stage(Stage.FORMATION, 0.7, 0.7, 10, 0.6, 0.6, 0.4, 0.55, 8))
        == Stage.STABILITY
    )


# --- A3 / D2 / D3 -------------------------------------------------------------


def test_satisfaction_asymmetry_d2():
    basic, gap = 0.5, 0.2
    s = lambda q: float(rules.satisfaction(q, basic, gap, 3.0, 0.5, 2.5))  # noqa: E731
    met = s(basic)
    assert met == pytest.approx(rules.SATISFIED_AT_BASIC)
    loss = met - s(basic - 0.1)  # failing a basic expectation by 0.1
    gain = s(basic + 0.1) - met  # exceeding it by 0.1
    delight = s(basic + gap + 0.1) - s(basic + gap)  # exceeding the latent one by 0.1
    assert loss == pytest.approx(0.3)
    assert gain == pytest.approx(0.05)
    assert delight == pytest.approx(0.25)
    assert loss > delight > gain


@given(st.floats(0, 1), st.floats(0, 1))
def test_satisfaction_monotone_and_bounded(q1, q2):
    a, b = sorted([q1, q2])
    sa = rules.satisfaction(a, 0.5, 0.2, 3.0, 0.5, 2.5)
    sb = rules.satisfaction(b, 0.5, 0.2, 3.0, 0.5, 2.5)
    assert 0 <= sa <= sb <= 1


def test_expectations_rise_as_relationship_matures_d3():
    e = [
        float(rules.basic_expectation(s, 0.5, 0.05))
        for s in (Stage.EXPLORATION, Stage.FORMATION, Stage.STABILITY)
    ]
    assert e == pytest.approx([0.5, 0.55, 0.6])


# --- C1 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "s", "a", "weeks", "expected"),
    [
        (Stage.EXPLORATION, 0.7, 0.3, 8, Stage.FORMATION),
        (Stage.EXPLORATION, 0.7, 0.3, 7, Stage.EXPLORATION),  # not settled yet
        (Stage.EXPLORATION, 0.5, 0.3, 20, Stage.EXPLORATION),
        (Stage.FORMATION, 0.7, 0.7, 8, Stage.STABILITY),
        (Stage.FORMATION, 0.7, 0.5, 30, Stage.FORMATION),  # trust not there
        (Stage.STABILITY, 0.39, 0.9, 100, Stage.DECLINE),
        (Stage.EXPLORATION, 0.3, 0.9, 1, Stage.DECLINE),
        (Stage.FORMATION, 0.3, 0.9, 1, Stage.DECLINE),
        (Stage.DECLINE, 0.56, 0.1, 0, Stage.FORMATION),  # recovery
        (Stage.DECLINE, 0.5, 0.9, 50, Stage.DECLINE),
        (Stage.PROSPECT, 0.0, 0.0, 9, Stage.PROSPECT),
        (Stage.CHURNED, 0.9, 0.9, 9, Stage.CHURNED),
    ],
)
def test_stage_transitions(stage, s, a, weeks, expected):
    got = rules.next_stage(stage, s, a, weeks, 0.6, 0.6, 0.4, 0.55, 8)
    assert int(got) == expected


# --- B6 / E7 ------------------------------------------------------------------


def test_defection_by_delivered_value():
    own = float(rules.own_delivered_value(0.7, 0.5, 0.2, 0.0))
    assert own == pytest.approx(0.8 * 0.7 + 0.2 * 0.5)
    assert rules.defects(True, own, own + 0.06, 0.05)
    assert not rules.defects(True, own, own + 0.04, 0.05)  # switching cost holds them
    assert not rules.defects(False, own, 1.0, 0.0)  # no offer met


def test_declining_customers_search_more():
    normal = rules.competitor_meeting_chance(Stage.STABILITY, 0.5, 0.1, 3.0)
    declining = rules.competitor_meeting_chance(Stage.DECLINE, 0.5, 0.1, 3.0)
    assert normal == pytest.approx(0.05) and declining == pytest.approx(0.15)


# --- A4 / D4 --------------------------------------------------------------------


def test_acquisition_channel_frequencies():
    u = np.random.default_rng(1).random(200_000)
    channel = rules.acquisition_channel(u, 0.1, 0.3)
    assert np.mean(channel == 2) == pytest.approx(0.3, abs=0.005)
    assert np.mean(channel == 1) == pytest.approx(0.7 * 0.1, abs=0.005)


def test_promise_raises_conversion_d4():
    low, _ = rules.conversion_chances(1.0, 0.01, 0.3, 1.0, False, 0.25)
    high, _ = rules.conversion_chances(1.0, 0.01, 0.8, 1.0, False, 0.25)
    neutral, referral = rules.conversion_chances(1.0, 0.01, 0.5, 1.0, True, 0.25)
    assert low < neutral < high
    assert neutral == pytest.approx(0.01)
    assert referral == pytest.approx(0.25)


def test_negative_word_of_mouth_reach():
    assert rules.damage_reach_prob(50, 25) == pytest.approx(0.5)
    assert rules.damage_reach_prob(10, 25) == 1.0
    assert rules.damage_reach_prob(0, 25) == 1.0
    # ten prospects reached, each losing half its intent: five prospects' worth
    assert rules.referral_damage_cost(10 * 0.5, 60.0) == pytest.approx(300.0)


def test_cost_to_serve_falls_with_tenure():
    c = rules.cost_to_serve(np.array([0, 52, 520]), 3.0, 0.5, 52.0)
    assert c[0] == pytest.approx(3.0)
    assert c[1] == pytest.approx(3.0 * (0.5 + 0.5 * np.exp(-1)))
    assert c[2] == pytest.approx(1.5, abs=1e-4)


def test_bond_levels_are_cumulative_b5():
    assert [tuple(int(x) for x in rules.bond_flags(lv)) for lv in range(4)] == [
        (0, 0, 0),
        (1, 0, 0),
        (1, 1, 0),
        (1, 1, 1),
    ]


# --- E3 / E5 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attitude", "behaviour", "kind"),
    [
        (0.9, 0.9, LoyaltyType.ABSOLUTE),
        (0.9, 0.2, LoyaltyType.LATENT),
        (0.1, 0.9, LoyaltyType.INERTIA),
        (0.1, 0.1, LoyaltyType.NONE),
        (0.5, 0.7, LoyaltyType.ABSOLUTE),  # the cuts count as high
    ],
)
def test_loyalty_types_e5(attitude, behaviour, kind):
    assert int(rules.loyalty_type(attitude, behaviour)) == kind


@pytest.mark.parametrize(
    ("args", "kwargs", "rung"),
    [
        ((Stage.PROSPECT, 0, 0.0, 0, 0), {}, "possible customer"),
        ((Stage.PROSPECT, 0, 0.0, 0, 0), {"damaged": True}, "wait-and-see buyer"),
        ((Stage.PROSPECT, 0, 0.0, 0, 0), {"referred": True}, "potential buyer"),
        ((Stage.EXPLORATION, 1, 0.2, 0, 0), {}, "one-time buyer"),
        ((Stage.EXPLORATION, 5, 0.2, 0, 0), {}, "repeat buyer"),
        ((Stage.FORMATION, 5, 0.6, 0, 0), {}, "follower"),
        ((Stage.FORMATION, 5, 0.6, 2, 0), {}, "advocate"),
        ((Stage.STABILITY, 50, 0.8, 2, 3), {}, "partner"),
    ],
)
def test_ladder_rungs_e3(args, kwargs, rung):
    assert rules.LADDER_RUNGS[int(rules.ladder_rung(*args, **kwargs))] == rung
    assert int(rules.ladder_rung(Stage.CHURNED, 9, 0.9, 9, 3)) == -1


def test_stage_enum_has_chinese_terms():
    assert Stage.EXPLORATION.chinese == "考察期"
    assert Stage.FORMATION.chinese == "形成期"
    assert Stage.STABILITY.chinese == "稳定期"
    assert Stage.DECLINE.chinese == "退化期"
    assert Stage.CHURNED.chinese == "流失"
