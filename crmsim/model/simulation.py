"""The one run path: ``simulate(...)`` returns tidy pandas results.

Notebooks, the CLI, widgets and sweeps all call :func:`simulate`; several
runs at once go through :func:`simulate_runs`, which on the vector engine
runs them side by side (:func:`simulate_stacked`, identical results).

Examples
--------
>>> from crmsim import simulate
>>> res = simulate("social", seed=1, n_customers=200, weeks=26)
>>> int(res.weekly["week"].iloc[-1])
26
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.io import check_output_folder, write_atomic
from crmsim.model.analysis import retention_by_satisfaction, summarise
from crmsim.model.engine import ENGINES, Engine, make_engine, run
from crmsim.model.scenario import Scenario, preset
from crmsim.validation import check_seed

__all__ = [
    "ENGINES",
    "Results",
    "compare",
    "resolve_scenario",
    "results_of",
    "simulate",
    "simulate_runs",
    "simulate_stacked",
]


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
    trace : pandas.DataFrame or None
        With ``simulate(..., trace=True)``: every customer-week (customer,
        week, stage at the week's end, the week's true purchase chance,
        bought or not).
    relationships : pandas.DataFrame or None
        Every relationship of the run, one row per spell (a person won back
        has several): customer, acquired and churned week (-1 still going),
        tenure -- for cohort survival (C2).
    firms : pandas.DataFrame or None
        One row per firm a week (``week``, ``firm``, ``firm_name``): the
        firm's customers by stage, flows, money, mean satisfaction, market
        share, yearly retention and customer equity (see
        :func:`crmsim.model.analysis.firm_weekly_frame`). In a one-firm market
        it repeats the weekly table for the one firm.
    """

    scenario: Scenario
    seed: int | None
    engine: str
    weekly: pd.DataFrame
    customers: pd.DataFrame
    by_satisfaction: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)
    transactions: pd.DataFrame | None = None
    trace: pd.DataFrame | None = None
    relationships: pd.DataFrame | None = None
    firms: pd.DataFrame | None = None

    def firm_summary(self) -> pd.DataFrame:
        """Each firm at the end of the run: customers, share, retention, equity, profit.

        ``profit`` is the firm's cash profit over the whole run.
        """
        f = self.firms
        last = f[f["week"] == f["week"].max()].set_index("firm_name")
        out = last[["customers", "market_share", "annual_retention", "customer_equity"]]
        out = out.assign(
            profit=f[f["week"] > 0].groupby("firm_name", sort=False)["profit"].sum(),
            mean_satisfaction=last["mean_satisfaction"],
        )
        out.index.name = "firm"
        return out

    def save(self, folder: str | Path) -> Path:
        """Write the CSV tables and ``summary.json`` into ``folder``.

        Results draw no figures: :func:`crmsim.presentation.plotting.save_run_figures`
        writes the PNGs (``crmsim run --out`` does both).

        Each file is written to a temporary name and renamed when complete,
        so an interrupted save never leaves a half-written file behind.
        """
        folder = check_output_folder(folder, "folder")
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
        if self.relationships is not None:
            write_atomic(
                folder / "relationships.csv", self.relationships.to_csv(index=False)
            )
        if self.firms is not None and self.scenario.n_firms > 1:
            write_atomic(folder / "firms.csv", self.firms.to_csv(index=False))
        write_atomic(folder / "summary.json", json.dumps(self.to_dict(), indent=2))
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
        } | (
            {"firms": self.firm_summary().reset_index().to_dict("records")}
            if self.scenario.n_firms > 1
            else {}
        )


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
    precision: str = "double",
    progress: bool | None = False,
    on_week: Callable[[int], None] | None = None,
    transactions: bool = False,
    trace: bool = False,
    **params: Any,
) -> Results:
    """Run one scenario and return its tidy results.

    Parameters
    ----------
    scenario : Scenario or str, optional
        A scenario or the name of a preset (default: the default market).
    seed : int, optional
        Seed of the run's random numbers (a whole number >= 0); the same seed
        gives identical results, whichever engine runs them.
    engine : {"mesa", "vector"}
        ``"mesa"``: the agent-based Mesa model, one agent per person;
        ``"vector"``: the same week on numpy arrays, for large populations,
        sweeps and live demos. Both return identical results for the same
        scenario, seed and precision (the week's arithmetic is done in double
        precision by both; single precision stores the state as float32).
    precision : {"double", "single"}
        Float type of the people's state and the draws. ``"single"`` is faster
        on the vector engine; its results differ from double precision's in
        the draws, so they agree with them in distribution, not exactly.
    progress : bool or None
        Show a progress bar (tqdm, on stderr) for runs longer than about two
        seconds; ``None`` shows it only on a terminal.
    on_week : callable, optional
        Called with the week number after each week (for custom progress).
    transactions : bool
        Also return the log of every purchase (``Results.transactions``).
    trace : bool
        Also return every customer-week's stage and true purchase chance
        (``Results.trace``): the truth behind the transaction log.
    **params
        Parameters that replace the scenario's.
    """
    scenario = resolve_scenario(scenario, params)
    seed = check_seed(seed)
    model = make_engine(
        scenario,
        seed,
        engine,
        transactions=transactions,
        trace=trace,
        precision=precision,
    )
    bar = _progress_bar(scenario.weeks, f"{scenario.name} ({engine})", progress)

    def week_done(week: int) -> None:
        bar.update()
        if on_week is not None:
            on_week(week)

    try:
        run(model, on_week=week_done)
    finally:
        bar.close()
    if not model.running:
        model.state.release_network()  # the engine is not returned: less peak memory
    return results_of(model, scenario, seed, engine)


