"""Parameter sweeps: many runs, on local processes or a Dask cluster.

A sweep is a base scenario, the values to vary and the seeds to run each
point with. Every run gives the results of ``simulate(scenario, seed=seed,
engine=engine)`` (stacked runs too: identical), so they depend only on its
parameters, seed and engine; a run is named by
a **run id** derived from exactly these (:func:`run_id`).

Sweep files
-----------
A sweep file is a scenario file (``preset = "..."`` and any parameters at the
top level, see :func:`crmsim.model.scenario.load_scenario`) plus a few sweep keys::

    preset = "default"        # the base scenario (default: "default")
    n_customers = 500         # fixed parameters of every run
    weeks = 104
    engine = "mesa"           # one of crmsim.model.simulation.ENGINES (default "mesa")
    seeds = [1, 2, 3]         # or: replicates = 3 (seeds seed, seed+1, ...;
                              #      seed = 1 unless given)

    [grid]                    # every combination of these values
    relationship_level = [0, 1, 2, 3]
    competition_intensity = [0.2, 0.8]

Instead of (or as well as) a grid, list the points one by one::

    [[runs]]
    name = "budget"
    relationship_level = 1

    [[runs]]
    name = "premium"
    relationship_level = 3
    service_quality = 0.75

With both, each ``[[runs]]`` entry is combined with every grid point. Besides
parameters, ``preset`` and ``engine`` may also vary (in the grid or in a run
entry). The runs are every point times every seed, points in file order.
Mistakes -- an unknown parameter (the nearest valid name is suggested), an
empty grid or list, an invalid value, an unknown engine, no seeds, malformed
TOML -- raise :class:`~crmsim.errors.CRMSimError` with a one-line message
before any run starts and before anything is written.

Output folder
-------------
``out/runs/<run_id>.weekly.csv`` and ``out/runs/<run_id>.summary.csv`` are
written as each run completes (runs of the vector engine are simulated side by
side in stacks, see :func:`run_sweep`, and written when their stack
completes), then ``out/runs/<run_id>.manifest.json``
with each file's row count, size and sha256 (each file is written to a
temporary name in the same folder, flushed to disk and renamed). A run is
complete when its manifest matches both files: a truncated, header-only,
empty or altered file is detected and that run is done again. Started
again, a sweep skips complete runs and redoes the rest,
so a sweep killed at any point and restarted ends with every run exactly
once. ``out/sweep.json`` describes the runs; ``out/weekly.csv`` (one row per
run and week) and ``out/summary.csv`` (one row per run) appear only when
every run is done. The tables hold ``run_id``, ``seed`` and the parameters:
``summary.csv`` every parameter, ``weekly.csv`` the ones the sweep varies
(one that is also a weekly measure, e.g. ``service_cost``, is called
``param_service_cost`` there). List-valued parameters (``wallet_share``) are
JSON text.

Examples
--------
>>> from crmsim import run_sweep
>>> spec = {"n_customers": 60, "weeks": 10, "seeds": [1, 2],
...         "grid": {"relationship_level": [0, 3]}}
>>> res = run_sweep(spec, workers=1, progress=False)
>>> len(res.summary), len(res.weekly)
(4, 44)
>>> sorted(set(res.weekly["relationship_level"]))
[0, 3]
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import itertools
import json
import math
import os
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.io import check_output_folder, os_error, write_atomic
from crmsim.model.scenario import (
    FIRM_KEYS,
    PARAMETER_NAMES,
    Scenario,
    preset,
    read_toml,
)
from crmsim.validation import MAX_SEED

__all__ = [
    "MAX_RUNS",
    "Sweep",
    "SweepResults",
    "SweepRun",
    "load_sweep",
    "run_id",
    "run_sweep",
    "sweep_from_mapping",
]

SWEEP_KEYS = ("preset", "engine", "seeds", "replicates", "seed", "grid", "runs")
"""Top-level keys of a sweep file that are not scenario parameters."""

PSEUDO_PARAMETERS = ("preset", "engine")
"""Keys that may vary in ``[grid]`` or ``[[runs]]`` besides the parameters."""

MAX_RUNS = 20_000
"""Most runs in one sweep (counted before any is listed); split larger ones."""

RUNS_FOLDER = "runs"
WEEKLY_FILE = "weekly.csv"
SUMMARY_FILE = "summary.csv"
SPEC_FILE = "sweep.json"
_LOCK_FILE = ".sweep.lock"
_TEXT_COLUMNS = {"run_id": str, "engine": str, "preset": str, "name": str}
# pandas < 3 parses floats exactly only when asked; pandas 3 always does
# (and deprecates the option)
_EXACT_FLOATS = (
    {"float_precision": "round_trip"} if int(pd.__version__.split(".")[0]) < 3 else {}
)


# --- the sweep -------------------------------------------------------------


@dataclass(frozen=True)
class SweepRun:
    """One run of a sweep: a scenario, a seed and an engine.

    Attributes
    ----------
    run_id : str
        12 hex digits derived from the scenario, seed and engine.
    scenario : Scenario
        The run's parameters.
    seed : int
        The run's seed.
    engine : str
        The engine that runs it.
    point : dict
        The values of the sweep's dimensions for this run.
    """

    run_id: str
    scenario: Scenario
    seed: int
    engine: str
    point: dict[str, Any] = field(compare=False)


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: every run, in order.

    Build one with :func:`load_sweep` or :func:`sweep_from_mapping`.

    Attributes
    ----------
    runs : tuple of SweepRun
        Every point times every seed, points in file order.
    dimensions : tuple of str
        The keys the sweep varies (grid keys, then keys named in ``[[runs]]``).
    seeds : tuple of int
        The seeds each point runs with.
    source : str
        Where the sweep came from (a path, or ``"sweep"``).
    """

    runs: tuple[SweepRun, ...]
    dimensions: tuple[str, ...]
    seeds: tuple[int, ...]
    source: str = "sweep"

    def __len__(self) -> int:
        return len(self.runs)

    def to_dict(self) -> dict[str, Any]:
        """The sweep as JSON-ready data (written as ``sweep.json``)."""
        from crmsim import __version__

        return {
            "source": self.source,
            "crmsim_version": __version__,
            "dimensions": list(self.dimensions),
            "seeds": list(self.seeds),
            "runs": [
                {"run_id": r.run_id, "seed": r.seed, "engine": r.engine, **r.point}
                for r in self.runs
            ],
        }


