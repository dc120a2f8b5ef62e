"""Tests of crmsim.economics.delivered_value: hand-computed targets and invariants."""

import importlib

import pandas as pd
import pytest

from crmsim.errors import CRMSimError

# importlib: three modules share their name with their main function, which
# the package re-exports, so `crmsim.economics.lifetime_value` is the function.
dv = importlib.import_module("crmsim.economics.delivered_value")


def test_delivered_value_by_hand():
    v = dv.delivered_value(
        product_value=100,
        service_value=30,
        personnel_value=20,
        image_value=10,
        money_cost=80,
        time_cost=15,
        energy_cost=5,
        psychic_cost=10,
    )
    assert v.total_customer_value == 100 + 30 + 20 + 10
    assert v.total_customer_cost == 80 + 15 + 5 + 10
    assert v.delivered_value == 160 - 110
    assert v.to_dict()["delivered_value"] == 50


def test_choose_offer_picks_largest_delivered_value_first_on_ties():
    a = dv.delivered_value(product_value=100, money_cost=70)  # 30
    b = dv.delivered_value(product_value=90, money_cost=50)  # 40
    c = dv.delivered_value(product_value=60, time_cost=20)  # 40
    assert dv.choose_offer({"a": a, "b": b}) == "b"
    assert dv.choose_offer({"a": a, "b": b, "c": c}) == "b"
    assert dv.choose_offer({"c": c, "b": b}) == "c"


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: dv.delivered_value(money_cost=-3), "money_cost=-3"),
        (lambda: dv.choose_offer({}), "offers={}"),
        (lambda: dv.choose_offer({"x": 3}), "offers['x']=3"),
        (lambda: dv.choose_offer(pd.DataFrame({"a": range(30)})), "offers=<DataFrame>"),
    ],
)
def test_bad_inputs_raise_one_line_crmsim_errors(call, fragment):
    with pytest.raises(CRMSimError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message
    assert fragment in message
    assert "allowed" in message
    assert isinstance(info.value, ValueError)
