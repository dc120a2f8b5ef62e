"""``crmsim case``, ``classify``, ``clv`` and ``value``: economics and textbook cases.

Four command groups, one per subject:

- ``crmsim case NAME`` -- the textbook's cases (:mod:`crmsim.course.cases`): smith,
  reichheld, tarp (alias wom), kotler, jones-sasser.
- ``crmsim classify KIND`` -- classify one customer: loyalty (attitude x
  behaviour), attachment (preference x differentiation), ladder (rung).
- ``crmsim clv`` -- customer lifetime value, closed form or finite horizon.
- ``crmsim value KIND`` -- delivered value (B6), lifecycle of the base (C2).

Every command prints a readable breakdown, or JSON with ``--json``. The CLI
only parses: every number is validated by the :mod:`crmsim.economics` and
:mod:`crmsim.course.cases` function it is passed to, whose :class:`CRMSimError`
names the command-line option that was wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from crmsim import economics as ec
from crmsim.course import cases
from crmsim.errors import CRMSimError
from crmsim.model.rules import Stage

__all__ = ["add_commands"]


# --- helpers ------------------------------------------------------------------


_LEADING_NAME = re.compile(r"([A-Za-z_]\w*)(\[[^\]]*\])?(?=[= ])")


@contextmanager
def _options(names: dict[str, str]) -> Iterator[None]:
    """Re-raise a CRMSimError naming the option instead of the Python argument."""
    try:
        yield
    except CRMSimError as exc:
        message = str(exc)
        match = _LEADING_NAME.match(message)
        if match is None or match.group(1) not in names:
            raise
        option = names[match.group(1)] + (match.group(2) or "")
        raise CRMSimError(option + message[match.end() :]) from None


def _width(text: str) -> int:
    """Terminal width of ``text``: Chinese characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent=2) -> str:
    """A plain text table whose columns line up with Chinese text too."""
    all_rows = [list(headers), *[list(r) for r in rows]]
    widths = [max(_width(r[k]) for r in all_rows) for k in range(len(headers))]
    lines = []
    for row in all_rows:
        cells = [
            cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)
        ]
        lines.append(" " * indent + "  ".join(cells).rstrip())
    return "\n".join(lines)


def _num(value: float | None, digits: int = 2) -> str:
    """A number with thousands separators; whole numbers without decimals."""
    if value is None:
        return "-"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def _wrap(label: str, text: str) -> str:
    return textwrap.fill(
        text, width=88, initial_indent=f"{label}: ", subsequent_indent="  "
    )


