"""crmsim: customer relationship management, simulated.

An agent-based simulator (on Mesa) of customers moving through the
relationship lifecycle, with the course's economics and textbook cases.
Everything a notebook needs is importable from here::

    from crmsim import Scenario, preset, simulate
"""

from crmsim import course, economics
from crmsim.claims import CLAIMS, run_claims
from crmsim.course import *  # noqa: F403
from crmsim.economics import *  # noqa: F403
from crmsim.errors import CRMSimError
from crmsim.model import rules
from crmsim.model.agents import Customer
from crmsim.model.analysis import loyalty_mix, retention_by_satisfaction, summarise
from crmsim.model.crm_model import CRMModel
from crmsim.model.engine import make_engine, run
from crmsim.model.ledger import LEDGER_FIELDS, lifecycle_profit_table
from crmsim.model.network import SocialNetwork, random_network
from crmsim.model.rules import LADDER_RUNGS, LoyaltyType, Stage
from crmsim.model.scenario import (
    FIRM_KEYS,
    PRESETS,
    Scenario,
    describe_parameters,
    load_scenario,
    preset,
    save_scenario,
)
from crmsim.model.simulation import (
    ENGINES,
    Results,
    compare,
    results_of,
    simulate,
    simulate_stacked,
)
from crmsim.presentation.plotting import (
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
from crmsim.research.sweep import Sweep, SweepResults, load_sweep, run_sweep

__version__ = "0.1.0"

__all__ = [
    "FIRM_KEYS",
    "make_engine",
    "results_of",
    "run",
    "CRMModel",
    "rules",
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
    "simulate_stacked",
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
    "CLAIMS",
    "run_claims",
    *economics.__all__,
    *course.__all__,
]
