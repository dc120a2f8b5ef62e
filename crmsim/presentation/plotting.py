"""Plots of crmsim results, in English or Chinese.

Every function takes ``ax=None`` (a new figure is made) and ``lang=None``
(the package setting, see :func:`set_language`) and returns the Axes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.model.ledger import C3_COMPONENTS
from crmsim.model.rules import Stage

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from crmsim.model.simulation import Results

__all__ = [
    "LANGUAGES",
    "PROJECTOR_RC",
    "get_language",
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

LANGUAGES = ("en", "zh")
_language = "en"

STAGE_COLOURS = {
    Stage.PROSPECT: "#bdbdbd",
    Stage.EXPLORATION: "#4e79a7",
    Stage.FORMATION: "#59a14f",
    Stage.STABILITY: "#2f6f3e",
    Stage.DECLINE: "#f28e2b",
    Stage.CHURNED: "#c0392b",
}

LOYALTY_COLOURS = {
    "none": "#bdbdbd",
    "inertia": "#f28e2b",
    "latent": "#76b7b2",
    "absolute": "#2f6f3e",
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

_LABELS = {
    "week": ("Week", "周"),
    "people": ("People", "人数"),
    "money": ("Money per week", "每周金额"),
    "stages_title": ("Customers by lifecycle stage", "客户生命周期各阶段人数"),
    "profit_title": ("Revenue and profit", "收入与利润"),
    "revenue": ("Revenue", "收入"),
    "profit": ("Profit", "利润"),
    "cumulative_profit": ("Cumulative profit", "累计利润"),
    "retention_title": (
        "Yearly retention by satisfaction (Jones & Sasser)",
        "各满意度水平的年保留率（琼斯与萨塞）",
    ),
    "satisfaction_level": ("Satisfaction level", "满意度水平"),
    "yearly_retention": ("Yearly retention", "年保留率"),
    "lifecycle_title": (
        "Customer lifecycle profit per customer",
        "每位客户的生命周期利润",
    ),
    "lifecycle_profit": ("Lifecycle profit", "生命周期利润"),
    "per_customer": ("Money per customer", "每位客户金额"),
    Stage.PROSPECT: ("prospect", "潜在客户"),
    Stage.EXPLORATION: ("exploration", "考察期"),
    Stage.FORMATION: ("formation", "形成期"),
    Stage.STABILITY: ("stability", "稳定期"),
    Stage.DECLINE: ("decline", "退化期"),
    Stage.CHURNED: ("churned", "流失"),
    "basic_profit": ("basic profit", "基本利润"),
    "cost_savings": ("cost savings", "成本节约"),
    "referral_value": ("referral value", "推荐价值"),
    "acquisition_cost": ("acquisition cost", "获取成本"),
    "discounts": ("price discounts", "价格优惠"),
    "referral_damage": ("referral damage", "推荐破坏成本"),
    "level1": ("1 completely dissatisfied", "1 完全不满意"),
    "level2": ("2 dissatisfied", "2 不满意"),
    "level3": ("3 neutral", "3 一般"),
    "level4": ("4 satisfied", "4 满意"),
    "level5": ("5 completely satisfied", "5 完全满意"),
    "year": ("Year", "年"),
    "yearly_retention_title": ("Yearly retention of customers", "各年客户保留率"),
    "whole_run": ("whole run", "全程"),
    "loyalty_mix_title": ("Loyalty types of active customers", "活跃客户的忠诚类型"),
    "share_of_active": ("Share of active customers", "占活跃客户的比例"),
    "none": ("no loyalty", "非忠诚"),
    "inertia": ("inertia loyalty", "惯性忠诚"),
    "latent": ("latent loyalty", "潜在忠诚"),
    "absolute": ("absolute loyalty", "绝对忠诚"),
    "network_title": (
        "Customer network by lifecycle stage",
        "按生命周期阶段着色的客户网络",
    ),
    "period": ("Period", "期"),
    "clv_title": ("Customer lifetime value", "客户终生价值"),
    "discounted_margin": ("Expected discounted margin", "期望贴现利润"),
    "cumulative_clv": (
        "Cumulative value (after acquisition cost)",
        "累计价值（扣除获取成本）",
    ),
    "closed_form": ("Closed form, infinite horizon", "公式解（无限期）"),
    "smith_title": (
        "What one unhappy customer costs (Smith case)",
        "一位不满顾客的损失（史密斯女士案例）",
    ),
    "direct_loss": ("Her own sales", "她本人的销售额"),
    "indirect_loss": ("Sales of those who follow her", "受影响顾客的销售额"),
    "total_loss": ("Total loss", "总损失"),
    "people_told_n": ("Tells {n:g} people", "告诉 {n:g} 人"),
    "js_title": (
        "Satisfaction and loyalty (Jones & Sasser)",
        "满意度与忠诚度（琼斯与萨塞）",
    ),
    "loyalty_retention": ("Loyalty (retention)", "忠诚度（保留率）"),
    "high_competition": ("Highly competitive market", "高度竞争市场"),
    "low_competition": ("Low-competition market", "低竞争市场"),
    "custom_curve": ("Your curve", "自定义曲线"),
}


def set_language(lang: str) -> None:
    """Set the language of plot labels for the whole package: ``"en"`` or ``"zh"``."""
    global _language
    _language = _check_language(lang)


def get_language() -> str:
    """The package's current plot language."""
    return _language


