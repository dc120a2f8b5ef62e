"""The command line, run in process."""

import json

import pytest

from crmsim.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_without_arguments_compares_levels(capsys, monkeypatch):
    # the default market, smaller so the test is quick
    code, out, err = run(capsys, "run", "--customers", "150", "--weeks", "30")
    assert code == 0, err
    for row in ["0 transactional", "1 financial", "2 social", "3 structural"]:
        assert row in out
    assert "retention/yr" in out and "T=N/M (yr)" in out


def test_run_preset_writes_results(tmp_path, capsys):
    out_dir = tmp_path / "res"
    code, out, err = run(
        capsys,
        "run",
        "social",
        "--customers",
        "120",
        "--weeks",
        "20",
        "--seed",
        "4",
        "--set",
        "service_quality=0.7",
        "--out",
        str(out_dir),
    )
    assert code == 0, err
    names = {p.name for p in out_dir.iterdir()}
    assert {
        "weekly.csv",
        "customers.csv",
        "summary.json",
        "stages.png",
        "profit.png",
    } <= names
    assert not [n for n in names if n.endswith(".part")]
    data = json.loads((out_dir / "summary.json").read_text())
    assert data["seed"] == 4
    assert data["scenario"]["service_quality"] == 0.7
    assert data["scenario"]["relationship_level"] == 2


def test_run_toml_and_json(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text('preset = "financial"\nn_customers = 80\nweeks = 10\n')
    code, out, err = run(capsys, "run", str(path), "--json", "--seed", "2")
    assert code == 0, err
    data = json.loads(out)
    (only,) = data.values()
    assert only["scenario"]["relationship_level"] == 1
    assert only["summary"]["customers_acquired"] > 0


def test_same_seed_same_output(capsys):
    a = run(capsys, "run", "structural", "--customers", "60", "--weeks", "8", "--json")
    b = run(capsys, "run", "structural", "--customers", "60", "--weeks", "8", "--json")
    assert a == b


def test_levels_option(capsys):
    code, out, _ = run(
        capsys,
        "run",
        "high_competition",
        "--levels",
        "0,3",
        "--customers",
        "60",
        "--weeks",
        "8",
    )
    assert code == 0
    assert (
        "0 transactional" in out and "3 structural" in out and "1 financial" not in out
    )


def test_scenarios_and_parameters(capsys):
    code, out, _ = run(capsys, "scenarios")
    assert code == 0
    for name in [
        "transactional",
        "financial",
        "social",
        "structural",
        "low_competition",
        "high_competition",
    ]:
        assert name in out
    code, out, _ = run(capsys, "parameters")
    assert code == 0 and "switching_cost" in out and "per week" in out
    code, out, _ = run(capsys, "parameters", "--json")
    assert any(r["name"] == "weeks" and r["unit"] == "weeks" for r in json.loads(out))


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (
            ["run", "--set", "service_quality=2"],
            "service_quality=2.0 is invalid: allowed a number in [0, 1]",
        ),
        (["run", "--set", "weeks=many"], "allowed a number"),
        (["run", "--set", "swiching_cost=0.1"], "did you mean 'switching_cost'"),
        (["run", "--set", "oops"], "allowed KEY=VALUE"),
        (["run", "nonsense"], "unknown scenario 'nonsense'"),
        (["run", "missing.toml"], "cannot read scenario file"),
        (["run", "--customers", "abc"], "allowed a whole number in [10, 100_000_000]"),
        (["run", "--customers", "0"], "allowed a whole number in [10, 100_000_000]"),
        (
            ["run", "--seed", "-1"],
            "allowed a whole number in [0, 9_223_372_036_854_775_807]",
        ),
        (["run", "--levels", "0,7"], "allowed a comma-separated list"),
        (["run", "--engine", "gpu"], "--engine='gpu' is invalid"),
        (
            ["run", "--customers", "5"],
            "--customers: '5' is invalid (allowed a whole number in [10,",
        ),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, capsys, argv, fragment):
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys,
        *argv,
        *(["--out", str(out_dir)] if argv[0] == "run" and "--out" not in argv else []),
    )
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert out == ""
    assert not out_dir.exists()


