"""The vectorised engine: every person's state in numpy arrays.

It runs the same week as the Mesa agent (:meth:`crmsim.model.agents.Customer.step`),
step for step, calling the same functions of :mod:`crmsim.model.rules` on arrays
instead of scalars -- no rule is written twice. Only the order in which the
random numbers are drawn differs, so the two engines agree in distribution,
not draw for draw (``tests/test_engines.py`` checks the agreement).

Set-up draws (the social network, tastes, the initial customers) are made in
the same order as :class:`crmsim.model.crm_model.CRMModel`, so for the same seed both
engines start from the same market.

Use it through ``simulate(..., engine="vector")``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.model import rules
from crmsim.model.analysis import customer_frame, transaction_frame, weekly_record
from crmsim.model.crm_model import WEEKLY_COLUMNS
from crmsim.model.ledger import (
    ACQUISITION_COST,
    BASE_SERVICE_COST,
    COGS,
    CONTACT_COST,
    DISCOUNTS,
    LEDGER_FIELDS,
    LIST_REVENUE,
    REFERRAL_DAMAGE,
    REFERRAL_VALUE,
    SERVICE_COST,
    STRUCTURAL_COST,
)
from crmsim.model.market import market_constants
from crmsim.model.network import random_network
from crmsim.model.rules import Stage
from crmsim.model.scenario import Scenario

__all__ = ["VectorModel"]

_P, _EXP, _FORM, _STAB, _DEC, _CHURN = (int(s) for s in Stage)

# Per-person state and the week's random draws are single precision: half the
# memory traffic of double, and 1e-7 is far below the model's own noise. The
# rules do not care which float type they are given.
FLOAT = np.float32
_ALL_STAGES = np.arange(len(Stage))


@dataclass
class _Week:
    """The customers' state for one week, gathered once and written back once.

    The arrays line up with ``who``; like a Mesa agent's attributes during its
    step, the rules read and replace them.
    """

    who: np.ndarray
    stage: np.ndarray
    satisfaction: np.ndarray
    attitude: np.ndarray
    behaviour: np.ndarray
    tenure: np.ndarray
    contacted: np.ndarray
    stayed: np.ndarray


class VectorModel:
    """A market of ``n_customers`` people as arrays, one :meth:`step` a week.

    Parameters
    ----------
    scenario : Scenario
        The run's parameters.
    rng : int or numpy Generator, optional
        Seed of the run's random numbers.
    record_transactions : bool
        Keep a log of every purchase.
    """

    def __init__(self, scenario: Scenario, rng=None, record_transactions=False):
        self.params = p = scenario
        self.rng = np.random.default_rng(rng)
        self.steps = 0
        self.completed_weeks = 0
        self.running = True
        self.k = market_constants(p)
        # rules that depend on the stage alone, worked out once for every stage
        self.expectation_by_stage = rules.basic_expectation(
            _ALL_STAGES, p.expectation_level, p.expectation_growth
        ).astype(FLOAT)
        self.meeting_chance_by_stage = rules.competitor_meeting_chance(
            _ALL_STAGES,
            p.competition_intensity,
            p.competitor_contact_rate,
            p.decline_search_factor,
        ).astype(FLOAT)
        n = p.n_customers

        self.network = random_network(n, p.mean_degree, self.rng)
        self.degree = self.network.degree
        self.taste = (p.quality_heterogeneity * self.rng.standard_normal(n)).astype(
            FLOAT
        )

        self.stage = np.full(n, _P, dtype=np.int8)
        self.stage_counts = np.zeros(6, dtype=np.int64)
        self.stage_counts[_P] = n
        # Weeks in the stage and tenure follow from these two dates, so they
        # need no weekly update: see next_stage's call and _tenure.
        self.stage_since = np.zeros(n, dtype=np.int32)
        self.acquired_week = np.full(n, -1, dtype=np.int32)
        self.churned_week = np.full(n, -1, dtype=np.int32)
        self.channel = np.full(n, -1, dtype=np.int8)
        self.propensity = np.ones(n, dtype=FLOAT)
        self.referred = np.zeros(n, dtype=bool)
        self.referred_by = np.full(n, -1, dtype=np.int64)
        self.damaged = np.zeros(n, dtype=bool)
        self.satisfaction = np.zeros(n, dtype=FLOAT)
        self.attitude = np.zeros(n, dtype=FLOAT)
        self.behaviour = np.zeros(n, dtype=FLOAT)
        self.told = np.zeros(n, dtype=np.int32)
        self.people_reached = np.zeros(n, dtype=np.int32)
        # The ledger is kept as counts from which every amount follows exactly
        # (see customer_table): purchases by stage, contacts, weeks lived
        # (tenure); only the word-of-mouth attributions are kept as money.
        self.bought = np.zeros((n, 4), dtype=np.int32)
        self.contacts = np.zeros(n, dtype=np.int32)
        self.referral_value = np.zeros(n, dtype=np.int64)
        self.referral_damage = np.zeros(n, dtype=np.int64)
        # discounted cash from purchases and contacts; the rest is added at the end
        self.value = np.zeros(n)
        self.risk_weeks = [0] * 6
        self.risk_churned = [0] * 6
        self.transaction_log: list[np.ndarray] | None = (
            [] if record_transactions else None
        )
        self.rows: list[dict[str, float]] = []

        self._new_week()
        n_initial = round(p.initial_customer_share * n)
        initial = self.rng.choice(n, size=n_initial, replace=False)
        initial = np.sort(initial)
        self._acquire(initial, np.zeros(n_initial, dtype=np.int8))
        # who is a prospect and who a customer, kept up to date each week
        # (the customers' order is fixed by the run, not sorted)
        self.prospects = np.flatnonzero(self.stage == _P)
        self.customers = initial
        self.rows.append(self.weekly_row())

    # --- the week --------------------------------------------------------------

    def step(self) -> None:
        """One week for everybody, then word of mouth, then the record."""
        self.completed_weeks = self.steps
        self.steps += 1
        self._new_week()
        won = self.consider_buying()
        w = self._gather(self.customers)
        if w.who.size:
            self.receive_contact(w)
            self.experience_service(w)
            self.form_attitude_and_habit(w)
            self.buy(w)
            self.move_through_lifecycle(w)
            self.weigh_competitors(w)
            self.recommend(w)
            self._write_back(w)
        self.customers = np.concatenate([w.who[w.stayed], won])
        self.spread_word_of_mouth()
        self.completed_weeks = self.steps
        self.rows.append(self.weekly_row())
        if self.steps >= self.params.weeks:
            self.running = False

    def _gather(self, who: np.ndarray) -> _Week:
        """The customers' state, gathered once for the week."""
        return _Week(
            who=who,
            stage=self.stage[who],
            satisfaction=self.satisfaction[who],
            attitude=self.attitude[who],
            behaviour=self.behaviour[who],
            tenure=self.completed_weeks - self.acquired_week[who],
            contacted=np.zeros(who.size, dtype=FLOAT),
            stayed=np.ones(who.size, dtype=bool),
        )

    def _uniform(self, size: int) -> np.ndarray:
        return self.rng.random(size, dtype=FLOAT)

    def _write_back(self, w: _Week) -> None:
        self.satisfaction[w.who] = w.satisfaction
        self.attitude[w.who] = w.attitude
        self.behaviour[w.who] = w.behaviour

    def _tenure(self, who: np.ndarray) -> np.ndarray:
        """Weeks lived as a customer, up to the last completed week or churn."""
        lost = self.churned_week[who]
        end = np.where(lost >= 0, lost, self.completed_weeks)
        return end - self.acquired_week[who]

    def _new_week(self) -> None:
        self.week_cents = [0] * len(LEDGER_FIELDS)
        self.new_by_channel = [0, 0, 0]
        self.churned_this_week = 0
        self.referrals = (np.zeros(0, np.int64), np.zeros(0, np.int64))
        self.complaints = np.zeros(0, dtype=np.int64)

    # --- acquisition (A4, D4) ---------------------------------------------------

    def consider_buying(self) -> np.ndarray:
        """Prospects may be won by marketing or by last week's referral."""
        p, prospects = self.params, self.prospects
        u = self.rng.random(prospects.size, dtype=FLOAT)
        # Only those below the best possible marketing chance, or referred,
        # can be won: apply the rules to them alone (same outcome, less work).
        best, _ = rules.conversion_chances(
            1.0,
            p.marketing_reach_chance,
            p.expectation_level,
            p.promise_effect,
            False,
            p.referral_conversion_prob,
        )
        maybe = np.flatnonzero((u < best) | self.referred[prospects])
        who = prospects[maybe]
        p_marketing, p_referral = rules.conversion_chances(
            self.propensity[who],
            p.marketing_reach_chance,
            p.expectation_level,
            p.promise_effect,
            self.referred[who],
            p.referral_conversion_prob,
        )
        channel = rules.acquisition_channel(u[maybe], p_marketing, p_referral)
        self.referred[who] = False
        won = channel > 0
        self._acquire(who[won], channel[won])
        keep = np.ones(prospects.size, dtype=bool)
        keep[maybe[won]] = False
        self.prospects = prospects[keep]
        return who[won]

    def _acquire(self, who: np.ndarray, channel: np.ndarray) -> None:
        p, k = self.params, self.k
        self.stage[who] = _EXP
        self.stage_counts[_P] -= who.size
        self.stage_counts[_EXP] += who.size
        self.stage_since[who] = self.steps
        self.channel[who] = channel
        self.acquired_week[who] = self.steps
        self.satisfaction[who] = rules.SATISFIED_AT_BASIC
        self.attitude[who] = p.initial_attitude
        self.behaviour[who] = p.purchase_base
        for c in range(3):
            self.new_by_channel[c] += int(np.count_nonzero(channel == c))
        # a referral saves the firm the acquisition cost: credit the referrer
        referrers = self.referred_by[who[channel == 2]]
        np.add.at(self.referral_value, referrers, k.acquisition_cents)
        self.week_cents[REFERRAL_VALUE] += referrers.size * k.acquisition_cents
        paid = int(np.count_nonzero(channel != 2))
        self.week_cents[ACQUISITION_COST] += paid * k.acquisition_cents

    # --- a customer's week ------------------------------------------------------

    def receive_contact(self, w: _Week) -> None:
        """Social bonds (B5, level 2): which customers get a personal contact."""
        if not self.k.social:
            return
        k = self.k
        contacted = self._uniform(w.who.size) < self.params.contact_chance
        w.contacted = contacted.astype(FLOAT)  # 0/1, multiplies into the rules
        at = np.flatnonzero(contacted)
        reached = w.who[at]
        self.contacts[reached] += 1
        self.week_cents[CONTACT_COST] += reached.size * k.contact_cents
        factor = k.discount_factor[w.tenure[at]]
        self.value[reached] -= k.contact_cents / 100.0 * factor

    def experience_service(self, w: _Week) -> None:
        """Perceived quality against expectations gives satisfaction (A3, D2, D3)."""
        p, k = self.params, self.k
        quality = rules.perceived_quality(
            p.service_quality,
            self.taste[w.who],
            p.quality_noise,
            self.rng.standard_normal(w.who.size, dtype=FLOAT),
            k.quality_lift + p.contact_care * w.contacted,
        )
        expected = self.expectation_by_stage[w.stage]
        week_satisfaction = rules.satisfaction(
            quality,
            expected,
            p.latent_gap,
            p.shortfall_sensitivity,
            p.meet_sensitivity,
            p.delight_sensitivity,
        )
        w.satisfaction = rules.follow(
            w.satisfaction, week_satisfaction, p.satisfaction_update_rate
        )

    def form_attitude_and_habit(self, w: _Week) -> None:
        """Attitude follows satisfaction; behaviour follows its own target (E5)."""
        p, k = self.params, self.k
        w.attitude = rules.attitude_update(
            w.attitude,
            w.satisfaction,
            p.attitude_zero_at,
            p.attitude_full_at,
            p.trust_update_rate,
            w.contacted,
            p.contact_trust_gain,
        )
        target = rules.repeat_purchase_target(
            w.attitude,
            p.purchase_base,
            p.purchase_attitude_weight,
            k.financial,
            p.financial_habit,
            k.structural,
            p.structural_habit,
        )
        w.behaviour = rules.follow(w.behaviour, target, p.habit_update_rate)

    def buy(self, w: _Week) -> None:
        """Buy a basket (share of wallet grows with stage, F2) and be served."""
        k = self.k
        buys = np.flatnonzero(self._uniform(w.who.size) < w.behaviour)
        buyers = w.who[buys]
        stage = w.stage[buys].astype(np.int64)
        self.bought.reshape(-1)[buyers * 4 + (stage - 1)] += 1
        baskets = np.bincount(stage, minlength=6)
        self.week_cents[LIST_REVENUE] += int(baskets @ k.revenue_cents)
        self.week_cents[DISCOUNTS] += int(baskets @ k.discount_cents)
        self.week_cents[COGS] += int(baskets @ k.cogs_cents)
        net = (k.revenue_cents - k.discount_cents - k.cogs_cents) / 100.0
        self.value[buyers] += net[stage] * k.discount_factor[w.tenure[buys]]
        if self.transaction_log is not None:
            paid = (k.revenue_cents - k.discount_cents)[stage]
            week = np.full(buyers.size, self.steps)
            self.transaction_log.append(np.column_stack([buyers, week, paid, stage]))
        # cost to serve and structural ties: every customer, every week
        served = w.who.size
        self.week_cents[SERVICE_COST] += int(k.service_cents[w.tenure].sum())
        self.week_cents[BASE_SERVICE_COST] += served * int(k.service_cents[0])
        self.week_cents[STRUCTURAL_COST] += served * k.structural * k.structural_cents

    def move_through_lifecycle(self, w: _Week) -> None:
        """Stage transitions driven by satisfaction and trust (C1)."""
        p = self.params
        new = rules.next_stage(
            w.stage,
            w.satisfaction,
            w.attitude,
            self.completed_weeks - self.stage_since[w.who],
            p.formation_threshold,
            p.stability_trust,
            p.decline_threshold,
            p.recovery_threshold,
            p.min_stage_weeks,
        ).astype(np.int8)
        changed = np.flatnonzero(new != w.stage)
        self._move(w.who[changed], w.stage[changed], new[changed])
        w.stage = new

    def _move(self, who: np.ndarray, old: np.ndarray, new) -> None:
        """Move ``who`` from stages ``old`` to ``new`` (changes only)."""
        new = np.broadcast_to(np.asarray(new, dtype=np.int8), who.shape)
        self.stage[who] = new
        self.stage_counts -= np.bincount(old, minlength=6)
        self.stage_counts += np.bincount(new, minlength=6)
        self.stage_since[who] = self.steps

    def weigh_competitors(self, w: _Week) -> None:
        """Compare delivered values; some defect (B6, E7)."""
        p, k = self.params, self.k
        level = rules.satisfaction_level(w.satisfaction)
        met = self._uniform(w.who.size) < self.meeting_chance_by_stage[w.stage]
        m = np.flatnonzero(met)
        own = rules.own_delivered_value(
            w.satisfaction[m], w.attitude[m], p.attitude_value, k.discount_value
        )
        offer = rules.competitor_offer_value(
            p.competitor_quality,
            p.competitor_offer_spread,
            self.rng.standard_normal(m.size, dtype=FLOAT),
            k.matched_discount_value,
        )
        churn = m[rules.defects(met[m], own, offer, k.switching_cost)]
        weeks = np.bincount(level, minlength=6)
        lost = np.bincount(level[churn], minlength=6)
        for lv in range(1, 6):
            self.risk_weeks[lv] += int(weeks[lv])
            self.risk_churned[lv] += int(lost[lv])
        leavers = w.who[churn]
        self._move(leavers, w.stage[churn], _CHURN)
        w.stage[churn] = _CHURN
        w.stayed[churn] = False
        self.churned_week[leavers] = self.steps
        self.churned_this_week += leavers.size
        complain = rules.complains(w.satisfaction[churn], p.complaint_threshold)
        self.complaints = leavers[complain]

    def recommend(self, w: _Week) -> None:
        """Satisfied customers who stayed tell a random contact about the firm (A4)."""
        p = self.params
        advocating = rules.advocates(
            w.satisfaction, self.told[w.who], p.advocacy_threshold, p.wom_positive_reach
        )
        advocates = w.who[np.flatnonzero(advocating & w.stayed)]
        advocates = advocates[self._uniform(advocates.size) < p.advocacy_chance]
        advocates = advocates[self.degree[advocates] > 0]
        pick = (self.rng.random(advocates.size) * self.degree[advocates]).astype(
            np.int64
        )
        contact = self.network.indices[self.network.indptr[advocates] + pick]
        to_prospect = self.stage[contact] == _P
        self.told[advocates[to_prospect]] += 1
        self.referrals = (advocates[to_prospect], contact[to_prospect].astype(np.int64))

    # --- word of mouth (A4) -----------------------------------------------------

    def spread_word_of_mouth(self) -> None:
        """Deliver this week's referrals and complaints to their listeners."""
        p, net = self.params, self.network
        referrer, prospect = self.referrals
        if referrer.size:
            # several referrals to one prospect: a random one of them counts
            order = self.rng.permutation(referrer.size)
            referrer, prospect = referrer[order], prospect[order]
            first = np.unique(prospect, return_index=True)[1]
            referrer, prospect = referrer[first], prospect[first]
            fresh = (self.stage[prospect] == _P) & ~self.referred[prospect]
            self.referred[prospect[fresh]] = True
            self.referred_by[prospect[fresh]] = referrer[fresh]
        leavers = self.complaints
        if not leavers.size:
            return
        deg = self.degree[leavers]
        source = np.repeat(np.arange(leavers.size), deg)
        offsets = np.arange(source.size) - np.repeat(np.cumsum(deg) - deg, deg)
        contacts = net.indices[np.repeat(net.indptr[leavers], deg) + offsets]
        reach = rules.damage_reach_prob(deg, p.wom_negative_reach)
        hit = self.rng.random(source.size) < reach[source]
        source, contacts = source[hit], contacts[hit]
        stage = self.stage[contacts]
        prospect = stage == _P
        customer = (stage >= _EXP) & (stage <= _DEC)
        # someone reached k times: the effect of one reach, k times over
        heard, times = np.unique(contacts[prospect], return_counts=True)
        self.propensity[heard] = rules.propensity_after_damage(
            self.propensity[heard], 1.0 - (1.0 - p.wom_damage) ** times
        )
        self.damaged[heard] = True
        heard, times = np.unique(contacts[customer], return_counts=True)
        self.satisfaction[heard] = rules.satisfaction_after_damage(
            self.satisfaction[heard], p.wom_satisfaction_hit * times
        )
        self.people_reached[leavers] += np.bincount(source, minlength=leavers.size)
        affected = np.bincount(source[prospect | customer], minlength=leavers.size)
        cost = rules.to_cents(
            rules.referral_damage_cost(affected, p.wom_damage, p.acquisition_cost)
        )
        self.referral_damage[leavers] += cost
        self.week_cents[REFERRAL_DAMAGE] += int(cost.sum())

    # --- reading the state ------------------------------------------------------

    def weekly_row(self) -> dict[str, float]:
        """The current week's record (money in currency units)."""
        return weekly_record(
            self.stage_counts,
            self.new_by_channel,
            self.churned_this_week,
            self.week_cents,
            float(self.satisfaction[self.customers].mean())
            if self.customers.size
            else float("nan"),
        )

    def weekly_table(self) -> pd.DataFrame:
        """One row a week, the same columns as the Mesa model's DataCollector."""
        weekly = pd.DataFrame(self.rows, columns=list(WEEKLY_COLUMNS))
        weekly.insert(0, "week", range(len(weekly)))
        return weekly

    def ledger_cents(self, who: np.ndarray) -> dict[str, np.ndarray]:
        """The ledger of people ``who`` in cents, from the counts kept.

        Exactly what the Mesa agents book week by week: baskets by stage at
        the stage's prices, cost to serve summed over the weeks lived,
        contacts at their cost, acquisition for every customer not referred.
        """
        k, tenure = self.k, self._tenure(who).astype(np.int64)
        bought = self.bought[who].astype(np.int64)
        served = np.concatenate([[0], np.cumsum(k.service_cents)])
        return {
            "list_revenue": bought @ k.revenue_cents[1:5],
            "discounts": bought @ k.discount_cents[1:5],
            "cogs": bought @ k.cogs_cents[1:5],
            "service_cost": served[tenure],
            "base_service_cost": int(k.service_cents[0]) * tenure,
            "contact_cost": self.contacts[who].astype(np.int64) * k.contact_cents,
            "structural_cost": k.structural * k.structural_cents * tenure,
            "acquisition_cost": (self.channel[who] != 2)
            * np.int64(k.acquisition_cents),
            "referral_value": self.referral_value[who],
            "referral_damage": self.referral_damage[who],
        }

    def realised_value(self, who: np.ndarray) -> np.ndarray:
        """Cash each customer brought, discounted to their acquisition (money)."""
        k, tenure = self.k, self._tenure(who)
        weekly_costs = k.service_cents + k.structural * k.structural_cents
        costs = np.concatenate([[0.0], np.cumsum(weekly_costs * k.discount_factor)])
        paid = (self.channel[who] != 2) * k.acquisition_cents
        return self.value[who] - (costs[tenure] + paid) / 100.0

    def customer_table(self) -> pd.DataFrame:
        """One row per person ever acquired, the same columns as the Mesa model's."""
        who = np.flatnonzero(self.stage != _P)
        columns = {
            "customer": who,
            "stage": self.stage[who].astype(np.int64),
            "channel": self.channel[who].astype(np.int64),
            "referred_by": self.referred_by[who],
            "acquired_week": self.acquired_week[who].astype(np.int64),
            "churned_week": self.churned_week[who].astype(np.int64),
            "tenure_weeks": self._tenure(who).astype(np.int64),
            "satisfaction": self.satisfaction[who].astype(float),
            "attitude": self.attitude[who].astype(float),
            "behaviour": self.behaviour[who].astype(float),
            "purchases": self.bought[who].sum(axis=1, dtype=np.int64),
            "referrals_made": self.told[who].astype(np.int64),
            "people_reached": self.people_reached[who].astype(np.int64),
            "realised_value": self.realised_value(who),
        }
        return customer_frame(columns, self.ledger_cents(who), self.params)

    def transaction_table(self) -> pd.DataFrame | None:
        """Every purchase: customer, week, amount (net of discount) and stage."""
        if self.transaction_log is None:
            return None
        log = self.transaction_log
        return transaction_frame(
            np.concatenate(log) if log else np.zeros((0, 4), np.int64)
        )
