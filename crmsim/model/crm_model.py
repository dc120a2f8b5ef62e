"""The Mesa model: a market of people on a social network and one firm.

``CRMModel`` takes a :class:`~crmsim.model.scenario.Scenario` (or a preset
name) and plain keyword parameters, so ``mesa.batch_run`` can drive it
unmodified::

    mesa.batch_run(CRMModel, parameters={"relationship_level": [0, 3],
                                         "n_customers": 500, "weeks": 104},
                   rng=[1, 2])

Each week (one Mesa step): the market draws the week's random numbers, every
person steps in random order (prospects may be won, customers live their
week, :mod:`crmsim.model.week`), then the word of mouth spoken that week is
settled and the DataCollector records the week. Since a person's draws are
fixed before anyone steps and what passes between people is settled after
everyone has, the order of activation does not change the result: the same
seed gives the same market as the vector engine.
"""

from __future__ import annotations

import mesa
import numpy as np
from mesa.discrete_space import Network

from crmsim.model import week
from crmsim.model.agents import Customer
from crmsim.model.analysis import WEEKLY_COLUMNS
from crmsim.model.scenario import Scenario, preset
from crmsim.model.state import EngineTables, MarketState

__all__ = ["CRMModel", "WEEKLY_COLUMNS"]


class CRMModel(EngineTables, mesa.Model):
    """Customer lifecycle in a market of ``n_customers`` people.

    Parameters
    ----------
    scenario : Scenario or str, optional
        The scenario or the name of a preset; default :class:`Scenario()`.
    rng : int or numpy Generator, optional
        Seed of the model's random numbers (Mesa's ``rng``).
    record_transactions : bool
        Keep a log of every purchase (see :meth:`transaction_table`).
    precision : {"double", "single"}
        Float type of the people's state and the draws.
    record_trace : bool
        Keep every customer-week's stage and purchase chance.
    **params
        Parameters that replace the scenario's (any :class:`Scenario` field).

    Attributes
    ----------
    params : Scenario
        The validated parameters of this run. (Mesa 3.5 reserves
        ``model.scenario`` for its own experimental scenarios.)
    state : MarketState
        Every person's state, the ledger and the week's draws.
    network : SocialNetwork
        The social network, also wrapped as a Mesa ``Network`` in ``grid``.
    people : list of Customer
        The agents, by person number.
    datacollector : mesa.DataCollector
        One row a week: stage counts, flows, money and mean satisfaction.
    """

    def __init__(
        self,
        scenario: Scenario | str | None = None,
        rng=None,
        record_transactions: bool = False,
        precision: str = "double",
        record_trace: bool = False,
        **params,
    ):
        if isinstance(scenario, str):
            scenario = preset(scenario)
        scenario = (scenario or Scenario()).replace(**params)
        super().__init__(rng=rng)
        self.params = scenario
        self.state = MarketState(
            scenario,
            self.rng,
            precision=precision,
            record_transactions=record_transactions,
            record_trace=record_trace,
        )
        self.network = self.state.network
        self.grid = Network(
            self.network.to_networkx(), capacity=1, random=self.random, layout=None
        )
        cells = self.grid.all_cells.cells
        self.people = [Customer(self, cells[i]) for i in range(scenario.n_customers)]
        for _ in range(scenario.warmup_weeks):
            self._week()
        self.state.start_run()
        self.datacollector = mesa.DataCollector(
            model_reporters={name: _reporter(name) for name in WEEKLY_COLUMNS}
        )
        self.running = self.state.running
        self.datacollector.collect(self)

    def step(self) -> None:
        """One week: draws, everybody steps, word of mouth settles, the record.

        After the scenario's last week a step does nothing (Mesa's SolaraViz
        may step past the end).
        """
        s = self.state
        if not s.running:
            self.running = False
            return
        self._week()
        self.datacollector.collect(self)
        self.running = s.running

    def _week(self) -> None:
        s = self.state
        s.begin_week()
        # each person's part this week (week_slot: a customer's slot >= 0,
        # -2 - slot for a prospect someone could win, -1 for the rest), and
        # the customers' numbers and draws as Python floats, converted once
        # for all agents
        slot = np.full(s.stage.size, -1, dtype=np.int64)
        slot[s.customers] = np.arange(s.customers.size)
        maybe = np.flatnonzero(week.could_be_won(s, s.prospects, s.prospect_u))
        slot[s.prospects[maybe]] = -2 - maybe
        self.week_slot = slot.tolist()
        self.customer_rows = week.customer_rows(s)
        self.market_rules, self.firm_table = week.week_rules_for_agents(s)
        self.outcomes = [None] * len(self.customer_rows)
        self.courted: list[int] = []
        self.agents.shuffle_do("step")
        # what the agents did, kept in order of person (the order of
        # activation cannot matter): prospects won, then the customers' weeks
        courted = np.sort(np.array(self.courted, dtype=np.int64))
        week.consider_buying(s, s.prospects[courted], s.prospect_u[courted])
        week.keep_outcomes(s, self.outcomes)
        s.end_week()

    def weekly_row(self) -> dict[str, float]:
        """The latest week's record (money in currency units)."""
        return self.state.rows[-1]


def _reporter(name: str):
    """A DataCollector reporter reading ``name`` from the model's latest row."""

    def report(model: CRMModel):
        return model.state.rows[-1][name]

    report.__name__ = name
    return report
