"""The Mesa model: a market of people on a social network and one firm.

``CRMModel`` takes a :class:`~crmsim.model.scenario.Scenario` (or a preset name) and
plain keyword parameters, so ``mesa.batch_run`` can drive it unmodified::

    mesa.batch_run(CRMModel, parameters={"relationship_level": [0, 3],
                                         "n_customers": 500, "weeks": 104},
                   rng=[1, 2])

Each week (one Mesa step): every person steps in random order (prospects may
be won, customers live their week), then the word of mouth spoken that week
reaches its listeners, then the DataCollector records the week. Word of mouth
is applied after everyone has stepped so that the order in which agents step
does not matter for who hears what.
"""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import Network

from crmsim.model import rules
from crmsim.model.agents import Customer
from crmsim.model.analysis import (
    STAGE_COLUMNS,
    customer_frame,
    transaction_frame,
    weekly_record,
)
from crmsim.model.ledger import (
    ACQUISITION_COST,
    LEDGER_FIELDS,
    REFERRAL_DAMAGE,
    REFERRAL_VALUE,
)
from crmsim.model.market import market_constants
from crmsim.model.network import random_network
from crmsim.model.rules import Stage
from crmsim.model.scenario import Scenario, preset

__all__ = ["CRMModel", "WEEKLY_COLUMNS"]


WEEKLY_COLUMNS = (
    *STAGE_COLUMNS,
    "customers",
    "new",
    "new_marketing",
    "new_referral",
    "churned_week",
    "revenue",
    *LEDGER_FIELDS,
    "profit",
    "mean_satisfaction",
)
"""Columns of the weekly table, in order (money in currency units)."""


