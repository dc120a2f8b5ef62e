"""Classroom dashboards for JupyterLab (ipywidgets + matplotlib).

Four dashboards, each an object with ``.controls`` (a dict of ipywidgets),
``.update()`` (recompute and redraw), ``.widget`` (the box to show) and the
time the last update took; a notebook shows one by leaving it as the last
expression of a cell::

    from crmsim.presentation.widgets import LifecycleDashboard
    LifecycleDashboard()          # 2 000 customers, 260 weeks

- :class:`LifecycleDashboard`: the simulated market; sliders for the
  relationship level, competition, switching cost, service quality,
  expectation level, word of mouth, the loyalty programme and the seed;
  shows the stage flow, yearly retention, profit and the loyalty-type mix.
- :class:`CLVCalculator`: customer lifetime value (C4).
- :class:`SmithCalculator`: what one unhappy customer costs (E10).
- :class:`JonesSasserExplorer`: satisfaction and loyalty (E8).

:func:`classroom` puts all four in tabs. Figures are drawn off-screen (no
pyplot) and shown as PNG images in large type for a projector; labels are
English or Chinese (``lang="zh"``, default: :func:`crmsim.set_language`).
Needs the ``ui`` extra (``pip install crmsim[ui]``).
"""

from __future__ import annotations

import html
import io
import time
from typing import Any

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from crmsim.course.cases import smith_case
from crmsim.errors import CRMSimError
from crmsim.io import write_atomic
from crmsim.model import simulation
from crmsim.model.scenario import Scenario, preset
from crmsim.presentation import labels, plotting

__all__ = [
    "CLVCalculator",
    "Dashboard",
    "JonesSasserExplorer",
    "LifecycleDashboard",
    "SmithCalculator",
    "classroom",
    "default_engine",
]

_CSS = """<style>
.crmsim-dashboard .widget-label, .crmsim-dashboard .widget-readout,
.crmsim-dashboard .widget-inline-hbox .widget-label, .crmsim-dashboard select,
.crmsim-dashboard input, .crmsim-dashboard button, .crmsim-dashboard td,
.crmsim-dashboard th, .crmsim-dashboard a {font-size: 18px !important;}
.crmsim-dashboard .widget-readout {min-width: 3.5em;}
.crmsim-dashboard label, .crmsim-classroom .lm-TabBar-tab {font-size: 18px;}
.crmsim-classroom .lm-TabBar-tab {min-width: 11em;}
.crmsim-dashboard .crmsim-side {flex: 0 0 430px; width: 430px; overflow: hidden;}
.crmsim-dashboard .crmsim-main {flex: 1 1 auto; min-width: 0;}
.crmsim-dashboard .crmsim-main img {width: 100%; height: auto;}
.crmsim-dashboard .crmsim-status {font-size: 24px; line-height: 1.35;}
.crmsim-dashboard .crmsim-busy {font-size: 22px; color: #0072B2; font-weight: bold;}
.crmsim-dashboard .crmsim-busy-off {visibility: hidden;}
.crmsim-dashboard table {border-collapse: collapse;}
.crmsim-dashboard td, .crmsim-dashboard th {padding: 1px 6px;
  border-bottom: 1px solid #ddd; text-align: left;}
.crmsim-dashboard .crmsim-error {color: #D55E00; font-weight: bold;}
.crmsim-dashboard .crmsim-links a {margin-right: 14px;}
</style>"""


def default_engine() -> str:
    """The fastest engine :func:`crmsim.simulate` offers (``"vector"`` if present)."""
    return "vector" if "vector" in simulation.ENGINES else "mesa"


def _t(key: str, lang: str) -> str:
    return labels.label(key, lang)


