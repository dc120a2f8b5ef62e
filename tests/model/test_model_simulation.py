"""The Mesa model: invariants, reproducibility, ledger identities, batch_run."""

import mesa
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmsim import CRMModel, Scenario, simulate
from crmsim.model.ledger import C3_COMPONENTS, LEDGER_FIELDS
from crmsim.model.network import random_network
from crmsim.model.rules import Stage

ACQUIRED_STAGES = ["exploration", "formation", "stability", "decline", "churned"]


@st.composite
def scenarios(draw):
    """Random valid small scenarios across the parameters that shape dynamics."""
    unit = st.floats(0, 1)
    n = draw(st.integers(20, 120))
    return Scenario(
        n_customers=n,
        weeks=draw(st.integers(1, 40)),
        initial_customer_share=draw(unit),
        mean_degree=draw(st.floats(0, min(30, n - 1))),
        relationship_level=draw(st.integers(0, 3)),
        loyalty_tier=draw(st.integers(0, 3)),
        service_quality=draw(unit),
        expectation_level=draw(unit),
        competition_intensity=draw(unit),
        competitor_meeting_chance=draw(unit),
        switching_cost=draw(unit),
        marketing_reach_chance=draw(st.floats(0, 0.2)),
        referral_conversion_prob=draw(unit),
        advocacy_chance=draw(unit),
        wom_damage=draw(unit),
        price_discount=draw(st.floats(0, 0.5)),
        min_stage_weeks=draw(st.integers(0, 10)),
        warmup_weeks=draw(st.integers(0, 30)),
        return_chance=draw(st.sampled_from([0.0, 0.05, 1.0])),
    )


def cents(x):
    return np.rint(np.asarray(x, dtype=float) * 100).astype(np.int64)


@pytest.mark.parametrize("engine", ["mesa", "vector"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), seed=st.integers(0, 2**31))
def test_invariants(engine, scenario, seed):
    res = simulate(scenario, seed=seed, engine=engine)
    w, c = res.weekly, res.customers

    # every week the stage counts add up to the whole market, and customers
    # flow: this week's = last week's + won - lost
    acquired = w[ACQUIRED_STAGES].sum(axis=1)
    assert (acquired + w["prospect"] == scenario.n_customers).all()
    assert (w["customers"] == w[ACQUIRED_STAGES[:-1]].sum(axis=1)).all()
    flow = w["customers"].shift() + w["new"] - w["churned_week"]
    assert (w["customers"].iloc[1:] == flow.iloc[1:]).all()
    assert w["new"].iloc[0] == w["customers"].iloc[0]  # the base the run starts with
    # the customer table: one row for everyone who was a customer in the run
    # (a person won back counts once)
    won = w["customers"].iloc[0] + w["new"].iloc[1:].sum()
    assert c["customer"].is_unique and len(c) <= won
    if scenario.return_chance == 0:
        assert len(c) == won
        # the churned are the lost customers and the prospects rivals won
        away = w["churned_week"] + w["won_by_rivals"]
        assert (w["churned"].diff().iloc[1:] == away.iloc[1:]).all()
    assert (
        w["new"] == w["new_marketing"] + w["new_referral"] + (w["week"] == 0) * w["new"]
    ).all()

    # ledger columns sum to the weekly totals to the cent; the firm's cash
    # profit is the sum of the customers' (tests/model/test_model_ledger.py
    # checks each column against prices and the C3 parts against a hand sum)
    for field in LEDGER_FIELDS:
        assert cents(w[field]).sum() == cents(c[field]).sum(), field
    assert cents(w["profit"]).sum() == cents(c["cash_profit"]).sum()
    assert (
        cents(w["revenue"]) == cents(w["list_revenue"]) - cents(w["discounts"])
    ).all()

    # bounded state
    for col in ["satisfaction", "attitude", "behaviour"]:
        assert c[col].between(0, 1).all()
    assert (c["tenure_weeks"] <= scenario.weeks + scenario.warmup_weeks).all()


@pytest.mark.parametrize("engine", ["mesa", "vector"])
@settings(max_examples=5, deadline=None)
@given(scenario=scenarios(), seed=st.integers(0, 2**31))
def test_same_seed_same_results(engine, scenario, seed):
    a = simulate(scenario, seed=seed, engine=engine)
    b = simulate(scenario, seed=seed, engine=engine)
    pd.testing.assert_frame_equal(a.weekly, b.weekly)
    pd.testing.assert_frame_equal(a.customers, b.customers)
    assert a.summary == pytest.approx(b.summary, nan_ok=True)


def test_different_seeds_differ():
    a = simulate(seed=1, n_customers=200, weeks=20)
    b = simulate(seed=2, n_customers=200, weeks=20)
    assert not a.weekly.equals(b.weekly)


