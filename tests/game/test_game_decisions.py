"""A team's decisions: ranges, refusals in both languages, money and the budget."""

import re

import pytest

from crmsim.game import market as mk
from crmsim.game.decisions import DECISION_NAMES, RANGES, check_decisions
from crmsim.game.rivals import STRATEGIES, rival_decisions
from crmsim.game.text import TEXT, GameError, t
from crmsim.model.scenario import Scenario

BUDGET = 5000.0
BASE = {
    "relationship_level": 2,
    "loyalty_tier": 0,
    "service_quality": 0.65,
    "price_discount": 0.05,
    "expectation_level": 0.55,
    "marketing_budget": 1000.0,
    "contact_budget": 500.0,
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def refused(payload, current=BASE, budget=BUDGET) -> GameError:
    with pytest.raises(GameError) as info:
        check_decisions(payload, current, budget)
    return info.value


def test_every_text_has_both_languages_and_chinese_is_chinese():
    for key, (en, zh) in TEXT.items():
        assert en and zh, key
        if key not in ("language",):
            assert CJK.search(zh), key
    assert not CJK.search(TEXT["language"][1])


@pytest.mark.parametrize("name", DECISION_NAMES)
def test_bounds_are_accepted_and_beyond_them_refused(name):
    lo, hi, whole = RANGES[name]
    hi = BUDGET if hi is None else hi
    # bonds switched on by both level and tier, so either may go to 0 alone
    current = dict(BASE, relationship_level=3, loyalty_tier=3)
    for ok in (lo, hi):
        got = check_decisions({name: ok}, current, BUDGET)
        assert got[name] == ok and isinstance(got[name], int if whole else float)
    step = 1 if whole else 1e-6 * max(1, hi)
    for bad in (lo - step, hi + step):
        e = refused({name: bad}, current)
        assert name in str(e) and f"{lo:g}" in str(e)


@pytest.mark.parametrize(
    "value", ["0.5", True, None, [0.5], {"x": 1}, float("nan"), float("inf")]
)
def test_only_real_numbers_are_numbers(value):
    e = refused({"service_quality": value})
    assert "service_quality" in str(e) and "0.4 to 0.9" in str(e)


def test_whole_numbers_are_whole():
    assert check_decisions({"loyalty_tier": 2.0}, BASE, BUDGET)["loyalty_tier"] == 2
    assert "whole number" in str(refused({"loyalty_tier": 1.5}))


def test_a_partial_submission_keeps_the_rest():
    got = check_decisions({"service_quality": 0.8}, BASE, BUDGET)
    assert got == dict(BASE, service_quality=0.8)


def test_unknown_names_are_refused_with_a_hint():
    e = refused({"marketing": 10})
    assert "unknown decision 'marketing'" in str(e)
    assert "did you mean 'marketing_budget'" in str(e)
    assert "marketing_budget" in e.message("zh") and CJK.search(e.message("zh"))


@pytest.mark.parametrize("payload", [[], "x", 3, None])
def test_a_body_that_is_not_an_object_is_refused(payload):
    assert refused(payload).code == "bad_json"


def test_bonds_needed_for_discounts_and_contacts():
    at0 = dict(BASE, relationship_level=0, price_discount=0.0, contact_budget=0.0)
    assert refused({"price_discount": 0.1}, at0).code == "discount_needs_level"
    at1 = dict(at0, relationship_level=1)
    assert (
        check_decisions({"price_discount": 0.1}, at1, BUDGET)["price_discount"] == 0.1
    )
    assert refused({"contact_budget": 10}, at1).code == "contacts_need_level"
    # the loyalty tier switches the bonds on too (Scenario.bond_level)
    tier2 = dict(at0, loyalty_tier=2)
    assert (
        check_decisions({"contact_budget": 10}, tier2, BUDGET)["contact_budget"] == 10
    )


def test_refusals_are_one_line_in_either_language():
    errors = [
        refused({"service_quality": 2}),
        refused({"nope": 1}),
        refused({"relationship_level": 0, "contact_budget": 5}),
    ]
    for e in errors:
        for lang in ("en", "zh"):
            text = e.message(lang)
            assert "\n" not in text and "allowed" in str(e)
        assert CJK.search(e.message("zh")) and not CJK.search(e.message("en"))


def test_money_buys_the_chances_the_scenarios_costs_say():
    s = Scenario()
    pos = mk.Position(customers=80, prospects=600)
    d = dict(BASE, relationship_level=3, service_quality=0.85)
    p = mk.plan(d, pos, s, weeks=5)
    assert p["reach"] == pytest.approx(1000 / (s.acquisition_cost * 600 * 5))
    assert p["contact_chance"] == pytest.approx(500 / (s.contact_cost * 80 * 5))
    assert p["structural"] == pytest.approx(s.structural_cost * 80 * 5)
    steps = (0.85 - s.service_quality) / mk.QUALITY_STEP
    quality = steps * mk.QUALITY_COST_SHARE * s.service_cost * 80 * 5
    assert p["quality"] == pytest.approx(quality, abs=0.01)
    assert p["total"] == pytest.approx(
        1000 + 500 + p["structural"] + p["quality"], abs=0.02
    )
    params = mk.firm_parameters(d, pos, s, weeks=5)
    assert params["marketing_reach_chance"] == p["reach"]
    assert params["contact_chance"] == p["contact_chance"]


def test_no_structural_cost_below_level_3_and_no_quality_cost_at_or_below_the_market():
    s = Scenario()
    pos = mk.Position(customers=80, prospects=600)
    p = mk.plan(dict(BASE, service_quality=0.5), pos, s, weeks=5)
    assert p["structural"] == 0 and p["quality"] == 0


def test_chances_are_capped_at_one():
    s = Scenario()
    p = mk.plan(
        dict(BASE, marketing_budget=1e9, contact_budget=1e9), mk.Position(1, 1), s, 1
    )
    assert p["reach"] == 1.0 and p["contact_chance"] == 1.0


def test_over_budget_is_refused_naming_the_parts():
    s = Scenario()
    pos = mk.Position(customers=100, prospects=500)
    d = dict(BASE, relationship_level=3, marketing_budget=4000.0, contact_budget=1000.0)
    with pytest.raises(GameError) as info:
        mk.check_budget(d, pos, s, weeks=4, budget=BUDGET)
    text = str(info.value)
    assert "over the round's budget 5,000" in text and "structural 600" in text
    assert CJK.search(info.value.message("zh"))
    ok = dict(d, marketing_budget=3000.0, contact_budget=1000.0)
    assert mk.check_budget(ok, pos, s, weeks=4, budget=BUDGET)["total"] <= BUDGET


def test_default_budget_pays_for_the_presets_plan_and_half_again():
    s = Scenario().replace(n_customers=1000)
    b = mk.default_budget(s, n_firms=4, weeks=8)
    customers = -(-1000 * s.initial_customer_share // 4)
    prospects = 1000 * (1 - s.initial_customer_share)
    plan = (
        s.marketing_reach_chance * s.acquisition_cost * prospects
        + (s.contact_chance * s.contact_cost + s.structural_cost) * customers
    ) * 8
    assert 1.5 * plan <= b < 1.5 * plan + 100


def test_default_decisions_pass_their_own_checks_and_fit_the_budget():
    s = Scenario()
    pos = mk.Position(customers=50, prospects=700)
    for budget in (50.0, 5000.0):
        d = mk.default_decisions(s, pos, weeks=8, budget=budget)
        assert check_decisions(d, d, budget) == d
        assert mk.plan(d, pos, s, 8)["total"] <= budget


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("customers", [0, 40, 400])
def test_rivals_play_inside_the_ranges_and_the_budget(strategy, customers):
    s = Scenario()
    pos = mk.Position(customers=customers, prospects=600)
    d = rival_decisions(strategy, pos, s, weeks=6, budget=3000.0)
    assert check_decisions(d, d, 3000.0) == d
    if strategy == "builder" and customers == 400:
        # ties alone for 400 customers cost more than the budget: nothing else bought
        assert d["marketing_budget"] == d["contact_budget"] == 0
    else:
        assert mk.plan(d, pos, s, 6)["total"] <= 3000.0


def test_the_two_rivals_differ_the_way_their_names_say():
    s = Scenario()
    pos = mk.Position(customers=40, prospects=600)
    disc = rival_decisions("discounter", pos, s, 6, 3000.0)
    build = rival_decisions("builder", pos, s, 6, 3000.0)
    assert disc["price_discount"] > build["price_discount"]
    assert build["relationship_level"] == 3 > disc["relationship_level"]
    assert build["service_quality"] > s.service_quality > disc["service_quality"]
    assert disc["marketing_budget"] > build["marketing_budget"]


def test_t_fills_values():
    assert t("round_of", "en", n=2, total=6) == "Round 2 of 6"
    assert t("round_of", "zh", n=2, total=6) == "第 2 轮 / 共 6 轮"


def test_every_market_a_game_offers_has_a_name_in_both_languages():
    from crmsim.game.service import GAME_PRESETS

    for name in GAME_PRESETS:
        en, zh = TEXT[f"preset.{name}"]
        assert en and CJK.search(zh)
