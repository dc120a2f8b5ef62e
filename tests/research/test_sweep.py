"""Sweeps: the file format, tidy results, resuming, the CLI, mesa.batch_run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import mesa
import pandas as pd
import pytest

from crmsim import CRMModel, CRMSimError, simulate
from crmsim.cli import main
from crmsim.model.scenario import PARAMETER_NAMES, preset
from crmsim.model.simulation import ENGINES
from crmsim.research.sweep import (
    _EXACT_FLOATS,
    Sweep,
    load_sweep,
    run_id,
    run_sweep,
    sweep_from_mapping,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

SMALL = {
    "n_customers": 60,
    "weeks": 10,
    "seeds": [1, 2],
    "grid": {"relationship_level": [0, 3], "service_quality": [0.6, 0.7]},
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"run_id": str}, **_EXACT_FLOATS)


# --- the file format --------------------------------------------------------


def test_example_sweep_files_load():
    levels = load_sweep(EXAMPLES / "sweep_levels.toml")
    assert len(levels) == 4 * 2 * 5
    assert levels.dimensions == ("relationship_level", "competition_intensity")
    assert levels.seeds == (1, 2, 3, 4, 5)
    assert len({r.run_id for r in levels.runs}) == len(levels)
    assert {r.scenario.n_customers for r in levels.runs} == {500}
    # points in file order, seeds inner
    first = levels.runs[0]
    assert (first.point, first.seed) == (
        {"relationship_level": 0, "competition_intensity": 0.2},
        1,
    )
    assert levels.runs[5].point == {
        "relationship_level": 0,
        "competition_intensity": 0.9,
    }

    presets = load_sweep(EXAMPLES / "sweep_presets.toml")
    assert presets.seeds == (10, 11, 12)
    assert presets.dimensions == ("name", "preset", "relationship_level")
    assert [r.scenario.relationship_level for r in presets.runs[::3]] == [0, 2, 3]
    assert all(r.scenario.competition_intensity == 1.0 for r in presets.runs)
    for path in EXAMPLES.glob("sweep*.toml"):
        load_sweep(path)


def test_run_ids_are_deterministic_and_depend_on_parameters_seed_engine():
    sc = preset("social").replace(n_customers=60, weeks=10)
    rid = run_id(sc, 1, "mesa")
    assert len(rid) == 12 and int(rid, 16) >= 0
    assert rid == run_id(preset("social").replace(weeks=10, n_customers=60), 1, "mesa")
    assert rid != run_id(sc, 2, "mesa")
    assert rid != run_id(sc.replace(service_quality=0.66), 1, "mesa")
    assert rid != run_id(sc, 1, "another-engine")
    again = sweep_from_mapping(SMALL)
    assert [r.run_id for r in again.runs] == [
        r.run_id for r in sweep_from_mapping(SMALL).runs
    ]


def test_runs_times_grid_replicates_and_pseudo_parameters():
    sweep = sweep_from_mapping(
        {
            "weeks": 10,
            "n_customers": 60,
            "replicates": 2,
            "seed": 7,
            "runs": [
                {"name": "a", "preset": "social"},
                {"name": "b", "price_discount": 0.1},
            ],
            "grid": {"engine": ["mesa"], "wallet_share": [[0.4, 0.7, 1.0, 0.6]]},
        }
    )
    assert sweep.seeds == (7, 8)
    assert sweep.dimensions == (
        "engine",
        "wallet_share",
        "name",
        "preset",
        "price_discount",
    )
    assert len(sweep) == 2 * 2
    a, b = sweep.runs[0], sweep.runs[2]
    assert a.scenario.relationship_level == 2 and a.point["preset"] == "social"
    assert b.scenario.price_discount == 0.1 and b.point["preset"] == "default"
    assert a.point["wallet_share"] == "[0.4, 0.7, 1.0, 0.6]"
    # no grid and no runs: the base scenario, once per seed
    base = sweep_from_mapping({"weeks": 5, "n_customers": 40, "seeds": [3]})
    assert len(base) == 1 and base.dimensions == ()


# --- running and tidy results ---------------------------------------------


def test_run_sweep_writes_tidy_tables_equal_to_simulate(tmp_path):
    out = tmp_path / "sw"
    res = run_sweep(SMALL, out, workers=1, progress=False)
    assert (res.ran, res.reused, res.folder) == (8, 0, out)
    s, w = res.summary, res.weekly
    assert len(s) == 8 and s["run_id"].is_unique
    assert list(s.columns[:3]) == ["run_id", "seed", "engine"]
    # every numeric parameter a column (firms, tables, is not one in a one-firm sweep)
    assert set(PARAMETER_NAMES) - {"firms"} <= set(s.columns)
    assert len(w) == 8 * 11
    assert list(w.columns[:5]) == [
        "run_id",
        "seed",
        "relationship_level",
        "service_quality",
        "week",
    ]
    # files on disk equal the returned frames, in run order
    pd.testing.assert_frame_equal(read_csv(out / "summary.csv"), s)
    pd.testing.assert_frame_equal(read_csv(out / "weekly.csv"), w)
    assert list(s["run_id"]) == [r.run_id for r in res.sweep.runs]
    assert sorted(p.name for p in (out / "runs").iterdir()) == sorted(
        f"{rid}.{kind}"
        for rid in s["run_id"]
        for kind in ("weekly.csv", "summary.csv", "manifest.json")
    )
    # each run is exactly simulate(scenario, seed=seed, engine=engine)
    row = s.iloc[5]
    direct = simulate(
        seed=int(row["seed"]),
        n_customers=60,
        weeks=10,
        relationship_level=int(row["relationship_level"]),
        service_quality=float(row["service_quality"]),
    )
    got = w[w["run_id"] == row["run_id"]][direct.weekly.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, direct.weekly, check_dtype=False)
    for key, value in direct.summary.items():
        assert row[key] == pytest.approx(value, rel=0, abs=0, nan_ok=True)


def test_clashing_parameter_names_are_prefixed_in_the_weekly_table():
    res = run_sweep(
        {"n_customers": 40, "weeks": 3, "seeds": [1], "grid": {"service_cost": [2, 4]}},
        workers=1,
        progress=False,
    )
    assert res.folder is None
    assert "param_service_cost" in res.weekly.columns
    assert list(res.weekly["param_service_cost"].unique()) == [2.0, 4.0]
    assert list(res.summary["service_cost"]) == [2.0, 4.0]
    assert res.weekly["service_cost"].dtype.kind == "f"  # the weekly measure


def test_worker_processes_give_the_same_results(tmp_path):
    one = run_sweep(SMALL, tmp_path / "one", workers=1, progress=False)
    two = run_sweep(SMALL, tmp_path / "two", workers=2, progress=False)
    pd.testing.assert_frame_equal(one.summary, two.summary)
    pd.testing.assert_frame_equal(one.weekly, two.weekly)
    for name in ("weekly.csv", "summary.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (
            tmp_path / "two" / name
        ).read_bytes()


def test_resume_skips_complete_runs_and_redoes_partial_ones(tmp_path):
    out = tmp_path / "sw"
    ref = run_sweep(SMALL, out, workers=1, progress=False)
    runs = out / "runs"
    ids = list(ref.summary["run_id"])
    # a run killed between its two files, one with no files, a stale temp file
    (runs / f"{ids[1]}.summary.csv").unlink()
    (runs / f"{ids[4]}.summary.csv").unlink()
    (runs / f"{ids[4]}.weekly.csv").unlink()
    write(runs / f".{ids[6]}.summary.csv.abc.part", "run_id,seed\nhalf")
    (out / "summary.csv").unlink()
    again = run_sweep(SMALL, out, workers=1, progress=False)
    assert (again.ran, again.reused) == (2, 6)
    pd.testing.assert_frame_equal(again.summary, ref.summary)
    pd.testing.assert_frame_equal(again.weekly, ref.weekly)
    assert not list(runs.glob(".*"))
    # nothing left to do: everything reused, the tables rewritten identically
    third = run_sweep(load_sweep(write(tmp_path / "s.toml", _toml(SMALL))), out)
    assert (third.ran, third.reused) == (0, 8)
    pd.testing.assert_frame_equal(third.summary, ref.summary)


def test_a_changed_sweep_reuses_the_runs_it_shares(tmp_path):
    out = tmp_path / "sw"
    run_sweep(SMALL, out, workers=1, progress=False)
    bigger = {**SMALL, "seeds": [1, 2, 3]}
    res = run_sweep(bigger, out, workers=1, progress=False)
    assert (res.ran, res.reused) == (4, 8)
    assert len(res.summary) == 12


def test_one_sweep_per_output_folder(tmp_path):
    import fcntl

    out = tmp_path / "sw"
    out.mkdir()
    with open(out / ".sweep.lock", "a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        with pytest.raises(CRMSimError, match="in use by another running sweep"):
            run_sweep(SMALL, out, workers=1, progress=False)


def test_run_sweep_rejects_bad_arguments(tmp_path):
    with pytest.raises(CRMSimError, match="workers=0 is invalid"):
        run_sweep(SMALL, tmp_path / "x", workers=0)
    with pytest.raises(CRMSimError, match="spec=42 is invalid"):
        run_sweep(42)
    assert not (tmp_path / "x").exists()


def test_scheduler_without_dask_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    for name in ("dask", "dask.distributed", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)
    spec = write(tmp_path / "s.toml", _toml(SMALL))
    out = tmp_path / "out"
    code = main(["sweep", str(spec), "--out", str(out), "--scheduler", "tcp://x:1"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "pip install 'crmsim[dask]'" in err
    assert not out.exists()


# --- mesa.batch_run and crmsim's sweep agree ------------------------------


def test_mesa_batch_run_gives_the_numbers_of_the_sweep():
    rows = mesa.batch_run(
        CRMModel,
        parameters={"relationship_level": [0, 3], "n_customers": 60, "weeks": 10},
        rng=[11, 12],
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    batch = pd.DataFrame(rows)
    res = run_sweep(
        {
            "n_customers": 60,
            "weeks": 10,
            "seeds": [11, 12],
            "grid": {"relationship_level": [0, 3]},
            "engine": "mesa",
        },
        workers=1,
        progress=False,
    )
    assert len(batch) == len(res.weekly) == 4 * 11
    measures = [c for c in res.weekly.columns if c in batch.columns and c != "seed"]
    assert {"profit", "stability", "revenue", "mean_satisfaction"} <= set(measures)
    merged = res.weekly.merge(
        batch,
        left_on=["seed", "relationship_level", "week"],
        right_on=["rng", "relationship_level", "Step"],
        suffixes=("", "_batch"),
        validate="one_to_one",
    )
    assert len(merged) == len(res.weekly)
    for col in measures:
        if col in ("relationship_level", "week"):
            continue
        assert (merged[col] == merged[f"{col}_batch"]).all(), col


# --- the command line -------------------------------------------------------


def _toml(spec: dict) -> str:
    import tomli_w

    return tomli_w.dumps(spec)


def test_cli_sweep_runs_and_prints_means(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = write(tmp_path / "levels.toml", _toml(SMALL))
    code = main(["sweep", "levels.toml", "--workers", "1", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "8 runs (8 run now, 0 already done)" in out
    assert "relationship_level=3, service_quality=0.7" in out
    assert "mean over 2 seeds" in out
    folder = tmp_path / "results" / "levels"
    assert len(read_csv(folder / "summary.csv")) == 8
    assert (
        load_sweep(spec).to_dict()["runs"][0]["run_id"]
        in (folder / "sweep.json").read_text()
    )


def test_cli_one_at_a_time_writes_the_same_tables(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "levels.toml", _toml({**SMALL, "engine": "vector"}))
    for out, extra in (("stacked", []), ("alone", ["--one-at-a-time"])):
        args = ["sweep", "levels.toml", "--out", out, "--workers", "1", "--no-progress"]
        assert main(args + extra) == 0, capsys.readouterr().err
    for name in ("summary.csv", "weekly.csv"):
        assert (tmp_path / "stacked" / name).read_bytes() == (
            tmp_path / "alone" / name
        ).read_bytes()


def test_cli_dry_run_lists_runs_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "s.toml", _toml(SMALL))
    assert main(["sweep", "s.toml", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "8 runs" in out and "service_quality" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


BAD_FILES = {
    "unknown parameter": (
        "relatonship_level = 1\nseeds = [1]\n",
        "unknown key 'relatonship_level': did you mean 'relationship_level'?",
    ),
    "unknown grid parameter": (
        "seeds = [1]\n[grid]\nservice_qualty = [0.5, 0.6]\n",
        "unknown parameter 'service_qualty' in [grid]: did you mean 'service_quality'?",
    ),
    "unknown runs parameter": (
        "seeds = [1]\n[[runs]]\nprice_discont = 0.1\n",
        "in [[runs]] #1: did you mean 'price_discount'?",
    ),
    "empty grid": ("seeds = [1]\n[grid]\n", "[grid] is empty"),
    "empty grid list": (
        "seeds = [1]\n[grid]\nrelationship_level = []\n",
        "[grid] relationship_level = [] is empty",
    ),
    "grid value not a list": (
        "seeds = [1]\n[grid]\nrelationship_level = 2\n",
        "allowed a list of values",
    ),
    "invalid grid value": (
        "seeds = [1]\n[grid]\nrelationship_level = [0, 7]\n",
        "relationship_level=7 is invalid: allowed a whole number in [0, 3] "
        "(in the run with relationship_level=7)",
    ),
    "invalid fixed value": (
        "service_quality = 1.5\nseeds = [1]\n",
        "service_quality=1.5 is invalid",
    ),
    "unknown engine": (
        'engine = "turbo"\nseeds = [1]\n',
        f"engine='turbo' is invalid: allowed {', '.join(ENGINES)}",
    ),
    "unknown engine in grid": (
        'seeds = [1]\n[grid]\nengine = ["mesa", "turbo"]\n',
        "engine='turbo' in [grid] is invalid",
    ),
    "unknown preset": ('preset = "socail"\nseeds = [1]\n', "did you mean 'social'?"),
    "malformed TOML": ("seeds = [1,\n[grid\n", "is not valid TOML"),
    "no seeds": ("n_customers = 60\n", "no seeds: allowed seeds = [1, 2, 3]"),
    "seed without replicates": ("seed = 3\n", "no seeds; did you mean 'seeds'?"),
    "negative seed": ("seeds = [1, -2]\n", "seeds=[1, -2] is invalid"),
    "repeated seed": ("seeds = [1, 1]\n", "repeats a seed"),
    "seeds and replicates": ("seeds = [1]\nreplicates = 2\n", "both given"),
    "bad replicates": ("replicates = 0\n", "replicates=0 is invalid"),
    "identical runs": (
        "seeds = [1]\n[[runs]]\nweeks = 5\n[[runs]]\nweeks = 5.0\n",
        "are the same scenario, seed and engine",
    ),
    "key in grid and runs": (
        "seeds = [1]\n[grid]\nweeks = [5]\n[[runs]]\nweeks = 6\n",
        "'weeks' is both in [grid] and in [[runs]]",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_sweep_files_fail_in_one_line_before_anything_runs(
    case, tmp_path, capsys, monkeypatch
):
    text, message = BAD_FILES[case]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bad.toml", text)
    code = main(["sweep", "bad.toml", "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("crmsim: error: ") and err.count("\n") == 1, err
    assert message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_missing_sweep_file(tmp_path, capsys):
    assert main(["sweep", str(tmp_path / "nope.toml")]) == 2
    assert "cannot read sweep file" in capsys.readouterr().err


# --- killed mid-way and started again ---------------------------------------


def _count_complete(runs: Path) -> int:
    # a run is complete once its manifest (written last) is there
    return len(list(runs.glob("*.manifest.json"))) if runs.is_dir() else 0


@pytest.mark.slow
def test_sweep_killed_midway_and_restarted_has_every_run_exactly_once(tmp_path):
    spec = {
        "n_customers": 150,
        "weeks": 30,
        "seeds": [1, 2, 3, 4],
        "grid": {"relationship_level": [0, 3]},
    }
    path = write(tmp_path / "kill.toml", _toml(spec))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "crmsim.cli", "sweep", str(path), "--out", str(out)]
    cmd += ["--workers", "2", "--no-progress"]
    total = len(load_sweep(path))

    proc = subprocess.Popen(
        cmd,
        start_new_session=True,  # its own process group: kill the workers too
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while _count_complete(out / "runs") < 1:
            assert proc.poll() is None, "the sweep ended before it was killed"
            assert time.monotonic() < deadline, "no run completed in time"
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done = _count_complete(out / "runs")
    assert 0 < done < total
    assert not (out / "summary.csv").exists() and not (out / "weekly.csv").exists()

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"({total - done} run now, {done} already done)" in again.stdout

    sweep = load_sweep(path)
    summary = read_csv(out / "summary.csv")
    weekly = read_csv(out / "weekly.csv")
    assert sorted(summary["run_id"]) == sorted(r.run_id for r in sweep.runs)
    assert summary["run_id"].is_unique
    assert (weekly.groupby("run_id").size() == spec["weeks"] + 1).all()
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(".")]

    ref = run_sweep(sweep, tmp_path / "ref", workers=1, progress=False)
    pd.testing.assert_frame_equal(summary, ref.summary)
    pd.testing.assert_frame_equal(weekly, ref.weekly)
    for name in ("summary.csv", "weekly.csv"):
        assert (out / name).read_bytes() == (tmp_path / "ref" / name).read_bytes()


def test_sweep_object_is_accepted(tmp_path):
    sweep = sweep_from_mapping({"n_customers": 40, "weeks": 2, "seeds": [4]})
    assert isinstance(sweep, Sweep)
    res = run_sweep(sweep, workers=1, progress=False)
    assert list(res.summary["seed"]) == [4]


@pytest.mark.parametrize("value", ["0", "two"])
def test_cli_bad_workers_is_a_usage_error(value, tmp_path, capsys):
    spec = write(tmp_path / "s.toml", _toml(SMALL))
    assert main(["sweep", str(spec), "--workers", value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "allowed a whole number >= 1" in err
