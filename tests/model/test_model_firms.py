"""A market of K firms: both engines, one week; shares, switching, firm tables."""

import pickle

import numpy as np
import pandas as pd
import pytest

from crmsim import simulate
from crmsim.errors import CRMSimError
from crmsim.model.engine import make_engine, run
from crmsim.model.ledger import LEDGER_FIELDS
from crmsim.model.scenario import FIRM_KEYS, MAX_FIRMS, load_scenario, preset

SMALL = {"n_customers": 300, "weeks": 50, "warmup_weeks": 20}

THREE = (
    {"name": "A"},
    {"name": "B", "relationship_level": 3, "service_quality": 0.75},
    {"name": "C", "relationship_level": 1, "price_discount": 0.15},
)


def _market(firms, **changes):
    return preset("default").replace(**(SMALL | changes), firms=firms)


def _tables(model):
    return (
        model.weekly_table(),
        model.customer_table(),
        model.firm_weekly_table(),
        model.relationship_table(),
        model.transaction_table(),
    )


def _assert_same(a, b):
    for x, y in zip(_tables(a), _tables(b), strict=True):
        if x is None or y is None:
            assert x is None and y is None
        else:
            pd.testing.assert_frame_equal(x, y)


def test_engines_agree_exactly_with_three_firms_and_a_change_mid_run():
    models = []
    for engine in ("mesa", "vector"):
        m = make_engine(_market(THREE), seed=5, engine=engine, transactions=True)
        run(m, weeks=20)
        m.set_firm(0, relationship_level=2, contact_chance=0.5)
        models.append(run(m))
    _assert_same(*models)
    assert models[0].firm_names == ("A", "B", "C") and models[0].n_firms == 3


def test_every_firm_that_markets_courts_every_prospect():
    """Courting (A4) with three firms: each firm with marketing pays for each prospect."""
    firms = (*THREE[:2], {**THREE[2], "marketing_reach_chance": 0.0})
    models = [
        run(make_engine(_market(firms, courting_cost=0.5), seed=4, engine=engine))
        for engine in ("mesa", "vector")
    ]
    _assert_same(*models)
    free = run(make_engine(_market(firms), seed=4, engine="vector"))
    f, g = models[1].firm_weekly_table(), free.firm_weekly_table()
    extra = (f["acquisition_cost"] - g["acquisition_cost"]).to_numpy().reshape(-1, 3)
    prospects = free.weekly_table()["prospect"].to_numpy()[:-1]
    assert prospects.sum() > 0
    for firm, pays in enumerate((True, True, False)):
        expected = 0.5 * prospects if pays else 0 * prospects
        np.testing.assert_allclose(extra[1:, firm], expected, rtol=0, atol=1e-9)


def test_one_firm_table_is_the_one_firm_market():
    one = simulate(preset("default").replace(**SMALL), seed=3, engine="vector")
    named = simulate(_market(({"name": "A"},)), seed=3, engine="vector")
    pd.testing.assert_frame_equal(one.weekly, named.weekly)
    pd.testing.assert_frame_equal(one.customers, named.customers)


def test_firm_tables_add_up_to_the_market():
    res = simulate(_market(THREE), seed=7, engine="vector")
    w, f = res.weekly, res.firms
    by_week = f.groupby("week")
    assert (by_week["customers"].sum().to_numpy() == w["customers"].to_numpy()).all()
    for column in (*LEDGER_FIELDS, "new", "churned_week"):
        cents = np.rint(by_week[column].sum().to_numpy() * 100)
        assert (cents == np.rint(w[column].to_numpy() * 100)).all(), column
    assert np.allclose(by_week["market_share"].sum().to_numpy(), 1.0)
    # everyone's current firm is one of the three
    assert set(res.customers["firm"]) <= {0, 1, 2}


def test_switchers_become_the_rivals_customers():
    # a strong rival: customers of the weak firm leave for it, not for nobody
    firms = ({"name": "weak", "service_quality": 0.5}, {"name": "strong"})
    res = simulate(_market(firms, competition_intensity=1.0), seed=2, engine="vector")
    rel = res.relationships.sort_values(["customer", "acquired_week"])
    ended = rel[(rel["churned_week"] >= 0) & (rel["firm"] == 0)]
    assert len(ended) > 0
    nxt = rel.groupby("customer").shift(-1)
    follow = nxt.loc[ended.index]
    switched = follow["acquired_week"] == ended["churned_week"]
    assert switched.all()  # with several firms, a defector is won the same week
    assert (follow.loc[switched, "firm"] == 1).all()
    assert res.weekly["won_by_rivals"].sum() == 0  # no rival outside the model


def _final_shares(firms, seeds, **changes):
    out = []
    for seed in seeds:
        res = simulate(_market(firms, **changes), seed=seed, engine="vector")
        last = res.firms[res.firms["week"] == res.firms["week"].max()]
        out.append(last["market_share"].to_numpy())
    return np.array(out)


def test_symmetric_firms_split_the_market_evenly():
    shares = _final_shares(({"name": "A"}, {"name": "B"}), range(12), weeks=100)
    mean, se = shares[:, 0].mean(), shares[:, 0].std(ddof=1) / np.sqrt(len(shares))
    assert abs(mean - 0.5) < 3 * se + 0.01


