"""The classroom network app: a Solara page over the Mesa crmsim model.

Shows the customer network coloured by lifecycle stage next to live charts of
the active customers by stage and of revenue and profit, with the model's
main parameters as controls in a side column (change them, press *Reset*,
then *Step* or *Play*). Start it with ``crmsim viz`` (127.0.0.1, port 8765)
or ``solara run crmsim.presentation.app``. Needs the ``viz`` extra
(``pip install crmsim[viz]``: Solara and its assets, so the page works
without internet).

Why not Mesa's ``SolaraViz``: given a model *instance* it starts every
browser tab on that one shared model, and its own controls (Controls,
RESET, STEP, Play Interval) cannot be translated. Here each browser tab
(Solara session) builds its own model in ``solara.use_memo``, and every
label comes from :mod:`crmsim.presentation.labels`.

Labels follow ``CRMSIM_LANG`` (``en`` or ``zh``; ``crmsim viz --lang zh``),
else the package setting. The per-session work (model, figures, frames) is
:class:`AppSession`, usable without a browser (tests, ``benchmarks/bench_app.py``).
"""

from __future__ import annotations

import io
import os
import threading
from typing import Any

import matplotlib as mpl
import numpy as np
import solara
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from crmsim.model.crm_model import CRMModel
from crmsim.model.rules import ACTIVE_STAGES, Stage
from crmsim.model.scenario import Scenario
from crmsim.presentation import labels, plotting

__all__ = ["CONTROLS", "AppSession", "Page", "VizModel", "app_language"]

CONTROLS: dict[str, tuple[Any, Any, Any]] = {
    # scenario parameter: (min, max, step); the label is labels.label(name)
    "relationship_level": (0, 3, 1),
    "loyalty_tier": (0, 3, 1),
    "competition_intensity": (0.0, 1.0, 0.05),
    "switching_cost": (0.0, 0.3, 0.01),
    "service_quality": (0.3, 1.0, 0.05),
    "expectation_level": (0.2, 0.9, 0.05),
    "advocacy_chance": (0.0, 1.0, 0.05),
    "wom_negative_reach": (0, 60, 1),
    "n_customers": (50, 2000, 50),
    "mean_degree": (2.0, 12.0, 1.0),
}
"""The app's parameter controls: ranges of scenario parameters."""

DEFAULTS = {"n_customers": 150, "mean_degree": 6.0}
NETWORK_EVERY = 4
"""During Play the network is redrawn on every fourth frame (charts on each)."""


def app_language() -> str:
    """``CRMSIM_LANG`` if set, else the package's label language."""
    return labels.check_language(os.environ.get("CRMSIM_LANG") or None)


class VizModel(CRMModel):
    """The crmsim model sized for drawing, with node positions for its network.

    Parameters
    ----------
    scenario : Scenario or str, optional
        Base scenario or preset name; any other object is ignored.
    rng : int, str or numpy Generator, optional
        Seed; text from a seed box is converted to an integer.
    n_customers, mean_degree, weeks
        Market size, contacts per person and run length.
    **params
        Any other :class:`~crmsim.Scenario` parameter.

    Attributes
    ----------
    positions : numpy.ndarray
        Node positions of the network drawing (:func:`plotting.network_layout`).
    """

    def __init__(
        self,
        scenario: Scenario | str | None = None,
        rng=None,
        *,
        n_customers: int = 150,
        mean_degree: float = 6.0,
        weeks: int = 260,
        **params: Any,
    ):
        if not isinstance(scenario, Scenario | str):
            scenario = None
        if isinstance(rng, str):
            rng = int(rng) if rng.strip().lstrip("-").isdigit() else None
        super().__init__(
            scenario,
            rng=rng,
            n_customers=int(n_customers),
            mean_degree=float(mean_degree),
            weeks=int(weeks),
            **params,
        )
        # fewer iterations for big markets: the layout is O(n^2) per iteration
        iterations = 60 if self.params.n_customers <= 600 else 25
        self.positions = plotting.network_layout(
            self.grid.G, seed=0, iterations=iterations
        )


