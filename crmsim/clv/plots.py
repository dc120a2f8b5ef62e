"""Tracking plots of the CLV lab, in English or Chinese (matplotlib only).

Every function takes ``ax=None`` (a new figure is made) and ``lang=None``
(the package setting) and returns the Axes. Lines carry direct labels, so
colour (Okabe-Ito) is never the only cue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from crmsim.presentation.plotting import _axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "plot_calibration_holdout",
    "plot_p_alive_calibration",
    "plot_tracking",
]

# The CLV lab's own labels (en, zh); kept here until they join the
# package's one table in crmsim.presentation.labels.
_LABELS = {
    "week": ("Week", "周"),
    "cumulative": ("Cumulative repeat transactions", "累计重复购买次数"),
    "tracking_title": (
        "Cumulative repeat transactions: data vs models",
        "累计重复购买：数据与模型",
    ),
    "end_of_calibration": ("end of calibration", "校准期结束"),
    "frequency": ("Repeat purchases in calibration", "校准期重复购买次数"),
    "holdout_mean": ("Mean purchases in holdout", "验证期平均购买次数"),
    "cal_holdout_title": (
        "Conditional expectations: calibration vs holdout",
        "条件期望：校准期与验证期",
    ),
    "actual": ("actual", "实际"),
    "predicted": ("BG/NBD", "BG/NBD 预测"),
    "p_alive": ("Predicted P(alive)", "预测的存活概率 P(alive)"),
    "share_alive": ("Share truly alive", "实际存活比例"),
    "p_alive_title": (
        "P(alive) against the truth",
        "存活概率与真实状态",
    ),
    "diagonal": ("perfect calibration", "完全校准"),
}

_COLOURS = ("#000000", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7")


def _t(key: str, lang: str) -> str:
    en, zh = _LABELS[key]
    return zh if lang == "zh" else en


def plot_tracking(
    curves: dict[str, np.ndarray],
    calibration_weeks: int | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Cumulative repeat transactions, week by week, one line per source.

    Parameters
    ----------
    curves : dict
        Line label -> cumulative counts for weeks 1, 2, ... (the first entry
        is drawn as the data: black, thicker).
    calibration_weeks : int, optional
        Draw a vertical line at the end of calibration.
    """
    ax, lang = _axes(ax, lang)
    # direct labels in the order the lines end, spread so they never overlap
    ends = [float(np.asarray(v, dtype=float)[-1]) for v in curves.values()]
    rank = np.argsort(np.argsort(ends))
    for i, (name, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        weeks = np.arange(1, values.size + 1)
        style = dict(lw=3.0) if i == 0 else dict(lw=2.0, ls=("--", ":", "-.")[i % 3])
        ax.plot(weeks, values, color=_COLOURS[i % len(_COLOURS)], **style)
        ax.annotate(
            name,
            (weeks[-1], values[-1]),
            xytext=(4, 14 * (rank[i] - (len(ends) - 1) / 2)),
            textcoords="offset points",
            color=_COLOURS[i % len(_COLOURS)],
            va="center",
        )
    if calibration_weeks is not None:
        ax.axvline(calibration_weeks, color="#999999", lw=1)
        ax.text(
            calibration_weeks,
            ax.get_ylim()[1] * 0.97,
            " " + _t("end_of_calibration", lang),
            va="top",
            color="#555555",
        )
    ax.set_xlabel(_t("week", lang))
    ax.set_ylabel(_t("cumulative", lang))
    ax.set_title(_t("tracking_title", lang))
    ax.margins(x=0.12, y=0.08)
    return ax


def plot_calibration_holdout(
    base: pd.DataFrame,
    prediction: pd.DataFrame,
    max_frequency: int = 7,
    ax: Axes | None = None,
    lang: str | None = None,
) -> Axes:
    """Mean holdout purchases by calibration frequency: actual vs BG/NBD.

    The classic check of Fader, Hardie & Lee (2005, figure 4); customers with
    ``max_frequency`` or more repeat purchases are pooled.
    """
    ax, lang = _axes(ax, lang)
    m = base[["customer_id", "frequency", "holdout_purchases"]].merge(
        prediction[["customer_id", "expected_holdout_purchases"]], on="customer_id"
    )
    m["group"] = np.minimum(m["frequency"], max_frequency)
    g = m.groupby("group")[["holdout_purchases", "expected_holdout_purchases"]]
    means = g.mean()
    x = means.index.to_numpy()
    for i, (column, key) in enumerate(
        (("holdout_purchases", "actual"), ("expected_holdout_purchases", "predicted"))
    ):
        ax.plot(
            x,
            means[column],
            marker="os"[i],
            color=_COLOURS[i],
            lw=2.5 - i,
            ls="-" if i == 0 else "--",
        )
        ax.annotate(
            _t(key, lang),
            (x[-1], means[column].iloc[-1]),
            xytext=(6, 8 - 16 * i),
            textcoords="offset points",
            color=_COLOURS[i],
        )
    # every group is a point; with many groups label every fifth and the last
    step = 1 if len(x) <= 12 else 5
    ticks = [v for v in x[:-1] if v % step == 0 and x[-1] - v > step // 2] + [x[-1]]
    ax.set_xticks(ticks, [str(v) for v in ticks[:-1]] + [f"{x[-1]}+"])
    ax.set_xlabel(_t("frequency", lang))
    ax.set_ylabel(_t("holdout_mean", lang))
    ax.set_title(_t("cal_holdout_title", lang))
    ax.margins(x=0.12)
    return ax


def plot_p_alive_calibration(
    calibration: pd.DataFrame, ax: Axes | None = None, lang: str | None = None
) -> Axes:
    """Binned P(alive) against the share truly alive (a reliability diagram).

    ``calibration`` is :attr:`crmsim.clv.models.TruthComparison.calibration`.
    """
    ax, lang = _axes(ax, lang)
    ax.plot([0, 1], [0, 1], color="#999999", lw=1)
    ax.text(0.62, 0.55, _t("diagonal", lang), color="#777777", rotation=0)
    ax.plot(
        calibration["predicted"],
        calibration["actual"],
        marker="o",
        color=_COLOURS[2],
        lw=2,
    )
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(_t("p_alive", lang))
    ax.set_ylabel(_t("share_alive", lang))
    ax.set_title(_t("p_alive_title", lang))
    return ax
