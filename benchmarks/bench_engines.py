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
]


def run_case(engine: str, n: int, weeks: int, seed: int) -> dict:
    from crmsim import simulate

    start = time.perf_counter()
    # word of mouth on the social network is part of every run
    res = simulate("default", seed=seed, engine=engine, n_customers=n, weeks=weeks)
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
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
        "--cases", nargs="+", default=DEFAULT_CASES, help="ENGINE:CUSTOMERS:WEEKS"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        engine, n, weeks = args.one.split(":")
        print(json.dumps(run_case(engine, int(n), int(weeks), args.seed)))
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
            f"{r['engine']:>6} {r['customers']:>9,} x {r['weeks']} wk: "
            f"{r['seconds']:8.2f} s  {r['customer_weeks_per_s']:>14,.0f} cw/s  "
            f"peak {r['peak_mib']:7.0f} MiB",
            file=sys.stderr,
        )
    print(
        f"\nPython {platform.python_version()} on {platform.machine()}, "
        f"{platform.processor() or 'cpu'}; one process per case\n"
    )
    print("| engine | customers x weeks | seconds | customer-weeks/s | peak memory |")
    print("|---|---|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['engine']} | {r['customers']:,} x {r['weeks']} | {r['seconds']:.2f} | "
            f"{r['customer_weeks_per_s']:,.0f} | {r['peak_mib']:,.0f} MiB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