def _progress_bar(weeks: int, desc: str, progress: bool | None):
    """A tqdm bar over ``weeks`` (stderr): shown if ``progress``, on a terminal if None.

    It appears only for runs longer than about two seconds.
    """
    from tqdm.auto import tqdm

    return tqdm(
        total=weeks,
        desc=desc,
        unit="wk",
        delay=2.0,
        disable=False if progress else None if progress is None else True,
        leave=False,
    )


STACK_PEOPLE = 400_000
"""Most people (runs x customers) :func:`simulate_stacked` puts in one stack.

Stacking saves numpy's per-call overhead, which matters for small markets;
a few hundred thousand people per pass already hide it, and larger stacks
only take more memory."""


def stack_plan(
    scenarios: Sequence[Scenario],
    budget: int = STACK_PEOPLE,
    tags: Sequence | None = None,
) -> list[list[int]]:
    """Which runs share a stack: the scenarios' numbers, cut into stacks.

    One-firm markets with the same :func:`~crmsim.model.scenario.market_key`
    (and the same ``tags[i]``, when given) share stacks of at most ``budget``
    people and ``MAX_STACKED_RUNS`` runs, each in the order given; a market of
    several firms, or a run tagged ``None``, is a stack of its own. Stacks
    come in the order of their first run.
    """
    from crmsim.model.scenario import MAX_STACKED_RUNS, market_key

    groups: dict[tuple, list[int]] = {}
    for i, sc in enumerate(scenarios):
        tag = None if tags is None else tags[i]
        alone = sc.firms or (tags is not None and tag is None)
        key = ("alone", i) if alone else (market_key(sc), tag)
        groups.setdefault(key, []).append(i)
    stacks = []
    for members in groups.values():
        stack, size = [], 0
        for i in members:
            n = scenarios[i].n_customers
            if stack and (size + n > budget or len(stack) == MAX_STACKED_RUNS):
                stacks.append(stack)
                stack, size = [], 0
            stack.append(i)
            size += n
        stacks.append(stack)
    return stacks


