"""Tests of crmsim.economics.lifecycle_profit: hand-computed targets and invariants."""

import importlib
import json

import pytest

from crmsim.errors import CRMSimError

# importlib: three modules share their name with their main function, which
# the package re-exports, so `crmsim.economics.lifetime_value` is the function.
lp = importlib.import_module("crmsim.economics.lifecycle_profit")


@pytest.mark.parametrize(
    ("parts", "total", "invest", "profit"),
    [
        ((1000, 200, 300, 250, 100, 50), 1000 + 200 + 300, 250 + 100 + 50, 1100),
        ((500, 0, 0, 600, 0, 0), 500, 600, -100),
        ((-50, 20, 10, 0, 0, 30), -50 + 20 + 10, 30, -50),
    ],
)
def test_lifecycle_profit(parts, total, invest, profit):
    p = lp.lifecycle_profit(*parts)
    assert (p.total_profit, p.investment, p.lifecycle_profit) == (total, invest, profit)
    d = p.to_dict()
    assert d["lifecycle_profit"] == profit
    assert d["referral_damage_cost"] == parts[5]
    json.dumps(d)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: lp.lifecycle_profit(100, acquisition_cost=-1), "acquisition_cost=-1"),
        (lambda: lp.lifecycle_profit(100, cost_savings=-1), "cost_savings=-1"),
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
