"""``crmsim run``, ``crmsim scenarios`` and ``crmsim parameters``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pandas as pd

from crmsim.cli.options import (
    check_no_conflict,
    parse_assignment,
    scenario_whole_number,
    whole_number,
)
from crmsim.cli.tables import FIRM_COLUMNS, format_table
from crmsim.errors import CRMSimError
from crmsim.io import check_output_folder, write_atomic
from crmsim.model.scenario import (
    PRESET_DESCRIPTIONS,
    PRESETS,
    Scenario,
    describe_parameters,
    format_parameters,
    load_scenario,
    parameters_markdown,
    preset,
)
from crmsim.validation import MAX_SEED

__all__ = ["LEVEL_NAMES", "add_scenario_arguments", "build_scenario", "register"]

LEVEL_NAMES = {0: "transactional", 1: "financial", 2: "social", 3: "structural"}


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``run``, ``scenarios`` and ``parameters``."""
    run = sub.add_parser(
        "run",
        help="run a scenario (no scenario: compare relationship levels 0-3)",
        description="Run a scenario and print its summary. With no scenario, "
        "compare relationship-marketing levels 0-3 on the default market.",
    )
    add_scenario_arguments(run)
    run.add_argument(
        "--seed",
        type=whole_number(0, MAX_SEED),
        default=1,
        help="random seed (default 1)",
    )
    run.add_argument(
        "--levels", type=_levels, help="compare these relationship levels, e.g. 0,1,2,3"
    )
    run.add_argument(
        "--engine",
        default="mesa",
        help="simulation engine: mesa (agent-based, default) or vector (fast)",
    )
    run.add_argument("--out", help="folder to write CSV, JSON and PNG into")
    run.add_argument(
        "--json", action="store_true", help="print JSON instead of a table"
    )
    run.add_argument(
        "--no-progress", action="store_true", help="never show a progress bar"
    )
    run.set_defaults(func=_cmd_run)

    scen = sub.add_parser("scenarios", help="list the preset scenarios")
    scen.add_argument("--json", action="store_true", help="print JSON")
    scen.set_defaults(func=_cmd_scenarios)

    params = sub.add_parser(
        "parameters",
        help="list every parameter: unit, range, meaning, why its default",
    )
    params.add_argument("--json", action="store_true", help="print JSON")
    params.add_argument(
        "--markdown",
        action="store_true",
        help="print the Markdown table of docs/parameters.md",
    )
    params.set_defaults(func=_cmd_parameters)


def _levels(text: str) -> list[int]:
    try:
        levels = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        levels = []
    if not levels or any(lv not in LEVEL_NAMES for lv in levels):
        raise argparse.ArgumentTypeError(
            f"{text!r} is invalid (allowed a comma-separated list of 0, 1, 2, 3)"
        )
    return levels


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    """Add what :func:`build_scenario` reads: scenario, --set, --customers, --weeks."""
    parser.add_argument(
        "scenario",
        nargs="?",
        help="preset name (see 'crmsim scenarios') or a scenario .toml file",
    )
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one parameter (repeatable; see 'crmsim parameters')",
    )
    parser.add_argument(
        "--customers",
        type=scenario_whole_number("n_customers"),
        help="people in the market",
    )
    parser.add_argument(
        "--weeks", type=scenario_whole_number("weeks"), help="weeks to simulate"
    )


def build_scenario(args: argparse.Namespace) -> Scenario:
    """The scenario named on the command line, with every change applied."""
    name = args.scenario
    if name is None:
        scenario = preset("default")
    elif name.endswith(".toml") or Path(name).is_file():
        scenario = load_scenario(name)
    else:
        scenario = preset(name)
    changes: dict[str, Any] = dict(parse_assignment(a) for a in args.assignments)
    check_no_conflict(changes, "--customers", "n_customers", args.customers)
    check_no_conflict(changes, "--weeks", "weeks", args.weeks)
    if args.customers is not None:
        changes["n_customers"] = args.customers
    if args.weeks is not None:
        changes["weeks"] = args.weeks
    return scenario.replace(**changes)


def _cmd_run(args: argparse.Namespace) -> int:
    from crmsim.model.simulation import ENGINES, simulate_runs

    scenario = build_scenario(args)
    if args.engine not in ENGINES:
        raise CRMSimError(
            f"--engine={args.engine!r} is invalid: allowed {', '.join(ENGINES)}"
        )
    if args.out is not None:  # before any simulation: nothing is lost to a bad path
        args.out = check_output_folder(args.out, "--out")
    levels = args.levels
    if levels is not None and scenario.n_firms > 1:
        raise CRMSimError(
            f"--levels with a market of {scenario.n_firms} firms is refused: "
            "allowed one firm; set each firm's relationship_level in [[firms]]"
        )
    if levels is None and args.scenario is None:
        levels = [0, 1, 2, 3]
    if levels is None:
        runs = {scenario.name: scenario}
    else:
        runs = {
            f"{lv} {LEVEL_NAMES[lv]}": scenario.replace(
                relationship_level=lv, name=f"{scenario.name}-level{lv}"
            )
            for lv in levels
        }
    progress = False if args.no_progress else None
    # on the vector engine the levels run side by side (the same results)
    results = dict(
        zip(
            runs,
            simulate_runs(
                runs.values(),
                [args.seed] * len(runs),
                engine=args.engine,
                progress=progress,
            ),
            strict=True,
        )
    )
    table = pd.DataFrame.from_dict(
        {label: r.summary for label, r in results.items()}, orient="index"
    )
    if args.out is not None:
        _save_all(results, table, args.out)
    if args.json:
        print(
            json.dumps({label: r.to_dict() for label, r in results.items()}, indent=2)
        )
    else:
        print(_headline(scenario, args.seed, levels))
        print(format_table(table))
        if scenario.n_firms > 1:
            res = next(iter(results.values()))
            print(f"\nthe {scenario.n_firms} firms at the end of the run:")
            print(format_table(res.firm_summary(), FIRM_COLUMNS))
        if args.out is not None:
            print(f"\nresults written to {args.out}/")
    return 0


def _save(res, folder: Path) -> None:
    """A run's tables and its figures."""
    from crmsim.presentation.plotting import save_run_figures

    res.save(folder)
    save_run_figures(res, folder)


def _save_all(results: dict, table: pd.DataFrame, out: Path) -> None:
    if len(results) == 1:
        _save(next(iter(results.values())), out)
        return
    out.mkdir(parents=True, exist_ok=True)
    for label, res in results.items():
        _save(res, out / label.replace(" ", "_"))
    write_atomic(out / "comparison.csv", table.to_csv(index_label="run"))


def _headline(scenario: Scenario, seed: int, levels) -> str:
    what = "relationship levels compared" if levels else f"scenario '{scenario.name}'"
    return (
        f"crmsim: {what} — {scenario.n_customers} people, {scenario.weeks} weeks, "
        f"competition {scenario.competition_intensity:g}, seed {seed}\n"
    )


def _cmd_scenarios(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps({k: v.to_dict() for k, v in PRESETS.items()}, indent=2))
        return 0
    width = max(map(len, PRESETS))
    for name in PRESETS:
        print(f"{name:<{width}}  {PRESET_DESCRIPTIONS[name]}")
    return 0


def _cmd_parameters(args: argparse.Namespace) -> int:
    rows = describe_parameters()
    if args.json:
        print(json.dumps(rows, indent=2, default=str))
        return 0
    if args.markdown:
        print(parameters_markdown(), end="")
        return 0
    print(format_parameters(width=100), end="")
    return 0