def _png(figure: Figure) -> bytes:
    from PIL import Image

    figure.canvas.draw()
    rgb = np.asarray(figure.canvas.buffer_rgba())[..., :3]
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class AppSession:
    """One user's model and figures: what a browser tab of the app holds.

    Parameters
    ----------
    lang : {"en", "zh"}
        Label language.
    params : dict, optional
        Scenario parameters (see :data:`CONTROLS`).
    seed : int
        Seed of the model.

    Attributes
    ----------
    model : VizModel
    frames : int
        Frames rendered so far.
    network_png, charts_png : bytes
        The current pictures.
    """

    size_in = 4.7
    """Width and height of each picture in inches (at plotting.DISPLAY_DPI)."""

    def __init__(self, lang: str, params: dict | None = None, seed: int = 42):
        self.lang = labels.check_language(lang)
        self.params = {**DEFAULTS, **(params or {})}
        self.seed = int(seed)
        self.model = VizModel(rng=self.seed, **self.params)
        self.weeks = self.model.params.weeks
        self.lock = threading.Lock()
        self.frames = 0
        with self._style():
            self._build_network()
            self._build_charts()
        self.render(network=True)

    # --- figures --------------------------------------------------------------

    def _style(self):
        return plotting._presentation_style(self.lang)

    def _figure(self) -> Figure:
        fig = Figure(figsize=(self.size_in, self.size_in), dpi=plotting.DISPLAY_DPI)
        FigureCanvasAgg(fig)
        return fig

    def _build_network(self) -> None:
        self.network_figure = fig = self._figure()
        ax = fig.add_axes((0.02, 0.2, 0.96, 0.72))
        plotting.plot_network(
            self.model.grid.G,
            self._stages(),
            pos=self.model.positions,
            ax=ax,
            lang=self.lang,
        )
        ax.get_legend().remove()
        self.network_ax = ax
        self.scatter = ax.collections[-1]
        self.stage_colours = np.array(
            [mpl.colors.to_rgba(plotting.STAGE_COLOURS[s]) for s in Stage]
        )
        self.network_text = fig.text(0.5, 0.02, "", ha="center", va="bottom")

    def _build_charts(self) -> None:
        self.charts_figure = fig = self._figure()
        a, b = fig.subplots(2, 1, sharex=True)
        fig.subplots_adjust(left=0.2, right=0.97, top=0.93, bottom=0.16, hspace=0.35)
        lang = self.lang
        a.set_title(labels.label("stages_title", lang))
        b.set_title(labels.label("profit_title", lang))
        b.set_xlabel(labels.label("week", lang))
        for ax in (a, b):
            ax.set_xlim(0, self.weeks)
            ax.yaxis.get_major_locator().set_params(nbins=3)
            ax.xaxis.get_major_locator().set_params(nbins=4)
        b.yaxis.set_major_formatter(plotting._money_formatter())
        self.stage_lines, self.stage_texts = plotting._stage_lines(a, self.weeks, lang)
        b.axhline(0, color="grey", lw=0.8)
        self.money_lines = {
            "revenue": b.plot([], [], color=plotting.OKABE_ITO[4])[0],
            "profit": b.plot([], [], color=plotting.OKABE_ITO[2])[0],
        }
        for key, y in (("revenue", 0.97), ("profit", 0.62)):
            b.text(
                0.02,
                y,
                labels.label(key, lang),
                transform=b.transAxes,
                va="top",
                color=self.money_lines[key].get_color(),
                fontweight="bold",
            )
        self.chart_axes = (a, b)

    def _stages(self) -> np.ndarray:
        return np.fromiter(
            (int(p.stage) for p in self.model.people),
            dtype=int,
            count=len(self.model.people),
        )

    # --- running --------------------------------------------------------------

    @property
    def finished(self) -> bool:
        """Whether the run has reached its last week."""
        return self.model.steps >= self.weeks or not self.model.running

    def advance(self, weeks: int = 1, render: bool = True) -> bool:
        """Step up to ``weeks`` weeks (never past the run's end); return if any ran.

        Draws a frame afterwards when ``render``: the charts every time, the
        network on every :data:`NETWORK_EVERY`-th frame and at the end.
        """
        with self.lock:
            ran = 0
            while ran < max(int(weeks), 1) and not self.finished:
                self.model.step()
                ran += 1
            if render and ran:
                self.render(network=self.finished or self.frames % NETWORK_EVERY == 0)
            return ran > 0

    def render(self, network: bool = True) -> None:
        """Draw the charts (and the network) of the current week."""
        with self._style():
            weekly = self.weekly = self.model.weekly_table()
            week = weekly["week"].to_numpy()
            a, b = self.chart_axes
            top = 1.0
            for s, line in self.stage_lines.items():
                ys = weekly[s.name.lower()].to_numpy()
                line.set_data(week, ys)
                top = max(top, float(ys.max(initial=0)))
            a.set_ylim(0, top * 1.15)
            ends = [float(weekly[s.name.lower()].iloc[-1]) for s in ACTIVE_STAGES]
            spread = plotting._spread(ends, 0.22 * top * 1.15)
            for s, y in zip(ACTIVE_STAGES, spread, strict=True):
                self.stage_texts[s].set_y(y)
            money = weekly.iloc[1:]
            values = [0.0]
            for key, line in self.money_lines.items():
                ys = money[key].rolling(4, min_periods=1).mean().to_numpy()
                line.set_data(money["week"].to_numpy(), ys)
                values += [float(ys.min(initial=0)), float(ys.max(initial=0))]
            lo, hi = min(values), max(values)
            span = (hi - lo) or 1000.0  # week 0: no money yet, a readable scale
            b.set_ylim(lo - 0.05 * span, hi + 0.6 * span)
            self.charts_png = _png(self.charts_figure)
            if network:
                codes = self._stages()
                self.scatter.set_facecolors(self.stage_colours[codes])
                counts = np.bincount(codes, minlength=len(Stage))
                names = [
                    f"{labels.label(s, self.lang)} {counts[s]}" for s in ACTIVE_STAGES
                ]
                # two lines: four names in one line would not fit the picture
                self.network_text.set_text(
                    "  ".join(names[:2]) + "\n" + "  ".join(names[2:])
                )
                self.network_png = _png(self.network_figure)
        self.frames += 1

    def summary(self) -> dict[str, Any]:
        """Week, active customers, churned so far and cumulative profit."""
        last = self.weekly.iloc[-1]
        return {
            "week": int(self.model.steps),
            "active": int(last["customers"]),
            "churned": int(last["churned"]),
            "profit": float(self.weekly["profit"].sum()),
        }

    def summary_html(self) -> str:
        """The summary line shown above the pictures."""
        s, lang = self.summary(), self.lang
        week = labels.label("week_of", lang).format(n=s["week"], total=self.weeks)
        done = f" · {labels.label('finished', lang)}" if self.finished else ""
        return (
            f"<b>{week}</b>{done} · {labels.label('active_now', lang)} "
            f"<b>{s['active']:,}</b> · {labels.label('churned_so_far', lang)} "
            f"<b>{s['churned']:,}</b> · {labels.label('profit_total', lang)} "
            f"<b>{s['profit']:,.0f}</b>"
        )


