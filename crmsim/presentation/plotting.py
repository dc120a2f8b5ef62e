"""Plots of crmsim results, in English or Chinese.

Every function takes ``ax=None`` (a new figure is made) and ``lang=None``
(the package setting, see :func:`set_language`) and returns the Axes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from crmsim.model.ledger import C3_COMPONENTS
from crmsim.model.rules import ACTIVE_STAGES, Stage
from crmsim.presentation.labels import (
    LANGUAGES,
    check_language,
    column_label,
    get_language,
    label,
    set_language,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from crmsim.model.simulation import Results

__all__ = [
    "LANGUAGES",
    "OKABE_ITO",
    "PRESENTATION_RC",
    "PROJECTOR_RC",
    "LifecycleFigure",
    "network_layout",
    "get_language",
    "label",
    "plot_clv",
    "plot_lifecycle_profit",
    "plot_loyalty_mix",
    "plot_network",
    "plot_profit",
    "plot_retention_by_satisfaction",
    "plot_satisfaction_loyalty",
    "plot_smith_case",
    "plot_stages",
    "plot_yearly_retention",
    "save_run_figures",
    "set_language",
]

# Okabe & Ito (2008) colour-blind-safe colours; stage names are also written
# on the charts, so colour is never the only cue.
OKABE_ITO = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)

STAGE_COLOURS = {
    Stage.PROSPECT: "#BBBBBB",
    Stage.EXPLORATION: "#56B4E9",
    Stage.FORMATION: "#009E73",
    Stage.STABILITY: "#0072B2",
    Stage.DECLINE: "#E69F00",
    Stage.CHURNED: "#D55E00",
}

LOYALTY_COLOURS = {
    "none": "#CC79A7",
    "inertia": "#E69F00",
    "latent": "#56B4E9",
    "absolute": "#009E73",
}

PROJECTOR_RC = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "lines.linewidth": 2.5,
    "axes.grid": True,
    "grid.alpha": 0.3,
}
"""Matplotlib settings that read on a classroom projector (large type, thick
lines); use with ``matplotlib.rc_context(PROJECTOR_RC)``."""

DISPLAY_DPI = 100
"""Pixels per inch of the dashboards' figures, drawn at the size they are shown."""

PRESENTATION_RC = {
    **PROJECTOR_RC,
    # 18 pt at 100 dpi = 25 px: at least 24 px when shown at its own size
    "font.size": 18,
    "axes.titlesize": 19,
    "axes.labelsize": 18,
    "xtick.labelsize": 18,
    "ytick.labelsize": 18,
    "legend.fontsize": 18,
    "lines.linewidth": 3.0,
    "axes.titlepad": 8,
}
"""Presentation mode: every text at least 24 px at the figure's own size."""

MIN_TEXT_PX = 24
"""The smallest text, in pixels at display size, of presentation mode."""

_check_language = check_language


def _presentation_style(lang: str):
    """Presentation mode (:data:`PRESENTATION_RC`), with a CJK font for Chinese.

    A context manager. The font is set globally first, so that the context
    keeps it and figures drawn later in it show Chinese.
    """
    import matplotlib as mpl

    if lang == "zh":
        from crmsim.presentation.fonts import use_cjk_font

        use_cjk_font()
    return mpl.rc_context(PRESENTATION_RC)


def _axes(ax, lang: str | None):
    lang = _check_language(lang)
    if lang == "zh":
        from crmsim.presentation.fonts import use_cjk_font

        use_cjk_font()
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(9, 5), layout="constrained")
    return ax, lang


def plot_stages(
    weekly: pd.DataFrame,
    ax: Axes | None = None,
    lang: str | None = None,
    include_prospects: bool = False,
) -> Axes:
    """Stacked areas of the number of people in each lifecycle stage (C1)."""
    ax, lang = _axes(ax, lang)
    stages = [s for s in Stage if include_prospects or s is not Stage.PROSPECT]
    ax.stackplot(
        weekly["week"],
        *[weekly[s.name.lower()] for s in stages],
        labels=[label(s, lang) for s in stages],
        colors=[STAGE_COLOURS[s] for s in stages],
        alpha=0.9,
    )
    ax.set_xlabel(label("week", lang))
    ax.set_ylabel(label("people", lang))
    ax.xaxis.set_major_locator(_integer_ticks())
    ax.set_title(label("stages_title", lang))
    if len(weekly) > 1:
        ax.set_xlim(weekly["week"].iloc[0], weekly["week"].iloc[-1])
    _label_bands(ax, weekly, stages, lang)
    ax.legend(loc="upper left", fontsize="small", ncols=2)
    return ax