def _dump(data: Any) -> None:
    print(json.dumps(data, indent=2))


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the ``case``, ``classify``, ``clv`` and ``value`` command groups.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The subparsers of the ``crmsim`` parser.
    """
    _add_case(sub)
    _add_classify(sub)
    _add_clv(sub)
    _add_value(sub)


# --- crmsim case ---------------------------------------------------------------


def _add_case(sub: argparse._SubParsersAction) -> None:
    case = sub.add_parser(
        "case",
        help="the textbook's cases: smith, reichheld, tarp, kotler, jones-sasser",
        description="Work through one of the textbook's cases step by step.",
    )
    names = case.add_subparsers(dest="case", metavar="NAME", required=True)

    smith = names.add_parser(
        "smith",
        help="what one unhappy customer costs (史密斯女士)",
        description="The Smith case (E10): the loss from one unhappy customer, "
        "step by step, at the low and the high end of 'she tells 10 to 20 people'.",
    )
    smith.add_argument(
        "--people-told",
        nargs=2,
        type=float,
        default=[10, 20],
        metavar=("LOW", "HIGH"),
        help="people she tells, low and high end (default 10 20)",
    )
    smith.add_argument(
        "--weekly-spend", type=float, default=50.0, help="her spend a week (50)"
    )
    smith.add_argument("--weeks-per-year", type=float, default=52, help="(52)")
    smith.add_argument(
        "--years", type=float, default=10, help="years she would have stayed (10)"
    )
    smith.add_argument(
        "--influenced-share",
        type=float,
        default=0.5,
        help="share of the people told who are influenced (0.5)",
    )
    smith.add_argument(
        "--further-influenced",
        type=float,
        default=5,
        help="people each influenced person influences in turn (5)",
    )
    smith.add_argument(
        "--stop-share",
        type=float,
        default=0.25,
        help="share of the influenced who stop buying (0.25)",
    )
    smith.add_argument(
        "--second-round-only",
        action="store_true",
        help="count only the second round as 'the influenced'",
    )
    _json_flag(smith)
    smith.set_defaults(func=_cmd_smith)

    reich = names.add_parser(
        "reichheld",
        help="NPV rise for +5 points of retention, and what reproduces it",
        description="The seed's retention table (E9) with its source, and for each "
        "row the inputs that reproduce it: the base retention at which a lift "
        "raises NPV by the row's figure, and the acquisition cost at which the "
        "lift from --retention does. Margins are yearly; default 1 for 30 years.",
    )
    reich.add_argument(
        "--margins",
        nargs="+",
        type=float,
        metavar="M",
        help="yearly margin profile (instead of --years/--margin-growth)",
    )
    reich.add_argument(
        "--years", type=int, help="years of margin, starting at 1 (default 30)"
    )
    reich.add_argument(
        "--margin-growth", type=float, help="yearly growth of the margin (default 0)"
    )
    reich.add_argument(
        "--discount-rate", type=float, default=0.10, help="per year (0.10)"
    )
    reich.add_argument(
        "--retention",
        type=float,
        default=0.90,
        help="base annual retention for the implied acquisition cost (0.90)",
    )
    reich.add_argument(
        "--lift", type=float, default=0.05, help="the '5%%' in points (0.05)"
    )
    reich.add_argument(
        "--acquisition-cost",
        type=float,
        default=0.0,
        help="acquisition cost when solving for the base retention (0)",
    )
    _json_flag(reich)
    reich.set_defaults(func=_cmd_reichheld)

    tarp = names.add_parser(
        "tarp",
        aliases=["wom"],
        help="word of mouth: 8 potential deals vs 25 people affected",
        description="TARP-style word-of-mouth balance (A4): one satisfied customer "
        "brings about 8 potential deals, one dissatisfied customer affects 25 "
        "people. Probabilities default to 1 (an upper bound on both sides).",
    )
    tarp.add_argument("--satisfied", type=float, default=1, help="customers (1)")
    tarp.add_argument("--dissatisfied", type=float, default=1, help="customers (1)")
    tarp.add_argument(
        "--deals-per-satisfied", type=float, default=8, help="potential deals (8)"
    )
    tarp.add_argument(
        "--affected-per-dissatisfied", type=float, default=25, help="people (25)"
    )
    tarp.add_argument(
        "--conversion", type=float, default=1.0, help="chance a deal is won (1)"
    )
    tarp.add_argument(
        "--loss-prob",
        type=float,
        default=1.0,
        help="chance an affected person does not buy (1)",
    )
    tarp.add_argument(
        "--customer-value", type=float, default=1.0, help="value of a customer (1)"
    )
    _json_flag(tarp)
    tarp.set_defaults(func=_cmd_tarp)

    kotler = names.add_parser(
        "kotler",
        help="relationship type for a number of customers and a margin",
        description="Kotler's grid (B4): the relationship type recommended for a "
        "customer base. The thresholds are illustrative assumptions.",
    )
    kotler.add_argument(
        "--customers", type=float, required=True, help="number of customers"
    )
    kotler.add_argument(
        "--margin-rate",
        type=float,
        required=True,
        help="unit profit margin as a share of price (0.25 = 25%%)",
    )
    kotler.add_argument("--few-max", type=float, default=100, help="(100)")
    kotler.add_argument("--many-min", type=float, default=10_000, help="(10000)")
    kotler.add_argument("--low-margin-max", type=float, default=0.10, help="(0.10)")
    kotler.add_argument("--high-margin-min", type=float, default=0.30, help="(0.30)")
    _json_flag(kotler)
    kotler.set_defaults(func=_cmd_kotler)

    jones = names.add_parser(
        "jones-sasser",
        help="satisfaction -> loyalty under high and low competition",
        description="Jones & Sasser (E8): loyalty (retention probability) by "
        "satisfaction 1-5 in highly and little competitive industries. The "
        "curves are qualitative shapes, not data.",
    )
    jones.add_argument(
        "--levels",
        nargs="+",
        type=float,
        default=[1, 2, 3, 4, 5],
        metavar="S",
        help="satisfaction levels, 1-5 (default 1 2 3 4 5)",
    )
    jones.add_argument(
        "--competition",
        choices=["high", "low", "both"],
        default="both",
        help="which curve (both)",
    )
    jones.add_argument("--floor", type=float, help="loyalty at level 1")
    jones.add_argument("--ceiling", type=float, help="loyalty at level 5")
    jones.add_argument("--exponent", type=float, help="curvature (> 1: convex)")
    _json_flag(jones)
    jones.set_defaults(func=_cmd_jones_sasser)


def _cmd_smith(args: argparse.Namespace) -> int:
    names = {
        "people_told": "--people-told",
        "weekly_spend": "--weekly-spend",
        "weeks_per_year": "--weeks-per-year",
        "years": "--years",
        "influenced_share": "--influenced-share",
        "further_influenced_each": "--further-influenced",
        "stop_share": "--stop-share",
    }
    with _options(names):
        case = cases.smith_case(
            tuple(args.people_told),
            weekly_spend=args.weekly_spend,
            weeks_per_year=args.weeks_per_year,
            years=args.years,
            influenced_share=args.influenced_share,
            further_influenced_each=args.further_influenced,
            stop_share=args.stop_share,
            count_first_round=not args.second_round_only,
        )
    if args.json:
        _dump(case.to_dict())
        return 0
    print("The Smith case (史密斯女士): what one unhappy customer costs\n")
    for chain in (case.low, case.high):
        print(f"she tells {chain.people_told:g} people:")
        rows = [
            [s["label"], s["label_zh"], s["formula"], "=", _num(s["value"]), s["unit"]]
            for s in chain.steps()
        ]
        print(_table(["step", "步骤", "formula", "", "value", "unit"], rows))
        print()
    print(
        f"direct loss {_num(case.low.direct_loss)}; total loss "
        f"{_num(case.low.total_loss)} to {_num(case.high.total_loss)}"
    )
    print(_wrap("reading", case.reading))
    print(_wrap("source", case.source))
    return 0


def _reichheld_margins(args: argparse.Namespace):
    if args.margins is not None:
        if args.years is not None or args.margin_growth is not None:
            raise CRMSimError(
                "--margins was given with --years/--margin-growth: allowed one or "
                "the other"
            )
        return args.margins, "yearly margins " + " ".join(
            f"{m:g}" for m in args.margins
        )
    years = 30 if args.years is None else args.years
    growth = 0.0 if args.margin_growth is None else args.margin_growth
    margins = ec.growing_margins(1.0, growth, years)
    grows = f", growing {growth:g} a year" if growth else ""
    return margins, f"yearly margin 1 for {years} years{grows}"


def _cmd_reichheld(args: argparse.Namespace) -> int:
    names = {
        "margins": "--margins",
        "n_periods": "--years",
        "growth_rate": "--margin-growth",
        "discount_rate": "--discount-rate",
        "annual_discount_rate": "--discount-rate",
        "retention_rate": "--retention",
        "retention_lift": "--lift",
        "acquisition_cost": "--acquisition-cost",
    }
    with _options(names):
        margins, margins_text = _reichheld_margins(args)
        readings = cases.reichheld_readings(
            margins,
            annual_discount_rate=args.discount_rate,
            retention_rate=args.retention,
            retention_lift=args.lift,
            acquisition_cost=args.acquisition_cost,
        )
    if args.json:
        _dump({"source": cases.REICHHELD_SOURCE, "rows": readings})
        return 0
    lift, r = args.lift, args.retention
    print("Reichheld: customer NPV rise when retention rises 5 points")
    print("客户保持率每增加5%对客户利润的影响\n")
    rows = [
        [
            row["industry"],
            row["industry_zh"],
            f"+{row['npv_increase_pct']:g}%",
            "none"
            if row["base_retention_rate"] is None
            else f"{row['base_retention_rate']:.3f}",
            f"{row['implied_acquisition_cost']:.2f}",
        ]
        for row in readings
    ]
    heads = [
        "industry",
        "行业",
        "NPV rise",
        f"base r (AC {args.acquisition_cost:g})",
        f"AC at r {r:g}",
    ]
    print(_table(heads, rows))
    print()
    print(
        _wrap(
            "readings",
            f"'5%' read as +{lift:g} of annual retention; {margins_text}; discount "
            f"rate {args.discount_rate:g} a year. 'base r': the annual retention r "
            f"at which r -> r + {lift:g} raises NPV (net of the acquisition cost) "
            f"by the row's figure ('none': no r in [0.5, {1 - lift:g}] does). "
            f"'AC at r': the acquisition cost, in units of the yearly margin, at "
            f"which {r:g} -> {r + lift:g} does.",
        )
    )
    print(_wrap("source", cases.REICHHELD_SOURCE))
    return 0


def _cmd_tarp(args: argparse.Namespace) -> int:
    names = {
        "satisfied_customers": "--satisfied",
        "dissatisfied_customers": "--dissatisfied",
        "deals_per_satisfied": "--deals-per-satisfied",
        "people_affected_per_dissatisfied": "--affected-per-dissatisfied",
        "deal_conversion_prob": "--conversion",
        "affected_loss_prob": "--loss-prob",
        "customer_value": "--customer-value",
    }
    with _options(names):
        balance = cases.word_of_mouth_balance(
            args.satisfied,
            args.dissatisfied,
            deals_per_satisfied=args.deals_per_satisfied,
            people_affected_per_dissatisfied=args.affected_per_dissatisfied,
            deal_conversion_prob=args.conversion,
            affected_loss_prob=args.loss_prob,
            customer_value=args.customer_value,
        )
    if args.json:
        _dump(balance.to_dict())
        return 0
    print(
        f"Word of mouth (口碑, TARP): satisfied customers {args.satisfied:g}, "
        f"dissatisfied customers {args.dissatisfied:g}\n"
    )
    rows = [
        [s["label"], s["label_zh"], s["formula"], "=", _num(s["value"]), s["unit"]]
        for s in balance.steps()
    ]
    print(_table(["step", "步骤", "formula", "", "value", "unit"], rows))
    print(
        f"\none satisfied customer brings {args.deals_per_satisfied:g} potential "
        f"deals; one dissatisfied customer affects {args.affected_per_dissatisfied:g}"
        " people (textbook 004 ch. 2)"
    )
    return 0


def _cmd_kotler(args: argparse.Namespace) -> int:
    names = {
        "customers": "--customers",
        "margin_rate": "--margin-rate",
        "few_customers_max": "--few-max",
        "many_customers_min": "--many-min",
        "low_margin_max": "--low-margin-max",
        "high_margin_min": "--high-margin-min",
    }
    with _options(names):
        kind = cases.recommended_relationship(
            args.customers,
            args.margin_rate,
            few_customers_max=args.few_max,
            many_customers_min=args.many_min,
            low_margin_max=args.low_margin_max,
            high_margin_min=args.high_margin_min,
        )
    if args.json:
        _dump(
            {
                "customers": args.customers,
                "margin_rate": args.margin_rate,
                "thresholds": {
                    "few_customers_max": args.few_max,
                    "many_customers_min": args.many_min,
                    "low_margin_max": args.low_margin_max,
                    "high_margin_min": args.high_margin_min,
                },
                "relationship": kind.name.lower(),
                "relationship_zh": kind.chinese,
                "code": int(kind),
            }
        )
        return 0
    print(
        f"Kotler: {_num(args.customers)} customers at a {args.margin_rate:.0%} "
        f"margin -> {kind.name.lower()} relationship ({kind.chinese})\n"
    )
    rows = []
    for c_level in ("many", "medium", "few"):
        cells = [cases.kotler_grid(c_level, m) for m in ("high", "medium", "low")]
        rows.append([c_level, *(f"{t.name.lower()} {t.chinese}" for t in cells)])
    print(_table(["customers", "high margin", "medium margin", "low margin"], rows))
    print(
        f"\nthresholds (illustrative): few <= {_num(args.few_max)} customers, many "
        f">= {_num(args.many_min)}; low margin < {args.low_margin_max:.0%}, high "
        f">= {args.high_margin_min:.0%}"
    )
    return 0


def _cmd_jones_sasser(args: argparse.Namespace) -> int:
    names = {
        "satisfaction_level": "--levels",
        "floor": "--floor",
        "ceiling": "--ceiling",
        "exponent": "--exponent",
    }
    which = ["high", "low"] if args.competition == "both" else [args.competition]
    curves, shapes = {}, {}
    with _options(names):
        for comp in which:
            shape = {
                **cases.JONES_SASSER_SHAPES[comp],
                **{
                    k: v
                    for k, v in (
                        ("floor", args.floor),
                        ("ceiling", args.ceiling),
                        ("exponent", args.exponent),
                    )
                    if v is not None
                },
            }
            loyalty = cases.satisfaction_loyalty(args.levels, comp, **shape)
            curves[comp] = [float(x) for x in loyalty]
            shapes[comp] = shape
    if args.json:
        _dump({"levels": args.levels, "loyalty": curves, "shapes": shapes})
        return 0
    print("Jones & Sasser: loyalty (retention probability) by satisfaction")
    print(
        "1 = completely dissatisfied (完全不满), 5 = completely satisfied (完全满意)\n"
    )
    rows = [
        [f"{s:g}", *(f"{curves[c][k]:.3f}" for c in which)]
        for k, s in enumerate(args.levels)
    ]
    print(_table(["satisfaction", *(f"{c} competition" for c in which)], rows))
    print()
    for comp in which:
        sh = shapes[comp]
        print(
            f"{comp}: loyalty = {sh['floor']:g} + ({sh['ceiling']:g} - "
            f"{sh['floor']:g}) * ((s - 1) / 4) ** {sh['exponent']:g}"
        )
    print("shapes are qualitative (Jones & Sasser 1995, HBR 73(6)), not data")
    return 0


# --- crmsim classify -----------------------------------------------------------


def _add_classify(sub: argparse._SubParsersAction) -> None:
    classify = sub.add_parser(
        "classify",
        help="classify a customer: loyalty type, attachment, ladder rung",
        description="Classify one customer by the course's grids.",
    )
    kinds = classify.add_subparsers(dest="kind", metavar="KIND", required=True)

    loyal = kinds.add_parser(
        "loyalty",
        help="loyalty type by attitude x behaviour",
        description="Loyalty type (E5; Dick & Basu 1994): absolute, latent, "
        "inertia or none, by attitude x behaviour.",
    )
    loyal.add_argument("--attitude", type=float, required=True, help="0-1")
    loyal.add_argument("--behaviour", type=float, required=True, help="0-1")
    loyal.add_argument("--attitude-cut", type=float, default=0.5, help="(0.5)")
    loyal.add_argument("--behaviour-cut", type=float, default=0.7, help="(0.7)")
    _json_flag(loyal)
    loyal.set_defaults(func=_cmd_loyalty)

    attach = kinds.add_parser(
        "attachment",
        help="attachment by preference x differentiation",
        description="Attachment (E4): strong, high, low or none, by preference "
        "x product differentiation.",
    )
    attach.add_argument("--preference", type=float, required=True, help="0-1")
    attach.add_argument("--differentiation", type=float, required=True, help="0-1")
    attach.add_argument("--preference-cut", type=float, default=0.5, help="(0.5)")
    attach.add_argument("--differentiation-cut", type=float, default=0.5, help="(0.5)")
    _json_flag(attach)
    attach.set_defaults(func=_cmd_attachment)

    ladder = kinds.add_parser(
        "ladder",
        help="loyalty-ladder rung: the ladder, one rung, or a person's rung",
        description="The loyalty ladder (E3). No argument: the whole ladder. "
        "RUNG (index -1..7 or name): that rung. --stage etc.: the rung of a "
        "person in that state.",
    )
    ladder.add_argument("rung", nargs="?", help="rung index or name")
    ladder.add_argument(
        "--stage",
        choices=[s.name.lower() for s in Stage],
        help="the person's relationship stage",
    )
    ladder.add_argument("--purchases", type=float, default=0, help="(0)")
    ladder.add_argument("--attitude", type=float, default=0.5, help="0-1 (0.5)")
    ladder.add_argument("--referrals", type=float, default=0, help="made (0)")
    ladder.add_argument("--bond", type=float, default=0, help="bond level 0-3 (0)")
    ladder.add_argument(
        "--referred", action="store_true", help="prospect referred by a friend"
    )
    ladder.add_argument(
        "--damaged", action="store_true", help="prospect put off by word of mouth"
    )
    _json_flag(ladder)
    ladder.set_defaults(func=_cmd_ladder)


def _cmd_loyalty(args: argparse.Namespace) -> int:
    names = {k: "--" + k.replace("_", "-") for k in ("attitude", "behaviour")}
    names |= {"attitude_cut": "--attitude-cut", "behaviour_cut": "--behaviour-cut"}
    with _options(names):
        kind = cases.classify_loyalty(
            args.attitude, args.behaviour, args.attitude_cut, args.behaviour_cut
        )
    zh = cases.LOYALTY_TYPE_ZH[kind]
    if args.json:
        _dump(
            {
                "attitude": args.attitude,
                "behaviour": args.behaviour,
                "attitude_cut": args.attitude_cut,
                "behaviour_cut": args.behaviour_cut,
                "loyalty_type": kind.name.lower(),
                "loyalty_type_zh": zh,
                "code": int(kind),
            }
        )
        return 0
    print(f"loyalty type: {kind.name.lower()} ({zh})")
    print(
        f"  attitude {args.attitude:g} (high at >= {args.attitude_cut:g}), "
        f"behaviour {args.behaviour:g} (high at >= {args.behaviour_cut:g}); "
        "Dick & Basu 1994"
    )
    return 0


def _cmd_attachment(args: argparse.Namespace) -> int:
    names = {
        "preference": "--preference",
        "differentiation": "--differentiation",
        "preference_cut": "--preference-cut",
        "differentiation_cut": "--differentiation-cut",
    }
    with _options(names):
        level = cases.classify_attachment(
            args.preference,
            args.differentiation,
            args.preference_cut,
            args.differentiation_cut,
        )
    if args.json:
        _dump(
            {
                "preference": args.preference,
                "differentiation": args.differentiation,
                "preference_cut": args.preference_cut,
                "differentiation_cut": args.differentiation_cut,
                "attachment": level.name.lower(),
                "attachment_zh": level.chinese,
                "code": int(level),
            }
        )
        return 0
    print(f"attachment: {level.name.lower()} ({level.chinese})")
    print(
        f"  preference {args.preference:g} (high at >= {args.preference_cut:g}), "
        f"differentiation {args.differentiation:g} (high at >= "
        f"{args.differentiation_cut:g}); preference weighs more"
    )
    return 0


def _rung_row(info: dict[str, Any]) -> list[str]:
    focus = f"{info['focus']} ({info['focus_zh']})" if info["focus_zh"] else "-"
    return [str(info["index"]), info["name"], info["name_zh"], focus]


def _cmd_ladder(args: argparse.Namespace) -> int:
    if args.rung is not None and args.stage is not None:
        raise CRMSimError("RUNG was given with --stage: allowed one or the other")
    names = {
        "rung": "RUNG",
        "purchases": "--purchases",
        "attitude": "--attitude",
        "referrals_made": "--referrals",
        "bond_level": "--bond",
    }
    with _options(names):
        if args.stage is not None:
            state = {
                "stage": args.stage,
                "purchases": args.purchases,
                "attitude": args.attitude,
                "referrals_made": args.referrals,
                "bond_level": args.bond,
                "referred": args.referred,
                "damaged": args.damaged,
            }
            info = cases.classify_ladder_rung(
                Stage[args.stage.upper()],
                args.purchases,
                args.attitude,
                args.referrals,
                args.bond,
                args.referred,
                args.damaged,
            )
            result: Any = {"state": state, "rung": info}
            infos = [info]
        elif args.rung is not None:
            text = args.rung.strip()
            rung = int(text) if re.fullmatch(r"-?\d+", text) else text
            info = cases.ladder_rung_info(rung)
            result, infos = info, [info]
        else:
            infos = [cases.ladder_rung_info(k) for k in range(7, -2, -1)]
            result = infos
    if args.json:
        _dump(result)
        return 0
    title = "loyalty ladder (客户忠诚度金字塔)"
    if args.stage is not None:
        print(f"{title}: a person in stage {args.stage} is on rung {infos[0]['index']}")
    else:
        print(title + (", top to bottom" if len(infos) > 1 else ""))
    print(_table(["rung", "name", "名称", "management focus"], map(_rung_row, infos)))
    return 0


# --- crmsim clv ----------------------------------------------------------------


def _add_clv(sub: argparse._SubParsersAction) -> None:
    clv = sub.add_parser(
        "clv",
        help="customer lifetime value (closed form, or over --periods)",
        description="Customer lifetime value (C4, Gupta & Lehmann 2003). Without "
        "--periods: the closed form m * r / (1 + i - r) - AC. With --periods: the "
        "discounted sum over that many periods, margins growing by --growth. "
        "Rates are per period of the margin; with --periods-per-year K the rates "
        "given are annual and are converted to per-period rates.",
    )
    options = (
        ("--margin", "M", "margin a period (required)"),
        ("--retention", "R", "retention rate r a period (required)"),
        ("--discount-rate", "I", "discount rate i a period (required)"),
    )
    for option, metavar, text in options:
        clv.add_argument(option, type=float, required=True, metavar=metavar, help=text)
    clv.add_argument(
        "--acquisition-cost", type=float, default=0.0, metavar="AC", help="paid now (0)"
    )
    clv.add_argument(
        "--periods", type=int, metavar="T", help="finite horizon, in periods"
    )
    clv.add_argument(
        "--growth", type=float, metavar="G", help="margin growth a period (needs T)"
    )
    clv.add_argument(
        "--periods-per-year",
        type=float,
        metavar="K",
        help="periods in a year (52: weekly margins); R and I are then annual",
    )
    _json_flag(clv)
    clv.set_defaults(func=_cmd_clv)


def _cmd_clv(args: argparse.Namespace) -> int:
    names = {
        "margin": "--margin",
        "first_margin": "--margin",
        "retention_rate": "--retention",
        "annual_retention_rate": "--retention",
        "discount_rate": "--discount-rate",
        "annual_discount_rate": "--discount-rate",
        "acquisition_cost": "--acquisition-cost",
        "n_periods": "--periods",
        "growth_rate": "--growth",
        "periods_per_year": "--periods-per-year",
    }
    k = args.periods_per_year
    with _options(names):
        if k is None:
            r, i = args.retention, args.discount_rate
        else:
            r = ec.period_retention_rate(args.retention, k)
            i = ec.period_discount_rate(args.discount_rate, k)
        if args.periods is None:
            if args.growth is not None:
                raise CRMSimError(
                    "--growth was given without --periods: allowed only with a "
                    "finite horizon (the closed form has a constant margin)"
                )
            value = ec.lifetime_value_closed_form(
                args.margin, r, i, args.acquisition_cost
            )
            multiple = ec.margin_multiple(r, i)
        else:
            growth = 0.0 if args.growth is None else args.growth
            margins = ec.growing_margins(args.margin, growth, args.periods)
            value = ec.lifetime_value(margins, r, i, args.acquisition_cost)
            try:  # the infinite-horizon multiple needs r < 1
                multiple = ec.margin_multiple(r, i)
            except CRMSimError:
                multiple = None
    closed = args.periods is None
    formula = (
        "CLV = m * r / (1 + i - r) - AC"
        if closed
        else "CLV = sum_{t=1..T} m * (1 + g)**(t - 1) * r**t / (1 + i)**t - AC"
    )
    if args.json:
        _dump(
            {
                "method": "closed_form" if closed else "finite_horizon",
                "formula": formula,
                "margin": args.margin,
                "retention_rate": args.retention,
                "discount_rate": args.discount_rate,
                "acquisition_cost": args.acquisition_cost,
                "periods": args.periods,
                "growth_rate": None if closed else growth,
                "periods_per_year": k,
                "period_retention_rate": r,
                "period_discount_rate": i,
                "margin_multiple": multiple,
                "clv": value,
            }
        )
        return 0
    m, ac = args.margin, args.acquisition_cost
    how = "closed form" if closed else f"over T = {args.periods} periods"
    print(f"customer lifetime value (客户终生价值), {how}")
    if k is not None:
        print(
            f"  per period ({k:g} a year): r = {args.retention:g}**(1/{k:g}) = "
            f"{r:.6g}, i = (1 + {args.discount_rate:g})**(1/{k:g}) - 1 = {i:.6g}"
        )
    print(f"  {formula}")
    if closed:
        print(f"      = {m:g} * {r:.6g} / (1 + {i:.6g} - {r:.6g}) - {ac:g}")
    else:
        print(
            f"      with m = {m:g}, g = {growth:g}, r = {r:.6g}, i = {i:.6g}, "
            f"T = {args.periods}, AC = {ac:g}"
        )
    print(f"      = {_num(value)}")
    if multiple is None:
        print("  margin multiple r / (1 + i - r): none (needs r < 1)")
    else:
        where = "" if closed else " (infinite horizon, constant margin)"
        print(f"  margin multiple r / (1 + i - r) = {multiple:.2f}{where}")
    return 0


# --- crmsim value --------------------------------------------------------------


_DELIVERED_PARTS = (
    ("product_value", "product value", "产品价值"),
    ("service_value", "service value", "服务价值"),
    ("personnel_value", "personnel value", "人员价值"),
    ("image_value", "image value", "形象价值"),
    ("money_cost", "money cost", "货币成本"),
    ("time_cost", "time cost", "时间成本"),
    ("energy_cost", "energy cost", "体力成本"),
    ("psychic_cost", "psychic cost", "精神成本"),
)


def _add_value(sub: argparse._SubParsersAction) -> None:
    value = sub.add_parser(
        "value",
        help="delivered value (B6) and lifecycle of the customer base (C2)",
        description="Customer value: delivered value, lifecycle of the base.",
    )
    kinds = value.add_subparsers(dest="kind", metavar="KIND", required=True)

    deliv = kinds.add_parser(
        "delivered",
        help="customer delivered value = total value - total cost",
        description="Customer delivered value (顾客让渡价值, Kotler; B6): total "
        "customer value (product, service, personnel, image) minus total "
        "customer cost (money, time, energy, psychic).",
    )
    for key, label, _ in _DELIVERED_PARTS:
        deliv.add_argument(
            "--" + key.replace("_", "-"), type=float, default=0.0, help=f"{label} (0)"
        )
    _json_flag(deliv)
    deliv.set_defaults(func=_cmd_delivered)

    base = kinds.add_parser(
        "base",
        help="lifecycle of the customer base T = N / M",
        description="Lifecycle of the customer base (企业客户群体生命周期, C2): "
        "T = N / M years for N customers losing M a year.",
    )
    base.add_argument("--customers", type=float, required=True, help="N")
    base.add_argument("--lost-per-year", type=float, required=True, help="M")
    _json_flag(base)
    base.set_defaults(func=_cmd_base)


def _cmd_delivered(args: argparse.Namespace) -> int:
    names = {key: "--" + key.replace("_", "-") for key, _, _ in _DELIVERED_PARTS}
    with _options(names):
        result = ec.delivered_value(**{k: getattr(args, k) for k in names})
    if args.json:
        _dump(result.to_dict())
        return 0
    print("customer delivered value (顾客让渡价值)")
    rows = [
        [label, zh, _num(getattr(result, key))] for key, label, zh in _DELIVERED_PARTS
    ]
    rows[4:4] = [
        ["total customer value", "顾客总价值", _num(result.total_customer_value)]
    ]
    rows.append(["total customer cost", "顾客总成本", _num(result.total_customer_cost)])
    print(_table(["part", "部分", "value"], rows))
    print(
        f"  delivered value = {_num(result.total_customer_value)} - "
        f"{_num(result.total_customer_cost)} = {_num(result.delivered_value)}"
    )
    return 0


def _cmd_base(args: argparse.Namespace) -> int:
    names = {
        "customers": "--customers",
        "customers_lost_per_year": "--lost-per-year",
    }
    n, m = args.customers, args.lost_per_year
    with _options(names):
        years = ec.base_lifecycle_years(n, m)
        try:  # a churn rate needs M <= N; T = N / M does not
            churn = ec.annual_churn_rate(n, m)
        except CRMSimError:
            churn = None
    if args.json:
        _dump(
            {
                "customers": n,
                "customers_lost_per_year": m,
                "base_lifecycle_years": years,
                "annual_churn_rate": churn,
                "annual_retention_rate": None if churn is None else 1.0 - churn,
            }
        )
        return 0
    print("lifecycle of the customer base (企业客户群体生命周期)")
    print(f"  T = N / M = {_num(n)} / {_num(m)} = {_num(years)} years")
    if churn is not None:
        print(
            f"  annual churn M / N = {churn:.1%}, retention {1 - churn:.1%}; "
            f"mean customer lifetime 1 / churn = {_num(years)} years"
        )
    return 0