class Dashboard:
    """Controls, a figure drawn as a PNG image, and a status line.

    Subclasses fill :attr:`controls` and implement :meth:`compute` and
    :meth:`draw`. Every control change calls :meth:`update`.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The inputs, by name.
    widget : ipywidgets.Box
        Everything, ready to display.
    image : ipywidgets.Image
        The current figure as PNG.
    status : ipywidgets.HTML
        Headline numbers (or the error) of the last update.
    figure : matplotlib.figure.Figure
        The figure, drawn off-screen.
    updates : int
        Number of completed updates.
    last_run_seconds, last_draw_seconds, last_update_seconds : float
        Time of the last computation, drawing (with PNG encoding) and both.
    """

    figsize = (7.9, 5.7)
    dpi = plotting.DISPLAY_DPI
    figure_margins = {"left": 0.14, "right": 0.95, "bottom": 0.14, "top": 0.9}

    def __init__(self, lang: str | None = None):
        self.lang = plotting._check_language(lang)
        self.controls: dict[str, w.Widget] = {}
        # A fixed layout: constrained layout would triple the drawing time.
        self.figure = Figure(figsize=self.figsize, dpi=self.dpi)
        self.figure.subplots_adjust(**self.figure_margins)
        FigureCanvasAgg(self.figure)
        self.image = w.Image(format="png", layout=w.Layout(width="100%"))
        self.status = w.HTML(layout=w.Layout(width="100%"))
        self.status.add_class("crmsim-status")
        # shown while a re-run is under way (the page keeps the last figure)
        self.busy = w.HTML(_t("busy", self.lang))
        self.busy.add_class("crmsim-busy")
        self.busy.add_class("crmsim-busy-off")
        self.side_extra: list[w.Widget] = []
        self.updates = 0
        self.last_run_seconds = float("nan")
        self.last_draw_seconds = float("nan")
        self.last_update_seconds = float("nan")
        self.error: str | None = None
        self.widget = w.VBox()
        self.widget.add_class("crmsim-dashboard")

    # --- building ---------------------------------------------------------

    def _finish(self, columns: int = 2, auto: bool = True) -> None:
        """Lay out the controls, observe them and draw the first time."""
        side = w.VBox([*self.controls.values(), self.busy, *self.side_extra])
        side.add_class("crmsim-side")
        main = w.VBox([self.status, self.image])
        main.add_class("crmsim-main")
        self.widget.children = [w.HTML(_CSS), w.HBox([side, main])]
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        if auto:
            self.update()

    def _slider(self, key, kind, value, lo, hi, step, fmt=None) -> w.Widget:
        cls = w.IntSlider if kind is int else w.FloatSlider
        kwargs = {"readout_format": fmt} if fmt else {}
        return cls(
            value=value,
            min=lo,
            max=hi,
            step=step,
            description=_t(key, self.lang),
            continuous_update=False,
            readout=True,
            style={"description_width": "11em"},
            layout=w.Layout(width="420px"),
            **kwargs,
        )

    def _checkbox(self, key, value: bool) -> w.Widget:
        return w.Checkbox(
            value=value,
            description=_t(key, self.lang),
            indent=False,
            layout=w.Layout(width="50%"),
        )

    def _changed(self, change) -> None:
        self.update()

    # --- the work ---------------------------------------------------------

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control."""
        return {name: c.value for name, c in self.controls.items()}

    def compute(self) -> None:
        """Recompute the results from :attr:`values` (subclasses)."""

    def draw(self) -> None:
        """Draw the results on :attr:`figure` (subclasses)."""

    def headline(self) -> str:
        """HTML shown above the figure (subclasses)."""
        return ""

    def redraw(self) -> None:
        """Clear the figure and :meth:`draw` it again (the live dashboard updates)."""
        self.figure.clear()
        self.figure.subplots_adjust(**self.figure_margins)
        self.draw()

    def update(self) -> None:
        """Recompute, redraw and show; errors are shown, not raised.

        The busy indicator is on from the start of the re-run until the new
        figure has been sent.
        """
        self.busy.remove_class("crmsim-busy-off")
        try:
            self._update()
        finally:
            self.busy.add_class("crmsim-busy-off")

    def _update(self) -> None:
        start = time.perf_counter()
        try:
            self.compute()
        except CRMSimError as exc:
            self.error = str(exc)
            self.status.value = (
                f'<span class="crmsim-error">{_t("error", self.lang)}: '
                f"{html.escape(self.error)}</span>"
            )
            return
        self.error = None
        self.last_run_seconds = time.perf_counter() - start
        drawn = time.perf_counter()
        with plotting._presentation_style(self.lang):
            self.redraw()
            self.image.value = self._png()
        end = time.perf_counter()
        self.last_draw_seconds = end - drawn
        self.last_update_seconds = end - start
        self.updates += 1
        self.status.value = self.headline()

    def _png(self) -> bytes:
        """Render the figure; PNG with light compression (fast to encode)."""
        from PIL import Image

        canvas = self.figure.canvas
        canvas.draw()
        rgb = np.asarray(canvas.buffer_rgba())[..., :3]
        buffer = io.BytesIO()
        Image.fromarray(rgb).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    @property
    def png(self) -> bytes:
        """The figure shown, as PNG bytes."""
        return bytes(self.image.value)

    def save(self, path) -> None:
        """Save the current figure as a PNG file (atomically)."""
        write_atomic(path, self.png)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = (
            f"{type(self).__name__}: interactive in JupyterLab (.png has the figure)"
        )
        return bundle


def _cells(pairs: list[tuple[str, str]]) -> str:
    return " · ".join(f"{html.escape(k)}: <b>{v}</b>" for k, v in pairs)


class LifecycleDashboard(Dashboard):
    """The simulated market: stage flow, yearly retention, profit, loyalty mix.

    Presentation mode: the controls in a side column, the figure beside them
    sized for a 1280×720 screen (every text at least 24 px), Okabe-Ito
    colours with the stage names written on the chart, a busy indicator
    during a re-run. *Pin this run* keeps the current run as dashed ghost
    lines with a row in the table of pinned runs; the links under it
    download the figure (PNG), the weekly table and the pinned runs (CSV)
    (``data:`` links, so they work in Voilà too).

    Control → scenario parameter (:class:`crmsim.Scenario`):

    ===================== ===================================================
    relationship level    ``relationship_level`` (0-3, B5)
    competition           ``competition_intensity``
    switching cost        ``switching_cost``
    service quality       ``service_quality``
    expectation set       ``expectation_level`` (D4)
    word of mouth ×       multiplies ``wom_positive_reach`` and
                          ``wom_negative_reach`` of the base scenario
                          (0 = no word of mouth, 1 = as the base, A4)
    loyalty programme     ``loyalty_tier`` (0-3)
    seed                  the run's seed
    ===================== ===================================================

    Parameters
    ----------
    scenario : Scenario or str, optional
        Base scenario or preset name; the controls start at its values.
    n_customers, weeks : int
        Size and length of each run (default 2 000 people, 260 weeks).
    seed : int
        Starting seed.
    engine : str, optional
        Engine of :func:`crmsim.simulate`; default :func:`default_engine`.
    lang : {"en", "zh"}, optional
        Label language; default the package setting.
    auto : bool
        Run and draw once on construction.
    """

    HEADLINE_COLUMNS = (
        "relationship_level",
        "loyalty_tier",
        "yearly_retention",
        "active_at_end",
        "profit",
        "base_lifecycle_years",
        "realised_lifetime_value",
    )
    """Columns of :attr:`pinned` (one row per pinned run)."""

    def __init__(
        self,
        scenario: Scenario | str | None = None,
        *,
        n_customers: int = 2000,
        weeks: int = 260,
        seed: int = 1,
        engine: str | None = None,
        lang: str | None = None,
        auto: bool = True,
    ):
        super().__init__(lang)
        base = preset(scenario) if isinstance(scenario, str) else scenario
        self.base = (base or Scenario()).replace(n_customers=n_customers, weeks=weeks)
        self.engine = engine
        self.results: simulation.Results | None = None
        self.chart: plotting.LifecycleFigure | None = None
        self.pinned_rows: list[dict[str, Any]] = []
        b, s, lang = self.base, self._slider, self.lang
        levels = ["level0", "level1_name", "level2_name", "level3_name"]
        tiers = [(_t(f"tier{k}", lang), k) for k in range(4)]
        self.controls = {
            "relationship_level": w.Dropdown(
                options=[(_t(k, lang), i) for i, k in enumerate(levels)],
                value=b.relationship_level,
                description=_t("relationship_level", lang),
                style={"description_width": "11em"},
                layout=w.Layout(width="420px"),
            ),
            "competition_intensity": s(
                "competition_intensity", float, b.competition_intensity, 0, 1, 0.05
            ),
            "switching_cost": s(
                "switching_cost", float, b.switching_cost, 0, 0.3, 0.01
            ),
            "service_quality": s(
                "service_quality", float, b.service_quality, 0.3, 1, 0.05
            ),
            "expectation_level": s(
                "expectation_level", float, b.expectation_level, 0.2, 0.9, 0.05
            ),
            "word_of_mouth": s("word_of_mouth", float, 1.0, 0, 3, 0.25),
            "loyalty_tier": w.Dropdown(
                options=tiers,
                value=b.loyalty_tier,
                description=_t("loyalty_tier", lang),
                style={"description_width": "11em"},
                layout=w.Layout(width="420px"),
            ),
            "seed": w.BoundedIntText(
                value=seed,
                min=0,
                max=2**31 - 1,
                description=_t("seed", lang),
                style={"description_width": "11em"},
                layout=w.Layout(width="300px", min_width="300px"),
            ),
        }
        self.pin_button = w.Button(description=_t("pin", lang), icon="thumb-tack")
        self.clear_button = w.Button(description=_t("clear_pins", lang))
        for button in (self.pin_button, self.clear_button):
            button.layout = w.Layout(width="205px")
        self.pin_button.on_click(lambda _: self.pin())
        self.clear_button.on_click(lambda _: self.clear_pins())
        self.downloads = w.HTML()
        self.downloads.add_class("crmsim-links")
        self.pins_table = w.HTML()
        self.side_extra = [
            w.HBox([self.pin_button, self.clear_button]),
            self.downloads,
            self.pins_table,
        ]
        self._finish(auto=auto)

    def scenario_params(self) -> dict[str, Any]:
        """The scenario parameters the controls set (see the class docstring)."""
        v, b = self.values, self.base
        scale = float(v["word_of_mouth"])
        return {
            "relationship_level": int(v["relationship_level"]),
            "competition_intensity": float(v["competition_intensity"]),
            "switching_cost": float(v["switching_cost"]),
            "service_quality": float(v["service_quality"]),
            "expectation_level": float(v["expectation_level"]),
            "wom_positive_reach": round(b.wom_positive_reach * scale),
            "wom_negative_reach": round(b.wom_negative_reach * scale),
            "loyalty_tier": int(v["loyalty_tier"]),
        }

    @property
    def scenario(self) -> Scenario:
        """The scenario of the current control values."""
        return self.base.replace(**self.scenario_params())

    def compute(self) -> None:
        """Run the simulation for the current controls."""
        self.results = simulation.simulate(
            self.scenario,
            seed=int(self.values["seed"]),
            engine=self.engine or default_engine(),
        )

    def redraw(self) -> None:
        """Move the new run's data onto the existing charts (built once)."""
        if self.chart is None:
            self.chart = plotting.LifecycleFigure(
                self.figure, self.base.weeks, lang=self.lang
            )
            self.chart.update(self.results)
            # lay out once, then keep the positions: a layout engine on every
            # draw would cost more than the drawing itself
            self.figure.set_layout_engine("constrained")
            self.figure.canvas.draw()
            self.figure.set_layout_engine("none")
        self.chart.update(self.results)

    def draw(self) -> None:
        """Stage flow, profit, yearly retention and the loyalty-type mix."""
        self.chart = None
        self.redraw()

    def _update(self) -> None:
        super()._update()
        if self.error is None:
            self._refresh_downloads()

    # --- headline figures, pins and export ----------------------------------

    def headline_row(self) -> dict[str, Any]:
        """The current run's headline figures (a row of :attr:`pinned`)."""
        s, v = self.results.summary, self.scenario_params()
        return {
            "relationship_level": v["relationship_level"],
            "loyalty_tier": v["loyalty_tier"],
            "yearly_retention": float(s["yearly_retention"]),
            "active_at_end": int(s["active_at_end"]),
            "profit": float(self.results.weekly["profit"].sum()),
            "base_lifecycle_years": float(s["base_lifecycle_years"]),
            "realised_lifetime_value": float(s["realised_lifetime_value"]),
        }

    def headline(self) -> str:
        """Yearly retention, active customers, profit, T = N/M, lifetime value."""
        r, lang = self.headline_row(), self.lang
        return _cells(
            [
                (_t("retention", lang), f"{r['yearly_retention']:.0%}"),
                (_t("active", lang), f"{r['active_at_end']:,}"),
                (_t("profit_total", lang), f"{r['profit']:,.0f}"),
                (
                    _t("lifecycle", lang),
                    labels.format_years(r["base_lifecycle_years"], lang),
                ),
                (_t("ltv", lang), f"{r['realised_lifetime_value']:,.0f}"),
            ]
        )

    @property
    def pinned(self):
        """The pinned runs' headline figures, one row per run (a DataFrame)."""
        import pandas as pd

        return pd.DataFrame(self.pinned_rows, columns=["run", *self.HEADLINE_COLUMNS])

    def pin(self) -> None:
        """Keep the current run as dashed ghost lines and a row of the pin table."""
        if self.results is None or self.chart is None:
            return
        name = f"{_t('run_label', self.lang)} {len(self.pinned_rows) + 1}"
        self.pinned_rows.append({"run": name, **self.headline_row()})
        self.chart.pin(self.results, name)
        self._show_pins()

    def clear_pins(self) -> None:
        """Forget every pinned run."""
        self.pinned_rows = []
        if self.chart is not None:
            self.chart.clear_pins()
        self._show_pins()

    def _show_pins(self) -> None:
        with plotting._presentation_style(self.lang):
            self.chart.update(self.results)
            self.image.value = self._png()
        lang = self.lang
        head = "".join(
            f"<th>{html.escape(_t(k, lang))}</th>"
            for k in ("run_label", "retention", "profit_total", "lifecycle")
        )
        rows = [{"run": _t("current_run", lang), **self.headline_row()}]
        rows += self.pinned_rows
        body = "".join(
            f"<tr><td>{html.escape(r['run'])}</td>"
            f"<td>{r['yearly_retention']:.0%}</td><td>{r['profit']:,.0f}</td>"
            f"<td>{labels.format_years(r['base_lifecycle_years'], lang)}</td></tr>"
            for r in rows
        )
        self.pins_table.value = (
            f"<table><tr>{head}</tr>{body}</table>" if self.pinned_rows else ""
        )
        self._refresh_downloads()

    def csv_tables(self) -> dict[str, str]:
        """The downloadable tables as CSV text: the weekly table, the pinned runs."""
        return {
            "weekly.csv": self.results.weekly.to_csv(index=False),
            "pinned_runs.csv": self.pinned.to_csv(index=False),
        }

    def _refresh_downloads(self) -> None:
        import base64

        def link(name, mime, data, key):
            encoded = base64.b64encode(data).decode("ascii")
            text = html.escape(_t(key, self.lang))
            return (
                f'<a download="{name}" class="crmsim-download-{name.split(".")[0]}" '
                f'href="data:{mime};base64,{encoded}">⤓ {text}</a>'
            )

        tables = self.csv_tables()
        parts = [
            link("lifecycle.png", "image/png", self.png, "download_png"),
            link(
                "weekly.csv", "text/csv", tables["weekly.csv"].encode(), "download_csv"
            ),
        ]
        if self.pinned_rows:
            parts.append(
                link(
                    "pinned_runs.csv",
                    "text/csv",
                    tables["pinned_runs.csv"].encode(),
                    "download_pins",
                )
            )
        self.downloads.value = "<br>".join(parts)