def _label_bands(ax, weekly: pd.DataFrame, stages, lang: str) -> None:
    """Write each stage's name inside its band where the band is thick enough."""
    if len(weekly) < 2:
        return
    heights = np.column_stack([weekly[s.name.lower()].to_numpy(float) for s in stages])
    tops = np.cumsum(heights, axis=1)
    total = max(float(tops[:, -1].max()), 1.0)
    for j, stage in enumerate(stages):
        i = int(np.argmax(heights[:, j]))
        if heights[i, j] < 0.08 * total:
            continue
        ax.text(
            weekly["week"].iloc[i],
            tops[i, j] - heights[i, j] / 2,
            label(stage, lang),
            ha="center",
            va="center",
            fontsize="small",
            color="white" if stage in (Stage.STABILITY, Stage.CHURNED) else "black",
        )


def plot_profit(
    weekly: pd.DataFrame, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Weekly revenue and profit (4-week means), cumulative profit on a twin axis."""
    ax, lang = _axes(ax, lang)
    w = weekly.iloc[1:]
    ax.plot(
        w["week"],
        w["revenue"].rolling(4, min_periods=1).mean(),
        color=OKABE_ITO[4],
        label=label("revenue", lang),
    )
    ax.plot(
        w["week"],
        w["profit"].rolling(4, min_periods=1).mean(),
        color=OKABE_ITO[2],
        label=label("profit", lang),
    )
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xlabel(label("week", lang))
    ax.xaxis.set_major_locator(_integer_ticks())
    ax.set_ylabel(label("money", lang))
    ax.set_title(label("profit_title", lang))
    twin = ax.twinx()
    twin.plot(
        weekly["week"],
        weekly["profit"].cumsum(),
        color="black",
        ls="--",
        label=label("cumulative_profit", lang),
    )
    twin.set_ylabel(label("cumulative_profit", lang))
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    ax.legend(
        lines[0] + more[0], lines[1] + more[1], loc="upper left", fontsize="small"
    )
    return ax


def plot_retention_by_satisfaction(
    by_satisfaction: pd.DataFrame,
    ax: Axes | None = None,
    lang: str | None = None,
    name: str | None = None,
    min_customer_weeks: int = 100,
) -> Axes:
    """Yearly retention at each satisfaction level 1-5 (Jones & Sasser, E8).

    Levels with fewer than ``min_customer_weeks`` customer-weeks are left out.
    Call again on the same ``ax`` to overlay markets.
    """
    ax, lang = _axes(ax, lang)
    t = by_satisfaction[by_satisfaction["customer_weeks"] >= min_customer_weeks]
    ax.plot(t["level"], t["yearly_retention"], marker="o", lw=2, label=name)
    ax.set_xticks(
        range(1, 6), [label(f"level{k}", lang) for k in range(1, 6)], fontsize="small"
    )
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(label("satisfaction_level", lang))
    ax.set_ylabel(label("yearly_retention", lang))
    ax.set_title(label("retention_title", lang))
    if name:
        ax.legend()
    return ax


def plot_lifecycle_profit(
    customers: pd.DataFrame, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Waterfall of the mean lifecycle profit per customer from its six parts (C3)."""
    ax, lang = _axes(ax, lang)
    signs = np.array([1, 1, 1, -1, -1, -1])
    values = np.array([customers[c].mean() for c in C3_COMPONENTS]) * signs
    starts = np.concatenate([[0.0], np.cumsum(values)[:-1]])
    colours = [OKABE_ITO[2] if v >= 0 else OKABE_ITO[5] for v in values]
    names = [column_label(c, lang) for c in C3_COMPONENTS]
    ax.bar(names, values, bottom=starts, color=colours)
    total = values.sum()
    ax.bar([label("lifecycle_profit", lang)], [total], color=OKABE_ITO[4])
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel(label("per_customer", lang))
    ax.set_title(label("lifecycle_title", lang))
    ax.tick_params(axis="x", labelrotation=30)
    return ax


def _yearly_retention(weekly: pd.DataFrame) -> tuple[np.ndarray, float]:
    """Yearly retention in each year of a run (1, 2, ...) and over the whole run.

    The weekly churn ``h = churned / customers at the start of the week``,
    summed over a year's weeks, gives ``(1 - h) ** 52``; NaN where nobody was
    at risk. A last, partial year counts its weeks so far.
    """
    w = weekly.iloc[1:]
    at_risk = weekly["customers"].to_numpy(dtype=float)[:-1]
    churned = w["churned_week"].to_numpy(dtype=float)
    year = (w["week"].to_numpy() - 1) // 52 + 1

    def kept(sel) -> float:
        risk = at_risk[sel].sum()
        return (1.0 - churned[sel].sum() / risk) ** 52 if risk else np.nan

    years = range(1, int(year.max(initial=0)) + 1)
    by_year = np.array([kept(year == y) for y in years], dtype=float)
    return by_year, kept(slice(None))


def plot_yearly_retention(
    weekly: pd.DataFrame, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Share of customers kept in each year of the run, and over the whole run.

    For each year, the weekly churn ``h = churned / customers at the start
    of the week`` (summed over the year's weeks) gives the yearly retention
    ``(1 - h) ** 52``; a last, partial year is shown with its weeks so far.
    """
    ax, lang = _axes(ax, lang)
    kept, overall = _yearly_retention(weekly)
    years = np.arange(1, kept.size + 1)
    bars = ax.bar(years, kept, color=OKABE_ITO[4], width=0.7)
    ax.bar_label(bars, [f"{k:.0%}" if np.isfinite(k) else "" for k in kept])
    if np.isfinite(overall):
        ax.axhline(
            overall,
            color=OKABE_ITO[5],
            ls="--",
            label=f"{label('whole_run', lang)} {overall:.0%}",
        )
        ax.legend(loc="lower right")
    ax.set_ylim(0, 1.1)
    ax.set_xticks(years)
    ax.yaxis.set_major_formatter(_percent())
    ax.set_xlabel(label("year", lang))
    ax.set_ylabel(label("yearly_retention", lang))
    ax.set_title(label("yearly_retention_title", lang))
    return ax


def plot_loyalty_mix(
    customers: pd.DataFrame, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Share of each loyalty type among active customers (E5; Dick & Basu)."""
    from crmsim.model.analysis import loyalty_mix

    ax, lang = _axes(ax, lang)
    mix = loyalty_mix(customers)
    names = [column_label(k, lang) for k in mix.index]
    bars = ax.barh(names, mix.to_numpy(), color=[LOYALTY_COLOURS[k] for k in mix.index])
    ax.bar_label(bars, [f" {v:.0%}" for v in mix.to_numpy()])
    ax.set_xlim(0, 1.15)
    ax.xaxis.set_major_formatter(_percent())
    ax.invert_yaxis()
    ax.set_xlabel(label("share_of_active", lang))
    ax.set_title(label("loyalty_mix_title", lang))
    return ax


def plot_network(
    graph,
    stages,
    pos=None,
    ax: Axes | None = None,
    lang: str | None = None,
    node_size: float | None = None,
) -> Axes:
    """The social network, each person coloured by lifecycle stage (C1, A4).

    Parameters
    ----------
    graph : networkx.Graph
        The network; node ``i`` is person ``i``.
    stages : sequence of int
        The :class:`~crmsim.model.rules.Stage` of each person, in node order.
    pos : mapping or array, optional
        Node positions (``{node: (x, y)}`` or an ``(n, 2)`` array); default a
        :func:`network_layout` with a fixed seed.
    ax, lang
        As for every plot function.
    node_size : float, optional
        Marker area; by default it shrinks as the network grows.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    ax, lang = _axes(ax, lang)
    n = graph.number_of_nodes()
    if pos is None:
        pos = network_layout(graph)
    xy = np.array([pos[i] for i in range(n)], dtype=float).reshape(n, 2)
    edges = np.array(list(graph.edges()), dtype=int).reshape(-1, 2)
    if len(edges):
        ax.add_collection(
            LineCollection(
                xy[edges], colors="#9e9e9e", linewidths=0.5, alpha=0.35, zorder=1
            )
        )
    codes = np.asarray(stages, dtype=int)
    colours = np.array([STAGE_COLOURS[Stage(c)] for c in range(len(Stage))])
    size = node_size if node_size is not None else max(12.0, 9000.0 / max(n, 1))
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=size,
        c=colours[codes] if n else [],
        edgecolors="white",
        linewidths=0.6,
        zorder=2,
    )
    counts = np.bincount(codes, minlength=len(Stage))
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            markersize=11,
            color=STAGE_COLOURS[s],
            label=f"{label(s, lang)} ({counts[s]})",
        )
        for s in Stage
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncols=3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if n:
        ax.update_datalim(xy)
        ax.autoscale_view()
    ax.set_title(label("network_title", lang))
    return ax


def plot_clv(
    margins,
    retention_rate: float,
    discount_rate: float,
    acquisition_cost: float = 0.0,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Customer lifetime value period by period (C4).

    Bars: each period's expected discounted margin ``m_t * r**t / (1+i)**t``;
    line: the running total after the acquisition cost, which ends at
    :func:`crmsim.economics.lifetime_value`. With constant margins, the
    closed-form (infinite-horizon) value is drawn as a dashed line.
    """
    from crmsim.economics import (
        lifetime_value_closed_form,
        survival_probabilities,
    )

    ax, lang = _axes(ax, lang)
    m = np.asarray(margins, dtype=float).reshape(-1)
    t = np.arange(1, m.size + 1)
    value = (
        m * survival_probabilities(retention_rate, m.size) / (1.0 + discount_rate) ** t
    )
    ax.bar(t, value, color=OKABE_ITO[2], label=label("discounted_margin", lang))
    running = np.cumsum(value) - acquisition_cost
    ax.plot(
        np.concatenate([[0], t]),
        np.concatenate([[-acquisition_cost], running]),
        color=OKABE_ITO[4],
        marker="o",
        label=f"{label('cumulative_clv', lang)}: {running[-1]:,.0f}",
    )
    if np.allclose(m, m[0]) and retention_rate < 1:
        closed = lifetime_value_closed_form(
            m[0], retention_rate, discount_rate, acquisition_cost
        )
        ax.axhline(
            closed,
            color=OKABE_ITO[5],
            ls="--",
            label=f"{label('closed_form', lang)}: {closed:,.0f}",
        )
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_xlabel(label("period", lang))
    ax.set_ylabel(label("per_customer", lang))
    ax.set_title(label("clv_title", lang))
    ax.legend(loc="best")
    return ax


def plot_smith_case(case, ax: Axes | None = None, lang: str | None = None) -> Axes:
    """Direct and word-of-mouth loss of one unhappy customer (Smith case, E10).

    ``case`` is a :class:`crmsim.course.cases.SmithCase` (low and high end of the
    10 to 20 people she tells) or a single :class:`crmsim.course.cases.SmithChain`.
    """
    ax, lang = _axes(ax, lang)
    chains = [case.low, case.high] if hasattr(case, "low") else [case]
    names = [label("people_told_n", lang).format(n=c.people_told) for c in chains]
    direct = np.array([c.direct_loss for c in chains])
    indirect = np.array([c.indirect_loss for c in chains])
    ax.bar(names, direct, color=OKABE_ITO[0], label=label("direct_loss", lang))
    bars = ax.bar(
        names,
        indirect,
        bottom=direct,
        color=OKABE_ITO[5],
        label=label("indirect_loss", lang),
    )
    ax.bar_label(bars, [f"{v:,.0f}" for v in direct + indirect])
    ax.set_ylim(0, max(float((direct + indirect).max()), 1.0) * 1.15)
    ax.yaxis.set_major_formatter(_thousands())
    ax.set_ylabel(label("total_loss", lang))
    ax.set_title(label("smith_title", lang))
    ax.legend(loc="upper left")
    return ax


def plot_satisfaction_loyalty(
    curves=None, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Loyalty against satisfaction 1-5 (Jones & Sasser 1995, E8).

    ``curves`` maps a legend label to keyword arguments of
    :func:`crmsim.course.cases.satisfaction_loyalty` (``competition``, ``floor``,
    ``ceiling``, ``exponent``); by default the high- and low-competition
    shapes are drawn.
    """
    from crmsim.course.cases import satisfaction_loyalty

    ax, lang = _axes(ax, lang)
    if curves is None:
        curves = {
            label("high_competition", lang): {"competition": "high"},
            label("low_competition", lang): {"competition": "low"},
        }
    s = np.linspace(1, 5, 161)
    for (name, kwargs), colour in zip(
        curves.items(),
        [OKABE_ITO[5], OKABE_ITO[4], OKABE_ITO[2], OKABE_ITO[0]],
        strict=False,
    ):
        ax.plot(s, satisfaction_loyalty(s, **kwargs), color=colour, label=name)
        levels = np.arange(1, 6)
        ax.plot(levels, satisfaction_loyalty(levels, **kwargs), "o", color=colour)
    ax.set_xticks(
        range(1, 6), [label(f"level{k}", lang) for k in range(1, 6)], fontsize="small"
    )
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(_percent())
    ax.set_xlabel(label("satisfaction_level", lang))
    ax.set_ylabel(label("loyalty_retention", lang))
    ax.set_title(label("js_title", lang))
    ax.legend(loc="upper left")
    return ax


def _thousands():
    from matplotlib.ticker import StrMethodFormatter

    return StrMethodFormatter("{x:,.0f}")


def _integer_ticks():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _percent():
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)


def save_run_figures(results: Results, folder: str | Path, lang: str | None = None):
    """Save the standard figures of a run as PNG files; return their paths."""
    import matplotlib.pyplot as plt

    folder = Path(folder)
    paths = []
    for name, draw, data in [
        ("stages", plot_stages, results.weekly),
        ("profit", plot_profit, results.weekly),
        (
            "retention_by_satisfaction",
            plot_retention_by_satisfaction,
            results.by_satisfaction,
        ),
        ("lifecycle_profit", plot_lifecycle_profit, results.customers),
    ]:
        ax = draw(data, lang=lang)
        path = folder / f"{name}.png"
        tmp = folder / f".{name}.png.part"
        ax.figure.savefig(tmp, dpi=110, format="png")
        plt.close(ax.figure)
        tmp.replace(path)
        paths.append(path)
    return paths


# --- network layout -------------------------------------------------------------


def network_layout(graph, seed: int = 0, iterations: int = 60) -> np.ndarray:
    """Node positions for drawing a customer network, as an ``(n, 2)`` array.

    Connected components of three or more people are laid out together by a
    force-directed (Fruchterman-Reingold) layout on numpy arrays; isolated
    people and pairs, who feel only repulsion and would fling the layout out
    so the rest shrinks to a blob, are set in rows just below it.

    Parameters
    ----------
    graph : networkx.Graph
        Nodes ``0 .. n-1``.
    seed : int
        Seed of the starting positions (same seed, same picture).
    iterations : int
        Layout iterations.
    """
    import networkx as nx

    n = graph.number_of_nodes()
    pos = np.zeros((n, 2))
    if n == 0:
        return pos
    comps = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=len, reverse=True
    )
    main = [c for c in comps if len(c) >= 3] or comps[:1]
    core = np.array([v for c in main for v in c], dtype=int)
    rest = [v for c in comps[len(main) :] for v in c]
    pos[core] = _force_layout(graph, core, np.random.default_rng(seed), iterations)
    if rest:
        per_row = max(int(np.ceil(np.sqrt(len(rest)) * 3)), 1)
        for i, v in enumerate(rest):
            row, col = divmod(i, per_row)
            count = min(per_row, len(rest) - row * per_row)
            x = 0.0 if count == 1 else -0.9 + 1.8 * col / (count - 1)
            pos[v] = (x, -1.12 - 0.08 * row)
    return pos


def _force_layout(graph, nodes: np.ndarray, rng, iterations: int) -> np.ndarray:
    """Fruchterman-Reingold on the induced subgraph of ``nodes``, scaled to [-1, 1]."""
    m = len(nodes)
    if m == 1:
        return np.zeros((1, 2))
    index = {int(v): i for i, v in enumerate(nodes)}
    adjacency = np.zeros((m, m), dtype=np.float32)
    for a, b in graph.subgraph(nodes.tolist()).edges():
        adjacency[index[a], index[b]] = adjacency[index[b], index[a]] = 1.0
    pos = rng.random((m, 2)).astype(np.float32)
    k = np.float32(np.sqrt(1.0 / m))
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        distance = np.sqrt(dx * dx + dy * dy)
        np.maximum(distance, 0.01, out=distance)
        strength = k * k / (distance * distance)
        strength -= adjacency * distance / k
        ux = (dx * strength).sum(axis=1)
        uy = (dy * strength).sum(axis=1)
        step = temperature / np.maximum(np.sqrt(ux * ux + uy * uy), 0.01)
        x += ux * step
        y += uy * step
        temperature -= cooling
    pos = np.column_stack([x, y])
    pos = pos.astype(float) - pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


# --- the live lifecycle figure (dashboards) ---------------------------------------


def _money_formatter():
    from matplotlib.ticker import FuncFormatter

    def fmt(x, _pos):
        a = abs(x)
        if a >= 1e6:
            return f"{x / 1e6:.1f}M"
        if a >= 1e3:
            return f"{x / 1e3:.0f}k"
        return f"{x:.0f}"

    return FuncFormatter(fmt)


def _spread(values, gap: float) -> np.ndarray:
    """Move label heights apart by at least ``gap``, keeping their order."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values)
    out = values.copy()
    for a, b in zip(order[:-1], order[1:], strict=True):
        out[b] = max(out[b], out[a] + gap)
    return out


def _stage_lines(ax, text_x: float, lang: str) -> tuple[dict, dict]:
    """Empty lines of the active stages, each with its name at ``text_x``.

    Returns the lines and the texts by stage; callers ``set_data`` the lines
    and ``set_y`` the texts (see :func:`_spread`) as the weeks come in.
    """
    lines = {s: ax.plot([], [], color=STAGE_COLOURS[s])[0] for s in ACTIVE_STAGES}
    texts = {
        s: ax.text(
            text_x,
            0,
            label(s, lang),
            ha="right",
            va="bottom",
            color=STAGE_COLOURS[s],
            fontweight="bold",
            bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 0},
        )
        for s in ACTIVE_STAGES
    }
    return lines, texts


class LifecycleFigure:
    """The lifecycle dashboard's four charts, updated in place.

    Built once on a figure; :meth:`update` moves the data of the existing
    lines, bars and texts (``set_data``, ``set_height``) instead of drawing
    new ones, which keeps a re-draw cheap. :meth:`pin` keeps a run as dashed
    ghost lines for comparison.

    Panels: active customers by stage (lines with the stage names written at
    their ends), revenue and profit (4-week means) with cumulative profit on a
    twin axis, yearly retention per year with the whole-run figure, and the
    loyalty-type mix of active customers.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        An empty figure (drawn off-screen).
    weeks : int
        Length of the runs shown (fixes the x axes and the number of years).
    lang : {"en", "zh"}, optional
        Label language.
    """

    def __init__(self, figure, weeks: int, lang: str | None = None):
        self.figure = figure
        self.lang = check_language(lang)
        self.weeks = int(weeks)
        self.n_years = max(int(np.ceil(self.weeks / 52)), 1)
        self.pins: list[dict] = []
        lang = self.lang
        (a, b), (c, d) = figure.subplots(2, 2)
        self.axes = {"stages": a, "profit": b, "retention": c, "loyalty": d}
        self.twin = b.twinx()
        self.twin.grid(False)
        for ax in (a, b):
            ax.set_xlim(0, self.weeks)
            ax.xaxis.set_major_locator(_integer_ticks())
            ax.xaxis.get_major_locator().set_params(nbins=4)
            ax.yaxis.get_major_locator().set_params(nbins=4)
        a.set_title(label("stages_title", lang))
        a.set_xlabel(label("week", lang))
        self.stage_lines, self.stage_texts = _stage_lines(a, self.weeks * 0.98, lang)
        b.set_title(label("profit_title", lang))
        b.set_xlabel(label("week", lang))
        b.yaxis.set_major_formatter(_money_formatter())
        self.twin.yaxis.set_major_formatter(_money_formatter())
        self.twin.yaxis.get_major_locator().set_params(nbins=4)
        b.axhline(0, color="grey", lw=0.8)
        self.money_lines = {
            "revenue": b.plot([], [], color=OKABE_ITO[4])[0],
            "profit": b.plot([], [], color=OKABE_ITO[2])[0],
        }
        self.cumulative = self.twin.plot([], [], color=OKABE_ITO[7], lw=2)[0]
        self.money_texts = {
            "revenue": b.text(0.02, 0.97, label("revenue", lang), color=OKABE_ITO[4]),
            "profit": b.text(0.02, 0.80, label("profit", lang), color=OKABE_ITO[2]),
            "cumulative": b.text(
                0.98, 0.06, label("cumulative_profit", lang), color=OKABE_ITO[7]
            ),
        }
        for key, text in self.money_texts.items():
            text.set_transform(b.transAxes)
            text.set_va("top" if key != "cumulative" else "bottom")
            text.set_ha("right" if key == "cumulative" else "left")
            text.set_fontweight("bold")
        years = np.arange(1, self.n_years + 1)
        c.set_title(label("yearly_retention_title", lang))
        c.set_xlabel(label("year", lang))
        c.set_ylim(0, 1.18)
        c.set_xlim(0.4, self.n_years + 0.6)
        c.set_xticks(years)
        c.set_yticks([0, 0.5, 1.0])
        c.yaxis.set_major_formatter(_percent())
        self.year_bars = c.bar(years, np.zeros(self.n_years), color=OKABE_ITO[4])
        # inside the bars, turned upright: five labels side by side would overlap
        self.year_texts = [
            c.text(y, 0, "", ha="center", va="top", rotation=90, color="white")
            for y in years
        ]
        self.whole_run = c.axhline(np.nan, color=OKABE_ITO[5], ls="-", lw=3)
        self.whole_text = c.text(
            0.98,
            0.98,
            "",
            transform=c.transAxes,
            ha="right",
            va="top",
            color=OKABE_ITO[5],
            fontweight="bold",
        )
        kinds = list(LOYALTY_COLOURS)
        d.set_title(label("loyalty_mix_title", lang))
        d.set_xlim(0, 2.1)
        d.set_xticks([0, 0.5, 1.0])
        d.xaxis.set_major_formatter(_percent())
        d.grid(False, axis="y")
        self.loyalty_bars = d.barh(
            [column_label(k, lang) for k in kinds],
            np.zeros(len(kinds)),
            color=[LOYALTY_COLOURS[k] for k in kinds],
        )
        d.invert_yaxis()
        d.set_yticks([])
        # names written beside the bars: tick labels would take half the panel
        self.loyalty_names = [column_label(k, lang) for k in kinds]
        self.loyalty_texts = [d.text(0, i, "", va="center") for i in range(len(kinds))]
        self.loyalty_kinds = kinds

    # -- data ------------------------------------------------------------------

    @staticmethod
    def series(results) -> dict:
        """The arrays the four charts show, from a run's results."""
        from crmsim.model.analysis import loyalty_mix

        weekly = results.weekly
        w = weekly.iloc[1:]
        kept, overall = _yearly_retention(weekly)
        mix = loyalty_mix(results.customers)
        return {
            "week": weekly["week"].to_numpy(),
            "stages": {s: weekly[s.name.lower()].to_numpy() for s in ACTIVE_STAGES},
            "money_week": w["week"].to_numpy(),
            "revenue": w["revenue"].rolling(4, min_periods=1).mean().to_numpy(),
            "profit": w["profit"].rolling(4, min_periods=1).mean().to_numpy(),
            "cumulative": weekly["profit"].cumsum().to_numpy(),
            "kept": kept,
            "overall": overall,
            "mix": {k: float(mix.get(k, 0.0)) for k in LOYALTY_COLOURS},
        }

    def update(self, results) -> None:
        """Show ``results``: new data on the existing artists, axes rescaled."""
        data = self.current = self.series(results)
        a, b = self.axes["stages"], self.axes["profit"]
        for s, line in self.stage_lines.items():
            line.set_data(data["week"], data["stages"][s])
        for key in ("revenue", "profit"):
            self.money_lines[key].set_data(data["money_week"], data[key])
        self.cumulative.set_data(data["week"], data["cumulative"])
        runs = [data, *(p["data"] for p in self.pins)]
        top = max(
            max(float(r["stages"][s].max(initial=0)) for s in ACTIVE_STAGES)
            for r in runs
        )
        a.set_ylim(0, max(top, 1.0) * 1.12)
        tail = max(1, len(data["week"]) // 20)
        ends = [float(data["stages"][s][-tail:].mean()) for s in ACTIVE_STAGES]
        for s, y in zip(
            ACTIVE_STAGES, _spread(ends, 0.19 * a.get_ylim()[1]), strict=True
        ):
            self.stage_texts[s].set_y(y)
        money = np.concatenate([np.r_[r["revenue"], r["profit"], 0.0] for r in runs])
        lo, hi = float(money.min()), float(money.max())
        pad = 0.35 * (hi - lo or 1.0)
        b.set_ylim(lo - 0.05 * (hi - lo or 1.0), hi + pad)
        cum = np.concatenate([np.r_[r["cumulative"], 0.0] for r in runs])
        clo, chi = float(cum.min()), float(cum.max())
        self.twin.set_ylim(
            clo - 0.3 * (chi - clo or 1.0), chi + 0.1 * (chi - clo or 1.0)
        )
        kept = np.full(self.n_years, np.nan)
        kept[: min(len(data["kept"]), self.n_years)] = data["kept"][: self.n_years]
        for bar, text, k in zip(self.year_bars, self.year_texts, kept, strict=True):
            ok = bool(np.isfinite(k))
            bar.set_height(k if ok else 0.0)
            text.set_y(k - 0.03 if ok else 0.0)
            text.set_text(f"{k:.0%}" if ok else "")
        overall = data["overall"]
        self.whole_run.set_ydata([overall, overall])
        self.whole_text.set_text(
            f"{label('whole_run', self.lang)} {overall:.0%}"
            if np.isfinite(overall)
            else ""
        )
        for bar, text, kind, name in zip(
            self.loyalty_bars,
            self.loyalty_texts,
            self.loyalty_kinds,
            self.loyalty_names,
            strict=True,
        ):
            v = data["mix"][kind]
            bar.set_width(v)
            text.set_x(v + 0.03)
            text.set_text(f"{name} {v:.0%}")

    # -- comparison ------------------------------------------------------------

    def pin(self, results, name: str) -> None:
        """Keep ``results`` as dashed ghost lines (stages, profit, retention)."""
        data = self.series(results)
        a, b, c = self.axes["stages"], self.axes["profit"], self.axes["retention"]
        ghost = {"ls": "--", "lw": 2, "alpha": 0.55, "zorder": 1}
        artists = [
            a.plot(data["week"], data["stages"][s], color=STAGE_COLOURS[s], **ghost)[0]
            for s in ACTIVE_STAGES
        ]
        artists += [
            b.plot(data["money_week"], data[k], color=line.get_color(), **ghost)[0]
            for k, line in self.money_lines.items()
        ]
        artists.append(
            self.twin.plot(data["week"], data["cumulative"], color="black", **ghost)[0]
        )
        artists.append(c.axhline(data["overall"], color=OKABE_ITO[5], **ghost))
        self.pins.append({"name": name, "data": data, "artists": artists})

    def clear_pins(self) -> None:
        """Remove every ghost line."""
        for pin in self.pins:
            for artist in pin["artists"]:
                artist.remove()
        self.pins = []

    def text_sizes_px(self) -> list[float]:
        """Size in pixels (at the figure's own size) of every visible text."""
        dpi = self.figure.dpi
        sizes = []
        for ax in self.figure.axes:
            texts = [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
            texts += ax.get_xticklabels() + ax.get_yticklabels()
            sizes += [
                t.get_fontsize() * dpi / 72
                for t in texts
                if t.get_visible() and t.get_text()
            ]
        return sizes
