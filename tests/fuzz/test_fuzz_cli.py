"""Bad command lines: every parameter through --set, every option of every generated command."""

import dataclasses
import math

import pytest
from conftest import check_message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmsim import Scenario
from crmsim.cli.cases import case_commands
from crmsim.cli.economics import GROUPS, MAX_PERIODS
from crmsim.cli.generate import option_name
from crmsim.model.scenario import MONEY_MAX

# the numeric parameters (name is text; firms, tables: tests/model/test_model_firms.py)
FIELDS = [f for f in dataclasses.fields(Scenario) if f.name not in ("name", "firms")]


def _outside(f):
    lo, hi = f.metadata["range"]
    if f.metadata["unit"].startswith("money"):
        hi = min(hi, MONEY_MAX)
    if "length" in f.metadata:
        n = f.metadata["length"]
        return [",".join(["2"] * n), ",".join(["0.5"] * (n - 1)), "a,b,c,d"]
    out = ["text", "nan", "inf", "1e999", ""]
    if math.isfinite(lo):
        out.append(repr(lo - 1))
    if math.isfinite(hi):
        out.append(repr(hi * 2 + 1))
    return out


SET_CASES = [
    pytest.param(f.name, v, id=f"--set {f.name}={v}")
    for f in FIELDS
    for v in _outside(f)
]


@pytest.mark.parametrize(("name", "value"), SET_CASES)
def test_set_bad_value_fails_before_running(cli, name, value):
    err = cli("run", "--set", f"{name}={value}", "--no-progress", with_out=True)
    check_message(err, name)


RUN_CASES = {
    "customers below minimum": (["--customers", "5"], "--customers", "[10,"),
    "customers text": (["--customers", "many"], "--customers", "whole number"),
    "customers too many": (["--customers", "1000000000"], "--customers", "100_000_000"),
    "weeks zero": (["--weeks", "0"], "--weeks", "[1, 5200]"),
    "weeks too many": (["--weeks", "99999"], "--weeks", "5200"),
    "seed negative": (["--seed", "-1"], "--seed", "whole number"),
    "seed fraction": (["--seed", "1.5"], "--seed", "whole number"),
    "seed text": (["--seed", "abc"], "--seed", "whole number"),
    "levels": (["--levels", "0,4"], "--levels", "0, 1, 2, 3"),
    "engine": (["--engine", "gpu"], "--engine", "mesa, vector"),
    "unknown preset": (["sociall"], "social", "allowed"),
    "set without =": (["--set", "weeks"], "--set", "KEY=VALUE"),
    "set unknown": (["--set", "wekes=3"], "wekes", "weeks"),
    "conflict customers": (
        ["--set", "n_customers=5000", "--customers", "300"],
        "--customers",
        "one of them",
    ),
    "conflict weeks": (["--set", "weeks=5", "--weeks", "6"], "--weeks", "one of them"),
    "money overflow": (["--set", "basket_value=5e15"], "basket_value", "1_000_000_000"),
    "mean degree": (
        ["--set", "n_customers=10", "--set", "mean_degree=50"],
        "mean_degree",
        "at most",
    ),
    "attitude order": (["--set", "attitude_full_at=0.2"], "attitude_full_at", "above"),
}


@pytest.mark.parametrize("case", RUN_CASES)
def test_run_options(cli, case):
    argv, name, allowed = RUN_CASES[case]
    err = cli("run", *argv, "--no-progress", with_out=True)
    assert name in err and allowed in err, err


@pytest.mark.parametrize("where", ["a file", "under a file", "empty"])
def test_unusable_out_is_refused_before_simulating(cli, tmp_path, where, monkeypatch):
    import crmsim.model.simulation as simulation

    monkeypatch.setattr(
        simulation, "simulate", lambda *a, **k: pytest.fail("simulated")
    )
    a_file = tmp_path / "taken.csv"
    a_file.write_text("x")
    out = {"a file": a_file, "under a file": a_file / "deeper", "empty": ""}[where]
    err = cli("run", "--customers", "10", "--set", "mean_degree=2", "--out", str(out))
    assert "--out" in err
    assert a_file.read_text() == "x"


