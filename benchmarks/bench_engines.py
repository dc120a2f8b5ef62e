"""Speed and memory of crmsim's engines, one run per case, each in a fresh process.

Reports customer-weeks per second (people in the market x weeks simulated,
divided by wall time of the run, set-up included) and the peak resident memory
of the process. Usage::

    python benchmarks/bench_engines.py                 # the README's table
    python benchmarks/bench_engines.py --cases mesa:1000:260 mesa:10000:260

Machines are noisy: compare figures measured in the same run of this script.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time

DEFAULT_CASES = [
    "mesa:1000:260",
    "mesa:10000:260",
    "vector:1000:260",
    "vector:10000:260",
    "vector:1000000:260",
    "vector:1000000:520",
    # a harder case: structural bonds keep ~650 000 customers active throughout
    "vector:1000000:520:structural",
]


def run_case(engine: str, n: int, weeks: int, seed: int, scenario="default") -> dict:
    from crmsim import simulate

    start = time.perf_counter()
    # word of mouth on the social network is part of every run
    res = simulate(scenario, seed=seed, engine=engine, n_customers=n, weeks=weeks)
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "scenario": scenario,
        "engine": engine,
        "customers": n,
        "weeks": weeks,
        "seconds": wall,
        "customer_weeks_per_s": n * weeks / wall,
        "peak_mib": peak_kib / 1024,
        "yearly_retention": res.summary["yearly_retention"],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases",
        nargs="+",
        default=DEFAULT_CASES,
        help="ENGINE:CUSTOMERS:WEEKS[:SCENARIO]",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        engine, n, weeks, *scenario = args.one.split(":")
        print(json.dumps(run_case(engine, int(n), int(weeks), args.seed, *scenario)))
        return 0
    rows = []
    for case in args.cases:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", case, "--seed", str(args.seed)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(
            f"{r['scenario']:>10} {r['engine']:>6} {r['customers']:>9,} x "
            f"{r['weeks']} wk: {r['seconds']:8.2f} s  "
            f"{r['customer_weeks_per_s']:>14,.0f} cw/s  peak {r['peak_mib']:7.0f} MiB",
            file=sys.stderr,
        )
    print(
        f"\nPython {platform.python_version()} on {platform.machine()}; "
        "one process per case\n"
    )
    print(
        "| scenario | engine | customers x weeks | seconds | customer-weeks/s | peak memory |"
    )
    print("|---|---|---|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['scenario']} | {r['engine']} | {r['customers']:,} x {r['weeks']} | "
            f"{r['seconds']:.2f} | {r['customer_weeks_per_s']:,.0f} | "
            f"{r['peak_mib']:,.0f} MiB |"
        )
    print_targets(rows)
    return 0


def print_targets(rows: list[dict]) -> None:
    """The research-scale targets, checked against this run's figures."""

    def find(engine, n, weeks, scenario="default"):
        for r in rows:
            key = (r["engine"], r["customers"], r["weeks"], r["scenario"])
            if key == (engine, n, weeks, scenario):
                return r
        return None

    lines = []
    mesa, vec = find("mesa", 10_000, 260), find("vector", 10_000, 260)
    if mesa and vec:
        ratio = mesa["seconds"] / vec["seconds"]
        lines.append(
            ("vector >= 30x Mesa at 10,000 x 260", f"{ratio:.0f}x", ratio >= 30)
        )
    big = find("vector", 1_000_000, 260)
    if big:
        rate = big["customer_weeks_per_s"]
        lines.append(
            (
                ">= 10 M customer-weeks/s at 1,000,000 customers",
                f"{rate / 1e6:.1f} M/s",
                rate >= 10e6,
            )
        )
    for scenario in ("default", "structural"):
        huge = find("vector", 1_000_000, 520, scenario)
        if huge:
            ok = huge["seconds"] < 60 and huge["peak_mib"] < 1.5 * 1024
            lines.append(
                (
                    f"1,000,000 x 520 in < 60 s, peak < 1.5 GB ({scenario})",
                    f"{huge['seconds']:.1f} s, {huge['peak_mib']:,.0f} MiB",
                    ok,
                )
            )
    if lines:
        print("\n| target | measured | met |\n|---|---|---|")
        for target, measured, ok in lines:
            print(f"| {target} | {measured} | {'yes' if ok else 'no'} |")


if __name__ == "__main__":
    sys.exit(main())
