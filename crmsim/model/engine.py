"""One engine interface, one run loop.

Both engines -- :class:`~crmsim.model.crm_model.CRMModel` (Mesa, one agent
per person) and :class:`~crmsim.model.vector.VectorModel` (numpy, everyone at
once) -- satisfy :class:`Engine`. :func:`run` is the only loop that drives
one; :func:`crmsim.simulate`, the course helpers, the app and the CLI all go
through it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

import pandas as pd

from crmsim.model.scenario import Scenario
from crmsim.validation import invalid

__all__ = ["ENGINES", "Engine", "make_engine", "run"]

ENGINES = ("mesa", "vector")
"""Engines :func:`make_engine` builds: the Mesa agent-based model, and the
vectorised engine over the same week (fast; identical results)."""


@runtime_checkable
class Engine(Protocol):
    """What an engine offers: a week at a time, and the run's tables."""

    steps: int
    running: bool
    risk_weeks: list[int]
    risk_churned: list[int]
    n_firms: int
    firm_names: tuple[str, ...]

    def step(self) -> None:
        """Run one week (nothing once the run is over)."""

    def set_firm(self, index: int, **changes) -> None:
        """Change firm ``index``'s settings (``FIRM_KEYS``) from the next week on."""

    def weekly_table(self) -> pd.DataFrame:
        """One row a week, week 0 the starting state."""

    def firm_weekly_table(self) -> pd.DataFrame:
        """One row per firm a week: customers, money, share, customer equity."""

    def customer_table(self) -> pd.DataFrame:
        """One row per person ever acquired."""

    def transaction_table(self) -> pd.DataFrame | None:
        """Every purchase, if recorded."""

    def relationship_table(self) -> pd.DataFrame:
        """Every relationship of the run, ended or still going."""

    def trace_table(self) -> pd.DataFrame | None:
        """Every customer-week's stage and purchase chance, if recorded."""


def make_engine(
    scenario: Scenario,
    seed=None,
    engine: str = "mesa",
    *,
    transactions: bool = False,
    trace: bool = False,
    precision: str = "double",
) -> Engine:
    """Build the engine ``engine`` for ``scenario`` and ``seed``."""
    if engine == "mesa":
        from crmsim.model.crm_model import CRMModel

        return CRMModel(
            scenario,
            rng=seed,
            record_transactions=transactions,
            record_trace=trace,
            precision=precision,
        )
    if engine == "vector":
        from crmsim.model.vector import VectorModel

        return VectorModel(
            scenario,
            rng=seed,
            record_transactions=transactions,
            record_trace=trace,
            precision=precision,
        )
    raise invalid("engine", engine, f"one of {', '.join(ENGINES)}")


def run(
    model: Engine,
    weeks: int | None = None,
    on_week: Callable[[int], None] | None = None,
) -> Engine:
    """Step ``model`` until it stops (or for ``weeks`` more weeks); return it.

    ``on_week(week)`` is called after each week.
    """
    done = 0
    while model.running and (weeks is None or done < weeks):
        model.step()
        done += 1
        if on_week is not None:
            on_week(model.steps)
    return model