class CLVCalculator(Dashboard):
    """Customer lifetime value, closed form and period by period (C4).

    ``CLV = m·r/(1+i−r) − AC`` (Gupta & Lehmann) next to the finite sum
    :func:`crmsim.lifetime_value` over growing margins; the chart shows each
    period's expected discounted margin and the running total.
    """

    figsize = (12.0, 6.5)

    def __init__(self, lang: str | None = None, auto: bool = True):
        super().__init__(lang)
        s = self._slider
        self.result: dict[str, float] = {}
        self.controls = {
            "margin": s("margin", float, 100.0, 0, 1000, 10, ".0f"),
            "retention_rate": s("retention_rate", float, 0.8, 0, 0.99, 0.01),
            "discount_rate": s("discount_rate", float, 0.1, 0, 0.5, 0.01),
            "acquisition_cost": s("acquisition_cost", float, 50.0, 0, 1000, 10, ".0f"),
            "periods": s("periods", int, 10, 1, 40, 1),
            "growth": s("growth", float, 0.0, -0.2, 0.5, 0.01),
        }
        self._finish(columns=2, auto=auto)

    def compute(self) -> None:
        """Closed-form and finite-horizon CLV of the current inputs."""
        from crmsim.economics import (
            growing_margins,
            lifetime_value,
            lifetime_value_closed_form,
            margin_multiple,
        )

        v = self.values
        r, i, ac = v["retention_rate"], v["discount_rate"], v["acquisition_cost"]
        self.margin_series = growing_margins(
            v["margin"], v["growth"], int(v["periods"])
        )
        self.result = {
            "closed_form": float(lifetime_value_closed_form(v["margin"], r, i, ac)),
            "finite": lifetime_value(self.margin_series, r, i, ac),
            "multiple": float(margin_multiple(r, i)),
        }

    def draw(self) -> None:
        """The period-by-period chart."""
        v = self.values
        plotting.plot_clv(
            self.margin_series,
            v["retention_rate"],
            v["discount_rate"],
            v["acquisition_cost"],
            ax=self.figure.subplots(),
            lang=self.lang,
        )

    def headline(self) -> str:
        """The two CLVs and the margin multiple."""
        r, lang = self.result, self.lang
        return _cells(
            [
                (_t("clv_closed", lang), f"{r['closed_form']:,.2f}"),
                (_t("clv_finite", lang), f"{r['finite']:,.2f}"),
                (_t("multiple", lang), f"{r['multiple']:.2f}"),
            ]
        )


