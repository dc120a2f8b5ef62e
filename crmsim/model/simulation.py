"""The one run path: ``simulate(...)`` returns tidy pandas results.

Notebooks, the CLI, widgets and sweeps all call :func:`simulate` (or
:func:`compare`, which calls it once per scenario).

Examples
--------
>>> from crmsim import simulate
>>> res = simulate("social", seed=1, n_customers=200, weeks=26)
>>> int(res.weekly["week"].iloc[-1])
26
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.io import write_atomic
from crmsim.model.analysis import retention_by_satisfaction, summarise
from crmsim.model.scenario import Scenario, preset

__all__ = ["ENGINES", "Results", "compare", "resolve_scenario", "simulate"]

ENGINES = ("mesa", "vector")
"""Engines :func:`simulate` can run (``engine=``): the Mesa agent-based model,
and the vectorised engine over the same rules (fast; same result tables)."""


@dataclass
class Results:
    """What one run produced.

    Attributes
    ----------
    scenario : Scenario
        The parameters of the run.
    seed : int or None
        The seed of the run's random numbers.
    engine : str
        Which engine ran it.
    weekly : pandas.DataFrame
        One row a week (``week`` 0 is the starting state): count per stage,
        new and churned customers, revenue, every cost kind, profit, mean
        satisfaction. Money in currency units.
    customers : pandas.DataFrame
        One row per customer ever acquired: state, loyalty type, ladder rung,
        ledger and the C3 lifecycle-profit decomposition.
    by_satisfaction : pandas.DataFrame
        Customer-weeks, defections and yearly retention at each satisfaction
        level 1-5 (Jones & Sasser, E8).
    summary : dict
        Headline measures (see :func:`crmsim.model.analysis.summarise`).
    transactions : pandas.DataFrame or None
        With ``simulate(..., transactions=True)``: every purchase (customer,
        week, amount net of discount, stage) -- a transaction log for RFM (F2).
    """

    scenario: Scenario
    seed: int | None
    engine: str
    weekly: pd.DataFrame
    customers: pd.DataFrame
    by_satisfaction: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    transactions: pd.DataFrame | None = None

    def save(self, folder: str | Path, figures: bool = True) -> Path:
        """Write CSV tables, ``summary.json`` and PNG figures into ``folder``.

        Each file is written to a temporary name and renamed when complete,
        so an interrupted save never leaves a half-written file behind.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / "weekly.csv", self.weekly.to_csv(index=False))
        write_atomic(folder / "customers.csv", self.customers.to_csv(index=False))
        write_atomic(
            folder / "retention_by_satisfaction.csv",
            self.by_satisfaction.to_csv(index=False),
        )
        if self.transactions is not None:
            write_atomic(
                folder / "transactions.csv", self.transactions.to_csv(index=False)
            )
        write_atomic(folder / "summary.json", json.dumps(self.to_dict(), indent=2))
        if figures:
            from crmsim.presentation import plotting

            plotting.save_run_figures(self, folder)
        return folder

    def to_dict(self) -> dict[str, Any]:
        """Summary, scenario, seed and engine as JSON-ready data."""
        from crmsim import __version__

        return {
            "scenario": self.scenario.to_dict(),
            "seed": self.seed,
            "engine": self.engine,
            "crmsim_version": __version__,
            "summary": self.summary,
            "retention_by_satisfaction": self.by_satisfaction.to_dict("records"),
        }


def resolve_scenario(scenario: Scenario | str | None, params: Mapping[str, Any]):
    """A validated scenario from a scenario, a preset name or None, plus changes."""
    if scenario is None:
        scenario = Scenario()
    elif isinstance(scenario, str):
        scenario = preset(scenario)
    elif not isinstance(scenario, Scenario):
        raise CRMSimError(
            f"scenario={scenario!r} is invalid: allowed a Scenario or a preset name"
        )
    return scenario.replace(**params) if params else scenario


def simulate(
    scenario: Scenario | str | None = None,
    *,
    seed: int | None = None,
    engine: str = "mesa",
    progress: bool | None = False,
    on_week: Callable[[int], None] | None = None,
    transactions: bool = False,
    **params: Any,
) -> Results:
    """Run one scenario and return its tidy results.

    Parameters
    ----------
    scenario : Scenario or str, optional
        A scenario or the name of a preset (default: the default market).
    seed : int, optional
        Seed of the run's random numbers; the same seed gives identical results.
    engine : {"mesa", "vector"}
        ``"mesa"``: the agent-based Mesa model, one agent per person;
        ``"vector"``: the same rules on numpy arrays, for large populations,
        sweeps and live demos (agrees with Mesa in distribution).
    progress : bool or None
        Show a progress bar (tqdm, on stderr) for runs longer than about two
        seconds; ``None`` shows it only on a terminal.
    on_week : callable, optional
        Called with the week number after each week (for custom progress).
    transactions : bool
        Also return the log of every purchase (``Results.transactions``).
    **params
        Parameters that replace the scenario's.
    """
    scenario = resolve_scenario(scenario, params)
    if engine not in ENGINES:
        raise CRMSimError(f"engine={engine!r} is invalid: allowed {', '.join(ENGINES)}")
    from tqdm.auto import tqdm

    bar = tqdm(
        total=scenario.weeks,
        desc=f"{scenario.name} ({engine})",
        unit="wk",
        delay=2.0,
        disable=False if progress else None if progress is None else True,
        leave=False,
    )
    try:
        raw = _run(scenario, seed, engine, bar, on_week, transactions)
    finally:
        bar.close()
    weekly, customers, risk_weeks, risk_churned, log = raw
    by_sat = retention_by_satisfaction(risk_weeks, risk_churned)
    return Results(
        scenario=scenario,
        seed=seed,
        engine=engine,
        weekly=weekly,
        customers=customers,
        by_satisfaction=by_sat,
        summary=summarise(weekly, customers, by_sat, scenario),
        transactions=log,
    )


def _run(scenario: Scenario, seed, engine: str, bar, on_week, transactions):
    if engine == "mesa":
        from crmsim.model.crm_model import CRMModel

        model = CRMModel(scenario, rng=seed, record_transactions=transactions)
    else:
        from crmsim.model.vector import VectorModel

        model = VectorModel(scenario, rng=seed, record_transactions=transactions)
    while model.running:
        model.step()
        bar.update()
        if on_week is not None:
            on_week(model.steps)
    if engine == "mesa":
        weekly = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        weekly.insert(0, "week", range(len(weekly)))
    else:
        weekly = model.weekly_table()
    return (
        weekly,
        model.customer_table(),
        model.risk_weeks,
        model.risk_churned,
        model.transaction_table(),
    )


def compare(
    scenarios: Mapping[str, Scenario] | Iterable[Scenario],
    *,
    seed: int | None = None,
    progress: bool | None = False,
    **kwargs: Any,
) -> pd.DataFrame:
    """Run several scenarios with the same seed; one summary row each.

    ``scenarios`` maps labels to scenarios (or is a list, labelled by name).
    """
    if not isinstance(scenarios, Mapping):
        scenarios = {s.name: s for s in scenarios}
    rows = {}
    for label, sc in scenarios.items():
        res = simulate(sc, seed=seed, progress=progress, **kwargs)
        rows[label] = res.summary
    return pd.DataFrame.from_dict(rows, orient="index")