@pytest.mark.parametrize(
    "text",
    ["weeks = \n", "n_customers = 100\nbogus_key = 3\n", "service_quality = 'high'\n"],
)
def test_bad_toml_files(tmp_path, capsys, text):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "run", str(path), "--out", str(out_dir))
    assert code == 2 and len(err.strip().splitlines()) == 1 and not out_dir.exists()


def test_help(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "run" in out and "scenarios" in out


def test_console_script_entry_point():
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "crmsim.cli", "run", "--set", "weeks=-2"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == "crmsim: error: weeks=-2 is invalid: allowed a whole number in [1, 5200]"
    )


MARKET = """preset = "default"
n_customers = 200
weeks = 30
warmup_weeks = 10

[[firms]]
name = "plain"

[[firms]]
name = "partner"
relationship_level = 3
"""


def test_run_a_market_of_firms_prints_each_firm(tmp_path, capsys):
    path = tmp_path / "market.toml"
    path.write_text(MARKET, encoding="utf-8")
    out_dir = tmp_path / "out"
    code = main(
        ["run", str(path), "--engine", "vector", "--no-progress", "--out", str(out_dir)]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "the 2 firms at the end of the run" in out
    assert "plain" in out and "partner" in out and "customer equity" in out
    firms = (out_dir / "firms.csv").read_text(encoding="utf-8").splitlines()
    assert firms[0].startswith("week,firm,firm_name")
    assert len(firms) == 1 + 2 * 31  # a row per firm a week, week 0 included


def test_run_a_market_json_has_the_firms(tmp_path, capsys):
    path = tmp_path / "market.toml"
    path.write_text(MARKET, encoding="utf-8")
    assert main(["run", str(path), "--engine", "vector", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    firms = next(iter(data.values()))["firms"]
    assert [f["firm"] for f in firms] == ["plain", "partner"]
    assert sum(f["market_share"] for f in firms) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "table, message",
    [
        (
            '[[firms]]\nname = "A"\nbasket_value = 3\n',
            "unknown key 'basket_value' in firms[0]",
        ),
        (
            '[[firms]]\nname = "A"\n[[firms]]\nname = "A"\n',
            "firms[1].name='A' is taken",
        ),
        (
            '[[firms]]\nname = "A"\nservice_quality = "high"\n',
            "firms[0] (A): service_quality",
        ),
    ],
)
def test_bad_firm_tables_are_one_line_errors(tmp_path, capsys, table, message):
    path = tmp_path / "bad.toml"
    path.write_text(table, encoding="utf-8")
    assert main(["run", str(path), "--engine", "vector"]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_levels_with_a_market_of_firms_are_refused(tmp_path, capsys):
    path = tmp_path / "market.toml"
    path.write_text(MARKET, encoding="utf-8")
    assert main(["run", str(path), "--levels", "0,1"]) == 2
    assert "--levels with a market of 2 firms is refused" in capsys.readouterr().err


def test_set_firms_points_to_firm_tables(capsys):
    assert main(["run", "--set", "firms=3"]) == 2
    err = capsys.readouterr().err
    assert "--set firms is refused: allowed [[firms]] tables" in err


def test_levels_on_the_vector_engine_equal_runs_of_their_own(capsys):
    from crmsim import preset, simulate

    code, out, err = run(
        capsys,
        "run",
        "--engine",
        "vector",
        "--customers",
        "80",
        "--weeks",
        "12",
        "--seed",
        "5",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert len(data) == 4
    for level, (label, got) in enumerate(data.items()):
        assert label.startswith(f"{level} ")
        own = simulate(
            preset("default").replace(
                relationship_level=level,
                n_customers=80,
                weeks=12,
                name=f"default-level{level}",
            ),
            seed=5,
            engine="vector",
        )
        assert got == json.loads(json.dumps(own.to_dict()))