class CRMModel(mesa.Model):
    """Customer lifecycle in a market of ``n_customers`` people.

    Parameters
    ----------
    scenario : Scenario or str, optional
        The scenario or the name of a preset; default :class:`Scenario()`.
    rng : int or numpy Generator, optional
        Seed of the model's random numbers (Mesa's ``rng``).
    record_transactions : bool
        Keep a log of every purchase (see :meth:`transaction_table`).
    **params
        Parameters that replace the scenario's (any :class:`Scenario` field).

    Attributes
    ----------
    params : Scenario
        The validated parameters of this run. (Mesa 3.5 reserves
        ``model.scenario`` for its own experimental scenarios.)
    network : SocialNetwork
        The social network, also wrapped as a Mesa ``Network`` in ``grid``.
    datacollector : mesa.DataCollector
        One row a week: stage counts, flows, money and mean satisfaction.
    """

    def __init__(
        self,
        scenario: Scenario | str | None = None,
        rng=None,
        record_transactions: bool = False,
        **params,
    ):
        if isinstance(scenario, str):
            scenario = preset(scenario)
        scenario = (scenario or Scenario()).replace(**params)
        super().__init__(rng=rng)
        self.params = p = scenario
        # (customer, week, net amount in cents, stage) per purchase, if asked for
        self.transaction_log: list[tuple[int, int, int, int]] | None = (
            [] if record_transactions else None
        )
        self._prepare_tables(p)

        self.network = random_network(p.n_customers, p.mean_degree, self.rng)
        self.grid = Network(
            self.network.to_networkx(), capacity=1, random=self.random, layout=None
        )
        tastes = p.quality_heterogeneity * self.rng.standard_normal(p.n_customers)
        cells = self.grid.all_cells.cells
        self.people = [
            Customer(self, cells[i], float(tastes[i])) for i in range(p.n_customers)
        ]

        self.stage_counts = [0] * len(Stage)
        self.stage_counts[Stage.PROSPECT] = p.n_customers
        self._new_week()
        n_initial = round(p.initial_customer_share * p.n_customers)
        for i in self.rng.choice(p.n_customers, size=n_initial, replace=False):
            self.acquire(self.people[int(i)], channel=0)

        self._row_time = -1.0  # the week whose record _row holds
        self.datacollector = mesa.DataCollector(
            model_reporters={name: _reporter(name) for name in WEEKLY_COLUMNS}
        )
        self.running = True
        self.datacollector.collect(self)

    # --- set-up ------------------------------------------------------------

    def _prepare_tables(self, p: Scenario) -> None:
        """Turn the scenario into per-run constants the agents look up."""
        self.k = k = market_constants(p)
        self.financial, self.social, self.structural = (
            k.financial,
            k.social,
            k.structural,
        )
        self.quality_lift = k.quality_lift
        self.switching_cost = k.switching_cost
        self.discount_value = k.discount_value
        self.matched_discount_value = k.matched_discount_value
        # plain Python lists and ints: the agents look these up one at a time
        self.basket_cents = list(
            zip(
                k.revenue_cents.tolist(),
                k.discount_cents.tolist(),
                k.cogs_cents.tolist(),
                strict=True,
            )
        )
        self.service_cents = k.service_cents.tolist()
        self.structural_cents = k.structural_cents
        self.contact_cents = k.contact_cents
        self.acquisition_cents = k.acquisition_cents
        self.discount_factor = k.discount_factor.tolist()
        self.risk_weeks = [0] * 6  # customer-weeks at risk by satisfaction level 1-5
        self.risk_churned = [0] * 6

    # --- the week ------------------------------------------------------------

    def step(self) -> None:
        """One week: everybody steps, word of mouth lands, the week is recorded."""
        self._new_week()
        self.agents.shuffle_do("step")
        self.spread_word_of_mouth()
        self.datacollector.collect(self)
        if self.steps >= self.params.weeks:
            self.running = False

    def _new_week(self) -> None:
        self.week_cents = [0] * len(LEDGER_FIELDS)
        self.new_by_channel = [0, 0, 0]
        self.churned_this_week = 0
        self.referrals: list[tuple[Customer, Customer]] = []
        self.complaints: list[Customer] = []

    # --- events the agents report ------------------------------------------

    def acquire(self, person: Customer, channel: int) -> None:
        """Win ``person`` as a customer through ``channel`` (0 initial, 1, 2)."""
        person.become_customer(channel)
        self._count(Stage.PROSPECT, Stage.EXPLORATION)
        self.new_by_channel[channel] += 1
        if channel == 2:
            # the referrer saved the firm the acquisition cost
            self.people[person.referred_by].book(REFERRAL_VALUE, self.acquisition_cents)
        else:
            person.book(ACQUISITION_COST, self.acquisition_cents)

    def move(self, person: Customer, stage: Stage) -> None:
        """Move ``person`` to ``stage`` (or count another week in the same)."""
        if stage is person.stage:
            person.weeks_in_stage += 1
        else:
            self._count(person.stage, stage)
            person.stage = stage
            person.weeks_in_stage = 0

    def churn(self, person: Customer) -> None:
        """End ``person``'s relationship; a dissatisfied leaver complains."""
        self.move(person, Stage.CHURNED)
        person.churned_week = self.steps
        self.churned_this_week += 1
        if rules.complains(person.satisfaction, self.params.complaint_threshold):
            self.complaints.append(person)

    def refer(self, person: Customer) -> None:
        """``person`` tells a random contact; only prospects can be brought in."""
        cells = person.cell.neighborhood.cells
        if not cells:
            return
        contact = cells[int(self.rng.random() * len(cells))].agents[0]
        if contact.stage is Stage.PROSPECT:
            person.told += 1
            self.referrals.append((person, contact))

    def tally_risk(self, level: int, churned: bool) -> None:
        """Count a customer-week at risk at satisfaction ``level`` (E8)."""
        self.risk_weeks[level] += 1
        self.risk_churned[level] += churned

    def _count(self, old: Stage, new: Stage) -> None:
        self.stage_counts[old] -= 1
        self.stage_counts[new] += 1

    # --- word of mouth (A4) -----------------------------------------------------

    def spread_word_of_mouth(self) -> None:
        """Deliver this week's referrals and complaints to their listeners."""
        p = self.params
        for referrer, prospect in self.referrals:
            if prospect.stage is Stage.PROSPECT and not prospect.referred:
                prospect.referred = True
                prospect.referred_by = referrer.index
        for leaver in self.complaints:
            cells = leaver.cell.neighborhood.cells
            reach = rules.damage_reach_prob(len(cells), p.wom_negative_reach)
            reached = affected = 0
            for cell in cells:
                if self.rng.random() >= reach:
                    continue
                reached += 1
                other = cell.agents[0]
                if other.stage is Stage.PROSPECT:
                    other.propensity = float(
                        rules.propensity_after_damage(other.propensity, p.wom_damage)
                    )
                    other.damaged = True
                    affected += 1
                elif other.is_active:
                    other.satisfaction = float(
                        rules.satisfaction_after_damage(
                            other.satisfaction, p.wom_satisfaction_hit
                        )
                    )
                    affected += 1
            leaver.people_reached += reached
            leaver.book(
                REFERRAL_DAMAGE,
                int(
                    rules.to_cents(
                        rules.referral_damage_cost(
                            affected, p.wom_damage, p.acquisition_cost
                        )
                    )
                ),
            )

    # --- reading the state -------------------------------------------------------

    def transaction_table(self) -> pd.DataFrame | None:
        """Every purchase: customer, week, amount (net of discount) and stage."""
        if self.transaction_log is None:
            return None
        return transaction_frame(np.array(self.transaction_log, dtype=np.int64))

    def customer_table(self) -> pd.DataFrame:
        """One row per person ever acquired: state, loyalty and ledger (money)."""
        people = [a for a in self.people if a.stage is not Stage.PROSPECT]
        ledger = np.array([a.ledger for a in people], dtype=np.int64).reshape(
            len(people), len(LEDGER_FIELDS)
        )
        columns = {
            "customer": [a.index for a in people],
            "stage": [a.stage.value for a in people],
            "channel": [a.channel for a in people],
            "referred_by": [a.referred_by for a in people],
            "acquired_week": [a.acquired_week for a in people],
            "churned_week": [a.churned_week for a in people],
            "tenure_weeks": [a.tenure for a in people],
            "satisfaction": [a.satisfaction for a in people],
            "attitude": [a.attitude for a in people],
            "behaviour": [a.behaviour for a in people],
            "purchases": [a.purchases for a in people],
            "referrals_made": [a.told for a in people],
            "people_reached": [a.people_reached for a in people],
            "realised_value": [a.value for a in people],
        }
        cents = {name: ledger[:, k] for k, name in enumerate(LEDGER_FIELDS)}
        return customer_frame(columns, cents, self.params)

    def weekly_row(self) -> dict[str, float]:
        """The current week's record (money in currency units)."""
        sats = [a.satisfaction for a in self.people if a.is_active]
        return weekly_record(
            self.stage_counts,
            self.new_by_channel,
            self.churned_this_week,
            self.week_cents,
            float(np.mean(sats)) if sats else float("nan"),
        )


def _reporter(name: str):
    """A DataCollector reporter reading ``name`` from the model's weekly row."""

    def report(model: CRMModel):
        if model._row_time != model.time:
            model._row = model.weekly_row()
            model._row_time = model.time
        return model._row[name]

    report.__name__ = name
    return report
