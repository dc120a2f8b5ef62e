"""The two engines run one week and agree exactly (crmsim.model.engine, vector).

For the same scenario, seed and precision, ``engine="mesa"`` (one agent per
person, stepping in random order) and ``engine="vector"`` (everyone at once)
must give identical results: every stage count, every cent of the ledger,
every customer row. Random numbers are drawn per person before anyone steps,
and what passes between people is settled when the week ends, so neither the
engine nor the order of activation can change a draw.
"""

import numpy as np
import pandas as pd
import pytest

from crmsim import PRESETS, simulate
from crmsim.model.crm_model import CRMModel
from crmsim.model.engine import ENGINES, Engine, make_engine, run
from crmsim.model.vector import VectorModel
from crmsim.validation import CRMSimError

# word of mouth and a loyalty programme on, at a size where every mechanism acts
LIVELY = dict(
    n_customers=150,
    weeks=60,
    loyalty_tier=2,
    advocacy_chance=0.3,
    wom_damage=0.3,
    mean_degree=8,
    competition_intensity=0.6,  # churn and complaints in every preset
    warmup_weeks=20,
    return_chance=0.05,  # leavers come back and are won again
)


def assert_identical(a, b):
    pd.testing.assert_frame_equal(
        a.weekly, b.weekly, check_exact=False, rtol=0, atol=1e-9
    )
    pd.testing.assert_frame_equal(
        a.customers, b.customers, check_exact=False, rtol=0, atol=1e-9
    )
    pd.testing.assert_frame_equal(a.by_satisfaction, b.by_satisfaction)
    if a.transactions is not None:
        pd.testing.assert_frame_equal(a.transactions, b.transactions)
    # money columns are cents: exact
    for col in ("profit", "revenue", "referral_damage", "referral_value"):
        assert (a.weekly[col] == b.weekly[col]).all(), col


def both_engines(scenario, **kwargs):
    """The run on the vector engine, checked identical to the Mesa engine's."""
    a = simulate(scenario, engine="mesa", **kwargs)
    b = simulate(scenario, engine="vector", **kwargs)
    assert_identical(a, b)
    return b


@pytest.mark.parametrize("scenario", sorted(PRESETS))
def test_engines_agree_exactly_for_every_preset(scenario):
    a = both_engines(scenario, seed=11, transactions=True, **LIVELY)
    # the run did exercise word of mouth and churn, or the test shows nothing
    assert a.weekly["churned_week"].sum() > 0
    assert a.customers["referrals_made"].sum() > 0


def test_engines_agree_exactly_in_double_precision_on_another_seed():
    both_engines("social", seed=4, precision="double", **LIVELY)


def test_engines_agree_exactly_when_complaints_are_passed_on():
    """The Smith chain (E10): second-hand word of mouth, the same in both engines."""
    b = both_engines("default", seed=5, wom_second_hand_reach=3, **LIVELY)
    assert b.weekly["referral_damage"].sum() > 0


def test_courting_costs_every_prospect_week_and_changes_nothing_else():
    """Marketing's courting (A4): the same in both engines, booked per prospect-week.

    The courting cost a prospect-week is acquisition spending, on every
    prospect at the start of each week (last week's ``prospect`` count); it
    moves no draw, so everything else is the run without it.
    """
    kwargs = dict(seed=3, **LIVELY)
    b = both_engines("social", courting_cost=0.75, **kwargs)
    free = simulate("social", engine="vector", **kwargs)
    extra = (b.weekly["acquisition_cost"] - free.weekly["acquisition_cost"]).to_numpy()
    courted = free.weekly["prospect"].to_numpy()[:-1]
    assert courted.sum() > 0
    np.testing.assert_allclose(extra[1:], 0.75 * courted, rtol=0, atol=1e-9)
    assert extra[0] == 0
    np.testing.assert_allclose(
        free.weekly["profit"] - b.weekly["profit"], extra, rtol=0, atol=1e-9
    )
    same = [c for c in free.weekly if c not in ("acquisition_cost", "profit")]
    pd.testing.assert_frame_equal(b.weekly[same], free.weekly[same])


