"""The Mesa agent: one person in the market, customer or prospect.

``Customer.step()`` reads like the course: a prospect considers buying; a
customer experiences the service, forms attitude and habit, buys, moves
through the lifecycle, weighs competitors' offers and talks about the firm.
Every behavioural rule is a call into :mod:`crmsim.model.rules`; this module only
keeps one customer's state and books the money.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

from crmsim.model import rules
from crmsim.model.ledger import (
    BASE_SERVICE_COST,
    CASH_SIGN,
    COGS,
    CONTACT_COST,
    DISCOUNTS,
    LEDGER_FIELDS,
    LIST_REVENUE,
    SERVICE_COST,
    STRUCTURAL_COST,
)
from crmsim.model.rules import Stage

if TYPE_CHECKING:
    from crmsim.model.crm_model import CRMModel

__all__ = ["Customer"]


class Customer(FixedAgent):
    """A person on the market's social network and their relationship with the firm.

    Attributes
    ----------
    stage : Stage
        Lifecycle stage (C1), with the course's Chinese term.
    satisfaction : float
        Accumulated satisfaction, 0-1 (A3).
    attitude : float
        Liking and trust, 0-1 (attitudinal loyalty, E5).
    behaviour : float
        Weekly repeat-purchase rate, 0-1 (behavioural loyalty, E5).
    ledger : list of int
        Money booked to this customer, in cents, by :data:`LEDGER_FIELDS`.
    """

    model: CRMModel

    def __init__(self, model: CRMModel, cell, taste: float) -> None:
        super().__init__(model)
        self.cell = cell
        self.index = cell.coordinate  # node on the social network
        self.taste = taste  # fixed personal offset to perceived quality
        self.stage = Stage.PROSPECT
        self.propensity = 1.0  # a prospect's purchase intent
        self.referred = False
        self.referred_by = -1
        self.damaged = False
        self.channel = -1  # 0 initial base, 1 marketing, 2 referral
        self.acquired_week = -1
        self.churned_week = -1
        self.tenure = 0
        self.weeks_in_stage = 0
        self.satisfaction = 0.0
        self.attitude = 0.0
        self.behaviour = 0.0
        self.purchases = 0
        self.told = 0
        self.people_reached = 0  # contacts reached by this leaver's complaint
        self.value = 0.0  # cash profit discounted to the week of acquisition
        self.week_cash = 0
        self.ledger = [0] * len(LEDGER_FIELDS)

    # --- the week -----------------------------------------------------------

    def step(self) -> None:
        """One week in this person's relationship with the firm."""
        if self.stage is Stage.PROSPECT:
            self.consider_buying()
        elif self.stage is not Stage.CHURNED:
            contacted = self.receive_contact()
            self.experience_service(contacted)
            self.form_attitude_and_habit(contacted)
            self.buy()
            self.move_through_lifecycle()
            if not self.weigh_competitors():
                self.recommend()
            self.tenure += 1
        self.close_week()

    # --- acquisition (A4, D4) ---------------------------------------------------

    def consider_buying(self) -> None:
        """A prospect may be won by marketing or by last week's referral."""
        p = self.model.params
        p_marketing, p_referral = rules.conversion_chances(
            self.propensity,
            p.marketing_reach_chance,
            p.expectation_level,
            p.promise_effect,
            self.referred,
            p.referral_conversion_prob,
        )
        channel = rules.acquisition_channel(
            self.model.rng.random(), p_marketing, p_referral
        )
        self.referred = False
        if channel:
            self.model.acquire(self, int(channel))

    def become_customer(self, channel: int) -> None:
        """Start the relationship: exploration stage, first impressions."""
        p = self.model.params
        self.stage = Stage.EXPLORATION
        self.channel = channel
        self.acquired_week = self.model.steps
        self.satisfaction = rules.SATISFIED_AT_BASIC
        self.attitude = p.initial_attitude
        self.behaviour = p.purchase_base

    # --- a customer's week ------------------------------------------------------

    def receive_contact(self) -> bool:
        """Social bonds (B5, level 2): is there a personal contact this week."""
        m = self.model
        if not m.social:
            return False
        contacted = m.rng.random() < m.params.contact_chance
        if contacted:
            self.book(CONTACT_COST, m.contact_cents)
        return contacted

    def experience_service(self, contacted: bool) -> None:
        """Perceived quality against expectations gives satisfaction (A3, D2, D3)."""
        m, p = self.model, self.model.params
        quality = rules.perceived_quality(
            p.service_quality,
            self.taste,
            p.quality_noise,
            m.rng.standard_normal(),
            m.quality_lift + p.contact_care * contacted,
        )
        expected = rules.basic_expectation(
            self.stage, p.expectation_level, p.expectation_growth
        )
        week_satisfaction = rules.satisfaction(
            quality,
            expected,
            p.latent_gap,
            p.shortfall_sensitivity,
            p.meet_sensitivity,
            p.delight_sensitivity,
        )
        self.satisfaction = float(
            rules.follow(
                self.satisfaction, week_satisfaction, p.satisfaction_update_rate
            )
        )

    def form_attitude_and_habit(self, contacted: bool) -> None:
        """Attitude follows satisfaction; behaviour follows its own target (E5)."""
        m, p = self.model, self.model.params
        self.attitude = float(
            rules.attitude_update(
                self.attitude,
                self.satisfaction,
                p.attitude_zero_at,
                p.attitude_full_at,
                p.trust_update_rate,
                contacted,
                p.contact_trust_gain,
            )
        )
        target = rules.repeat_purchase_target(
            self.attitude,
            p.purchase_base,
            p.purchase_attitude_weight,
            m.financial,
            p.financial_habit,
            m.structural,
            p.structural_habit,
        )
        self.behaviour = float(
            rules.follow(self.behaviour, target, p.habit_update_rate)
        )

    def buy(self) -> None:
        """Buy a basket (its share of wallet grows with stage, F2) and be served."""
        m = self.model
        if m.rng.random() < self.behaviour:
            self.purchases += 1
            revenue, discount, cogs = m.basket_cents[self.stage]
            self.book(LIST_REVENUE, revenue)
            self.book(DISCOUNTS, discount)
            self.book(COGS, cogs)
            if m.transaction_log is not None:
                m.transaction_log.append(
                    (self.index, m.steps, revenue - discount, self.stage.value)
                )
        self.book(SERVICE_COST, m.service_cents[min(self.tenure, m.params.weeks)])
        self.book(BASE_SERVICE_COST, m.service_cents[0])
        if m.structural:
            self.book(STRUCTURAL_COST, m.structural_cents)

    def move_through_lifecycle(self) -> None:
        """Stage transitions driven by satisfaction and trust (C1)."""
        p = self.model.params
        stage = Stage(
            int(
                rules.next_stage(
                    self.stage,
                    self.satisfaction,
                    self.attitude,
                    self.weeks_in_stage,
                    p.formation_threshold,
                    p.stability_trust,
                    p.decline_threshold,
                    p.recovery_threshold,
                    p.min_stage_weeks,
                )
            )
        )
        self.model.move(self, stage)

    def weigh_competitors(self) -> bool:
        """Compare delivered values and perhaps defect (B6, E7); True if churned."""
        m, p = self.model, self.model.params
        level = int(rules.satisfaction_level(self.satisfaction))
        met = m.rng.random() < rules.competitor_meeting_chance(
            self.stage,
            p.competition_intensity,
            p.competitor_contact_rate,
            p.decline_search_factor,
        )
        churn = False
        if met:
            own = rules.own_delivered_value(
                self.satisfaction, self.attitude, p.attitude_value, m.discount_value
            )
            offer = rules.competitor_offer_value(
                p.competitor_quality,
                p.competitor_offer_spread,
                m.rng.standard_normal(),
                m.matched_discount_value,
            )
            churn = bool(rules.defects(met, own, offer, m.switching_cost))
        m.tally_risk(level, churn)
        if churn:
            m.churn(self)
        return churn

    def recommend(self) -> None:
        """A satisfied customer tells a contact about the firm (A4)."""
        m, p = self.model, self.model.params
        if rules.advocates(
            self.satisfaction, self.told, p.advocacy_threshold, p.wom_positive_reach
        ) and (m.rng.random() < p.advocacy_chance):
            m.refer(self)

    # --- bookkeeping ------------------------------------------------------------

    def book(self, kind: int, cents: int) -> None:
        """Book ``cents`` under ledger column ``kind`` for this customer and week."""
        self.ledger[kind] += cents
        self.week_cash += CASH_SIGN[kind] * cents
        self.model.week_cents[kind] += cents

    def close_week(self) -> None:
        """Add the week's cash, discounted to the week of acquisition, to value."""
        if self.week_cash:
            m = self.model
            weeks_in = max(self.tenure - 1, 0)
            self.value += self.week_cash / 100.0 * m.discount_factor[weeks_in]
            self.week_cash = 0

    @property
    def is_active(self) -> bool:
        """True while the person is a customer (exploration to decline)."""
        return self.stage in rules.ACTIVE_STAGES