def run_id(scenario: Scenario, seed: int, engine: str) -> str:
    """The id of a run: a short sha256 of its scenario, seed and engine.

    The hash is taken over canonical JSON (sorted keys, no spaces) of the full
    scenario dict, the seed and the engine, so equal runs share an id in any
    sweep, on any machine.
    """
    text = json.dumps(
        {"engine": engine, "scenario": scenario.to_dict(), "seed": seed},
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file (TOML; format in :mod:`crmsim.research.sweep`)."""
    return sweep_from_mapping(read_toml(path, "sweep"), source=str(path))


def sweep_from_mapping(data: Mapping[str, Any], source: str = "sweep") -> Sweep:
    """Validate a sweep given as a mapping (the content of a sweep file).

    Raises
    ------
    CRMSimError
        On any mistake, naming it in one line, before anything runs.
    """
    from crmsim.model.simulation import ENGINES

    if not isinstance(data, Mapping):
        raise CRMSimError(f"{source}: a sweep is invalid: allowed a table of keys")
    data = dict(data)
    _check_keys(data, (*PARAMETER_NAMES, *SWEEP_KEYS), "key", source)
    base_preset = data.pop("preset", "default")
    engine = data.pop("engine", "mesa")
    seeds = _seeds(data, source)
    grid = _grid(data.pop("grid", None), source)
    entries = _entries(data.pop("runs", None), source)
    fixed = data  # only parameters are left

    _check_pseudo("preset", base_preset, ENGINES, source, "")
    _check_pseudo("engine", engine, ENGINES, source, "")
    for key, values in grid.items():
        if key in PSEUDO_PARAMETERS:
            for value in values:
                _check_pseudo(key, value, ENGINES, source, " in [grid]")
    for label, entry in entries:
        for key in PSEUDO_PARAMETERS:
            if key in entry:
                _check_pseudo(key, entry[key], ENGINES, source, f" in {label}")

    dimensions: list[str] = list(grid)
    for _, entry in entries:
        for key in entry:
            if key in grid:
                raise CRMSimError(
                    f"{source}: '{key}' is both in [grid] and in [[runs]]: "
                    "allowed in one of them"
                )
            if key not in dimensions:
                dimensions.append(key)

    n_runs = max(len(entries), 1) * math.prod(map(len, grid.values())) * len(seeds)
    if n_runs > MAX_RUNS:
        raise CRMSimError(
            f"{source}: the sweep has {n_runs:,} runs: allowed at most "
            f"{MAX_RUNS:,} (split it into several sweep files)"
        )

    # every [[runs]] entry (or the base alone) times every grid point
    grid_points = [
        dict(zip(grid, values, strict=True))
        for values in itertools.product(*grid.values())
    ]
    points = [{**e, **g} for _, e in entries or [("", {})] for g in grid_points]

    runs: list[SweepRun] = []
    seen: dict[str, int] = {}
    for point in points:
        params = {k: v for k, v in point.items() if k not in PSEUDO_PARAMETERS}
        by_firm = {k: v for k, v in params.items() if _firm_key(k)}
        params = {k: v for k, v in params.items() if k not in by_firm}
        name = point.get("preset", base_preset)
        run_engine = point.get("engine", engine)
        try:
            scenario = preset(name).replace(**{**fixed, **params})
            scenario = _with_firm_settings(scenario, by_firm)
        except CRMSimError as exc:
            where = f" (in the run with {_describe(point)})" if point else ""
            raise CRMSimError(f"{source}: {exc}{where}") from None
        shown = _point_values(scenario, dimensions, name, run_engine)
        for seed in seeds:
            rid = run_id(scenario, seed, run_engine)
            if rid in seen:
                raise CRMSimError(
                    f"{source}: runs {seen[rid] + 1} and {len(runs) + 1} are the "
                    f"same scenario, seed and engine ({_describe(point) or 'base'}, "
                    f"seed {seed}): allowed distinct runs"
                )
            seen[rid] = len(runs)
            runs.append(SweepRun(rid, scenario, seed, run_engine, shown))
    return Sweep(tuple(runs), tuple(dimensions), tuple(seeds), source)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _suggest(key: str, allowed) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"{hint}allowed the keys of a sweep file and the names 'crmsim parameters' "
        "lists"
    )


def _firm_key(key: Any) -> tuple[str, str] | None:
    """``(name, key)`` of a grid key ``firm.<name>.<key>``, or None."""
    if not isinstance(key, str) or not key.startswith("firm."):
        return None
    name, _, setting = key[len("firm.") :].rpartition(".")
    return (name, setting) if name and setting in FIRM_KEYS else None


def _with_firm_settings(scenario: Scenario, params: Mapping[str, Any]) -> Scenario:
    """``scenario`` with the ``firm.<name>.<key>`` values of ``params`` applied."""
    for key, value in params.items():
        name, setting = _firm_key(key)
        if name not in scenario.firm_names or not scenario.firms:
            raise CRMSimError(
                f"'{key}' names no firm of the market: allowed firm.<name>.<key> "
                f"with a name of its [[firms]] ({', '.join(scenario.firm_names)})"
            )
        scenario = scenario.with_firm(
            scenario.firm_names.index(name), **{setting: value}
        )
    return scenario


def _check_keys(data: Mapping, allowed, what: str, source: str, where="") -> None:
    for key in data:
        if key not in allowed and not (what == "parameter" and _firm_key(key)):
            raise CRMSimError(
                f"{source}: unknown {what} '{key}'{where}: {_suggest(key, allowed)}"
            )


def _check_pseudo(key: str, value: Any, engines, source: str, where: str) -> None:
    if key == "engine":
        if value not in engines:
            raise CRMSimError(
                f"{source}: engine={value!r}{where} is invalid: allowed "
                f"{', '.join(engines)}"
            )
    elif not isinstance(value, str):
        raise CRMSimError(
            f"{source}: preset={value!r}{where} is invalid: allowed a preset name"
        )
    else:
        try:
            preset(value)
        except CRMSimError as exc:
            raise CRMSimError(f"{source}: {exc}") from None


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _seeds(data: dict, source: str) -> list[int]:
    seeds = data.pop("seeds", None)
    replicates = data.pop("replicates", None)
    first = data.pop("seed", None)
    if seeds is not None and (replicates is not None or first is not None):
        raise CRMSimError(
            f"{source}: seeds and replicates/seed are both given: allowed one of "
            "seeds = [1, 2, 3] or replicates = N (with seed = first seed)"
        )
    if seeds is None and replicates is None:
        hint = "; did you mean 'seeds'?" if first is not None else ""
        raise CRMSimError(
            f"{source}: no seeds{hint}: allowed seeds = [1, 2, 3] or "
            "replicates = N (seeds seed, seed+1, ...; seed = 1 unless given)"
        )
    if seeds is not None:
        if (
            not isinstance(seeds, list)
            or not seeds
            or not all(_whole(s) and 0 <= s <= MAX_SEED for s in seeds)
        ):
            raise CRMSimError(
                f"{source}: seeds={_short(seeds)} is invalid: allowed a non-empty "
                f"list of whole numbers in [0, {MAX_SEED}]"
            )
        if len(set(seeds)) != len(seeds):
            raise CRMSimError(
                f"{source}: seeds={_short(seeds)} repeats a seed: allowed distinct "
                "seeds"
            )
        return list(seeds)
    if not _whole(replicates) or not 1 <= replicates <= MAX_RUNS:
        raise CRMSimError(
            f"{source}: replicates={replicates!r} is invalid: allowed a whole "
            f"number in [1, {MAX_RUNS:_}]"
        )
    first = 1 if first is None else first
    if not _whole(first) or not 0 <= first <= MAX_SEED - replicates:
        raise CRMSimError(
            f"{source}: seed={first!r} is invalid: allowed a whole number >= 0"
        )
    return list(range(first, first + replicates))


def _grid(grid: Any, source: str) -> dict[str, list]:
    if grid is None:
        return {}
    if not isinstance(grid, Mapping):
        raise CRMSimError(
            f"{source}: grid={grid!r} is invalid: allowed a [grid] table of "
            "parameter = [values, ...]"
        )
    if not grid:
        raise CRMSimError(
            f"{source}: [grid] is empty: allowed parameter = [values, ...] "
            "(or leave [grid] out)"
        )
    allowed = (*PARAMETER_NAMES, *PSEUDO_PARAMETERS)
    _check_keys(grid, allowed, "parameter", source, " in [grid]")
    for key, values in grid.items():
        if not isinstance(values, list):
            raise CRMSimError(
                f"{source}: [grid] {key} = {values!r} is invalid: allowed a list "
                f"of values, e.g. {key} = [{values!r}]"
            )
        if not values:
            raise CRMSimError(
                f"{source}: [grid] {key} = [] is empty: allowed a non-empty list "
                "of values"
            )
    return {key: _distinct(values) for key, values in grid.items()}


def _canonical(value: Any) -> Any:
    """A grid value as it will be compared: -0.0 is 0.0, lists are tuples."""
    if isinstance(value, float):
        return value + 0.0
    if isinstance(value, list | tuple):
        return tuple(_canonical(v) for v in value)
    return value


def _distinct(values: list) -> list:
    """The values once each, in order (``[0.0, -0.0]`` is one value)."""
    seen, out = set(), []
    for value in values:
        key = _canonical(value)
        try:
            new = (type(key) is bool, key) not in seen
            seen.add((type(key) is bool, key))
        except TypeError:  # unhashable (a table): the scenario will refuse it
            new = True
        if new:
            out.append(value)
    return out


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _entries(entries: Any, source: str) -> list[tuple[str, dict]]:
    if entries is None:
        return []
    if not isinstance(entries, list) or not all(
        isinstance(e, Mapping) for e in entries
    ):
        raise CRMSimError(
            f"{source}: runs is invalid: allowed [[runs]] tables of parameters"
        )
    if not entries:
        raise CRMSimError(
            f"{source}: runs = [] is empty: allowed one or more [[runs]] tables"
        )
    allowed = (*PARAMETER_NAMES, *PSEUDO_PARAMETERS)
    out = []
    for i, entry in enumerate(entries, 1):
        label = f"[[runs]] #{i}"
        _check_keys(entry, allowed, "parameter", source, f" in {label}")
        out.append((label, dict(entry)))
    return out


def _describe(point: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in point.items())


def _param_value(value: Any) -> Any:
    return json.dumps(list(value)) if isinstance(value, tuple | list) else value


def _point_values(scenario: Scenario, dims, preset_name: str, engine: str) -> dict:
    values = {}
    for key in dims:
        if key == "preset":
            values[key] = preset_name
        elif key == "engine":
            values[key] = engine
        elif _firm_key(key):
            name, setting = _firm_key(key)
            firm = scenario.firm_names.index(name)
            values[key] = getattr(scenario.firm_scenarios()[firm], setting)
        else:
            values[key] = _param_value(getattr(scenario, key))
    return values


# --- running ---------------------------------------------------------------


@dataclass
class SweepResults:
    """What a sweep produced.

    Attributes
    ----------
    sweep : Sweep
        The sweep that ran.
    weekly : pandas.DataFrame
        One row per run and week: ``run_id``, ``seed``, the varied parameters
        and the weekly table of :class:`~crmsim.model.simulation.Results`.
    summary : pandas.DataFrame
        One row per run: ``run_id``, ``seed``, ``engine``, every parameter and
        the run's ``Results.summary``.
    folder : pathlib.Path or None
        The output folder (None when the sweep ran without ``out``).
    ran : int
        Runs computed by this call.
    reused : int
        Runs already complete in ``folder`` and skipped.
    """

    sweep: Sweep
    weekly: pd.DataFrame
    summary: pd.DataFrame
    folder: Path | None
    ran: int
    reused: int


def run_sweep(
    spec: Sweep | Mapping[str, Any] | str | Path,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
    connect_timeout: float = 10.0,
    security: Any = None,
    stacked: bool = True,
) -> SweepResults:
    """Run every run of a sweep; skip those already complete in ``out``.

    Parameters
    ----------
    spec : Sweep, mapping, str or Path
        A sweep, its content as a mapping, or the path of a sweep file.
    out : str or Path, optional
        Folder for the per-run files and the combined ``weekly.csv`` and
        ``summary.csv``. Runs already complete there are not run again.
        Without it the sweep runs in a temporary folder, deleted afterwards.
    workers : int, optional
        Local worker processes (default: the number of CPUs; 1 runs in this
        process). Ignored with ``scheduler``.
    scheduler : str, optional
        Address of a Dask distributed scheduler (``tcp://host:port``) to run
        on instead; needs ``pip install 'crmsim[dask]'`` and crmsim installed
        on the workers. Results return to this process, which writes them.
    progress : bool or None
        Show a progress bar (tqdm, on stderr): runs done, rate, time left.
        ``None`` shows it only on a terminal.
    connect_timeout : float
        Seconds to wait for the Dask scheduler.
    security : distributed.security.Security, optional
        TLS settings for a ``tls://`` scheduler (default: Dask's configuration,
        e.g. the ``DASK_DISTRIBUTED__COMM__TLS__*`` environment variables).
    stacked : bool
        Simulate the vector engine's runs side by side, many in one array
        (:func:`crmsim.model.simulation.simulate_stacked`): runs whose
        markets differ only in their firm's settings and seed share each
        pass, which saves numpy's per-call overhead on small markets. The
        results are identical to runs of their own. A stack's runs are saved
        when the whole stack is done (a sweep stopped meanwhile redoes it).
        ``False``: one run at a time.

    Returns
    -------
    SweepResults
        The combined weekly and summary tables, in the sweep's run order.

    Raises
    ------
    CRMSimError
        For a bad sweep, a bad ``workers``, Dask not installed or its
        scheduler not reachable -- before anything is written.
    """
    if isinstance(spec, Sweep):
        sweep = spec
    elif isinstance(spec, Mapping):
        sweep = sweep_from_mapping(spec)
    elif isinstance(spec, str | Path):
        sweep = load_sweep(spec)
    else:
        raise CRMSimError(
            f"spec={spec!r} is invalid: allowed a Sweep, a mapping or a file path"
        )
    if workers is not None and (not _whole(workers) or workers < 1):
        raise CRMSimError(f"workers={workers!r} is invalid: allowed 1 or more")

    if out is not None:  # before connecting or computing anything
        check_output_folder(out, "out")
    client = (
        None
        if scheduler is None
        else _dask_client(scheduler, connect_timeout, security)
    )
    try:
        if out is None:
            with tempfile.TemporaryDirectory(prefix="crmsim-sweep-") as tmp:
                res = _run_in(sweep, Path(tmp), workers, client, progress, stacked)
            res.folder = None
            return res
        return _run_in(sweep, Path(out), workers, client, progress, stacked)
    finally:
        if client is not None:
            client.close()


def _run_in(
    sweep: Sweep, out: Path, workers, client, progress, stacked
) -> SweepResults:
    runs_dir = out / RUNS_FOLDER
    try:
        runs_dir.mkdir(parents=True, exist_ok=True)
        with _locked(out):
            return _run_locked(sweep, out, runs_dir, workers, client, progress, stacked)
    except OSError as exc:  # full disk, read-only folder: one line, no traceback
        where = Path(exc.filename).name if exc.filename else str(out)
        raise os_error(exc, f"{where} in {out}") from None


def _run_locked(sweep, out: Path, runs_dir: Path, workers, client, progress, stacked):
    for stale in runs_dir.glob(".*.part"):
        stale.unlink(missing_ok=True)
    for name in (WEEKLY_FILE, SUMMARY_FILE):
        (out / name).unlink(missing_ok=True)
    write_atomic(out / SPEC_FILE, json.dumps(sweep.to_dict(), indent=2))

    pending = [r for r in sweep.runs if not _complete(runs_dir, r.run_id)]
    reused = len(sweep) - len(pending)
    from tqdm.auto import tqdm

    bar = tqdm(
        total=len(sweep),
        initial=reused,
        desc="sweep" if sweep.source == "sweep" else f"sweep {Path(sweep.source).stem}",
        unit="run",
        disable=False if progress else None if progress is None else True,
        dynamic_ncols=True,
    )
    try:
        n = _n_workers(workers, len(pending))
        if client is not None:
            parallel = len(client.scheduler_info().get("workers", ())) or 1
        else:
            parallel = n
        units = _units(pending, parallel if stacked else None)
        if client is not None:
            done = _on_dask(client, units)
        elif n <= 1:
            done = (_compute_runs(u) for u in units)
        else:
            done = _on_processes(units, n)
        by_id = {r.run_id: r for r in pending}
        with contextlib.closing(done):
            for finished in done:
                for rid, weekly, summary in finished:
                    _save_run(runs_dir, by_id[rid], weekly, summary)
                    bar.update()
    finally:
        bar.close()

    weekly, summary = _combine(sweep, runs_dir)
    write_atomic(out / WEEKLY_FILE, weekly.to_csv(index=False))
    write_atomic(out / SUMMARY_FILE, summary.to_csv(index=False))
    return SweepResults(sweep, weekly, summary, out, len(pending), reused)


def _n_workers(workers: int | None, pending: int) -> int:
    if workers is None:
        try:
            workers = len(os.sched_getaffinity(0))
        except AttributeError:  # pragma: no cover - not on Linux
            workers = os.cpu_count() or 1
    return max(1, min(workers, pending))


def _units(pending: list[SweepRun], parallel: int | None) -> list[list[SweepRun]]:
    """The pending runs as units of work: a stack of vector runs, or one run.

    ``parallel=None``: every run on its own. Otherwise the vector engine's
    runs that can share a stack (:func:`~crmsim.model.simulation.stack_plan`)
    are cut into stacks small enough that each of ``parallel`` workers has
    one; the others run one by one.
    """
    from crmsim.model.simulation import STACK_PEOPLE, stack_plan

    if parallel is None:
        return [[r] for r in pending]
    people = sum(r.scenario.n_customers for r in pending if r.engine == "vector")
    budget = min(STACK_PEOPLE, math.ceil(people / parallel))
    tags = ["vector" if r.engine == "vector" else None for r in pending]
    plan = stack_plan([r.scenario for r in pending], budget, tags)
    return [[pending[i] for i in stack] for stack in plan]


def _compute_runs(runs: list[SweepRun]):
    """Run a unit of work (in a worker): ``(run id, weekly table, summary)`` each.

    One run: :func:`~crmsim.model.simulation.simulate`; several (vector
    engine): side by side, :func:`~crmsim.model.simulation.simulate_stacked`.
    """
    from crmsim.model.simulation import simulate, simulate_stacked

    if len(runs) == 1:
        (run,) = runs
        res = simulate(run.scenario, seed=run.seed, engine=run.engine, progress=False)
        return [(run.run_id, res.weekly, res.summary)]
    results = simulate_stacked([r.scenario for r in runs], [r.seed for r in runs])
    return [
        (r.run_id, res.weekly, res.summary)
        for r, res in zip(runs, results, strict=True)
    ]


def _watch_parent(parent: int, interval: float = 0.5) -> None:
    """In a worker: exit as soon as the process that started it is gone.

    A pool's workers otherwise wait forever for work from a parent that was
    killed (``kill -9``, an out-of-memory kill), each holding its memory.
    """

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            threading.Event().wait(interval)

    threading.Thread(target=watch, name="crmsim-parent-watch", daemon=True).start()


def _on_processes(units, n: int) -> Iterator:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn: fork() of a process with threads (tqdm's monitor) is unsafe
    pool = ProcessPoolExecutor(
        n,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )
    try:
        futures = [pool.submit(_compute_runs, u) for u in units]
        for fut in as_completed(futures):
            yield fut.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _dask_client(address: str, timeout: float, security: Any = None):
    try:
        from dask.distributed import Client
    except ImportError:
        raise CRMSimError(
            f"--scheduler {address} needs Dask distributed, which is not "
            "installed: pip install 'crmsim[dask]'"
        ) from None
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
    except (ValueError, TypeError) as exc:
        raise CRMSimError(
            f"--scheduler {address!r} is invalid ({_one_line(exc)}): allowed an "
            "address like tcp://HOST:PORT"
        ) from None
    try:
        return Client(address, timeout=timeout, set_as_default=False, security=security)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise CRMSimError(
            f"cannot reach the Dask scheduler at {address}: {_one_line(exc)}"
        ) from None


def _on_dask(client, units) -> Iterator:
    from dask.distributed import as_completed

    futures = [
        client.submit(_compute_runs, u, key=f"crmsim-runs-{u[0].run_id}-{len(u)}")
        for u in units
    ]
    try:
        for fut in as_completed(futures, loop=client.loop):
            try:
                yield fut.result()
            except ImportError as exc:
                raise CRMSimError(
                    f"a Dask worker cannot run crmsim ({_one_line(exc)}): allowed "
                    "workers with the same crmsim installed"
                ) from None
    finally:
        client.cancel(futures)


# --- files -----------------------------------------------------------------


def _run_files(runs_dir: Path, rid: str) -> tuple[Path, Path]:
    return runs_dir / f"{rid}.weekly.csv", runs_dir / f"{rid}.summary.csv"


def _manifest_file(runs_dir: Path, rid: str) -> Path:
    return runs_dir / f"{rid}.manifest.json"


def _describe_file(data: bytes, rows: int) -> dict[str, Any]:
    return {
        "rows": rows,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _complete(runs_dir: Path, rid: str) -> bool:
    """A run is complete when its manifest matches both files, row for row.

    A truncated, header-only, empty or altered file (or a missing manifest)
    makes the run incomplete, so a resumed sweep runs it again.
    """
    try:
        manifest = json.loads(_manifest_file(runs_dir, rid).read_text("utf-8"))
        for path in _run_files(runs_dir, rid):
            data = path.read_bytes()
            want = manifest[path.name]
            lines = data.count(b"\n")
            if (
                want["rows"] < 1
                or lines != want["rows"] + 1
                or _describe_file(data, want["rows"]) != want
            ):
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def _save_run(runs_dir: Path, run: SweepRun, weekly: pd.DataFrame, summary: dict):
    weekly_path, summary_path = _run_files(runs_dir, run.run_id)
    weekly = weekly.copy()
    weekly.insert(0, "seed", run.seed)
    weekly.insert(0, "run_id", run.run_id)
    params = {k: _param_value(v) for k, v in run.scenario.to_dict().items()}
    row = {"run_id": run.run_id, "seed": run.seed, "engine": run.engine}
    row.update(params)
    row.update(summary)
    weekly_data = weekly.to_csv(index=False, lineterminator="\n").encode("utf-8")
    summary_data = pd.DataFrame([row]).to_csv(index=False, lineterminator="\n")
    summary_data = summary_data.encode("utf-8")
    manifest = {
        weekly_path.name: _describe_file(weekly_data, len(weekly)),
        summary_path.name: _describe_file(summary_data, 1),
    }
    # the manifest last: a run is complete only once it matches both files
    _manifest_file(runs_dir, run.run_id).unlink(missing_ok=True)
    write_atomic(weekly_path, weekly_data)
    write_atomic(summary_path, summary_data)
    write_atomic(_manifest_file(runs_dir, run.run_id), json.dumps(manifest, indent=1))


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(
        path,
        dtype=_TEXT_COLUMNS,
        keep_default_na=False,
        na_values=[""],
        **_EXACT_FLOATS,
    )


def _with_columns(frame: pd.DataFrame, at: int, values: dict) -> pd.DataFrame:
    """``frame`` with a constant column per item of ``values`` from position ``at``.

    Built in one step (a wide table grown one ``insert`` at a time fragments).
    """
    if not values:
        return frame
    new = pd.DataFrame({k: [v] * len(frame) for k, v in values.items()}, frame.index)
    return pd.concat([frame.iloc[:, :at], new, frame.iloc[:, at:]], axis=1)


def _combine(sweep: Sweep, runs_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    weeklies, summaries = [], []
    for run in sweep.runs:
        weekly_path, summary_path = _run_files(runs_dir, run.run_id)
        weekly, summary = _read(weekly_path), _read(summary_path)
        extra = [d for d in sweep.dimensions if d not in summary.columns]
        summary = _with_columns(summary, 3, {k: run.point[k] for k in extra})
        weekly = _with_columns(
            weekly,
            2,
            {
                f"param_{k}" if k in weekly.columns else k: run.point[k]
                for k in sweep.dimensions
            },
        )
        weeklies.append(weekly)
        summaries.append(summary)
    return (
        pd.concat(weeklies, ignore_index=True),
        pd.concat(summaries, ignore_index=True),
    )


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _locked(out: Path):
    """Hold an exclusive lock on ``out`` so two sweeps never share a folder."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    with open(out / _LOCK_FILE, "a") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CRMSimError(
                f"{out} is in use by another running sweep: allowed one sweep per "
                "output folder at a time"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
