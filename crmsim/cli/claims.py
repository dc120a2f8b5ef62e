"""``crmsim claims``: does the model really say what the textbook says.

Runs the claims register (:mod:`crmsim.claims`) and prints, for each claim,
its source, the measured number with its 95 % confidence interval, and
whether it holds; writes ``claims.csv``, ``claims.json`` and one figure per
claim (``figures/<claim>.png``) into ``--out``, each file atomically.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import io
import json
import math
import time
from pathlib import Path

import pandas as pd

from crmsim.claims import CLAIMS, get_claim, run_claims
from crmsim.cli.options import add_out_argument, whole_number
from crmsim.cli.tables import display_width as _width
from crmsim.errors import CRMSimError
from crmsim.io import write_atomic
from crmsim.presentation.labels import LABELS, MEASURE_ZH
from crmsim.presentation.labels import label as label_of
from crmsim.validation import invalid, plain

__all__ = ["claims_markdown", "format_claims", "plot_claim", "register", "write_claims"]

WIDTH = 100

WORDS = {
    "en": {
        "claim": "claim",
        "source": "source",
        "measured": "measured [95% CI]",
        "expected": "expected",
        "holds": "holds?",
        "yes": "yes",
        "no": "NO",
        "cond": " (cond.)",
        "summary": "{held} of {n} claims hold ({cond} conditional, both sides "
        "listed); {seeds} seeds, {size} people, vector engine, {secs:.0f} s",
        "arms": "scenario (mean, 95% CI over seeds)",
        "per_seed": "claim's number per seed",
        "each_arm": "each scenario's value: {what}",
        "each_arm_mixed": "each scenario's own measure (see the claim's arms)",
        "to": " to ",
    },
    "zh": {
        "claim": "论断",
        "source": "来源",
        "measured": "测量值 [95%置信区间]",
        "expected": "预期",
        "holds": "成立?",
        "yes": "成立",
        "no": "不成立",
        "cond": "（有条件）",
        "summary": "{n} 条论断中 {held} 条成立（{cond} 条有条件成立，两面都列出）；"
        "{seeds} 个随机种子，{size} 人，向量引擎，用时 {secs:.0f} 秒",
        "arms": "情景（各种子均值，95%置信区间）",
        "per_seed": "各随机种子的测量值",
        "each_arm": "各情景的测量值：{what}",
        "each_arm_mixed": "各情景各自的测量值（见论断的情景）",
        "to": " 至 ",
    },
}


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` display columns and pad it to exactly that."""
    out, used = "", 0
    for ch in text:
        w = _width(ch)
        if used + w > width - (1 if _width(text) > width else 0):
            out += "…"
            used += 1
            break
        out, used = out + ch, used + w
    return out + " " * (width - used)


def _num(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:.3g}"


def format_claims(table: pd.DataFrame, lang: str = "en") -> str:
    """The claims table as text, at most 100 columns wide.

    One line per claim (id, source, measured value with its 95 % interval,
    expected, holds?), then the statement in the chosen language.
    """
    w = WORDS[lang]
    cols = ((w["claim"], 32), (w["source"], 12), (w["measured"], 26))
    cols += ((w["expected"], 11), (w["holds"], 15))
    lines = [" ".join(_fit(h, n) for h, n in cols).rstrip()]
    lines.append("-" * WIDTH)
    for row in table.itertuples(index=False):
        measured = f"{_num(row.measured)} [{_num(row.ci_low)}, {_num(row.ci_high)}]"
        verdict = w["yes"] if row.holds else w["no"]
        if row.conditional:
            verdict += w["cond"]
        cells = (row.claim, row.source, measured, _expected(row, w), verdict)
        line = " ".join(_fit(str(c), n) for c, (_, n) in zip(cells, cols, strict=True))
        lines.append(line.rstrip())
        statement = get_claim(row.claim).statement_zh if lang == "zh" else row.statement
        lines.append(("  " + _fit(statement, WIDTH - 2)).rstrip())
    return "\n".join(lines)


def _expected(row, words) -> str:
    """The expected value in the table's language (``20 to 30`` / ``20 至 30``)."""
    return str(row.expected).replace(" to ", words["to"])


