"""The generated commands (case, classify, clv, value), run in process.

Every command's options are its function's parameters; these tests check the
numbers against hand computations and the functions themselves, and that a
bad value is reported with the option's name.
"""

import inspect
import json

import pytest

from crmsim import course
from crmsim import economics as ec
from crmsim.cli import main
from crmsim.cli.cases import case_commands
from crmsim.cli.economics import GROUPS, lifetime_value_over_horizon
from crmsim.cli.generate import option_name
from crmsim.course import cases


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_every_case_in_the_registry_is_a_command_with_its_parameters(capsys):
    commands = {c.name: c for c in case_commands()}
    assert set(commands) == set(cases.CASES)
    for name, spec in cases.CASES.items():
        options = [o.name for o in commands[name].options()]
        assert options == [p.name for p in spec.params]
        code, out, _ = run(capsys, "case", name, "--help")
        assert code == 0
        for p in spec.params:  # each option spelled once, from the registry
            assert p.option in out


def test_economics_options_are_the_signatures():
    for _, commands in GROUPS.values():
        for c in commands:
            params = [
                p.name
                for p in inspect.signature(c.function).parameters.values()
                if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
            ]
            assert [o.name for o in c.options()] == params


def test_smith_prints_both_ends_and_json_equals_python(capsys):
    code, out, err = run(capsys, "case", "smith")
    assert code == 0, err
    # 10 told: 26,000 + (5 + 25) x 0.25 x 26,000 = 221,000; 20 told: 416,000
    assert 26_000 + (10 * 0.5 + 10 * 0.5 * 5) * 0.25 * 26_000 == 221_000
    assert "221,000" in out and "416,000" in out
    assert run_json(capsys, "case", "smith") == cases.smith_case().to_dict()


def test_smith_options_reach_the_chain(capsys):
    data = run_json(
        capsys,
        "case",
        "smith",
        "--weekly-spend",
        10,
        "--years",
        2,
        "--people-told",
        4,
        8,
        "--no-count-first-round",
    )
    expected = cases.smith_case(
        (4, 8), weekly_spend=10, years=2, count_first_round=False
    ).to_dict()
    assert data == expected
    assert data["low"]["direct_loss"] == 10 * 52 * 2


def test_tarp_8_versus_25(capsys):
    data = run_json(
        capsys,
        "case",
        "tarp",
        "--satisfied-customers",
        1,
        "--dissatisfied-customers",
        1,
    )
    assert data["potential_deals"] == 8 and data["people_affected"] == 25
    assert data["net_customers"] == 8 - 25


def test_kotler_and_jones_sasser(capsys):
    data = run_json(capsys, "case", "kotler", "--customers", 50, "--margin-rate", 0.4)
    assert data["name"] == cases.recommended_relationship(50, 0.4).name.lower()
    levels = run_json(
        capsys,
        "case",
        "jones-sasser",
        "--satisfaction-level",
        1,
        5,
        "--competition",
        "low",
    )
    assert levels == [float(x) for x in cases.satisfaction_loyalty([1, 5], "low")]


def test_clv_closed_form_and_horizon_by_hand(capsys):
    value = run_json(
        capsys,
        "clv",
        "closed-form",
        "--margin",
        100,
        "--retention-rate",
        0.8,
        "--discount-rate",
        0.1,
        "--acquisition-cost",
        50,
    )
    assert value == pytest.approx(100 * 0.8 / (1 + 0.1 - 0.8) - 50)
    horizon = run_json(
        capsys,
        "clv",
        "horizon",
        "--first-margin",
        100,
        "--retention-rate",
        0.8,
        "--discount-rate",
        0.1,
        "--n-periods",
        3,
        "--growth-rate",
        0.5,
    )
    by_hand = sum(100 * 1.5 ** (t - 1) * 0.8**t / 1.1**t for t in (1, 2, 3))
    assert horizon == pytest.approx(by_hand)
    assert lifetime_value_over_horizon(100, 0.8, 0.1, 3, 0.5) == pytest.approx(by_hand)


def test_classify_and_value(capsys):
    kind = run_json(
        capsys, "classify", "loyalty", "--attitude", 0.9, "--behaviour", 0.9
    )
    assert kind["name"] == course.classify_loyalty(0.9, 0.9).name.lower()
    rung = run_json(capsys, "classify", "rung", "3")
    assert rung == course.ladder_rung_info(3)
    delivered = run_json(
        capsys, "value", "delivered", "--product-value", 5, "--money-cost", 2
    )
    assert delivered["delivered_value"] == 3
    assert run_json(
        capsys, "value", "base", "--customers", 5000, "--customers-lost-per-year", 1000
    ) == ec.base_lifecycle_years(5000, 1000)


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["case", "smith", "--stop-share", "2"], "--stop-share=2.0"),
        (["case", "smith", "--people-told", "20", "10"], "--people-told"),
        (
            [
                "case",
                "tarp",
                "--satisfied-customers",
                "-1",
                "--dissatisfied-customers",
                "1",
            ],
            "--satisfied-customers",
        ),
        (
            [
                "clv",
                "closed-form",
                "--margin",
                "1",
                "--retention-rate",
                "1.5",
                "--discount-rate",
                "0.1",
            ],
            "--retention-rate=1.5",
        ),
        (
            [
                "clv",
                "horizon",
                "--first-margin",
                "1",
                "--retention-rate",
                "0.5",
                "--discount-rate",
                "0.1",
                "--n-periods",
                "0",
            ],
            "--n-periods=0",
        ),
        (
            ["classify", "loyalty", "--attitude", "7", "--behaviour", "0.5"],
            "--attitude=7.0",
        ),
        (
            [
                "classify",
                "ladder",
                "--stage",
                "limbo",
                "--purchases",
                "1",
                "--attitude",
                "0.5",
                "--referrals-made",
                "0",
                "--bond-level",
                "0",
            ],
            "--stage='limbo'",
        ),
    ],
)
def test_bad_values_are_reported_with_the_option_name(capsys, argv, option):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("crmsim: error: ") and err.count("\n") == 1
    assert option in err and "allowed" in err


def test_option_names_follow_the_parameter_names():
    assert option_name("customers_lost_per_year") == "--customers-lost-per-year"


def test_help_lists_the_groups(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for group in ("run", "case", "classify", "clv", "value", "sweep", "viz"):
        assert group in out
