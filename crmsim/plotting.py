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
from crmsim.ledger import C3_COMPONENTS
from crmsim.rules import Stage

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from crmsim.simulation import Results

__all__ = [
    "LANGUAGES",
    "get_language",
    "plot_lifecycle_profit",
    "plot_profit",
    "plot_retention_by_satisfaction",
    "plot_stages",
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
        from crmsim.fonts import use_cjk_font

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
    ax.set_title(label("stages_title", lang))
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