def test_model_accepts_preset_name_and_keywords():
    m = CRMModel("structural", rng=3, n_customers=50, weeks=3)
    assert m.params.relationship_level == 3 and m.params.n_customers == 50
    while m.running:
        m.step()
    assert m.steps == 3
    df = m.datacollector.get_model_vars_dataframe()
    assert list(df.index) == [0.0, 1.0, 2.0, 3.0]  # Mesa 3.5: float model.time


def test_agents_sit_on_a_mesa_network():
    m = CRMModel(rng=1, n_customers=100, weeks=2)
    assert isinstance(m.grid, mesa.discrete_space.Network)
    person = m.people[5]
    contacts = {a.index for a in person.cell.neighborhood.agents}
    assert contacts == set(m.network.neighbours(5).tolist())


def test_batch_run_drives_the_model_unmodified():
    rows = mesa.batch_run(
        CRMModel,
        parameters={"relationship_level": [0, 3], "n_customers": 60, "weeks": 10},
        rng=[11, 12],
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    frame = pd.DataFrame(rows)
    assert len(frame) == 4
    assert set(frame["relationship_level"]) == {0, 3}
    assert (frame["Step"] == 10).all()
    # the same numbers as simulate() for the same seed
    for _, row in frame.iterrows():
        res = simulate(
            seed=int(row["rng"]),
            relationship_level=int(row["relationship_level"]),
            n_customers=60,
            weeks=10,
        )
        last = res.weekly.iloc[-1]
        assert row["profit"] == pytest.approx(last["profit"])
        assert row["stability"] == last["stability"]


def test_customer_table_and_summary_columns():
    res = simulate("social", seed=5, n_customers=300, weeks=60)
    c = res.customers
    assert set(c["stage_name"]) <= {s.name.lower() for s in Stage}
    assert set(c["loyalty_type"]) <= {"none", "inertia", "latent", "absolute"}
    assert {"lifecycle_profit", *C3_COMPONENTS} <= set(c.columns)
    s = res.summary
    # T = N / M and mean lifetime = 1 / churn rate (C2)
    # T = N / M from its definition: customers now, lost in the last year
    w = res.weekly
    assert s["customers_now"] == w["customers"].iloc[-1]
    assert s["customers_lost_per_year"] == w["churned_week"].iloc[-52:].sum()
    assert s["base_lifecycle_years"] == pytest.approx(
        s["customers_now"] / s["customers_lost_per_year"]
    )
    assert s["expected_lifetime_weeks"] == pytest.approx(1 / s["weekly_churn_rate"])
    ended = c[c["churned_week"] >= 0]
    assert s["mean_completed_tenure_weeks"] == pytest.approx(
        ended["tenure_weeks"].mean()
    )
    assert s["yearly_retention"] == pytest.approx((1 - s["weekly_churn_rate"]) ** 52)
    assert (
        res.by_satisfaction["customer_weeks"].sum()
        == res.weekly["customers"].iloc[:-1].sum()
    )


def test_network_is_simple_and_has_the_mean_degree():
    net = random_network(20_000, 30, np.random.default_rng(0))
    assert net.degree.mean() == pytest.approx(30, rel=0.01)
    e = net.edges()
    assert (e[:, 0] < e[:, 1]).all()  # no self-loops, each edge once
    assert len(np.unique(e[:, 0].astype(np.int64) * 20_000 + e[:, 1])) == len(e)
    assert len(e) * 2 == net.indices.size
    # symmetric
    i = 123
    for j in net.neighbours(i)[:5]:
        assert i in net.neighbours(int(j))


def test_word_of_mouth_calibration_a4():
    """A satisfied customer brings about 8 prospects; a leaver reaches about 25."""
    # the vector engine gives the Mesa engine's numbers
    res = simulate(
        seed=3, n_customers=1500, weeks=260, relationship_level=2, engine="vector"
    )
    c = res.customers
    long_satisfied = c[(c["tenure_weeks"] >= 200) & (c["satisfaction"] >= 0.7)]
    assert len(long_satisfied) > 30
    assert long_satisfied["referrals_made"].mean() == pytest.approx(8, abs=1.5)
    complainers = c[c["complaints"] > 0]
    assert complainers["complaints"].sum() > 30
    per_complaint = (
        complainers["people_reached"].sum() / complainers["complaints"].sum()
    )
    assert per_complaint == pytest.approx(25, abs=2.5)


def test_complaints_passed_on_reach_further_e10():
    """With second-hand word of mouth the same leavers put off more prospects.

    The first-hand reach is unchanged (``people_reached`` counts whom the
    leaver told herself); the prospects put off and the referral damage
    charged to the leavers grow.
    """
    kwargs = dict(seed=3, n_customers=1500, weeks=156, engine="vector")
    first = simulate(**kwargs)
    chain = simulate(wom_second_hand_reach=5, **kwargs)

    def per_complaint(r, col):
        c = r.customers
        return c[col].sum() / c["complaints"].sum()

    assert per_complaint(chain, "people_reached") == pytest.approx(
        per_complaint(first, "people_reached"), rel=0.1
    )
    assert per_complaint(chain, "referral_damage") > 1.5 * per_complaint(
        first, "referral_damage"
    )


@pytest.mark.parametrize("engine", ["mesa", "vector"])
def test_transaction_log_matches_the_ledger(engine):
    res = simulate(
        "financial", seed=8, n_customers=200, weeks=40, transactions=True, engine=engine
    )
    t, c = res.transactions, res.customers
    assert list(t.columns) == ["customer", "week", "amount", "stage"]
    assert t["week"].between(1, 40).all()
    per_customer = t.groupby("customer")["amount"].sum()
    net = c.set_index("customer")["list_revenue"] - c.set_index("customer")["discounts"]
    net = net[net > 0]
    assert np.allclose(per_customer.reindex(net.index), net)
    counts = t.groupby("customer").size()
    assert (counts == c.set_index("customer")["purchases"].reindex(counts.index)).all()
    assert simulate(seed=8, n_customers=50, weeks=3).transactions is None


def test_cohort_survival_by_hand():
    from crmsim.model.analysis import cohort_survival

    # four relationships: ended after 1 and 2 weeks, censored at 2 and 3 weeks
    c = pd.DataFrame(
        {
            "tenure_weeks": [1, 2, 2, 3],
            "churned_week": [5, 6, -1, -1],
            "acquired_week": [4, 4, 0, 0],
        }
    )
    s = cohort_survival(c).set_index("weeks")["surviving"]
    # week 1: 1 of 4 at risk ends -> 3/4; week 2: 1 of 3 ends -> 3/4 * 2/3 = 1/2
    assert s[0] == 1.0
    assert s[1] == pytest.approx(0.75)
    assert s[2] == pytest.approx(0.5)
    assert s[3] == pytest.approx(0.5)
    assert len(s) == 4  # up to the longest tenure


def test_cohort_survival_counts_relationships_from_when_they_are_seen():
    from crmsim.model.analysis import cohort_survival

    # begun 10 weeks before the run, ended after 12: at risk only in weeks 11-12
    c = pd.DataFrame(
        {"tenure_weeks": [12, 1], "churned_week": [2, 1], "acquired_week": [-10, 0]}
    )
    s = cohort_survival(c).set_index("weeks")["surviving"]
    assert s[1] == pytest.approx(0.0)  # the only one at risk in week 1 ended


def test_steady_state_t_equals_mean_lifetime_c2():
    """In a warmed-up open market, T = N / M matches the cohort lifetime."""
    res = simulate(
        seed=5,
        engine="vector",
        n_customers=3000,
        weeks=260,
        warmup_weeks=520,
        return_chance=0.02,
    )
    s = res.summary
    t_weeks = s["base_lifecycle_years"] * 52
    assert t_weeks == pytest.approx(s["expected_lifetime_weeks"], rel=0.25)


def test_relationship_table_has_one_row_per_spell():
    res = simulate(
        seed=2, engine="vector", n_customers=400, weeks=156, return_chance=0.1
    )
    rel, w, c = res.relationships, res.weekly, res.customers
    ended = rel[rel["churned_week"] >= 0]
    # every defection of the run ends one spell; every active customer has one
    assert len(ended) == w["churned_week"].iloc[1:].sum()
    assert (rel["churned_week"] < 0).sum() == w["customers"].iloc[-1]
    assert ended["churned_week"].between(1, 156).all()
    # an ended spell lasted at least a week; one begun in the last week, none yet
    assert (ended["tenure_weeks"] > 0).all() and (rel["tenure_weeks"] >= 0).all()
    # people won back have several spells, so there are more spells than people
    assert rel["customer"].duplicated().any()
    assert set(rel["customer"]) <= set(c["customer"])


@pytest.mark.parametrize("engine", ["mesa", "vector"])
@pytest.mark.parametrize("firms", [1, 2])
def test_relationship_values_add_up_to_each_persons_value(engine, firms):
    """Each spell's realised value is its own; a person's spells add up to theirs.

    With two firms customers also switch, ending one spell and starting the
    next in the same week.
    """
    extra = {}
    if firms == 2:
        extra["firms"] = ({"name": "A"}, {"name": "B", "relationship_level": 2})
    res = simulate(
        seed=4,
        engine=engine,
        n_customers=300,
        weeks=104,
        return_chance=0.1,
        competition_intensity=0.8,
        **extra,
    )
    rel, c = res.relationships, res.customers
    assert rel["customer"].duplicated().any()
    per_person = rel.groupby("customer")["realised_value"].sum()
    mine = c.set_index("customer")["realised_value"]
    assert np.allclose(per_person.reindex(mine.index, fill_value=0.0), mine, atol=1e-9)
    # a spell won back counts from its own acquisition, not the person's total
    won_back = rel[rel["customer"].duplicated(keep="first")]
    assert len(won_back)
    assert not np.allclose(won_back["realised_value"], mine[won_back["customer"]])
