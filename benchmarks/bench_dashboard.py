"""Re-run time of the classroom lifecycle dashboard (2 000 customers x 260 weeks).

Each update changes one control the way an instructor would (the relationship
level, then competition, ...), re-runs the simulation and redraws the four
plots to an image, as in JupyterLab (the charts' artists are updated in
place, not drawn anew). Reports the simulation, drawing and total
time per update over several updates. Usage::

    python benchmarks/bench_dashboard.py [--updates 12]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=12)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)

    from crmsim.presentation.widgets import LifecycleDashboard

    board = LifecycleDashboard(lang=args.lang)  # first run: imports, fonts, caches
    changes = [
        ("relationship_level", [0, 1, 2, 3]),
        ("competition_intensity", [0.2, 0.5, 0.8]),
        ("service_quality", [0.6, 0.7]),
    ]
    plan = [(name, v) for name, values in changes for v in values]
    run, draw, total = [], [], []
    for i in range(args.updates):
        name, value = plan[i % len(plan)]
        board.controls[name].value = value  # observers re-run and redraw
        run.append(board.last_run_seconds)
        draw.append(board.last_draw_seconds)
        total.append(board.last_update_seconds)
    print(
        f"lifecycle dashboard, {board.scenario.n_customers:,} customers x "
        f"{board.scenario.weeks} weeks, engine {board.results.engine}, "
        f"{args.updates} updates; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores\n"
    )
    print("| | min | median | max |\n|---|---:|---:|---:|")
    for label, xs in [("simulation", run), ("draw", draw), ("total re-run", total)]:
        print(
            f"| {label} | {min(xs):.2f} s | {statistics.median(xs):.2f} s | "
            f"{max(xs):.2f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