_CSS = """
.crmsim-app {display: flex; flex-direction: row; gap: 12px; width: 100%;
  box-sizing: border-box; padding: 0 10px 0 4px;
  height: calc(100vh - 24px); overflow: hidden; font-size: 18px;}
.crmsim-side {flex: 0 0 330px; width: 330px; overflow-y: auto; padding-right: 6px;}
.crmsim-main {flex: 1 1 auto; min-width: 0; display: flex; flex-direction: column;}
.crmsim-pictures {display: flex; flex-direction: row; gap: 8px; min-height: 0;
  flex: 1 1 auto;}
.crmsim-picture {flex: 1 1 0; min-width: 0;}
.crmsim-picture img {width: 100%; height: auto; max-height: calc(100vh - 70px);
  object-fit: contain; object-position: top;}
.crmsim-summary {font-size: 24px; line-height: 1.4; padding: 4px 0;}
.crmsim-side .v-label, .crmsim-side .v-btn, .crmsim-side label {
  font-size: 17px !important;}
.crmsim-side .v-input {margin-top: 2px !important; padding-top: 0 !important;}
.crmsim-side .v-messages {display: none;}
.crmsim-buttons {display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0;}
"""


def _value_text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@solara.component
def Page():
    """The app: side column of controls; summary, network and charts beside it."""
    lang = app_language()
    params = solara.use_reactive(dict(DEFAULTS))
    applied = solara.use_reactive(dict(DEFAULTS))
    seed = solara.use_reactive(42)
    version = solara.use_reactive(0)
    tick = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    render_interval = solara.use_reactive(4)
    # one model per browser tab: the memo lives in this session's Page only
    session = solara.use_memo(
        lambda: AppSession(lang, applied.value, seed.value), [version.value]
    )

    def play(cancel: threading.Event):
        while playing.value and not cancel.is_set():
            if not session.advance(render_interval.value):
                break
            tick.set(tick.value + 1)
            if session.finished:
                break
            cancel.wait(0.02)
        playing.set(False)

    solara.use_thread(play, dependencies=[playing.value, version.value])

    def reset():
        playing.set(False)
        applied.set(dict(params.value))
        version.set(version.value + 1)

    def step():
        session.advance(1)
        tick.set(tick.value + 1)

    base = Scenario()
    solara.Title(labels.label("app_title", lang))
    solara.Style(_CSS)
    with solara.Div(classes=["crmsim-app"]):
        with solara.Div(classes=["crmsim-side"]):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"<b>{labels.label('app_title', lang)}</b>",
                style="font-size: 20px",
            )
            with solara.Div(classes=["crmsim-buttons"]):
                solara.Button(
                    labels.label("reset", lang),
                    on_click=reset,
                    classes=["crmsim-reset"],
                )
                solara.Button(
                    labels.label("step", lang),
                    on_click=step,
                    disabled=playing.value or session.finished,
                    classes=["crmsim-step"],
                )
                solara.Button(
                    labels.label("pause" if playing.value else "play", lang),
                    on_click=lambda: playing.set(not playing.value),
                    disabled=session.finished and not playing.value,
                    classes=["crmsim-play"],
                )
            solara.SliderInt(
                f"{labels.label('render_interval', lang)}: {render_interval.value}",
                value=render_interval,
                min=1,
                max=20,
            )
            for name, (lo, hi, inc) in CONTROLS.items():
                value = params.value.get(name, getattr(base, name))
                text = f"{labels.label(name, lang)}: {_value_text(value)}"

                def on_value(v, name=name):
                    params.set({**params.value, name: v})

                slider = (
                    solara.SliderFloat if isinstance(inc, float) else solara.SliderInt
                )
                slider(text, value=value, min=lo, max=hi, step=inc, on_value=on_value)
            solara.InputInt(labels.label("seed", lang), value=seed)
            solara.FileDownload(
                lambda: session.charts_png,
                filename="charts.png",
                label=labels.label("download_png", lang),
                mime_type="image/png",
            )
            solara.FileDownload(
                lambda: session.weekly.to_csv(index=False),
                filename="weekly.csv",
                label=labels.label("download_csv", lang),
                mime_type="text/csv",
            )
        with solara.Div(classes=["crmsim-main"]):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=session.summary_html(),
                classes=["crmsim-summary"],
            )
            with solara.Div(classes=["crmsim-pictures"]):
                for name, png in (
                    ("network", session.network_png),
                    ("charts", session.charts_png),
                ):
                    with solara.Div(classes=["crmsim-picture"]):
                        solara.Image(png, width="100%", classes=[f"crmsim-{name}"])
    _ = tick.value  # re-render on each frame