def _check_language(lang: str | None) -> str:
    lang = _language if lang is None else lang
    if lang not in LANGUAGES:
        raise CRMSimError(f"lang={lang!r} is invalid: allowed {', '.join(LANGUAGES)}")
    return lang


def label(key, lang: str | None = None) -> str:
    """The label for ``key`` in ``lang`` (English or Chinese)."""
    en, zh = _LABELS[key]
    return zh if _check_language(lang) == "zh" else en


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
    ax.legend(loc="upper left", fontsize="small", ncols=2)
    return ax


def plot_profit(
    weekly: pd.DataFrame, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Weekly revenue and profit (4-week means), cumulative profit on a twin axis."""
    ax, lang = _axes(ax, lang)
    w = weekly.iloc[1:]
    ax.plot(
        w["week"],
        w["revenue"].rolling(4, min_periods=1).mean(),
        label=label("revenue", lang),
    )
    ax.plot(
        w["week"],
        w["profit"].rolling(4, min_periods=1).mean(),
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
    colours = ["#59a14f" if v >= 0 else "#e15759" for v in values]
    names = [label(c, lang) for c in C3_COMPONENTS]
    ax.bar(names, values, bottom=starts, color=colours)
    total = values.sum()
    ax.bar([label("lifecycle_profit", lang)], [total], color="#4e79a7")
    ax.axhline(0, color="grey", lw=0.8)
    ax.set_ylabel(label("per_customer", lang))
    ax.set_title(label("lifecycle_title", lang))
    ax.tick_params(axis="x", labelrotation=30)
    return ax


def plot_yearly_retention(
    weekly: pd.DataFrame, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Share of customers kept in each year of the run, and over the whole run.

    For each year, the weekly churn ``h = churned / customers at the start
    of the week`` (summed over the year's weeks) gives the yearly retention
    ``(1 - h) ** 52``; a last, partial year is shown with its weeks so far.
    """
    ax, lang = _axes(ax, lang)
    w = weekly.iloc[1:]
    at_risk = weekly["customers"].to_numpy(dtype=float)[:-1]
    churned = w["churned_week"].to_numpy(dtype=float)
    year = (w["week"].to_numpy() - 1) // 52 + 1
    years = np.unique(year)
    kept = []
    for y in years:
        sel = year == y
        risk = at_risk[sel].sum()
        kept.append((1.0 - churned[sel].sum() / risk) ** 52 if risk else np.nan)
    risk = at_risk.sum()
    overall = (1.0 - churned.sum() / risk) ** 52 if risk else np.nan
    bars = ax.bar(years, kept, color="#4e79a7", width=0.7)
    ax.bar_label(bars, [f"{k:.0%}" if np.isfinite(k) else "" for k in kept])
    if np.isfinite(overall):
        ax.axhline(
            overall,
            color="#c0392b",
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
    names = [label(k, lang) for k in mix.index]
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
        spring layout with a fixed seed.
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
        import networkx as nx

        pos = nx.spring_layout(graph, seed=0)
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
    ax.bar(t, value, color="#59a14f", label=label("discounted_margin", lang))
    running = np.cumsum(value) - acquisition_cost
    ax.plot(
        np.concatenate([[0], t]),
        np.concatenate([[-acquisition_cost], running]),
        color="#4e79a7",
        marker="o",
        label=f"{label('cumulative_clv', lang)}: {running[-1]:,.0f}",
    )
    if np.allclose(m, m[0]) and retention_rate < 1:
        closed = lifetime_value_closed_form(
            m[0], retention_rate, discount_rate, acquisition_cost
        )
        ax.axhline(
            closed,
            color="#c0392b",
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

    ``case`` is a :class:`crmsim.course.cases.SmithCase` (low and high end of "she
    tells 10 to 20 people") or a single :class:`crmsim.course.cases.SmithChain`.
    """
    ax, lang = _axes(ax, lang)
    chains = [case.low, case.high] if hasattr(case, "low") else [case]
    names = [label("people_told_n", lang).format(n=c.people_told) for c in chains]
    direct = np.array([c.direct_loss for c in chains])
    indirect = np.array([c.indirect_loss for c in chains])
    ax.bar(names, direct, color="#f28e2b", label=label("direct_loss", lang))
    bars = ax.bar(
        names,
        indirect,
        bottom=direct,
        color="#c0392b",
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
        curves.items(), ["#c0392b", "#4e79a7", "#59a14f", "#f28e2b"], strict=False
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
