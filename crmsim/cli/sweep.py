"""``crmsim sweep``: parameter sweeps, locally or on a Dask cluster.

The sweep file format is described in :mod:`crmsim.research.sweep`. A sweep that is
stopped (Ctrl-C, a crash, a killed job) and started again with the same
``--out`` skips the runs already complete.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from crmsim.cli.options import whole_number

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the sweep command to the ``crmsim`` parser."""
    sweep = sub.add_parser(
        "sweep",
        help="run a parameter sweep from a .toml file (local processes or Dask)",
        description="Run every combination of parameters and seeds in a sweep "
        "file, write per-run results as they complete, then the combined "
        "weekly.csv and summary.csv. Run it again with the same --out to "
        "finish an interrupted sweep.",
    )
    sweep.add_argument("file", type=Path, metavar="FILE", help="sweep file (.toml)")
    sweep.add_argument(
        "--out",
        metavar="DIR",
        help="output folder (default: results/<file name without .toml>)",
    )
    where = sweep.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=whole_number(1),
        metavar="N",
        help="local worker processes (default: one per CPU)",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786 "
        "(needs pip install 'crmsim[dask]')",
    )
    sweep.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and list the runs; run and write nothing",
    )
    sweep.add_argument(
        "--no-progress", action="store_true", help="never show a progress bar"
    )
    sweep.add_argument(
        "--one-at-a-time",
        action="store_true",
        help="run the vector engine's runs one by one, each saved as it ends "
        "(default: runs that differ only in the firm's settings and seed are "
        "simulated side by side, with identical results, and saved stack by stack)",
    )
    sweep.set_defaults(func=_cmd_sweep)


def _cmd_sweep(args: argparse.Namespace) -> int:
    from crmsim.io import check_output_folder
    from crmsim.research.sweep import load_sweep, run_sweep

    spec = load_sweep(args.file)
    if args.dry_run:
        rows = [
            {"run_id": r.run_id, "seed": r.seed, "engine": r.engine, **r.point}
            for r in spec.runs
        ]
        print(pd.DataFrame(rows).to_string(index=False))
        print(f"\n{len(spec)} runs")
        return 0
    out = args.out if args.out is not None else Path("results") / args.file.stem
    out = check_output_folder(out, "--out")
    start = time.monotonic()
    res = run_sweep(
        spec,
        out,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=False if args.no_progress else None,
        stacked=not args.one_at_a_time,
    )
    seconds = time.monotonic() - start
    print(
        f"crmsim: sweep '{args.file.name}' — {len(spec)} runs "
        f"({res.ran} run now, {res.reused} already done) in {seconds:.1f} s\n"
    )
    print(_means_table(res.summary, spec.dimensions))
    print(f"\nresults written to {out}/ (weekly.csv, summary.csv, runs/)")
    return 0


def _means_table(summary: pd.DataFrame, dimensions) -> str:
    """Headline measures averaged over seeds, one row per sweep point."""
    from crmsim.cli.tables import TABLE_COLUMNS, format_table

    keys = [key for key, _, _ in TABLE_COLUMNS]
    dims = list(dimensions)
    if dims:
        means = summary.groupby(dims, sort=False, dropna=False)[keys].mean()
        labels = [
            ", ".join(
                f"{d}={v}"
                for d, v in zip(dims, idx if len(dims) > 1 else [idx], strict=True)
            )
            for idx in means.index
        ]
        means.index = labels
    else:
        means = summary[keys].mean().to_frame("all runs").T
    table = format_table(means)
    seeds = summary["seed"].nunique()
    return f"mean over {seeds} seed{'s' if seeds != 1 else ''}:\n{table}"
