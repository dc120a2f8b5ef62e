"""crmsim: customer relationship management, simulated.

An agent-based simulator (on Mesa) of customers moving through the
relationship lifecycle, with the course's economics and textbook cases.
Everything a notebook needs is importable from here::

    from crmsim import Scenario, preset, simulate
"""

from crmsim import cases, course, economics
from crmsim.agents import Customer
from crmsim.analysis import loyalty_mix, retention_by_satisfaction, summarise
from crmsim.cases import *  # noqa: F403
from crmsim.course import *  # noqa: F403
from crmsim.economics import *  # noqa: F403
from crmsim.errors import CRMSimError
from crmsim.ledger import LEDGER_FIELDS, lifecycle_profit_table
from crmsim.model import CRMModel
from crmsim.network import SocialNetwork, random_network
from crmsim.plotting import (
    get_language,
    plot_clv,
    plot_lifecycle_profit,
    plot_loyalty_mix,
    plot_network,
    plot_profit,
    plot_retention_by_satisfaction,
    plot_satisfaction_loyalty,
    plot_smith_case,
    plot_stages,
    plot_yearly_retention,
    set_language,
)
from crmsim.rules import LADDER_RUNGS, LoyaltyType, Stage
from crmsim.scenario import (
    PRESETS,
    Scenario,
    describe_parameters,
    load_scenario,
    preset,
    save_scenario,
)
from crmsim.simulation import ENGINES, Results, compare, simulate
from crmsim.sweep import Sweep, SweepResults, load_sweep, run_sweep

__version__ = "0.1.0"

__all__ = [
    "CRMModel",
    "CRMSimError",
    "Customer",
    "ENGINES",
    "LEDGER_FIELDS",
    "Results",
    "SocialNetwork",
    "compare",
    "get_language",
    "lifecycle_profit_table",
    "loyalty_mix",
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
    "random_network",
    "retention_by_satisfaction",
    "set_language",
    "simulate",
    "summarise",
    "LADDER_RUNGS",
    "LoyaltyType",
    "PRESETS",
    "Scenario",
    "Stage",
    "__version__",
    "describe_parameters",
    "load_scenario",
    "preset",
    "save_scenario",
    "Sweep",
    "SweepResults",
    "load_sweep",
    "run_sweep",
    *economics.__all__,
    *cases.__all__,
    *course.__all__,
]