def test_customers_who_leave_for_reasons_of_their_own():
    """``exit_chance``: the same in both engines, and at about the rate set.

    Exits take the top of the week's meeting draw (no new draw), so the
    structural market, which loses almost nobody, loses about 5 % a week.
    """
    kwargs = dict(seed=2, **LIVELY)
    b = both_engines("structural", exit_chance=0.05, **kwargs)
    kept = simulate("structural", engine="vector", **kwargs)

    def lost_share(r):  # customers lost a customer-week
        active = r.weekly[["exploration", "formation", "stability", "decline"]]
        return r.weekly["churned_week"].sum() / active.to_numpy().sum()

    assert lost_share(kept) < 0.005 < 0.035 < lost_share(b)


def test_activation_order_does_not_matter():
    """Mesa agents stepping in another random order give the same market."""
    a = CRMModel("social", rng=9, **LIVELY)
    b = CRMModel("social", rng=9, **LIVELY)
    b.random.seed(12345)  # only the order of activation differs
    run(a)
    run(b)
    pd.testing.assert_frame_equal(a.weekly_table(), b.weekly_table())
    pd.testing.assert_frame_equal(a.customer_table(), b.customer_table())


def test_a_slip_in_one_customer_is_caught():
    """The comparison is sharp: one customer's state changed once shows up."""
    a = VectorModel(CRMModel("social", rng=2, **LIVELY).params, rng=2)
    b = VectorModel(a.params, rng=2)
    run(a, weeks=10)
    run(b, weeks=10)
    who = int(b.state.customers[0])
    b.state.satisfaction[who] -= 0.2
    run(a)
    run(b)
    assert not a.customer_table().equals(b.customer_table())


def test_engines_agree_exactly_in_single_precision_too():
    # float32 state, the week's arithmetic in double precision in both engines
    for scenario in ("default", "structural", "high_competition"):
        both_engines(scenario, seed=5, precision="single", **LIVELY)


def test_single_precision_agrees_in_distribution():
    """Single precision draws other numbers, with the same statistics."""
    size = dict(n_customers=400, weeks=104)
    stats = {}
    for precision in ("double", "single"):
        stats[precision] = np.array(
            [
                simulate(seed=s, engine="vector", precision=precision, **size).summary[
                    "yearly_retention"
                ]
                for s in range(12)
            ]
        )
    d, s = stats["double"], stats["single"]
    se = np.sqrt(d.var(ddof=1) / d.size + s.var(ddof=1) / s.size)
    assert abs(d.mean() - s.mean()) < 4 * se
    assert not np.array_equal(d, s)


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_satisfy_the_interface(engine):
    model = make_engine(PRESETS["default"].replace(n_customers=50, weeks=3), 1, engine)
    assert isinstance(model, Engine)
    run(model)
    assert model.steps == 3 and not model.running
    model.step()  # stepping past the end does nothing (SolaraViz does it)
    assert len(model.weekly_table()) == 4


def test_unknown_engine_and_precision_are_one_line_errors():
    with pytest.raises(
        CRMSimError, match=r"engine='gpu' is invalid: allowed one of mesa, vector"
    ):
        simulate(engine="gpu")
    with pytest.raises(CRMSimError, match=r"precision='half' is invalid"):
        simulate(precision="half", n_customers=40, weeks=1, mean_degree=4)


def _imports(module: str) -> set[str]:
    """Modules ``module``'s source imports (absolute names)."""
    import ast
    import importlib.util
    from pathlib import Path

    tree = ast.parse(Path(importlib.util.find_spec(module).origin).read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _is_module(name: str) -> bool:
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except ModuleNotFoundError:  # an attribute, not a module
        return False
    return bool(spec and spec.origin and spec.origin.endswith(".py"))


def test_vector_engine_and_everything_beneath_it_import_no_mesa():

    seen, todo = set(), ["crmsim.model.vector"]
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        for name in _imports(mod):
            assert not name.startswith("mesa"), f"{mod} imports {name}"
            if name.startswith("crmsim.") and _is_module(name):
                todo.append(name)
    assert "crmsim.model.week" in seen and "crmsim.model.state" in seen


def test_the_vector_engine_in_chunks_is_the_same(monkeypatch):
    from crmsim.model import week

    whole = simulate("structural", seed=4, engine="vector", **LIVELY)
    monkeypatch.setattr(week, "CHUNK", 7)  # every week in many chunks
    chunked = simulate("structural", seed=4, engine="vector", **LIVELY)
    assert_identical(whole, chunked)
    assert (whole.weekly.customers > 3 * 7).all()
