"""A bare Mesa 3.5 lifecycle model of crmsim's rules: the speed Mesa itself allows.

Issue 14 asks the Mesa path to run within about 1.1x of "a bare Mesa model of
the same rules". This is that model: one ``FixedAgent`` per person on a Mesa
``Network``, state in plain agent attributes (no crmsim state arrays, no
ledger beyond revenue and service cost, no pre-drawn weekly numbers: each
agent draws from ``model.random`` when it needs a number), the same phases in
the same order, calling the same scalar rules of :mod:`crmsim.model.rules`:

- a prospect may be won by marketing or by last week's referral;
- a customer gets a personal contact (social bonds), experiences the service
  (satisfaction), updates attitude and habit, buys, moves through the
  lifecycle, may meet a competitor and defect, and may tell a contact;
- referrals and complaints are settled after everyone has stepped, and a
  DataCollector records the stage counts each week.

It is a timing reference, not a second engine: its results agree with
crmsim's in kind, not draw for draw (it has no warm-up; the churned come
back after a geometric wait, as in crmsim's open market). Usage::

    python benchmarks/bare_mesa.py --customers 10000 --weeks 260
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time

import mesa
from mesa.discrete_space import FixedAgent, Network

from crmsim.model import rules
from crmsim.model.market import market_constants
from crmsim.model.network import random_network
from crmsim.model.rules import Stage
from crmsim.model.scenario import Scenario, preset

_P, _EXP, _FORM, _STAB, _DEC, _CHURN = (int(s) for s in Stage)


class BareCustomer(FixedAgent):
    """One person; every state variable a plain attribute."""

    def __init__(self, model: BareModel, cell) -> None:
        super().__init__(model)
        self.cell = cell
        self.index = int(cell.coordinate)
        self.neighbours: list[BareCustomer] = []
        self.taste = model.params.quality_heterogeneity * model.random.gauss()
        self.stage = _P
        self.stage_since = 0
        self.acquired = -1
        self.propensity = 1.0
        self.referred = False
        self.satisfaction = 0.0
        self.attitude = 0.0
        self.behaviour = 0.0
        self.told = 0
        self.back_at = 0

    def acquire(self) -> None:
        """Become a customer in exploration."""
        m, p = self.model, self.model.params
        self.stage = _EXP
        self.stage_since = m.clock
        self.acquired = m.clock
        self.satisfaction = rules.SATISFIED_AT_BASIC
        self.attitude = p.initial_attitude
        self.behaviour = p.purchase_base
        m.cash -= m.k.acquisition_cents

    def step(self) -> None:
        """One week: a prospect considers buying, a customer lives its week."""
        if self.stage == _P:
            self.consider_buying()
        elif self.stage != _CHURN:
            self.live_week()
        elif self.model.clock >= self.back_at:
            self.stage, self.stage_since = _P, self.model.clock
            self.propensity, self.referred = 1.0, False

    def consider_buying(self) -> None:
        """Marketing or last week's referral may win the prospect (A4, D4)."""
        m, p = self.model, self.model.params
        p_marketing, p_referral = rules.conversion_chances(
            self.propensity,
            p.marketing_reach_chance,
            p.expectation_level,
            p.promise_effect,
            self.referred,
            p.referral_conversion_prob,
        )
        channel = rules.acquisition_channel(m.random.random(), p_marketing, p_referral)
        self.referred = False
        if channel:
            self.acquire()

    def live_week(self) -> None:
        """The customer's phases, in crmsim's order."""
        m, p, k, rand = self.model, self.model.params, self.model.k, self.model.random
        stage = self.stage
        contacted = (rand.random() < p.contact_chance) * k.social
        quality = rules.perceived_quality(
            p.service_quality,
            self.taste,
            p.quality_noise,
            rand.gauss(),
            k.quality_lift + p.contact_care * contacted,
        )
        week_s = rules.satisfaction(
            quality,
            m.expectation[stage],
            p.latent_gap,
            p.shortfall_sensitivity,
            p.meet_sensitivity,
            p.delight_sensitivity,
        )
        s = rules.follow(self.satisfaction, week_s, p.satisfaction_update_rate)
        self.satisfaction = s
        a = rules.attitude_update(
            self.attitude,
            s,
            p.attitude_zero_at,
            p.attitude_full_at,
            p.trust_update_rate,
            contacted,
            p.contact_trust_gain,
        )
        self.attitude = a
        target = rules.repeat_purchase_target(
            a,
            p.purchase_base,
            p.purchase_attitude_weight,
            k.financial,
            p.financial_habit,
            k.structural,
            p.structural_habit,
        )
        self.behaviour = rules.follow(self.behaviour, target, p.habit_update_rate)
        tenure = min(m.clock - self.acquired, m.max_tenure)
        m.cash -= m.service_cents[tenure]
        if rand.random() < self.behaviour:
            m.cash += m.revenue_cents[stage]
        new = int(
            rules.next_stage(
                stage,
                s,
                a,
                m.clock - self.stage_since,
                p.formation_threshold,
                p.stability_trust,
                p.decline_threshold,
                p.recovery_threshold,
                p.min_stage_weeks,
            )
        )
        if new != stage:
            self.stage, self.stage_since = new, m.clock
        met = rand.random() < m.meeting[new]
        own = rules.own_delivered_value(s, a, p.attitude_value, k.discount_value)
        offer = rules.competitor_offer_value(
            p.competitor_quality,
            p.competitor_offer_spread,
            rand.gauss(),
            k.matched_discount_value,
        )
        if rules.defects(met, own, offer, k.switching_cost):
            self.stage, self.stage_since = _CHURN, m.clock
            # back in the market after a geometric wait (weekly chance q)
            q = p.return_chance
            self.back_at = (
                m.clock + 1 + int(math.log1p(-rand.random()) / math.log1p(-q))
                if 0 < q < 1
                else m.clock + 1
                if q
                else math.inf
            )
            if rules.complains(s, p.complaint_threshold):
                m.complaints.append(self)
            return
        if (
            rules.advocates(s, self.told, p.advocacy_threshold, p.wom_positive_reach)
            and rand.random() < p.advocacy_chance
            and self.neighbours
        ):
            m.referrals.append((self, rand.choice(self.neighbours)))


