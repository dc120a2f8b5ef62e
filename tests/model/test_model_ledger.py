"""The ledger (crmsim.model.ledger): booking rules and the C3 decomposition.

Each ledger column of a simulated customer is recomputed here from what the
customer did (the transaction log, tenure, channel) and the scenario's
prices, without the ledger's code; the C3 decomposition is checked against a
sum worked by hand.
"""

import numpy as np
import pandas as pd
import pytest

from crmsim import simulate
from crmsim.model import rules
from crmsim.model.ledger import LEDGER_FIELDS, Ledger, lifecycle_profit_table


def test_lifecycle_profit_by_hand_c3():
    # one customer, in cents: list revenue 1000, cost of goods 600, cost to serve a
    # new customer 100 but actually 60, contact 10, acquisition 50, discounts 20,
    # referral value 50, referral damage 30
    row = dict.fromkeys(LEDGER_FIELDS, 0)
    row.update(
        list_revenue=1000,
        cogs=600,
        base_service_cost=100,
        service_cost=60,
        contact_cost=10,
        acquisition_cost=50,
        discounts=20,
        referral_value=50,
        referral_damage=30,
    )
    out = lifecycle_profit_table(pd.DataFrame([row])).iloc[0]
    assert out["basic_profit"] == 1000 - 600 - 100 - 10  # 290
    assert out["cost_savings"] == 40
    assert out["lifecycle_profit"] == 290 + 40 + 50 - 50 - 20 - 30  # 280
    assert out["cash_profit"] == 1000 - 20 - 600 - 60 - 10 - 50  # 260


def test_booking_one_person_or_many_is_the_same():
    one, many = Ledger(5), Ledger(5)
    for i, c in zip([0, 3, 4], [7, 8, 9], strict=True):
        one.book(0, i, c)
    many.book(0, np.array([0, 3, 4]), np.array([7, 8, 9]))
    assert np.array_equal(one.cents, many.cents)
    assert one.week == many.week
    assert np.array_equal(one.week_cash, many.week_cash)
    # a scalar amount booked to many people counts once per person
    many.book(2, np.array([1, 2]), 5)
    assert many.week[2] == 10 and many.week_cash[[1, 2]].tolist() == [-5, -5]


@pytest.mark.parametrize("engine", ["mesa", "vector"])
def test_every_column_follows_from_what_the_customer_did(engine):
    res = simulate(
        "structural",
        seed=8,
        engine=engine,
        n_customers=250,
        weeks=50,
        transactions=True,
        relationship_level=3,
        warmup_weeks=0,  # every relationship begins inside the run
        return_chance=0.0,
    )
    p, c, t = res.scenario, res.customers.set_index("customer"), res.transactions
    cents = lambda x: np.rint(np.asarray(x) * 100).astype(np.int64)  # noqa: E731
    # revenue net of discount: what the transaction log says was paid
    paid = t.groupby("customer")["amount"].sum().reindex(c.index, fill_value=0)
    assert (cents(c["list_revenue"] - c["discounts"]) == cents(paid)).all()
    # list price of each basket: basket value times the stage's share of wallet
    share = dict(zip(range(1, 5), p.wallet_share, strict=True))
    list_price = t["stage"].map(lambda s: round(p.basket_value * share[s], 2))
    by_customer = list_price.groupby(t["customer"]).sum().reindex(c.index, fill_value=0)
    assert (cents(c["list_revenue"]) == cents(by_customer)).all()
    # cost of goods: (1 - margin) of each basket's list price, in whole cents
    basket_cogs = np.rint(cents(list_price) * (1 - p.gross_margin))
    cogs = pd.Series(basket_cogs).groupby(t["customer"]).sum()
    assert (cents(c["cogs"]) == cogs.reindex(c.index, fill_value=0)).all()
    # cost to serve: the learning curve summed over the weeks lived
    week_cost = np.rint(
        rules.cost_to_serve(
            np.arange(p.weeks + 1),
            p.service_cost,
            p.service_cost_floor,
            p.service_learning_weeks,
        )
        * 100
    ).astype(np.int64)
    lived = c["tenure_weeks"].to_numpy()
    expected = np.array([week_cost[:n].sum() for n in lived])
    assert (cents(c["service_cost"]) == expected).all()
    assert (cents(c["base_service_cost"]) == week_cost[0] * lived).all()
    assert (cents(c["structural_cost"]) == cents(p.structural_cost) * lived).all()
    # acquisition cost for everyone won by marketing (not the starting base)
    assert (
        cents(c["acquisition_cost"]) == (c["channel"] == 1) * cents(p.acquisition_cost)
    ).all()
    # referral value: the acquisition cost saved by each person one referred
    referred = c[c["channel"] == 2].groupby("referred_by").size()
    assert (
        cents(c["referral_value"])
        == referred.reindex(c.index, fill_value=0) * cents(p.acquisition_cost)
    ).all()
