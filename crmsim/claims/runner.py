"""Run the claims register: every scenario and seed once, on both cores.

:func:`run_claims` collects the runs the chosen claims need, keyed by
(scenario, seed, transaction log): a scenario shared by several claims (the
default market is in a dozen) is simulated once per seed and every claim's
measure is read off that one run. On the vector engine, runs whose markets
differ only in the firm's settings and seed are simulated side by side in
stacks (:func:`~crmsim.model.simulation.simulate_stacked`, results identical
to runs of their own). The stacks go to a process pool; each worker returns
only the measured numbers, not the tables.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pandas as pd

from crmsim.claims.register import CLAIMS, Claim, get_claim
from crmsim.claims.stats import evaluate
from crmsim.model.scenario import Scenario
from crmsim.model.simulation import (
    ENGINES,
    STACK_PEOPLE,
    simulate,
    simulate_stacked,
    stack_plan,
)
from crmsim.validation import invalid

__all__ = ["COLUMNS", "run_claims"]

COLUMNS = (
    "claim",
    "concept",
    "source",
    "statement",
    "measure",
    "measured",
    "se",
    "ci_low",
    "ci_high",
    "expected",
    "criterion",
    "score",
    "holds",
    "conditional",
    "condition",
    "needs_mechanism",
    "n_seeds",
    "n_customers",
    "weeks",
    "warmup_weeks",
    "values",
    "arms",
    "error",
)
"""Columns of :func:`run_claims`' table. ``values``: the claim's number for
each seed; ``arms``: ``{label: [value per seed]}`` for each scenario;
``error``: the first run that failed, if any (its values are NaN and the
claim does not hold)."""


def _job(args):
    """Run one scenario and seed; return the value of each requested measure."""
    scenario, seed, engine, transactions, wanted = args
    try:
        res = simulate(scenario, seed=seed, engine=engine, transactions=transactions)
        return _measured(res, wanted)
    except Exception as exc:  # noqa: BLE001 - one broken run must not hide the rest
        return [math.nan] * len(wanted), f"seed {seed}: {type(exc).__name__}: {exc}"


def _measured(res, wanted):
    try:
        return [float(fn(res, warmup)) for fn, warmup in wanted], ""
    except Exception as exc:  # noqa: BLE001 - one broken measure must not hide the rest
        return [math.nan] * len(wanted), f"seed {res.seed}: {type(exc).__name__}: {exc}"


def _stack_job(tasks):
    """Run a unit of tasks (side by side when several); one output per task."""
    if len(tasks) == 1:
        return [_job(tasks[0])]
    try:
        results = simulate_stacked(
            [t[0] for t in tasks], [t[1] for t in tasks], transactions=tasks[0][3]
        )
    except Exception:  # noqa: BLE001 - then one by one: each run's own error
        return [_job(t) for t in tasks]
    return [_measured(res, t[4]) for res, t in zip(results, tasks, strict=True)]


def _units(tasks, processes: int) -> list[list[int]]:
    """Task numbers cut into units of work: stacks of vector runs, or one run.

    Runs that can share a stack (:func:`~crmsim.model.simulation.stack_plan`:
    the same market, here also the same log, on the vector engine) are cut
    into stacks small enough that each process gets several (so they end
    together), the longest units first.
    """
    people = sum(t[0].n_customers for t in tasks)
    budget = min(STACK_PEOPLE, max(1, math.ceil(people / (4 * processes))))
    tags = [tx if engine == "vector" else None for _, _, engine, tx, _ in tasks]
    units = stack_plan([t[0] for t in tasks], budget, tags)
    # the longest units first, so that no process is left with one at the end
    return sorted(units, key=lambda u: -sum(_cost(tasks[i][0]) for i in u))


def _cost(scenario: Scenario) -> int:
    return scenario.n_customers * (scenario.warmup_weeks + scenario.weeks)


def _sized(claim: Claim, arm, n_customers: int | None) -> Scenario:
    n = n_customers or claim.n_customers
    size = max(10, round(n * arm.n_factor))
    return arm.scenario.replace(n_customers=size, weeks=claim.weeks)


def _select(ids: Iterable[str] | str | None) -> list[Claim]:
    if ids is None:
        return list(CLAIMS)
    if isinstance(ids, str):
        ids = [ids]
    chosen = []
    for i in ids:
        if i in {c.id for c in CLAIMS}:
            chosen.append(get_claim(i))
            continue
        # a concept ID or a prefix selects every claim under it
        matched = [c for c in CLAIMS if c.id.startswith(i) or c.concept == i]
        if not matched:
            raise invalid(
                "claim", i, "a claim id or concept ID (see 'crmsim claims --list')"
            )
        chosen.extend(matched)
    return list(dict.fromkeys(chosen))


def _seeds_for(claim: Claim, quick: bool, seeds) -> tuple[int, ...]:
    if seeds is not None:
        return tuple(seeds)
    return claim.seeds[: claim.quick_seeds] if quick else claim.seeds


def run_claims(
    ids: Iterable[str] | str | None = None,
    quick: bool = False,
    seeds: Sequence[int] | int | None = None,
    engine: str = "vector",
    n_customers: int | None = None,
    processes: int | None = None,
) -> pd.DataFrame:
    """Run claims of the register and say which hold.

    Parameters
    ----------
    ids : str or iterable of str, optional
        Claim ids (``"B5-retention-1"``), concept IDs (``"B5"``) or id
        prefixes; default every claim.
    quick : bool
        Use each claim's first ``quick_seeds`` seeds (5) instead of all (10).
    seeds : int or sequence of int, optional
        Seeds for every claim (an int ``k``: seeds 1 ... k); overrides ``quick``.
    engine : {"vector", "mesa"}
        Engine of every run.
    n_customers : int, optional
        Market size of every run (default: each claim's, 2,000); arms that
        vary the size scale it.
    processes : int, optional
        Worker processes (default: every core); 1 runs in this process.

    Returns
    -------
    pandas.DataFrame
        One row per claim, columns :data:`COLUMNS`.

    Examples
    --------
    >>> t = run_claims("C3-six-parts", seeds=2, n_customers=200, processes=1)
    >>> t.loc[0, "claim"], bool(t.loc[0, "holds"])
    ('C3-six-parts', True)
    """
    claims = _select(ids)
    if engine not in ENGINES:
        raise invalid("engine", engine, ", ".join(ENGINES))
    if isinstance(seeds, bool):
        raise invalid("seeds", seeds, "a whole number >= 2 or a list of seeds")
    if isinstance(seeds, int):
        if seeds < 2:
            raise invalid("seeds", seeds, "a whole number >= 2 or a list of seeds")
        seeds = tuple(range(1, seeds + 1))
    elif seeds is not None:
        seeds = tuple(seeds)
        if len(seeds) < 2 or not all(
            isinstance(s, int) and not isinstance(s, bool) for s in seeds
        ):
            raise invalid("seeds", seeds, "at least two whole-number seeds")
    if n_customers is not None and (
        isinstance(n_customers, bool) or not isinstance(n_customers, int)
    ):
        raise invalid("n_customers", n_customers, "a whole number >= 10")
    if processes is None:
        processes = os.cpu_count() or 1
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise invalid("processes", processes, "a whole number >= 1")

    # every (scenario, seed, log) once, with every measure wanted from it
    jobs: dict[tuple, dict] = {}
    plan = []
    for claim in claims:
        sized = [_sized(claim, arm, n_customers) for arm in claim.arms]
        claim_seeds = _seeds_for(claim, quick, seeds)
        plan.append((claim, sized, claim_seeds))
        for arm, sc in zip(claim.arms, sized, strict=True):
            want = (claim.measure_of(arm), claim.warmup_weeks)
            for seed in claim_seeds:
                jobs.setdefault((sc, seed, claim.transactions), {})[want] = None
    keys = list(jobs)
    tasks = [
        (sc, seed, engine, tx, list(jobs[(sc, seed, tx)])) for sc, seed, tx in keys
    ]
    units = _units(tasks, processes)
    work = [[tasks[i] for i in unit] for unit in units]
    if processes == 1 or len(units) == 1:
        done = [_stack_job(w) for w in work]
    else:
        # spawn: a forked child of a threaded parent may deadlock
        with ProcessPoolExecutor(
            max_workers=min(processes, len(units)), mp_context=get_context("spawn")
        ) as pool:
            done = list(pool.map(_stack_job, work, chunksize=1))
    outputs = [None] * len(tasks)
    for unit, outs in zip(units, done, strict=True):
        for i, out in zip(unit, outs, strict=True):
            outputs[i] = out
    values, errors = {}, {}
    for key, task, (out, error) in zip(keys, tasks, outputs, strict=True):
        for want, v in zip(task[4], out, strict=True):
            values[(*key, want)] = v
        if error:
            errors[key] = error

    rows = []
    for claim, sized, claim_seeds in plan:
        arm_values = {}
        per_seed = []
        failed = [
            errors[(sc, seed, claim.transactions)]
            for sc in sized
            for seed in claim_seeds
            if (sc, seed, claim.transactions) in errors
        ]
        for seed in claim_seeds:
            v = [
                values[
                    (
                        sc,
                        seed,
                        claim.transactions,
                        (claim.measure_of(arm), claim.warmup_weeks),
                    )
                ]
                for arm, sc in zip(claim.arms, sized, strict=True)
            ]
            for arm, x in zip(claim.arms, v, strict=True):
                arm_values.setdefault(arm.label, []).append(x)
            try:
                per_seed.append(float(claim.combine(v)))
            except ZeroDivisionError:
                per_seed.append(math.nan)
        verdict = evaluate(per_seed, claim.criterion)
        rows.append(
            {
                "claim": claim.id,
                "concept": claim.concept,
                "source": claim.source,
                "statement": claim.statement,
                "measure": claim.measure_label,
                "measured": verdict.mean,
                "se": verdict.se,
                "ci_low": verdict.ci_low,
                "ci_high": verdict.ci_high,
                "expected": claim.criterion.expected(),
                "criterion": claim.criterion.describe(),
                "score": verdict.score,
                "holds": verdict.holds,
                "conditional": claim.conditional,
                "condition": claim.condition,
                "needs_mechanism": claim.needs_mechanism,
                "n_seeds": verdict.n,
                "n_customers": n_customers or claim.n_customers,
                "weeks": claim.weeks,
                "warmup_weeks": claim.warmup_weeks,
                "values": per_seed,
                "arms": arm_values,
                "error": failed[0] if failed else "",
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))
