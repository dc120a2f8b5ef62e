"""``crmsim export transactions``: a simulated customer base as CSV files.

Runs a scenario with the transaction log on and writes, atomically, into
``--out``: ``transactions.csv`` (customer_id, date, week, monetary_value,
stage, kind), ``truth.csv`` (what the simulation knows about each customer)
and ``rfm.csv`` (frequency, recency_weeks, T_weeks, monetary_value [,
holdout_purchases]) and, with ``--trace``, ``trace.csv`` (every
customer-week's true purchase chance); see :mod:`crmsim.clv.export`.
"""

from __future__ import annotations

import argparse

import pandas as pd

from crmsim.cli.options import add_out_argument, whole_number
from crmsim.cli.run import add_scenario_arguments, build_scenario
from crmsim.errors import CRMSimError
from crmsim.io import check_output_folder
from crmsim.validation import MAX_SEED

__all__ = ["register"]

_ENGINES = ("vector", "mesa")


def _date(text: str) -> str:
    try:
        return pd.Timestamp(text).date().isoformat()
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is invalid (allowed an ISO date such as 2000-01-03)"
        ) from None


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``export transactions`` to the ``crmsim`` parser."""
    export = subparsers.add_parser(
        "export",
        help="export simulated data (transactions for CLV models)",
        description="Export simulated data for other tools.",
    )
    kinds = export.add_subparsers(
        dest="export_kind", metavar="KIND", parser_class=type(export)
    )
    kinds.required = True
    t = kinds.add_parser(
        "transactions",
        help="transaction log, truth table and RFM summary as CSV",
        description="Simulate a scenario and write transactions.csv, truth.csv "
        "and rfm.csv (time unit: weeks; dates from --start-date).",
    )
    add_scenario_arguments(t)
    t.add_argument(
        "--seed", type=whole_number(0, MAX_SEED), default=1, help="random seed"
    )
    t.add_argument(
        "--engine",
        choices=_ENGINES,
        default="vector",
        help="simulation engine (default vector)",
    )
    t.add_argument(
        "--start-date",
        type=_date,
        default="2000-01-03",
        help="date of week 0 (default 2000-01-03, a Monday)",
    )
    t.add_argument(
        "--calibration-weeks",
        type=whole_number(1),
        metavar="N",
        help="end the RFM summary at week N; weeks N+1.. are its holdout",
    )
    t.add_argument(
        "--trace",
        action="store_true",
        help="also write trace.csv: every customer-week's true purchase chance",
    )
    add_out_argument(t, "results/transactions")
    t.set_defaults(func=_cmd_transactions)
    return export


def _cmd_transactions(args: argparse.Namespace) -> int:
    from crmsim.clv.export import write_customer_base
    from crmsim.model.simulation import simulate

    out = check_output_folder(args.out, "--out")
    scenario = build_scenario(args)
    cal = args.calibration_weeks
    if cal is not None and cal > scenario.weeks:
        raise CRMSimError(
            f"--calibration-weeks {cal} is invalid: allowed at most the run's "
            f"{scenario.weeks} weeks"
        )
    res = simulate(
        scenario,
        seed=args.seed,
        engine=args.engine,
        transactions=True,
        trace=args.trace,
    )
    paths = write_customer_base(
        res,
        out,
        start_date=args.start_date,
        calibration_end_week=cal,
        holdout_end_week=scenario.weeks if cal is not None else None,
    )
    n = len(res.customers)
    print(
        f"{len(res.transactions):,} purchases by {n:,} customers over "
        f"{scenario.weeks} weeks (from {args.start_date}) -> "
        + ", ".join(str(p) for p in paths.values())
    )
    return 0
