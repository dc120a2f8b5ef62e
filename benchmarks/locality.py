"""What memory order costs the compiled week: a week's customers as they come, and sorted.

The vector engine keeps each person's state in arrays of everybody (a million
people), and a week's customers in the order the draws are made: the
customers who stayed, then the week's newcomers. After some weeks that order
visits everybody's arrays in many sorted runs, each spread over the whole
market, so each of a customer's numbers is a fresh read from memory. This
script builds a market, runs it some weeks, then times the two compiled loops
of one week (``week.step_loop`` and ``week.keep_loop``) over this week's
customers in their own order and in order of person -- the gap is what a
layout with the customers in contiguous slots would be worth. Usage::

    python benchmarks/locality.py --customers 1000000 --weeks 40
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from crmsim.model import compiled, week
from crmsim.model.scenario import preset
from crmsim.model.vector import VectorModel


def _time(fn, repeats: int) -> float:
    fn()  # once first (compiled code loaded, caches warm)
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    return (time.perf_counter() - start) / repeats


def measure(n: int, weeks: int, scenario: str = "structural", repeats: int = 5) -> dict:
    """ns per customer of the step and the keeping loop, in both orders."""
    model = VectorModel(
        preset(scenario).replace(n_customers=n, weeks=weeks + 1, warmup_weeks=0), rng=1
    )
    for _ in range(weeks):
        model.step()
    s = model.state
    s.begin_week()
    R, firms, M = week._week_rules(s)
    P, d = week.people(s), s.draws
    draws = (d.u_contact, d.z_quality, d.u_buy, d.u_meet, d.z_offer, d.u_advocate)
    runs = int(np.count_nonzero(np.diff(s.customers) < 0)) + 1
    row = {
        "people": n,
        "weeks_run": weeks,
        "customers": int(s.customers.size),
        "sorted_runs": runs,
    }
    for order, who in (("as drawn", s.customers), ("by person", np.sort(s.customers))):
        outcomes = week._outcome_table(who.size)
        ledger = week._ledger_arrays(s)

        def step(who=who, outcomes=outcomes):
            compiled.step_loop(who, s.week_index, draws, P, R, firms, outcomes)

        def keep(who=who, outcomes=outcomes, ledger=ledger):
            compiled.keep_loop(
                who, outcomes, s.week_index, s.clock, P, M, ledger, s.n_firms > 1
            )

        row[f"step ns ({order})"] = _time(step, repeats) / who.size * 1e9
        row[f"keep ns ({order})"] = _time(keep, repeats) / who.size * 1e9
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--weeks", type=int, default=40)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.customers, args.weeks), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
