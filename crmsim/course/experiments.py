"""Experiments on the model: parameter sweeps, sensitivity, stage flows (C1).

Every run goes through :func:`~crmsim.model.simulation.simulate_runs` (side
by side on the vector engine; common random numbers: each seed is used for
every value), except :func:`stage_transitions`, which needs
every person's stage each week and watches the run through
:mod:`crmsim.course._run`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from crmsim.course._run import stages_of, watch_run
from crmsim.errors import CRMSimError
from crmsim.model.rules import Stage
from crmsim.model.scenario import Scenario
from crmsim.model.simulation import resolve_scenario, simulate_runs
from crmsim.validation import (
    check_number,
)

__all__ = [
    "sensitivity",
    "stage_transitions",
    "sweep_parameter",
]


def _seeds(seeds: Iterable[int]) -> list[int]:
    out = list(seeds)
    if not out:
        raise CRMSimError("seeds is empty: allowed at least one seed")
    return out


def _pick(summary: dict[str, Any], metrics: Sequence[str] | None) -> dict[str, Any]:
    if metrics is None:
        return dict(summary)
    unknown = [m for m in metrics if m not in summary]
    if unknown:
        raise CRMSimError(
            f"metrics {unknown} are unknown: allowed {', '.join(sorted(summary))}"
        )
    return {m: summary[m] for m in metrics}


def sweep_parameter(
    scenario: Scenario | str | None,
    parameter: str,
    values: Iterable[Any],
    *,
    seeds: Iterable[int] = (1,),
    metrics: Sequence[str] | None = None,
    engine: str = "mesa",
    **params: Any,
) -> pd.DataFrame:
    """Run a scenario for each value of one parameter and each seed.

    Every run goes through :func:`~crmsim.model.simulation.simulate_runs`
    (side by side on the vector engine, the same results); each seed is used
    for every value (common random numbers), so differences between values are
    not blurred by different luck.

    Parameters
    ----------
    scenario : Scenario or str or None
        The base scenario or a preset name (None: the default market).
    parameter : str
        Name of the :class:`~crmsim.Scenario` field to vary.
    values : iterable
        Values of that parameter, each validated like any scenario value.
    seeds : iterable of int, default (1,)
        Seeds; one run per value and seed.
    metrics : sequence of str, optional
        Keys of ``Results.summary`` to keep (default: all of them).
    engine : str, default "mesa"
        Passed to :func:`crmsim.simulate`.
    **params
        Further changes to the base scenario, applied to every run.

    Returns
    -------
    pandas.DataFrame
        One tidy row per run: ``parameter``, ``value``, ``seed`` and the
        summary measures (profit, yearly_retention, ...).

    Examples
    --------
    >>> t = sweep_parameter("default", "switching_cost", [0.0, 0.2],
    ...                     n_customers=100, weeks=26, metrics=["profit"])
    >>> t.columns.tolist(), t["value"].tolist()
    (['parameter', 'value', 'seed', 'profit'], [0.0, 0.2])
    """
    base = resolve_scenario(scenario, params)
    values = list(values)
    if not values:
        raise CRMSimError("values is empty: allowed at least one value")
    seeds = _seeds(seeds)
    runs = [base.replace(**{parameter: v}) for v in values]  # validate first
    plan = [
        (value, sc, seed)
        for value, sc in zip(values, runs, strict=True)
        for seed in seeds
    ]
    results = simulate_runs(
        [sc for _, sc, _ in plan], [s for _, _, s in plan], engine=engine
    )
    rows = [
        {
            "parameter": parameter,
            "value": value,
            "seed": seed,
            **_pick(res.summary, metrics),
        }
        for (value, _, seed), res in zip(plan, results, strict=True)
    ]
    return pd.DataFrame(rows)


def _range_of(name: str) -> tuple[float, float, bool]:
    for f in dataclasses.fields(Scenario):
        if f.name == name:
            if "range" not in f.metadata or "length" in f.metadata:
                break
            lo, hi = f.metadata["range"]
            return lo, hi, f.metadata["integer"]
    raise CRMSimError(
        f"parameter {name!r} is invalid: allowed a numeric Scenario parameter"
    )


def sensitivity(
    scenario: Scenario | str | None,
    parameters: Iterable[str],
    *,
    change: float = 0.1,
    metric: str = "profit",
    seeds: Iterable[int] = (1,),
    engine: str = "mesa",
    **params: Any,
) -> pd.DataFrame:
    """One-at-a-time sensitivity of a summary measure to each parameter.

    Each parameter is moved ``change`` (relative) down and up from its base
    value, the others held fixed, and ``metric`` is averaged over ``seeds``
    (the same seeds for every run). Values are clipped to the parameter's
    allowed range and whole-number parameters rounded. The elasticity is::

        elasticity = ((metric_high - metric_low) / |metric_base|)
                     / ((high - low) / base)

    the relative change in the metric per relative change in the parameter.

    Parameters
    ----------
    scenario : Scenario or str or None
        Base scenario or preset name.
    parameters : iterable of str
        Numeric :class:`~crmsim.Scenario` fields; each must be non-zero in
        the base scenario (a relative change of 0 is 0).
    change : float, default 0.1
        Relative change, in (0, 1) (0.1 = +-10 %).
    metric : str, default "profit"
        Key of ``Results.summary``.
    seeds : iterable of int, default (1,)
        Seeds to average over.
    engine : str, default "mesa"
        Passed to :func:`crmsim.simulate`.
    **params
        Changes to the base scenario.

    Returns
    -------
    pandas.DataFrame
        One row per parameter, sorted by ``swing`` (largest first):
        ``parameter, base, low, high, metric_base, metric_low, metric_high,
        swing`` (``metric_high - metric_low``) and ``elasticity``.

    Examples
    --------
    >>> t = sensitivity("default", ["service_quality"], n_customers=100,
    ...                 weeks=26, metric="revenue")
    >>> t[["parameter", "base", "low", "high"]].round(3).values.tolist()
    [['service_quality', 0.65, 0.585, 0.715]]
    """
    base = resolve_scenario(scenario, params)
    rel = check_number("change", change, 0, 1, lo_open=True, hi_open=True)
    seeds = _seeds(seeds)
    names = list(parameters)
    if not names:
        raise CRMSimError("parameters is empty: allowed at least one parameter")

    plan = []
    for name in names:
        lo_allowed, hi_allowed, integer = _range_of(name)
        x0 = getattr(base, name)
        if x0 == 0:
            raise CRMSimError(
                f"{name}={x0!r} is invalid here: allowed a non-zero base value "
                "(a relative change of 0 is 0)"
            )
        lo, hi = sorted((x0 * (1 - rel), x0 * (1 + rel)))
        lo, hi = max(lo, lo_allowed), min(hi, hi_allowed)
        if integer:
            lo, hi = math.floor(lo), math.ceil(hi)
        if lo == hi:
            raise CRMSimError(f"{name}: a {rel:g} change leaves it unchanged")
        plan.append((name, x0, lo, hi))
    # every run at once (side by side on the vector engine), seeds innermost
    runs = [base] + [
        base.replace(**{name: x}) for name, _, lo, hi in plan for x in (lo, hi)
    ]
    results = simulate_runs(
        [sc for sc in runs for _ in seeds], seeds * len(runs), engine=engine
    )
    values = [_pick(r.summary, [metric])[metric] for r in results]
    means = np.mean(np.reshape(values, (len(runs), len(seeds))), axis=1).tolist()
    y0 = means[0]
    rows = []
    for k, (name, x0, lo, hi) in enumerate(plan):
        y_lo, y_hi = means[1 + 2 * k], means[2 + 2 * k]
        elasticity = (
            ((y_hi - y_lo) / abs(y0)) / ((hi - lo) / x0) if y0 != 0 else math.nan
        )
        rows.append(
            {
                "parameter": name,
                "base": x0,
                "low": lo,
                "high": hi,
                "metric_base": y0,
                "metric_low": y_lo,
                "metric_high": y_hi,
                "swing": y_hi - y_lo,
                "elasticity": elasticity,
            }
        )
    out = pd.DataFrame(rows)
    order = out["swing"].abs().sort_values(ascending=False).index
    return out.loc[order].reset_index(drop=True)


_STAGE_ZH = {s: s.chinese for s in Stage}


def stage_transitions(
    scenario: Scenario | str | None = None,
    *,
    seed: int | None = None,
    engine: str = "mesa",
    **params: Any,
) -> pd.DataFrame:
    """Count the moves between lifecycle stages during a run (C1).

    Runs the scenario (the same market as ``simulate(scenario, seed=seed)``)
    and compares every person's stage from one week to the next. A customer
    who changes stage and defects in the same week is counted once, from the
    stage they started the week in. Customers in the starting base (week 0)
    are not counted as won.

    Parameters
    ----------
    scenario : Scenario or str or None
        Scenario or preset name.
    seed : int, optional
        Seed of the run.
    engine : {"mesa", "vector"}
        Engine of the run (identical results for the same seed).
    **params
        Changes to the scenario.

    Returns
    -------
    pandas.DataFrame
        One row per (from, to) pair that occurred, in stage order:
        ``from_stage, to_stage, from_zh, to_zh, moves``.

    Examples
    --------
    >>> t = stage_transitions("default", seed=1, n_customers=100, weeks=26)
    >>> t.iloc[0][["from_stage", "to_stage"]].tolist()
    ['prospect', 'exploration']
    """
    sc = resolve_scenario(scenario, params)
    counts = np.zeros((len(Stage), len(Stage)), dtype=np.int64)
    state: dict[str, np.ndarray] = {}

    def record(model) -> None:
        now = stages_of(model)
        prev = state.get("prev")
        if prev is not None:
            moved = prev != now
            np.add.at(counts, (prev[moved], now[moved]), 1)
        state["prev"] = now

    watch_run(sc, seed, record, engine=engine)
    src, dst = np.nonzero(counts)
    return pd.DataFrame(
        {
            "from_stage": [Stage(int(s)).name.lower() for s in src],
            "to_stage": [Stage(int(d)).name.lower() for d in dst],
            "from_zh": [_STAGE_ZH[Stage(int(s))] for s in src],
            "to_zh": [_STAGE_ZH[Stage(int(d))] for d in dst],
            "moves": counts[src, dst],
        }
    )
