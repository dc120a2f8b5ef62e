"""The Mesa agent: one person in the market, customer or prospect.

``Customer.step()`` reads like the course: a prospect considers buying; a
customer experiences the service, forms attitude and habit, buys, moves
through the lifecycle, weighs competitors' offers and talks about the firm.
Each of these is a phase of :mod:`crmsim.model.week`, called for this one
person; the person's state lives in the model's
:class:`~crmsim.model.state.MarketState` (the agent is a view of its slot),
so the vector engine, which calls the same phases for everyone, gets the same
numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

from crmsim.model import week
from crmsim.model.rules import ACTIVE_STAGES, Stage

if TYPE_CHECKING:
    from crmsim.model.crm_model import CRMModel

__all__ = ["Customer"]


class Customer(FixedAgent):
    """A person on the market's social network and their relationship with the firm.

    Attributes
    ----------
    index : int
        The person's number (node on the social network, slot in the state).
    stage : Stage
        Lifecycle stage (C1), with the course's Chinese term.
    satisfaction : float
        Accumulated satisfaction, 0-1 (A3).
    attitude : float
        Liking and trust, 0-1 (attitudinal loyalty, E5).
    behaviour : float
        Weekly repeat-purchase chance, 0-1 (behavioural loyalty, E5).
    """

    model: CRMModel

    def __init__(self, model: CRMModel, cell) -> None:
        super().__init__(model)
        self.cell = cell
        self.index = int(cell.coordinate)

    def step(self) -> None:
        """One week in this person's relationship with the firm."""
        m = self.model
        slot = m.week_slot[self.index]
        if slot >= 0:
            # a customer: contact, service, attitude and habit, buying,
            # lifecycle, competitors, word of mouth (week.customer_step);
            # the market keeps and books it when everybody has stepped
            m.outcomes[slot] = week.customer_step(
                *m.customer_rows[slot], m.market_rules, m.firm_table
            )
        elif slot < -1:
            # a prospect someone could win this week (week.could_be_won):
            # the firms' marketing, a referral or a rival court them
            # (week.consider_buying, for all of them when everybody has stepped)
            m.courted.append(-2 - slot)

    # --- the person's state, read from the market's arrays -------------------

    @property
    def stage(self) -> Stage:
        """Lifecycle stage (C1)."""
        return Stage(int(self.model.state.stage[self.index]))

    @property
    def satisfaction(self) -> float:
        """Accumulated satisfaction, 0-1 (A3)."""
        return float(self.model.state.satisfaction[self.index])

    @property
    def attitude(self) -> float:
        """Liking and trust, 0-1 (E5)."""
        return float(self.model.state.attitude[self.index])

    @property
    def behaviour(self) -> float:
        """Weekly repeat-purchase chance, 0-1 (E5)."""
        return float(self.model.state.behaviour[self.index])

    @property
    def taste(self) -> float:
        """Fixed personal offset to perceived quality."""
        return float(self.model.state.taste[self.index])

    @property
    def acquired_week(self) -> int:
        """Week the person became a customer (-1: not yet)."""
        return int(self.model.state.acquired_week[self.index])

    @property
    def is_active(self) -> bool:
        """True while the person is a customer (exploration to decline)."""
        return self.stage in ACTIVE_STAGES