class BareModel(mesa.Model):
    """A market of ``n_customers`` bare agents on crmsim's social network."""

    def __init__(self, scenario: Scenario | str = "default", rng=None, **params):
        super().__init__(rng=rng)
        if isinstance(scenario, str):
            scenario = preset(scenario)
        self.params = p = scenario.replace(**params)
        self.k = market_constants(p)
        self.revenue_cents = [int(c) for c in self.k.revenue_cents]
        self.service_cents = [int(c) for c in self.k.service_cents]
        self.max_tenure = len(self.service_cents) - 1
        self.expectation = [
            float(rules.basic_expectation(s, p.expectation_level, p.expectation_growth))
            for s in range(len(Stage))
        ]
        self.meeting = [
            float(
                rules.competitor_meeting_chance(
                    s,
                    p.competition_intensity,
                    p.competitor_meeting_chance,
                    p.decline_search_factor,
                )
            )
            for s in range(len(Stage))
        ]
        self.clock, self.cash = 0, 0
        self.referrals: list = []
        self.complaints: list = []
        net = random_network(p.n_customers, p.mean_degree, self.rng)
        self.grid = Network(
            net.to_networkx(), capacity=1, random=self.random, layout=None
        )
        cells = self.grid.all_cells.cells
        self.people = [BareCustomer(self, cells[i]) for i in range(p.n_customers)]
        for person in self.people:
            lo, hi = net.indptr[person.index], net.indptr[person.index + 1]
            person.neighbours = [self.people[j] for j in net.indices[lo:hi]]
        n_initial = round(p.initial_customer_share * p.n_customers)
        for person in self.random.sample(self.people, n_initial):
            person.acquire()
        self.datacollector = mesa.DataCollector(
            model_reporters={s.name.lower(): _counter(int(s)) for s in Stage}
        )
        self._count()
        self.datacollector.collect(self)

    def step(self) -> None:
        """One week: everybody steps, then word of mouth is settled."""
        self.clock += 1
        self.agents.shuffle_do("step")
        p = self.params
        for advocate, contact in self.referrals:
            if contact.stage == _P:
                contact.referred = True
                advocate.told += 1
        for leaver in self.complaints:
            reach = rules.damage_reach_prob(
                len(leaver.neighbours), p.wom_negative_reach
            )
            for contact in leaver.neighbours:
                if self.random.random() < reach:
                    if contact.stage == _P:
                        contact.propensity *= 1.0 - p.wom_damage
                    elif contact.stage != _CHURN:
                        contact.satisfaction = rules.satisfaction_after_damage(
                            contact.satisfaction, p.wom_satisfaction_hit
                        )
        self.referrals.clear()
        self.complaints.clear()
        self._count()
        self.datacollector.collect(self)
        self.running = self.clock < p.weeks

    def _count(self) -> None:
        self.counts = [0] * len(Stage)
        for person in self.people:
            self.counts[person.stage] += 1


def _counter(stage: int):
    def count(model: BareModel) -> int:
        return model.counts[stage]

    return count


def run_bare(n: int, weeks: int, seed: int = 1, scenario: str = "default") -> dict:
    """Build and run the bare model; wall time with set-up, as in the benchmark."""
    start = time.perf_counter()
    model = BareModel(scenario, rng=seed, n_customers=n, weeks=weeks)
    while model.running:
        model.step()
    wall = time.perf_counter() - start
    weekly = model.datacollector.get_model_vars_dataframe()
    active = weekly[["exploration", "formation", "stability", "decline"]].sum(axis=1)
    return {
        "seconds": wall,
        "people_weeks": n * weeks,
        "active_weeks": int(active.iloc[:weeks].sum()),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=260)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scenario", default="default")
    args = parser.parse_args(argv)
    r = run_bare(args.customers, args.weeks, args.seed, args.scenario)
    r["people_weeks_per_s"] = r["people_weeks"] / r["seconds"]
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
