"""Tests of crmsim.course.experiments."""

import pytest

import crmsim
from crmsim import (
    CRMSimError,
    Stage,
    sensitivity,
    simulate,
    stage_transitions,
    sweep_parameter,
)

SMALL = dict(n_customers=150, weeks=40)


def test_sweep_parameter_is_tidy_and_matches_simulate():
    t = sweep_parameter("default", "switching_cost", [0.0, 0.3], seeds=[1, 2], **SMALL)
    assert t[["value", "seed"]].values.tolist() == [
        [0.0, 1],
        [0.0, 2],
        [0.3, 1],
        [0.3, 2],
    ]
    assert (t["parameter"] == "switching_cost").all()
    direct = simulate("default", seed=2, switching_cost=0.3, **SMALL).summary
    assert t.iloc[3]["profit"] == pytest.approx(direct["profit"], abs=0)


def test_sweep_parameter_metrics_and_errors():
    t = sweep_parameter(None, "relationship_level", [0], metrics=["profit"], **SMALL)
    assert list(t.columns) == ["parameter", "value", "seed", "profit"]
    with pytest.raises(CRMSimError, match="unknown"):
        sweep_parameter(None, "relationship_level", [0], metrics=["nope"], **SMALL)
    with pytest.raises(CRMSimError, match="did you mean"):
        sweep_parameter(None, "switching_cots", [0.1], **SMALL)
    with pytest.raises(CRMSimError, match="relationship_level"):
        sweep_parameter(None, "relationship_level", [7], **SMALL)
    with pytest.raises(CRMSimError, match="empty"):
        sweep_parameter(None, "relationship_level", [], **SMALL)


def test_sensitivity_values_and_elasticity():
    t = sensitivity(
        "default", ["service_quality", "acquisition_cost"], metric="revenue", **SMALL
    )
    assert set(t["parameter"]) == {"service_quality", "acquisition_cost"}
    row = t.set_index("parameter").loc["service_quality"]
    assert (row["low"], row["high"]) == pytest.approx((0.585, 0.715))
    expected = ((row["metric_high"] - row["metric_low"]) / abs(row["metric_base"])) / (
        (row["high"] - row["low"]) / row["base"]
    )
    assert row["elasticity"] == pytest.approx(expected)
    # sorted by the size of the swing
    assert t["swing"].abs().is_monotonic_decreasing


def test_sensitivity_clips_to_range_and_rejects_zero():
    t = sensitivity(
        "default",
        ["service_quality"],
        change=0.5,
        service_quality=0.9,
        metric="revenue",
        **SMALL,
    )
    assert t.loc[0, "high"] == 1.0
    with pytest.raises(CRMSimError, match="non-zero"):
        sensitivity("default", ["price_discount"], price_discount=0.0, **SMALL)
    with pytest.raises(CRMSimError, match="numeric"):
        sensitivity("default", ["wallet_share"], **SMALL)


def test_stage_transitions_balance_the_weekly_counts():
    sc = crmsim.preset("social").replace(**SMALL)
    t = stage_transitions(sc, seed=2)
    weekly = simulate(sc, seed=2).weekly
    for stage in Stage:
        name = stage.name.lower()
        inflow = t.loc[t["to_stage"] == name, "moves"].sum()
        outflow = t.loc[t["from_stage"] == name, "moves"].sum()
        assert weekly[name].iloc[0] + inflow - outflow == weekly[name].iloc[-1]
    won = t.query("from_stage == 'prospect' and to_stage == 'exploration'")
    assert int(won["moves"].iloc[0]) == int(weekly["new"].iloc[1:].sum())
    assert t.loc[0, "from_zh"] == "潜在客户"
