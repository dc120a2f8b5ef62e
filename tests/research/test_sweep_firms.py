"""Sweeps over a market of firms: one firm's setting varied, bad firm keys refused."""

import pytest

from crmsim.errors import CRMSimError
from crmsim.research.sweep import run_sweep, sweep_from_mapping

MARKET = {
    "n_customers": 80,
    "weeks": 8,
    "warmup_weeks": 4,
    "engine": "vector",
    "seeds": [1],
    "firms": [{"name": "plain"}, {"name": "partner"}],
    "grid": {"firm.partner.relationship_level": [0, 3]},
}


def test_a_grid_varies_one_firm_only():
    runs = sweep_from_mapping(MARKET).runs
    assert [r.point["firm.partner.relationship_level"] for r in runs] == [0, 3]
    plain = [r.scenario.firm_scenarios()[0].relationship_level for r in runs]
    partner = [r.scenario.firm_scenarios()[1].relationship_level for r in runs]
    assert plain == [0, 0] and partner == [0, 3]
    assert runs[0].run_id != runs[1].run_id


def test_the_sweep_runs_and_records_the_firm_setting(tmp_path):
    res = run_sweep(MARKET, tmp_path / "out", workers=1, progress=False)
    assert sorted(res.summary["firm.partner.relationship_level"]) == [0, 3]


@pytest.mark.parametrize(
    "grid, message",
    [
        (
            {"firm.nobody.relationship_level": [1]},
            "'firm.nobody.relationship_level' names no firm",
        ),
        (
            {"firm.partner.basket_value": [1]},
            "unknown parameter 'firm.partner.basket_value'",
        ),
        ({"firm.partner.service_quality": [7]}, "service_quality=7"),
    ],
)
def test_bad_firm_keys_are_one_line_errors(grid, message):
    with pytest.raises(
        CRMSimError, match=message.replace(".", r"\.").replace("(", r"\(")
    ) as err:
        sweep_from_mapping(MARKET | {"grid": grid})
    assert "\n" not in str(err.value)