def claims_markdown(table: pd.DataFrame, lang: str = "en") -> str:
    """The claims table in Markdown (the README's table; ``claims.md``)."""
    w = WORDS[lang]
    head = (
        w["claim"],
        w["source"],
        w["measured"],
        w["expected"],
        w["holds"],
    )
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|---|---|"]
    for row in table.itertuples(index=False):
        measured = f"{_num(row.measured)} [{_num(row.ci_low)}, {_num(row.ci_high)}]"
        verdict = w["yes"] if row.holds else f"**{w['no']}**"
        if row.conditional:
            verdict += w["cond"]
        cells = (row.claim, row.source, measured, _expected(row, w), verdict)
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def arm_measure_words(claim, lang: str = "en") -> str:
    """What a claim's figure shows per scenario (its left panel's axis).

    The claim's own measure label where it has one scenario (the bar is the
    claim's number); otherwise what each scenario measures, from the measure's
    own description, since the label names the combined number.
    """
    if len(claim.arms) == 1:
        return claim.measure_label
    measures = {claim.measure_of(arm) for arm in claim.arms}
    if len(measures) > 1:
        return WORDS[lang]["each_arm_mixed"]
    (measure,) = measures
    func, values = measure, {}
    if isinstance(measure, functools.partial):
        func, values = measure.func, dict(measure.keywords)
    for name, p in inspect.signature(func).parameters.items():
        if p.default is not inspect.Parameter.empty:
            values.setdefault(name, p.default)
    zh = MEASURE_ZH.get(f"measure.{func.__name__}") if lang == "zh" else None
    if zh is not None:
        names = {k: label_of(v, "zh") if v in LABELS else v for k, v in values.items()}
        return WORDS[lang]["each_arm"].format(what=zh.format(**names))
    what = (func.__doc__ or func.__name__).strip().splitlines()[0].rstrip(".")
    for name, value in values.items():  # "loyalty type ``kind``" -> "... absolute"
        what = what.replace(f"``{name}``", str(value))
    what = what.replace("``", "")
    if lang == "en":  # after a colon
        what = what[:1].lower() + what[1:]
    return WORDS[lang]["each_arm"].format(what=what)


def plot_claim(row, lang: str = "en", ax=None):
    """One claim's figure: each scenario's mean with its 95 % CI, and the verdict.

    Left: the measure in each scenario (mean over seeds, 95 % t-interval);
    right: the claim's number for each seed, its mean and interval, against
    the expected side (shaded). Returns the figure.
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from scipy import stats

    if lang == "zh":
        from crmsim.presentation.fonts import use_cjk_font

        use_cjk_font()
    claim = get_claim(row["claim"])
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(11, 4.5), gridspec_kw={"width_ratios": [2, 1]}
    )
    labels, means, halves = [], [], []
    for label, vals in row["arms"].items():
        v = np.asarray(vals, dtype=float)
        v = v[np.isfinite(v)]
        labels.append(label)
        means.append(v.mean() if v.size else np.nan)
        halves.append(
            stats.t.ppf(0.975, v.size - 1) * v.std(ddof=1) / np.sqrt(v.size)
            if v.size > 1
            else 0.0
        )
    y = np.arange(len(labels))
    left.barh(y, means, xerr=halves, color="#56B4E9", capsize=4)
    left.set_yticks(y, labels)
    left.invert_yaxis()
    left.set_xlabel(arm_measure_words(claim, lang), fontsize="small")
    left.set_title(WORDS[lang]["arms"], fontsize="small")

    values = np.asarray(row["values"], dtype=float)
    c = claim.criterion
    right.scatter(np.zeros(values.size), values, color="#000000", s=14, zorder=3)
    ok = row["holds"]
    right.errorbar(
        [0.25],
        [row["measured"]],
        yerr=[[row["measured"] - row["ci_low"]], [row["ci_high"] - row["measured"]]],
        fmt="o",
        color="#009E73" if ok else "#D55E00",
        capsize=6,
        zorder=3,
    )
    lo, hi = right.get_ylim()
    if c.kind == "between":
        right.axhspan(c.threshold, c.upper, color="#009E73", alpha=0.15)
    elif c.kind == "greater":
        right.axhspan(c.threshold, max(hi, c.threshold), color="#009E73", alpha=0.15)
    else:
        right.axhspan(min(lo, c.threshold), c.threshold, color="#009E73", alpha=0.15)
    right.axhline(c.threshold, color="#000000", lw=1, ls="--")
    right.set_xlim(-0.5, 0.75)
    right.set_xticks([])
    right.set_ylabel(claim.measure_label, fontsize="small", wrap=True)
    verdict = WORDS[lang]["yes"] if ok else WORDS[lang]["no"]
    right.set_title(f"{WORDS[lang]['per_seed']}: {verdict}", fontsize="small")
    title = claim.statement_zh if lang == "zh" else claim.statement
    fig.suptitle(f"{claim.id} ({claim.source}): {title}", fontsize="medium", wrap=True)
    fig.tight_layout()
    return fig


def write_claims(table: pd.DataFrame, out: Path, lang: str = "en") -> Path:
    """Write ``claims.csv``, ``claims.json``, ``claims.md`` and ``figures/<id>.png``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise invalid("--out", str(out), "a folder (this is a file)")
    try:
        (out / "figures").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CRMSimError(
            f"cannot create output folder {out}: {exc.strerror}"
        ) from None
    flat = table.assign(
        values=[json.dumps(plain(v)) for v in table["values"]],
        arms=[json.dumps(plain(v), ensure_ascii=False) for v in table["arms"]],
    )
    write_atomic(out / "claims.csv", flat.to_csv(index=False))
    records = plain(table.to_dict("records"))
    write_atomic(out / "claims.json", json.dumps(records, indent=2, ensure_ascii=False))
    write_atomic(out / "claims.md", claims_markdown(table, lang))
    for _, row in table.iterrows():
        fig = plot_claim(row, lang)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
        plt.close(fig)
        write_atomic(out / "figures" / f"{row['claim']}.png", buf.getvalue())
    return out