class SmithCalculator(Dashboard):
    """What one unhappy customer costs, step by step (Smith case, E10).

    Runs :func:`crmsim.smith_case` for the low and high number of people she
    tells; the table lists every step with its formula.
    """

    figsize = (12.0, 6.0)

    def __init__(self, lang: str | None = None, auto: bool = True):
        super().__init__(lang)
        s = self._slider
        self.result = None
        self.controls = {
            "people_told": w.IntRangeSlider(
                value=(10, 20),
                min=0,
                max=50,
                description=_t("people_told", self.lang),
                continuous_update=False,
                style={"description_width": "14em"},
                layout=w.Layout(width="50%"),
            ),
            "weekly_spend": s("weekly_spend", float, 50.0, 0, 500, 5, ".0f"),
            "years": s("years", float, 10.0, 0, 30, 1, ".0f"),
            "influenced_share": s("influenced_share", float, 0.5, 0, 1, 0.05),
            "further_influenced_each": s(
                "further_influenced_each", float, 5.0, 0, 20, 1, ".0f"
            ),
            "stop_share": s("stop_share", float, 0.25, 0, 1, 0.05),
            "count_first_round": self._checkbox("count_first_round", True),
        }
        self.table = w.HTML()
        self._finish(columns=2, auto=auto)
        self.widget.children = [*self.widget.children, self.table]

    def compute(self) -> None:
        """The case for the current inputs."""
        v = dict(self.values)
        self.result = smith_case(tuple(v.pop("people_told")), **v)

    def draw(self) -> None:
        """The loss chart and the step table."""
        plotting.plot_smith_case(self.result, ax=self.figure.subplots(), lang=self.lang)
        zh = self.lang == "zh"
        low, high = self.result.low.steps(), self.result.high.steps()
        rows = "".join(
            f"<tr><td>{html.escape(a['label_zh'] if zh else a['label'])}</td>"
            f"<td>{html.escape(a['formula'])}</td><td><b>{a['value']:,.6g}</b></td>"
            f"<td>{html.escape(b['formula'])}</td><td><b>{b['value']:,.6g}</b></td>"
            "</tr>"
            for a, b in zip(low, high, strict=True)
        )
        told = plotting.label("people_told_n", self.lang)
        self.table.value = (
            f"<table><tr><th>{_t('step_column', self.lang)}</th>"
            f"<th colspan=2>{told.format(n=self.result.low.people_told)}</th>"
            f"<th colspan=2>{told.format(n=self.result.high.people_told)}</th></tr>"
            f"{rows}</table>"
        )

    def headline(self) -> str:
        """Total loss at both ends."""
        label = plotting.label("total_loss", self.lang)
        return _cells(
            [
                (
                    f"{label} ({c.people_told:g})",
                    f"{c.total_loss:,.0f}",
                )
                for c in (self.result.low, self.result.high)
            ]
        )