def simulate_stacked(
    scenarios: Iterable[Scenario | str],
    seeds: Iterable[int],
    *,
    precision: str = "double",
    progress: bool | None = False,
    transactions: bool = False,
    trace: bool = False,
) -> list[Results]:
    """Run many scenario-seed pairs on the vector engine, side by side.

    Runs whose markets differ only in their firm's settings
    (``FIRM_KEYS``, e.g. ``relationship_level``) and seed are simulated
    together in one array (up to :data:`STACK_PEOPLE` people at a time),
    each drawing its own random numbers from its own seed, so every result
    is identical to ``simulate(scenario, seed=seed, engine="vector")``;
    markets of several firms run one by one.

    Parameters
    ----------
    scenarios : iterable of Scenario or preset names
        One a run.
    seeds : iterable of int
        One a run (whole numbers >= 0).
    precision, transactions, trace
        As for :func:`simulate`.
    progress : bool or None
        One progress bar over every stack's weeks (as for :func:`simulate`).

    Returns
    -------
    list of Results
        In the order of ``scenarios``.
    """
    from crmsim.model.vector import VectorModel

    scenarios = [resolve_scenario(sc, {}) for sc in scenarios]
    seeds = [check_seed(x) for x in seeds]
    if len(seeds) != len(scenarios):
        raise CRMSimError(
            f"{len(seeds)} seeds for {len(scenarios)} scenarios: allowed one seed a run"
        )
    if any(x is None for x in seeds):
        raise CRMSimError(
            "seed=None is invalid in a stack: allowed a whole number >= 0"
        )
    out: list[Results | None] = [None] * len(scenarios)
    plan = stack_plan(scenarios)
    bar = _progress_bar(
        sum(scenarios[c[0]].weeks for c in plan),
        f"{len(scenarios)} runs (vector, side by side)",
        progress,
    )
    try:
        for chunk in plan:
            stack = len(chunk) > 1
            model = VectorModel(
                [scenarios[i] for i in chunk] if stack else scenarios[chunk[0]],
                [seeds[i] for i in chunk] if stack else seeds[chunk[0]],
                record_transactions=transactions,
                precision=precision,
                record_trace=trace,
            )
            run(model, on_week=lambda _week: bar.update())
            model.state.release_network()
            for i, part in zip(chunk, model.runs(), strict=True):
                out[i] = results_of(part, scenarios[i], seeds[i], "vector")
    finally:
        bar.close()
    return out


def simulate_runs(
    scenarios: Iterable[Scenario | str],
    seeds: Iterable[int | None],
    *,
    engine: str = "mesa",
    precision: str = "double",
    progress: bool | None = False,
    transactions: bool = False,
    trace: bool = False,
) -> list[Results]:
    """Run scenario-seed pairs: side by side on the vector engine, else one by one.

    The one place that decides how several runs are made. On the vector
    engine with every seed given, the runs go to :func:`simulate_stacked`
    (results identical to runs of their own, in less time); on the Mesa
    engine, or with a ``None`` seed (fresh entropy for each run), each is a
    :func:`simulate` of its own.

    Returns
    -------
    list of Results
        In the order of ``scenarios``.
    """
    scenarios, seeds = list(scenarios), list(seeds)
    if len(seeds) != len(scenarios):
        raise CRMSimError(
            f"{len(seeds)} seeds for {len(scenarios)} scenarios: allowed one seed a run"
        )
    options = dict(precision=precision, transactions=transactions, trace=trace)
    if engine == "vector" and None not in seeds:
        return simulate_stacked(scenarios, seeds, progress=progress, **options)
    return [
        simulate(sc, seed=seed, engine=engine, progress=progress, **options)
        for sc, seed in zip(scenarios, seeds, strict=True)
    ]


def results_of(model: Engine, scenario: Scenario, seed, engine: str) -> Results:
    """The tidy :class:`Results` of an engine that has run."""
    weekly = model.weekly_table()
    customers = model.customer_table()
    relationships = model.relationship_table()
    by_sat = retention_by_satisfaction(model.risk_weeks, model.risk_churned)
    return Results(
        scenario=scenario,
        seed=seed,
        engine=engine,
        weekly=weekly,
        customers=customers,
        by_satisfaction=by_sat,
        summary=summarise(weekly, customers, by_sat, scenario, relationships),
        transactions=model.transaction_table(),
        trace=model.trace_table(),
        relationships=relationships,
        firms=model.firm_weekly_table(),
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
    ``kwargs``: the run options of :func:`simulate` (``engine``,
    ``precision``, ``transactions``, ``trace``) and parameters that replace
    every scenario's. On the vector engine the runs go side by side
    (:func:`simulate_runs`).

    Examples
    --------
    >>> t = compare([preset("default"), preset("structural")], seed=1,
    ...             engine="vector", n_customers=200, weeks=26)
    >>> t.index.tolist()
    ['default', 'structural']
    """
    if not isinstance(scenarios, Mapping):
        scenarios = {s.name: s for s in scenarios}
    options = {k: kwargs.pop(k) for k in _RUN_OPTIONS if k in kwargs}
    runs = [resolve_scenario(sc, kwargs) for sc in scenarios.values()]
    results = simulate_runs(runs, [seed] * len(runs), progress=progress, **options)
    rows = {label: r.summary for label, r in zip(scenarios, results, strict=True)}
    return pd.DataFrame.from_dict(rows, orient="index")


_RUN_OPTIONS = ("engine", "precision", "transactions", "trace")