def _cmd_claims(args: argparse.Namespace) -> int:
    if args.list:
        for c in CLAIMS:
            text = c.statement_zh if args.lang == "zh" else c.statement
            print(_fit(f"{c.id:32} {text}", WIDTH).rstrip())
        return 0
    start = time.perf_counter()
    table = run_claims(
        ids=args.only or None,
        quick=args.quick,
        seeds=args.seeds,
        n_customers=args.n_customers,
        processes=args.processes,
    )
    secs = time.perf_counter() - start
    print(format_claims(table, args.lang))
    print("-" * WIDTH)
    print(
        WORDS[args.lang]["summary"].format(
            held=int(table["holds"].sum()),
            n=len(table),
            cond=int(table["conditional"].sum()),
            seeds="/".join(str(s) for s in sorted(set(table["n_seeds"]))),
            size="/".join(f"{s:,}" for s in sorted(set(table["n_customers"]))),
            secs=secs,
        )
    )
    out = write_claims(table, args.out, args.lang)
    print(
        f"wrote {out}/claims.csv, claims.json, claims.md, figures/ "
        f"({len(table)} figures)"
    )
    return 0


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``claims`` subcommand to the ``crmsim`` parser."""
    p = subparsers.add_parser(
        "claims",
        help="test the course's claims on the model (which hold, where, why)",
        description="Run the claims register: for each claim of the course, "
        "its source, the measured number with a 95 % confidence interval over "
        "seeds, and whether it holds. Writes claims.csv, claims.json and a "
        "figure per claim.",
    )
    p.add_argument(
        "--quick", action="store_true", help="5 seeds per claim instead of 10"
    )
    p.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the table"
    )
    p.add_argument(
        "--only",
        nargs="+",
        metavar="ID",
        help="claim ids, concept IDs (B5) or id prefixes to run (default: all)",
    )
    add_out_argument(p, "results/claims")
    p.add_argument(
        "--seeds", type=whole_number(2), metavar="N", help="seeds 1..N for every claim"
    )
    p.add_argument(
        "--n-customers",
        type=whole_number(10),
        metavar="N",
        help="market size of every run (default: each claim's, 2,000)",
    )
    p.add_argument(
        "--processes",
        type=whole_number(1),
        metavar="N",
        help="worker processes (default: every core)",
    )
    p.add_argument("--list", action="store_true", help="list the claims and stop")
    p.set_defaults(func=_cmd_claims)
    return p