# --- generated commands --------------------------------------------------------

EXAMPLES = {
    ("classify", "loyalty"): {"attitude": 0.5, "behaviour": 0.5},
    ("classify", "attachment"): {"preference": 0.5, "differentiation": 0.5},
    ("classify", "ladder"): {
        "stage": "formation",
        "purchases": 2,
        "attitude": 0.5,
        "referrals_made": 0,
        "bond_level": 1,
    },
    ("classify", "rung"): {"rung": "3"},
    ("clv", "closed-form"): {
        "margin": 100,
        "retention_rate": 0.8,
        "discount_rate": 0.1,
    },
    ("clv", "horizon"): {
        "first_margin": 100,
        "retention_rate": 0.8,
        "discount_rate": 0.1,
        "n_periods": 3,
    },
    ("clv", "multiple"): {"retention_rate": 0.8, "discount_rate": 0.1},
    ("clv", "period-discount-rate"): {
        "annual_discount_rate": 0.1,
        "periods_per_year": 52,
    },
    ("clv", "period-retention-rate"): {
        "annual_retention_rate": 0.8,
        "periods_per_year": 52,
    },
    ("value", "delivered"): {},
    ("value", "base"): {"customers": 100, "customers_lost_per_year": 10},
    ("value", "churn"): {"customers": 100, "customers_lost_per_year": 10},
}


def _argv(path, command, values):
    argv = list(path)
    for o in command.options():
        if o.name not in values:
            continue
        v = values[o.name]
        if o.positional:
            argv.append(str(v))
        elif isinstance(v, list):
            argv += [option_name(o.name), *map(str, v)]
        else:
            argv += [option_name(o.name), str(v)]
    return argv


def _commands():
    for command in case_commands():
        spec_example = {}
        from crmsim.course.cases import CASES

        spec_example = dict(CASES[command.name].example)
        yield ("case", command.name), command, spec_example
    for group, (_, commands) in GROUPS.items():
        for command in commands:
            yield (group, command.name), command, EXAMPLES[(group, command.name)]


COMMANDS = list(_commands())


@pytest.mark.parametrize(
    ("path", "command", "example"), COMMANDS, ids=[" ".join(p) for p, _, _ in COMMANDS]
)
def test_every_generated_command_runs_its_example(path, command, example, capsys):
    from crmsim.cli import main

    assert main(_argv(path, command, example) + ["--json"]) == 0, (
        capsys.readouterr().err
    )


def _bad_option_cases():
    for path, command, example in COMMANDS:
        for o in command.options():
            if o.kind not in ("float", "int", "floats"):
                continue
            for bad in ("abc", "nan", "inf", "-inf", "1e999"):
                values = {
                    **example,
                    o.name: [bad] * (o.length or 1) if o.kind == "floats" else bad,
                }
                yield pytest.param(
                    path,
                    command,
                    values,
                    o.label,
                    id=f"{' '.join(path)} {o.label}={bad}",
                )


BAD_OPTIONS = list(_bad_option_cases())


@pytest.mark.parametrize(("path", "command", "values", "label"), BAD_OPTIONS)
def test_bad_option_value_names_the_option(cli, path, command, values, label):
    err = cli(*_argv(path, command, values))
    check_message(err, label)


def test_sizes_are_limited_with_the_limit_in_the_message(cli):
    err = cli(
        "clv",
        "horizon",
        "--first-margin",
        "1",
        "--retention-rate",
        "0.8",
        "--discount-rate",
        "0.1",
        "--n-periods",
        "1000000000",
    )
    assert f"[1, {MAX_PERIODS:_}]" in err and "--n-periods" in err


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(min_size=1, max_size=12).filter(lambda t: not t.startswith("-")))
def test_hypothesis_text_for_a_number_option(cli, text):
    try:
        float(text)
    except ValueError:
        pass
    else:
        return
    err = cli(
        "clv",
        "closed-form",
        "--margin",
        text,
        "--retention-rate",
        "0.8",
        "--discount-rate",
        "0.1",
    )
    check_message(err, "--margin")