class JonesSasserExplorer(Dashboard):
    """Satisfaction and loyalty (Jones & Sasser 1995, E8).

    Draws your own curve ``floor + (ceiling − floor)·((s−1)/4)^exponent``
    (:func:`crmsim.satisfaction_loyalty`) next to the high- and
    low-competition shapes.
    """

    figsize = (12.0, 6.5)

    def __init__(self, lang: str | None = None, auto: bool = True):
        super().__init__(lang)
        s = self._slider
        self.result = None
        self.controls = {
            "floor": s("floor", float, 0.3, 0, 1, 0.05),
            "ceiling": s("ceiling", float, 0.95, 0, 1, 0.05),
            "exponent": s("exponent", float, 2.0, 0.25, 8, 0.25),
            "show_presets": self._checkbox("show_presets", True),
        }
        self._finish(columns=2, auto=auto)

    def compute(self) -> None:
        """Loyalty at levels 1-5 of your curve (validates floor <= ceiling)."""
        from crmsim.course.cases import satisfaction_loyalty

        v = self.values
        self.curve = {k: v[k] for k in ("floor", "ceiling", "exponent")}
        self.result = satisfaction_loyalty([1, 2, 3, 4, 5], **self.curve)

    def draw(self) -> None:
        """Your curve, with the two markets if asked for."""
        curves = {}
        if self.values["show_presets"]:
            curves = {
                plotting.label("high_competition", self.lang): {"competition": "high"},
                plotting.label("low_competition", self.lang): {"competition": "low"},
            }
        curves[plotting.label("custom_curve", self.lang)] = self.curve
        plotting.plot_satisfaction_loyalty(
            curves, ax=self.figure.subplots(), lang=self.lang
        )

    def headline(self) -> str:
        """Loyalty of your curve at each level."""
        return _cells(
            [
                (f"{_t('level', self.lang)} {k}", f"{v:.0%}")
                for k, v in enumerate(self.result, start=1)
            ]
        )


def classroom(lang: str | None = None, **lifecycle: Any) -> w.Tab:
    """All four dashboards in tabs (``lifecycle``: for :class:`LifecycleDashboard`)."""
    lang = plotting._check_language(lang)
    boards = [
        LifecycleDashboard(lang=lang, **lifecycle),
        CLVCalculator(lang=lang),
        SmithCalculator(lang=lang),
        JonesSasserExplorer(lang=lang),
    ]
    tab = w.Tab(children=[b.widget for b in boards])
    tab.add_class("crmsim-classroom")
    tab.titles = tuple(
        _t(k, lang) for k in ("tab_lifecycle", "tab_clv", "tab_smith", "tab_js")
    )
    tab.dashboards = boards
    return tab
