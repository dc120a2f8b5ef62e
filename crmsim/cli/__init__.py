"""The ``crmsim`` command line: a thin shell over :mod:`crmsim.model.simulation`.

``main(argv) -> int`` never raises for bad input: it prints one line on
stderr naming the problem and what is allowed, and returns 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.model.scenario import (
    PRESET_DESCRIPTIONS,
    PRESETS,
    Scenario,
    describe_parameters,
    load_scenario,
    parse_assignment,
    preset,
)

__all__ = ["main"]

LEVEL_NAMES = {0: "transactional", 1: "financial", 2: "social", 3: "structural"}

# Summary columns shown in the readable table: (key, heading, format)
TABLE_COLUMNS = (
    ("yearly_retention", "retention/yr", "{:.1%}"),
    ("customers_lost_per_year", "lost/yr M", "{:.0f}"),
    ("mean_customers", "customers N", "{:.0f}"),
    ("base_lifecycle_years", "T=N/M (yr)", "{:.2f}"),
    ("mean_tenure_weeks", "tenure (wk)", "{:.0f}"),
    ("mean_satisfaction", "satisfaction", "{:.2f}"),
    ("share_inertia", "inertia", "{:.0%}"),
    ("revenue", "revenue", "{:,.0f}"),
    ("profit", "profit", "{:,.0f}"),
    ("realised_lifetime_value", "CLV/customer", "{:,.1f}"),
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str):  # noqa: D102
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crmsim",
        description="Customer relationship management, simulated.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser(
        "run",
        help="run a scenario (no scenario: compare relationship levels 0-3)",
        description="Run a scenario and print its summary. With no scenario, "
        "compare relationship-marketing levels 0-3 on the default market.",
    )
    run.add_argument(
        "scenario",
        nargs="?",
        help="preset name (see 'crmsim scenarios') or a scenario .toml file",
    )
    run.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one parameter (repeatable; see 'crmsim parameters')",
    )
    run.add_argument("--customers", type=_whole_number(1), help="people in the market")
    run.add_argument("--weeks", type=_whole_number(1), help="weeks to simulate")
    run.add_argument(
        "--seed", type=_whole_number(0), default=1, help="random seed (default 1)"
    )
    run.add_argument(
        "--levels",
        type=_levels,
        help="compare these relationship levels, e.g. 0,1,2,3",
    )
    run.add_argument(
        "--engine",
        default="mesa",
        help="simulation engine: mesa (agent-based, default) or vector (fast)",
    )
    run.add_argument("--out", type=Path, help="folder to write CSV, JSON and PNG into")
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

    params = sub.add_parser("parameters", help="list every parameter with its unit")
    params.add_argument("--json", action="store_true", help="print JSON")
    params.set_defaults(func=_cmd_parameters)

    # Further command groups live beside their subject; each adds its subparsers.
    from crmsim.cli import cases as cli_cases
    from crmsim.cli import sweep as cli_sweep
    from crmsim.cli import viz as cli_viz

    cli_cases.add_commands(sub)
    cli_sweep.add_commands(sub)
    cli_viz.add_commands(sub)
    return parser


def _whole_number(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(
                f"{text!r} is invalid (allowed a whole number, {minimum} or more)"
            )
        return value

    return parse


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
    if args.customers is not None:
        changes["n_customers"] = args.customers
    if args.weeks is not None:
        changes["weeks"] = args.weeks
    return scenario.replace(**changes)


def _cmd_run(args: argparse.Namespace) -> int:
    from crmsim.model.simulation import ENGINES, simulate

    scenario = build_scenario(args)
    if args.engine not in ENGINES:
        raise CRMSimError(
            f"--engine {args.engine!r} is invalid: allowed {', '.join(ENGINES)}"
        )
    levels = args.levels
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
    results = {
        label: simulate(sc, seed=args.seed, engine=args.engine, progress=progress)
        for label, sc in runs.items()
    }
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
        if args.out is not None:
            print(f"\nresults written to {args.out}/")
    return 0


def _save_all(results: dict, table: pd.DataFrame, out: Path) -> None:
    if len(results) == 1:
        next(iter(results.values())).save(out)
        return
    out.mkdir(parents=True, exist_ok=True)
    for label, res in results.items():
        res.save(out / label.replace(" ", "_"))
    tmp = out / ".comparison.csv.part"
    table.to_csv(tmp, index_label="run")
    tmp.replace(out / "comparison.csv")


def _headline(scenario: Scenario, seed: int, levels) -> str:
    what = "relationship levels compared" if levels else f"scenario '{scenario.name}'"
    return (
        f"crmsim: {what} — {scenario.n_customers} people, {scenario.weeks} weeks, "
        f"competition {scenario.competition_intensity:g}, seed {seed}\n"
    )


def format_table(table: pd.DataFrame) -> str:
    """The summary table with readable headings and number formats."""
    shown = pd.DataFrame(index=table.index)
    for key, heading, fmt in TABLE_COLUMNS:
        shown[heading] = [fmt.format(v) for v in table[key]]
    return shown.to_string()


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
    frame = pd.DataFrame(rows).set_index("name")
    with pd.option_context("display.max_colwidth", 70, "display.width", 200):
        print(frame.to_string())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 bad input)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already reported
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except CRMSimError as exc:
        print(f"crmsim: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