def test_better_service_and_structural_bonds_gain_share():
    firms = (
        {"name": "plain"},
        {"name": "partner", "service_quality": 0.75, "relationship_level": 3},
    )
    shares = _final_shares(firms, range(8), weeks=100)[:, 1]
    se = shares.std(ddof=1) / np.sqrt(len(shares))
    assert shares.mean() - 0.5 > 3 * se


def test_the_vector_engine_pickles_mid_run():
    m = make_engine(_market(THREE), seed=4, engine="vector")
    run(m, weeks=10)
    copy = pickle.loads(pickle.dumps(m))
    run(m)
    run(copy)
    _assert_same(m, copy)


def _resumed_without(*names):
    """A market run on to the end, and its copy stored at week 10 without ``names``.

    As a game's round stored by an earlier version, whose state lacked them.
    Returns ``(model, copy, spells ended when it was stored)``.
    """
    m = make_engine(_market(THREE), seed=4, engine="vector")
    run(m, weeks=10)
    old = pickle.loads(pickle.dumps(m))
    ended = sum(len(x) for x in old.state.spells)
    for name in names:
        delattr(old.state, name)
    copy = pickle.loads(pickle.dumps(old))
    run(m)
    run(copy)
    return m, copy, ended


def test_a_state_pickled_without_derived_chances_resumes_identically():
    m, copy, _ = _resumed_without("best_win_chance", "rival_win_chance")
    _assert_same(m, copy)


def test_a_state_pickled_before_stacked_runs_resumes_identically():
    m, copy, _ = _resumed_without(
        "runs", "scenarios", "rngs", "firms_per_market", "n_run", "run_of"
    )
    _assert_same(m, copy)


def test_a_state_pickled_without_relationship_values_resumes():
    m, copy, ended_before = _resumed_without("value_at_start", "spell_values")
    for x, y in zip(_tables(m)[:3], _tables(copy)[:3], strict=True):
        pd.testing.assert_frame_equal(x, y)
    a, b = m.relationship_table(), copy.relationship_table()
    pd.testing.assert_frame_equal(
        a.drop(columns="realised_value"), b.drop(columns="realised_value")
    )
    # spells that ended before the old state was stored have no value of their own
    assert ended_before and b["realised_value"].isna().sum() == ended_before
    assert a["realised_value"].notna().all()


@pytest.mark.parametrize(
    "firms, match",
    [
        ({"name": "A"}, r"firms=.*allowed a list of 1-40 tables"),
        ([{"name": "A"}, {"name": "A"}], r"firms\[1\]\.name='A' is taken"),
        ([{"relationship_level": 1}], r"firms\[0\]\.name=None is invalid"),
        (
            [{"name": "A", "basket_value": 9}],
            r"unknown key 'basket_value' in firms\[0\]",
        ),
        ([{"name": "A", "service_quality": 2}], r"firms\[0\] \(A\): service_quality=2"),
        ([{"name": "A", "relationship_level": 1.5}], r"firms\[0\] \(A\): relat"),
        ([{"name": f"F{i}"} for i in range(MAX_FIRMS + 1)], r"firms has 41 firms"),
        (["A"], r"firms\[0\]='A' is invalid"),
    ],
)
def test_bad_firm_tables_get_one_line_errors(firms, match):
    with pytest.raises(CRMSimError, match=match) as err:
        preset("default").replace(firms=firms)
    assert "\n" not in str(err.value)


def test_set_firm_refuses_what_a_firm_cannot_set():
    m = make_engine(_market(THREE), seed=1, engine="vector")
    with pytest.raises(CRMSimError, match="unknown firm setting 'basket_value'"):
        m.set_firm(0, basket_value=10)
    with pytest.raises(CRMSimError, match="firm=3 is invalid: allowed a firm number"):
        m.set_firm(3, relationship_level=1)
    with pytest.raises(CRMSimError, match="service_quality"):
        m.set_firm(1, service_quality=-1)


def test_a_scenario_file_with_firm_tables(tmp_path):
    path = tmp_path / "market.toml"
    path.write_text(
        'preset = "default"\nn_customers = 200\n\n'
        '[[firms]]\nname = "A"\n\n'
        '[[firms]]\nname = "B"\nrelationship_level = 2\n',
        encoding="utf-8",
    )
    s = load_scenario(path)
    assert s.n_firms == 2 and s.firm_names == ("A", "B")
    assert s.firm_scenarios()[1].relationship_level == 2
    assert s.to_dict()["firms"] == [
        {"name": "A"},
        {"name": "B", "relationship_level": 2},
    ]
    assert set(FIRM_KEYS) >= {"relationship_level", "service_quality", "price_discount"}


def test_a_customer_who_leaves_for_reasons_of_their_own_joins_no_rival():
    """With three firms and no offers met, every loss is an exit: nobody switches."""
    market = _market(THREE, exit_chance=0.05, competition_intensity=0.0)
    models = [run(make_engine(market, seed=6, engine=e)) for e in ("mesa", "vector")]
    _assert_same(*models)
    w = models[1].firm_weekly_table().query("week > 0")  # week 0: the base
    assert w["churned_week"].sum() > 0.03 * w["customers"].sum()
    assert (w["new"] - w["new_marketing"] - w["new_referral"]).sum() == 0
