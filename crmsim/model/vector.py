"""The vector engine: the week of :mod:`crmsim.model.week` for everyone at once.

The prospects' week is called once with the array of all prospects who could
be won; the customers' week runs :func:`~crmsim.model.week.customer_step` for
every customer in one loop compiled by numba from the same source the Mesa
agent runs (:mod:`crmsim.model.compiled`), on the same
:class:`~crmsim.model.state.MarketState` and with the same draws, so for the
same scenario and seed both engines return identical results
(``tests/model/test_model_engines.py``). It imports no Mesa. Use it through
``simulate(..., engine="vector")``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crmsim.model import week
from crmsim.model.scenario import Scenario
from crmsim.model.state import EngineTables, MarketState, RunTables

__all__ = ["VectorModel"]


class VectorModel(EngineTables):
    """A market of ``n_customers`` people as arrays, one :meth:`step` a week.

    Parameters
    ----------
    scenario : Scenario
        The run's parameters.
    rng : int or numpy Generator, optional
        Seed of the run's random numbers.
    record_transactions : bool
        Keep a log of every purchase.
    precision : {"double", "single"}
        Float type of the state and the draws; ``"single"`` halves the memory
        traffic (its results are the Mesa engine's in single precision, and
        agree with double precision's in distribution).
    record_trace : bool
        Keep every customer-week's stage and purchase chance.

    With a sequence of scenarios and one of seeds, the runs are simulated
    side by side in one state (a stacked sweep: one-firm markets that differ
    only in their firm's settings); :meth:`runs` then gives each run's
    tables, identical to those of a run of its own.
    """

    def __init__(
        self,
        scenario: Scenario | Sequence[Scenario],
        rng=None,
        record_transactions: bool = False,
        precision: str = "double",
        record_trace: bool = False,
    ) -> None:
        stacked = not isinstance(scenario, Scenario)
        self.params = scenario[0] if stacked else scenario
        self.state = MarketState(
            tuple(scenario) if stacked else scenario,
            [np.random.default_rng(x) for x in rng]
            if stacked
            else np.random.default_rng(rng),
            precision=precision,
            record_transactions=record_transactions,
            record_trace=record_trace,
        )
        for _ in range(self.params.warmup_weeks):
            self._week()
        self.state.start_run()

    @property
    def steps(self) -> int:
        """Weeks run so far."""
        return self.state.steps

    @property
    def running(self) -> bool:
        """True until the scenario's last week has been run."""
        return self.state.running

    def runs(self) -> list[EngineTables]:
        """Each run's tables (stacked runs one by one; one run: this model)."""
        parts = self.state.split()
        if len(parts) == 1:
            return [self]
        return [RunTables(part) for part in parts]

    def step(self) -> None:
        """One week for everybody; after the last week, nothing happens."""
        if self.state.running:
            self._week()

    def _week(self) -> None:
        s = self.state
        s.begin_week()
        u, prospects = s.prospect_u, s.prospects
        maybe = np.flatnonzero(week.could_be_won(s, prospects, u))
        week.consider_buying(s, prospects[maybe], u[maybe])
        if s.customers.size:
            week.customer_week(s, s.customers, s.draws)
        s.end_week()
