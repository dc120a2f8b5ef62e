"""The game's figures: a team's firm so far, and the market's shares.

Drawn with :mod:`crmsim.presentation.plotting`'s colours, presentation
style and loyalty-mix chart, and named from :mod:`crmsim.presentation.labels`
(stages, loyalty types, weeks) and :mod:`crmsim.game.text` (the game's
own words), so a Chinese pack shows no English word.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from crmsim.game.text import t
from crmsim.model.rules import ACTIVE_STAGES, Stage
from crmsim.presentation import plotting
from crmsim.presentation.labels import label

__all__ = ["market_png", "team_png"]


def _style(lang: str):
    """Presentation mode with a CJK font in either language.

    Team names may be Chinese on an English page.
    """
    return plotting._presentation_style("zh")


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=plotting.DISPLAY_DPI)
    plt.close(fig)
    return buffer.getvalue()


def _plain(name: str) -> str:
    """A team's name as plain text (``$`` would start matplotlib's mathtext)."""
    return name.replace("$", r"\$")


def _round_lines(ax, weekly: pd.DataFrame, lang: str) -> None:
    """A thin line where each round ends, and its number above the plot."""
    if weekly.empty:
        return
    ends = weekly.groupby("round")["week"].max()
    for r, week in ends.items():
        ax.axvline(week, color="grey", lw=0.8, ls=":")
        ax.annotate(
            t("round_n", lang, n=int(r)),
            (week, 0.99),
            xycoords=("data", "axes fraction"),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize="x-small",
            color="grey",
        )


def team_png(
    weekly: pd.DataFrame, reports: list[list[dict]], slot: int, name: str, lang: str
) -> bytes:
    """A team's figure: its customers by stage each week, and their loyalty mix."""
    import matplotlib.pyplot as plt

    with _style(lang):
        fig, (left, right) = plt.subplots(
            1, 2, figsize=(14, 6), width_ratios=(3, 2), layout="constrained"
        )
        mine = weekly[weekly["firm"] == slot] if len(weekly) else weekly
        stages = list(ACTIVE_STAGES)
        if len(mine):
            left.stackplot(
                mine["week"],
                *[mine[s.name.lower()] for s in stages],
                labels=[label(s, lang) for s in stages],
                colors=[plotting.STAGE_COLOURS[s] for s in stages],
                alpha=0.9,
            )
            left.set_xlim(mine["week"].min(), mine["week"].max())
            left.legend(loc="lower left", fontsize="small", ncols=2)
            _round_lines(left, mine, lang)
        left.set_xlabel(label("week", lang))
        left.set_ylabel(label("people", lang))
        left.set_title(f"{_plain(name)}: {t('by_stage', lang)}", loc="left")
        mix = reports[-1][slot]["loyalty_mix"] if reports else {}
        rows = [
            {"stage": int(Stage.STABILITY), "loyalty_type": kind}
            for kind, n in mix.items()
            for _ in range(n)
        ]
        customers = pd.DataFrame(rows, columns=["stage", "loyalty_type"])
        plotting.plot_loyalty_mix(customers, ax=right, lang=lang)
        right.set_title("")
        right.set_title(t("loyalty_mix", lang), loc="left")
        return _png(fig)


def market_png(weekly: pd.DataFrame, names: list[str], lang: str) -> bytes:
    """The market's figure: every firm's market share each week, labelled at the end."""
    import matplotlib.pyplot as plt

    with _style(lang):
        fig, ax = plt.subplots(figsize=(14, 6.5), layout="constrained")
        # Okabe-Ito without its yellow, too pale for a line or a label on white
        colours = [c for c in plotting.OKABE_ITO if c != "#F0E442"]
        ends = []
        for k, firm_name in enumerate(names):
            mine = weekly[weekly["firm"] == k] if len(weekly) else weekly
            if mine.empty:
                continue
            style = "-" if k < len(colours) else "--"
            ax.plot(
                mine["week"],
                mine["market_share"],
                color=colours[k % len(colours)],
                ls=style,
                label=_plain(firm_name),
            )
            ends.append((float(mine["market_share"].iloc[-1]), k, _plain(firm_name)))
        if ends:
            last_week = float(weekly["week"].max())
            # a label is about 5 % of the plot's height: keep them that far apart
            span = float(weekly["market_share"].max()) + 0.03
            heights = plotting._spread(np.array([e[0] for e in ends]), 0.05 * span)
            for (_, k, firm_name), y in zip(ends, heights, strict=True):
                ax.annotate(
                    firm_name,
                    (last_week, y),
                    xytext=(8, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize="small",
                    color=colours[k % len(colours)],
                )
            _round_lines(ax, weekly, lang)
            ax.set_xlim(weekly["week"].min(), last_week * 1.35)
            # room above for labels pushed up by their neighbours (an annotation
            # whose point leaves the axes is not drawn)
            top = max(float(weekly["market_share"].max()), float(heights.max()))
            ax.set_ylim(0, top + 0.03)
        else:
            ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(plotting._percent())
        ax.set_xlabel(label("week", lang))
        ax.set_ylabel(t("market_share", lang))
        ax.set_title(t("market_figure", lang), loc="left")
        return _png(fig)
