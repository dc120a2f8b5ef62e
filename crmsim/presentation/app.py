"""The classroom app: Mesa's SolaraViz over the crmsim model.

Shows the customer network coloured by lifecycle stage, live plots of the
stage counts and of revenue and profit, and the model's main parameters as
controls (change one, then press *Reset*). Start it with ``crmsim viz``
(127.0.0.1, port 8765) or ``solara run crmsim.presentation.app``. Needs the ``viz`` extra
(``pip install crmsim[viz]``: Mesa's visualisation, Solara and its assets,
so the page works without internet).

Labels follow ``CRMSIM_LANG`` (``en`` or ``zh``; ``crmsim viz --lang zh``),
else the package setting. The model is :class:`VizModel`, a
:class:`~crmsim.model.crm_model.CRMModel` with a small market by default (150 people,
about 6 contacts each) and a fixed drawing layout of its network.
"""

from __future__ import annotations

import io
import os
from typing import Any

import matplotlib as mpl
import networkx as nx
import solara
from matplotlib.figure import Figure
from mesa.visualization import Slider, SolaraViz

from crmsim.model.crm_model import CRMModel
from crmsim.model.scenario import Scenario
from crmsim.presentation import plotting

__all__ = ["VizModel", "make_page", "model_params", "page"]

_TITLE = {"en": "crmsim: customer lifecycle", "zh": "crmsim：客户生命周期"}

_PARAMS: dict[str, tuple[str, str, Any, Any, Any]] = {
    # name: (English label, Chinese label, min, max, step)
    "relationship_level": ("Relationship level (0-3)", "关系营销层次 (0-3)", 0, 3, 1),
    "loyalty_tier": ("Loyalty programme tier (0-3)", "忠诚计划等级 (0-3)", 0, 3, 1),
    "competition_intensity": ("Competition", "竞争强度", 0.0, 1.0, 0.05),
    "switching_cost": ("Switching cost", "转换成本", 0.0, 0.3, 0.01),
    "service_quality": ("Service quality", "服务质量", 0.3, 1.0, 0.05),
    "expectation_level": ("Expectation set", "顾客期望水平", 0.2, 0.9, 0.05),
    "advocacy_chance": (
        "Word of mouth: advocacy per week",
        "正面口碑：每周推荐概率",
        0.0,
        1.0,
        0.05,
    ),
    "wom_negative_reach": (
        "Word of mouth: people a leaver reaches",
        "负面口碑：流失者影响人数",
        0,
        60,
        1,
    ),
    "n_customers": ("People in the market", "市场人数", 50, 400, 10),
    "mean_degree": ("Contacts per person", "每人联系人数", 2.0, 12.0, 1.0),
}


def app_language() -> str:
    """``CRMSIM_LANG`` if set, else the package's plot language."""
    return plotting._check_language(os.environ.get("CRMSIM_LANG") or None)


class VizModel(CRMModel):
    """The crmsim model sized for drawing, with node positions for its network.

    Parameters
    ----------
    scenario : Scenario or str, optional
        Base scenario or preset name. Any other object (Mesa's SolaraViz
        passes its own, empty, experimental scenario on *Reset*) is ignored.
    rng : int, str or numpy Generator, optional
        Seed; text from the app's seed box is converted to an integer.
    n_customers, mean_degree, weeks
        Market size, contacts per person and run length.
    **params
        Any other :class:`~crmsim.Scenario` parameter.

    Attributes
    ----------
    positions : dict
        Node positions of the network drawing (spring layout, fixed seed).
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
        self.positions = nx.spring_layout(self.grid.G, seed=0, iterations=60)

    def weekly_table(self):
        """The weekly table so far, with a ``week`` column (week 0 first)."""
        weekly = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        weekly.insert(0, "week", range(len(weekly)))
        return weekly


def model_params(lang: str | None = None, base: Scenario | None = None) -> dict:
    """SolaraViz controls for the main parameters (starting at ``base``'s values)."""
    lang = plotting._check_language(lang)
    base = base or Scenario()
    defaults = {"n_customers": 150, "mean_degree": 6.0}
    params: dict[str, Any] = {
        "rng": {
            "type": "InputText",
            "value": "42",
            "label": "随机种子" if lang == "zh" else "Seed",
        }
    }
    for name, (en, zh, lo, hi, step) in _PARAMS.items():
        value = defaults.get(name, getattr(base, name))
        params[name] = Slider(
            zh if lang == "zh" else en,
            value=value,
            min=lo,
            max=hi,
            step=step,
            dtype=float if isinstance(step, float) else int,
        )
    return params


def _png(draw) -> bytes:
    """Draw on a new off-screen figure in projector style; return PNG bytes."""
    lang = app_language()
    with mpl.rc_context(plotting.PROJECTOR_RC):
        if lang == "zh":
            from crmsim.presentation.fonts import use_cjk_font

            use_cjk_font()
        fig = Figure(figsize=(8, 6), dpi=80, layout="constrained")
        draw(fig.add_subplot(), lang)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def NetworkView(model: VizModel):
    """The customer network coloured by stage."""
    stages = [int(person.stage) for person in model.people]
    png = _png(
        lambda ax, lang: plotting.plot_network(
            model.grid.G, stages, pos=model.positions, ax=ax, lang=lang
        )
    )
    return solara.Image(png, width="100%", classes=["crmsim-network"])


def StagesView(model: VizModel):
    """Stage counts, week by week."""
    weekly = model.weekly_table()
    png = _png(lambda ax, lang: plotting.plot_stages(weekly, ax=ax, lang=lang))
    return solara.Image(png, width="100%", classes=["crmsim-stages"])


def ProfitView(model: VizModel):
    """Revenue, profit and cumulative profit, week by week."""
    weekly = model.weekly_table()
    png = _png(lambda ax, lang: plotting.plot_profit(weekly, ax=ax, lang=lang))
    return solara.Image(png, width="100%", classes=["crmsim-profit"])


def SummaryView(model: VizModel):
    """Week, customers by stage and cumulative profit as text."""
    lang = app_language()
    weekly = model.weekly_table()
    last = weekly.iloc[-1]
    profit = float(weekly["profit"].sum())
    active, churned = int(last["customers"]), int(last["churned"])
    if lang == "zh":
        text = (
            f"<b>第 {model.steps} 周</b> · 活跃客户 <b>{active}</b> · "
            f"累计流失 <b>{churned}</b> · 累计利润 <b>{profit:,.0f}</b>"
        )
    else:
        text = (
            f"<b>Week {model.steps}</b> · active customers <b>{active}</b> · "
            f"churned so far <b>{churned}</b> · cumulative profit "
            f"<b>{profit:,.0f}</b>"
        )
    # plain HTML: solara.Markdown would fetch KaTeX from a CDN
    return solara.HTML(
        tag="div",
        unsafe_innerHTML=text,
        classes=["crmsim-summary"],
        style="font-size: 22px; line-height: 1.6; padding: 8px",
    )


def make_page(lang: str | None = None, model: VizModel | None = None):
    """The SolaraViz page: network, stage counts, profit, summary, controls."""
    lang = plotting._check_language(lang)
    if model is None:
        model = VizModel(rng=42)
    return SolaraViz(
        model,
        components=[NetworkView, StagesView, ProfitView, SummaryView],
        model_params=model_params(lang),
        name=_TITLE[lang],
        play_interval=150,
    )


page = make_page(app_language())
"""What ``solara run crmsim.presentation.app`` serves."""
