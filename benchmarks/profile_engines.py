"""Where the engines spend their time: cProfile of one run of each, CPU time.

Profiles the vector engine on ``structural`` 200,000 x 260 and the Mesa engine
on the default market at 2,000 x 104 (no warm-up, seed 1), timing with the
process's CPU clock (steadier than wall time on a shared machine), and prints
the functions with the most time of their own and the most time in all.
``benchmarks/profile_report.md`` reads these figures. Usage::

    python benchmarks/profile_engines.py                      # both
    python benchmarks/profile_engines.py --only vector --top 25
    python benchmarks/profile_engines.py --save /tmp/prof     # .prof files too

cProfile adds a cost per Python call, which weighs on the Mesa engine (many
small calls) far more than on the vector engine (few large numpy calls):
read shares within a profile, not its total against the benchmark's.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

CASES = {
    "vector": ("structural", "vector", 200_000, 260),
    "mesa": ("default", "mesa", 2_000, 104),
}


def profile(name: str, top: int, save: Path | None) -> None:
    """Profile one case and print its top functions."""
    from crmsim import simulate

    scenario, engine, n, weeks = CASES[name]
    prof = cProfile.Profile(time.process_time)
    start = time.process_time()
    prof.enable()
    simulate(
        scenario, seed=1, engine=engine, n_customers=n, weeks=weeks, warmup_weeks=0
    )
    prof.disable()
    total = time.process_time() - start
    print(
        f"\n## {engine}: {scenario} {n:,} x {weeks}, {total:.2f} s CPU under cProfile"
    )
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.strip_dirs().sort_stats(key).print_stats(top)
        lines = out.getvalue().splitlines()
        head = next(i for i, line in enumerate(lines) if "ncalls" in line)
        print(f"\nby {key}:")
        print("\n".join(line for line in lines[head:] if line.strip()))
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        prof.dump_stats(save / f"{name}.prof")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(CASES))
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--save", type=Path, help="folder for the .prof files")
    args = parser.parse_args(argv)
    for name in [args.only] if args.only else list(CASES):
        profile(name, args.top, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
