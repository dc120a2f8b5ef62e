"""crmsim: customer relationship management, simulated.

An agent-based simulator (on Mesa) of customers moving through the
relationship lifecycle, with the course's economics and textbook cases.
Everything a notebook needs is importable from here::

    from crmsim import Scenario, preset, simulate
"""

from crmsim import cases, economics
from crmsim.cases import *  # noqa: F403
from crmsim.economics import *  # noqa: F403
from crmsim.errors import CRMSimError
from crmsim.rules import LADDER_RUNGS, LoyaltyType, Stage
from crmsim.scenario import (
    PRESETS,
    Scenario,
    describe_parameters,
    load_scenario,
    preset,
    save_scenario,
)

__version__ = "0.1.0"

__all__ = [
    "CRMSimError",
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
    *economics.__all__,
    *cases.__all__,
]
