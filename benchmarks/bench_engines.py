"""Speed and memory of crmsim's engines against issue 14's targets, in one run.

Every case runs once, in a fresh process (``--one``), so its peak memory is
that process's ``getrusage`` maximum resident set (imports included). For
each simulation case the script reports

- **people-weeks/s**: people in the market x weeks, over the wall time of
  ``simulate(...)`` (set-up and result tables included);
- **active customer-weeks/s**: the weeks lived by customers (exploration to
  decline), counted from the weekly table's stage columns at the start of
  each week -- the customers whose week the engine computes;
- **x floor**: wall time over the random-number floor measured in the same
  run (``floor`` case, one core, numpy ``Generator``): the time to draw
  3 uniform + 1 normal float32 numbers per active customer-week (issue 14's
  floor), and the time to draw what the engine actually draws (5 uniform +
  2 normal per customer and 1 uniform per prospect each week, in the run's
  precision);
- every case runs without warm-up (``warmup_weeks=0``): CUSTOMERS x WEEKS
  is exactly the people-weeks computed;
- process CPU seconds beside wall seconds, and the machine's load average
  before the case: on a shared machine, CPU seconds are the steadier figure.

Then it prints issue 14's targets with met / not met and writes everything
to ``benchmarks/results/engines.json`` (``--json`` to choose). Usage::

    python benchmarks/bench_engines.py            # the README's table (~30 min)
    python benchmarks/bench_engines.py --quick    # small cases, ~3 min
    python benchmarks/bench_engines.py --cases vector:200000:260:structural:single

Machines are noisy: compare figures measured in the same run of this script.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GIB = 1024.0  # MiB

# ENGINE:CUSTOMERS:WEEKS[:SCENARIO[:PRECISION]]; "floor", "sweep:...", "dask:..."
FULL_CASES = [
    "floor",
    "vector:10000:260:default:double",
    "vector:10000:260:default:single",
    "vector:200000:260:structural:double",
    "vector:200000:260:structural:single",
    "mesa:1000:260",
    "bare:1000:260",
    "mesa:10000:260",
    "bare:10000:260",
    # SWEEP:RUNS:CUSTOMERS:WEEKS:BATCH_RUNS -- batch_run times BATCH_RUNS of the
    # runs (the Mesa engine is slow) and is scaled to RUNS, which says so
    "sweep:80:1000:260:20",
    # DASK:RUNS:CUSTOMERS:WEEKS -- 2-worker LocalCluster vs 2 local processes
    "dask:16:2000:260",
    # the big cases last: a case stopped by --timeout loses nothing else
    "vector:1000000:520:structural:double",
    "vector:1000000:520:default:double",
    "vector:1000000:520:structural:single",
    "vector:1000000:520:default:single",
]
QUICK_CASES = [
    "floor",
    "vector:10000:260:default:double",
    "vector:10000:260:default:single",
    "vector:100000:260:structural:double",
    "vector:100000:260:structural:single",
    "mesa:1000:104",
    "bare:1000:104",
    "sweep:8:500:104:4",
    "dask:4:1000:104",
]


# --- one case, in its own process -------------------------------------------


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def case_floor(reps: int = 20, m: int = 1_000_000) -> dict:
    """Seconds per customer-week of the draws, numpy Generator, one core."""
    import numpy as np

    rng = np.random.default_rng(1)

    def per_week(n_u: int, n_z: int, dtype) -> tuple[float, float]:
        rng.random((n_u, m), dtype=dtype)  # warm the allocator
        cpu, start = _cpu(), time.perf_counter()
        for _ in range(reps):
            if n_u:
                rng.random((n_u, m), dtype=dtype)
            if n_z:
                rng.standard_normal((n_z, m), dtype=dtype)
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
        return wall / (reps * m), cpu / (reps * m)

    out = {"kind": "floor", "reps": reps, "block": m}
    draws = {"issue_floor_s_per_cw": (3, 1, np.float32)}
    for name, dtype in (("double", np.float64), ("single", np.float32)):
        draws[f"engine_customer_s_per_cw_{name}"] = (5, 2, dtype)
        draws[f"engine_prospect_s_per_pw_{name}"] = (1, 0, dtype)
    for key, (n_u, n_z, dtype) in draws.items():
        out[key], out[f"{key}_cpu"] = per_week(n_u, n_z, dtype)
    out["peak_mib"] = _peak_mib()
    return out


def case_simulate(engine, n, weeks, scenario="default", precision="double") -> dict:
    """One ``simulate`` run; counts of customer- and prospect-weeks computed."""
    from crmsim import simulate

    cpu, start = _cpu(), time.perf_counter()
    res = simulate(
        scenario,
        seed=1,
        engine=engine,
        precision=precision,
        n_customers=n,
        weeks=weeks,
        warmup_weeks=0,
    )
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    return _sim_row(engine, n, weeks, scenario, precision, wall, cpu, res.weekly)


def case_bare(n, weeks, scenario="default") -> dict:
    """The bare Mesa model of ``benchmarks/bare_mesa.py``."""
    sys.path.insert(0, str(HERE))
    from bare_mesa import BareModel

    cpu, start = _cpu(), time.perf_counter()
    model = BareModel(scenario, rng=1, n_customers=n, weeks=weeks, warmup_weeks=0)
    while model.running:
        model.step()
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    weekly = model.datacollector.get_model_vars_dataframe()
    return _sim_row("bare mesa", n, weeks, scenario, "double", wall, cpu, weekly)


def _sim_row(engine, n, weeks, scenario, precision, wall, cpu, weekly) -> dict:
    # the customers (prospects) at the start of weeks 1..weeks: whose week ran
    start = weekly.iloc[:weeks]
    active = start[["exploration", "formation", "stability", "decline"]]
    return {
        "kind": "simulate",
        "engine": engine,
        "scenario": scenario,
        "precision": precision,
        "customers": n,
        "weeks": weeks,
        "seconds": wall,
        "cpu_seconds": cpu,
        "people_weeks": n * weeks,
        "active_weeks": int(active.to_numpy().sum()),
        "prospect_weeks": int(start["prospect"].sum()),
        "peak_mib": _peak_mib(),
    }


def _sweep_spec(runs: int, n: int, weeks: int, engine: str) -> dict:
    levels = [0, 1, 2, 3]
    seeds = list(range(1, max(1, runs // len(levels)) + 1))
    return {
        "preset": "default",
        "n_customers": n,
        "weeks": weeks,
        "warmup_weeks": 0,
        "engine": engine,
        "seeds": seeds,
        "grid": {"relationship_level": levels},
    }


def case_sweep(runs: int, n: int, weeks: int, batch_runs: int) -> dict:
    """``mesa.batch_run`` of some of the runs, against the sweep of all of them.

    The vector sweep runs twice in this process (``workers=1``): stacked (the
    runs side by side in one array, ``run_sweep``'s default) and one run at a
    time (``stacked=False``); the two must give identical tables.
    """
    import mesa
    import pandas as pd

    from crmsim.model.crm_model import CRMModel
    from crmsim.research.sweep import run_sweep

    spec = _sweep_spec(runs, n, weeks, "vector")
    start = time.perf_counter()
    res = run_sweep(spec, workers=1, progress=False, stacked=True)
    sweep_s = time.perf_counter() - start
    assert len(res.summary) == runs, (len(res.summary), runs)
    start = time.perf_counter()
    alone = run_sweep(spec, workers=1, progress=False, stacked=False)
    alone_s = time.perf_counter() - start
    pd.testing.assert_frame_equal(res.summary, alone.summary)
    pd.testing.assert_frame_equal(res.weekly, alone.weekly)

    levels = [0, 1, 2, 3]
    seeds = list(range(1, max(1, batch_runs // len(levels)) + 1))
    start = time.perf_counter()
    out = mesa.batch_run(
        CRMModel,
        parameters={
            "relationship_level": levels,
            "n_customers": n,
            "weeks": weeks,
            "warmup_weeks": 0,
        },
        rng=seeds,
        number_processes=1,
        data_collection_period=-1,
        max_steps=weeks,
        display_progress=False,
    )
    batch_s = time.perf_counter() - start
    measured = len(out)
    return {
        "kind": "sweep",
        "runs": runs,
        "customers": n,
        "weeks": weeks,
        "sweep": "stacked",
        "sweep_seconds": sweep_s,
        "one_at_a_time_seconds": alone_s,
        "identical": True,
        "batch_run_runs_measured": measured,
        "batch_run_seconds_measured": batch_s,
        "batch_run_seconds_for_all": batch_s * runs / measured,
        "peak_mib": _peak_mib(),
    }


def case_dask(runs: int, n: int, weeks: int) -> dict:
    """The same vector sweep on 2 local processes and on a 2-worker Dask cluster."""
    from dask.distributed import LocalCluster

    from crmsim.research.sweep import run_sweep

    spec = _sweep_spec(runs, n, weeks, "vector")
    start = time.perf_counter()
    pool = run_sweep(spec, workers=2, progress=False)
    pool_s = time.perf_counter() - start
    start = time.perf_counter()
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        up_s = time.perf_counter() - start
        start = time.perf_counter()
        dask = run_sweep(spec, scheduler=cluster.scheduler_address, progress=False)
        dask_s = time.perf_counter() - start
    same = pool.summary.equals(dask.summary)
    return {
        "kind": "dask",
        "runs": runs,
        "customers": n,
        "weeks": weeks,
        "engine": "vector",
        "pool_seconds": pool_s,
        "cluster_start_seconds": up_s,
        "dask_seconds": dask_s,
        "same_results": bool(same),
        "peak_mib": _peak_mib(),
    }


def run_one(case: str) -> dict:
    """Run the case named ``case`` in this process."""
    kind, *rest = case.split(":")
    if kind == "floor":
        row = case_floor()
    elif kind in ("vector", "mesa"):
        n, weeks, *more = rest
        row = case_simulate(kind, int(n), int(weeks), *more)
    elif kind == "bare":
        n, weeks, *more = rest
        row = case_bare(int(n), int(weeks), *more)
    elif kind == "sweep":
        row = case_sweep(*(int(x) for x in rest))
    elif kind == "dask":
        row = case_dask(*(int(x) for x in rest))
    else:
        raise SystemExit(f"unknown case {case!r}")
    row["case"] = case
    return row


# --- the table -----------------------------------------------------------------


def _rate(x: float) -> str:
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.0f} k"


def add_floors(rows: list[dict]) -> None:
    """Each simulation's floor times, from this run's ``floor`` case."""
    floor = next((r for r in rows if r["kind"] == "floor"), None)
    for r in rows:
        if r["kind"] != "simulate" or floor is None:
            continue
        prec = "double" if r["precision"] == "double" else "single"
        r["floor_seconds"] = r["active_weeks"] * floor["issue_floor_s_per_cw"]
        if "issue_floor_s_per_cw_cpu" in floor:  # CPU time against CPU time
            r["floor_cpu_seconds"] = (
                r["active_weeks"] * floor["issue_floor_s_per_cw_cpu"]
            )
        r["engine_draws_seconds"] = (
            r["active_weeks"] * floor[f"engine_customer_s_per_cw_{prec}"]
            + r["prospect_weeks"] * floor[f"engine_prospect_s_per_pw_{prec}"]
        )


def print_tables(rows: list[dict]) -> None:
    """Markdown tables of the run's figures (stdout)."""
    floor = next((r for r in rows if r["kind"] == "floor"), None)
    if floor:
        f = floor
        print(
            "\nRandom-number floor (numpy Generator, one core), ns per week of one:\n"
        )
        print("| draws | double | single |\n|---|---:|---:|")
        print(
            f"| issue's floor: 3 uniform + 1 normal | | {f['issue_floor_s_per_cw'] * 1e9:.1f} |"
        )
        print(
            "| engine, per customer: 5 uniform + 2 normal | "
            f"{f['engine_customer_s_per_cw_double'] * 1e9:.1f} | "
            f"{f['engine_customer_s_per_cw_single'] * 1e9:.1f} |"
        )
        print(
            "| engine, per prospect: 1 uniform | "
            f"{f['engine_prospect_s_per_pw_double'] * 1e9:.1f} | "
            f"{f['engine_prospect_s_per_pw_single'] * 1e9:.1f} |"
        )
    sims = [r for r in rows if r["kind"] == "simulate"]
    if sims:
        print(
            "\n| engine | scenario | precision | people x weeks | seconds (CPU) "
            "| people-weeks/s | active customer-weeks | active cw/s "
            "| x floor (CPU) | x engine draws | peak memory | load |"
        )
        print("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in sims:
            fl, ed = r.get("floor_seconds"), r.get("engine_draws_seconds")
            x_floor = f"{r['seconds'] / fl:.1f}" if fl else ""
            if r.get("floor_cpu_seconds"):  # and CPU time over the floor's CPU time
                x_floor += f" ({r['cpu_seconds'] / r['floor_cpu_seconds']:.1f})"
            x_draws = f"{r['seconds'] / ed:.1f}" if ed else ""
            print(
                f"| {r['engine']} | {r['scenario']} | {r['precision']} | "
                f"{r['customers']:,} x {r['weeks']} | "
                f"{r['seconds']:.2f} ({r['cpu_seconds']:.2f}) | "
                f"{_rate(r['people_weeks'] / r['seconds'])} | "
                f"{r['active_weeks'] / 1e6:.2f} M | "
                f"{_rate(r['active_weeks'] / r['seconds'])} | "
                f"{x_floor} | {x_draws} | {r['peak_mib']:,.0f} MiB | {r['load']:.1f} |"
            )
    for r in rows:
        if r["kind"] == "sweep":
            print(
                f"\nSweep, {r['runs']} runs x {r['customers']:,} x {r['weeks']} wk "
                f"(relationship level 0-3 x seeds): stacked {r['sweep_seconds']:.1f} s, "
                f"one run at a time {r['one_at_a_time_seconds']:.1f} s (identical "
                "tables); "
                f"mesa.batch_run {r['batch_run_seconds_measured']:.1f} s for "
                f"{r['batch_run_runs_measured']} of the runs "
                f"(-> {r['batch_run_seconds_for_all']:.0f} s for {r['runs']}, scaled)"
            )
        if r["kind"] == "dask":
            print(
                f"\nDask, {r['runs']} vector runs x {r['customers']:,} x {r['weeks']} wk: "
                f"local process pool (2 workers) {r['pool_seconds']:.1f} s; "
                f"2-worker LocalCluster {r['dask_seconds']:.1f} s "
                f"(+ {r['cluster_start_seconds']:.1f} s to start it); "
                f"same results: {r['same_results']}"
            )


def targets(rows: list[dict]) -> list[tuple[str, str, bool | None]]:
    """Issue 14's targets, checked against this run's figures."""

    def find(engine, n, weeks, scenario="default", precision="double"):
        for r in rows:
            if r["kind"] == "simulate" and (
                r["engine"],
                r["customers"],
                r["weeks"],
                r["scenario"],
                r["precision"],
            ) == (engine, n, weeks, scenario, precision):
                return r
        return None

    out = []
    for prec in ("double", "single"):
        r = find("vector", 1_000_000, 520, "structural", prec)
        if r:
            x = r["seconds"] / r["floor_seconds"] if "floor_seconds" in r else None
            out.append(
                (
                    f"structural 1,000,000 x 520 ({prec}): < 20 s, < 2x floor, peak < 1 GB",
                    f"{r['seconds']:.1f} s (CPU {r['cpu_seconds']:.1f} s), "
                    + (f"{x:.1f}x floor, " if x else "no floor, ")
                    + f"{r['peak_mib']:,.0f} MiB",
                    r["seconds"] < 20
                    and x is not None
                    and x < 2
                    and r["peak_mib"] < GIB,
                )
            )
    for prec in ("double", "single"):
        r = find("vector", 1_000_000, 520, "default", prec)
        if r:
            out.append(
                (
                    f"default 1,000,000 x 520 ({prec}): < 12 s",
                    f"{r['seconds']:.1f} s (CPU {r['cpu_seconds']:.1f} s)",
                    r["seconds"] < 12,
                )
            )
    sizes = ((10_000, 260), (10_000, 104), (10_000, 52), (1_000, 260), (1_000, 104))
    for n, weeks in sizes:
        mesa, bare = find("mesa", n, weeks), find("bare mesa", n, weeks)
        if mesa:
            rate = mesa["people_weeks"] / mesa["seconds"]
            scaled = "" if (n, weeks) == (10_000, 260) else " (smaller case)"
            out.append(
                (
                    f"Mesa >= 0.4 M people-weeks/s at {n:,} x {weeks}{scaled}",
                    f"{rate / 1e6:.3f} M/s",
                    rate >= 0.4e6,
                )
            )
            if bare:
                ratio = mesa["seconds"] / bare["seconds"]
                out.append(
                    (
                        f"Mesa within 1.1x of bare Mesa at {n:,} x {weeks}",
                        f"{ratio:.2f}x",
                        ratio <= 1.1,
                    )
                )
            break
    for r in rows:
        if r["kind"] == "sweep":
            ratio = r["batch_run_seconds_for_all"] / r["sweep_seconds"]
            out.append(
                (
                    f"stacked sweep {r['runs']} x {r['customers']:,} x {r['weeks']} "
                    ">= 25x mesa.batch_run",
                    f"{ratio:.0f}x ({r['sweep']}; batch_run scaled from "
                    f"{r['batch_run_runs_measured']} runs)",
                    ratio >= 25 and r["sweep"] == "stacked",
                )
            )
        if r["kind"] == "dask":
            out.append(
                (
                    f"Dask: {r['runs']} runs x {r['customers']:,} x {r['weeks']}, "
                    "2-worker LocalCluster vs process pool (a figure, no target)",
                    f"{r['dask_seconds']:.1f} s vs {r['pool_seconds']:.1f} s",
                    None,
                )
            )
    return out


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=HERE, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", help="cases to run (see FULL_CASES)")
    parser.add_argument("--quick", action="store_true", help="small cases only")
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds a case may take"
    )
    parser.add_argument(
        "--json", default=str(HERE / "results" / "engines.json"), help="output file"
    )
    parser.add_argument(
        "--report", help="print the tables of an earlier run's JSON file (no runs)"
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    if args.report:
        data = json.loads(Path(args.report).read_text())
        return report(data["cases"], data["started"], None)
    cases = args.cases or (QUICK_CASES if args.quick else FULL_CASES)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    rows, started = [], time.time()
    for case in cases:
        load = os.getloadavg()[0]
        try:
            proc = subprocess.run(
                [sys.executable, __file__, "--one", case],
                capture_output=True,
                text=True,
                timeout=args.timeout,
                env=env,
            )
        except subprocess.TimeoutExpired:
            print(f"{case}: stopped after {args.timeout:.0f} s", file=sys.stderr)
            rows.append({"case": case, "kind": "timeout", "seconds": args.timeout})
            continue
        if proc.returncode:
            print(f"{case}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            rows.append({"case": case, "kind": "failed", "error": proc.stderr[-500:]})
            continue
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        row["load"] = load
        rows.append(row)
        took = row.get("seconds", row.get("sweep_seconds", 0.0))
        print(f"{case}: done ({took:.1f} s; load {load:.1f})", file=sys.stderr)
        _write(Path(args.json), rows, started)  # a stopped run keeps its cases
    return report(rows, started, Path(args.json))


def report(rows: list[dict], started: float, out: Path | None) -> int:
    """Print the tables and targets of ``rows``; write them to ``out`` (JSON)."""
    add_floors(rows)
    print(
        f"\nPython {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs; one process per case; "
        f"run started {time.strftime('%Y-%m-%d %H:%M', time.gmtime(started))} UTC"
    )
    print_tables(rows)
    checked = targets(rows)
    for r in rows:
        if r["kind"] in ("timeout", "failed"):
            checked.append((r["case"], r["kind"], False))
    if checked:
        print("\n| target | measured | met |\n|---|---|---|")
        for target, measured, ok in checked:
            mark = "—" if ok is None else ("met" if ok else "not met")
            print(f"| {target} | {measured} | {mark} |")
    if out is not None:
        _write(out, rows, started, checked)
        print(f"\nwritten: {out}", file=sys.stderr)
    return 0


def _write(out: Path, rows, started: float, checked=None) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "commit": _git("rev-parse", "HEAD"),
        "uncommitted_engine_changes": bool(_git("status", "--short", "crmsim")),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "started": started,
        "complete": checked is not None,
        "cases": rows,
        "targets": [
            {"target": t, "measured": m, "met": ok} for t, m, ok in checked or []
        ],
    }
    tmp = out.with_suffix(".part")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(out)


if __name__ == "__main__":
    sys.exit(main())
