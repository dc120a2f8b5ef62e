"""A customer's week, written once: the phases both engines run.

Each phase binds the rules of :mod:`crmsim.model.rules` to a person's state in
a :class:`~crmsim.model.state.MarketState` and books its money in the
:class:`~crmsim.model.ledger.Ledger`. ``who`` is one person (an ``int``, with
that person's draws as floats) or an array of distinct people (with their
draws as arrays): the Mesa agent calls each phase for itself, the vector
engine for every customer at once, and both get the same numbers.

The week of a customer, in the course's words::

    contacted = receive_contact(s, who, d)          # social bonds (B5)
    experience_service(s, who, d, contacted)        # satisfaction (A3, D2, D3)
    form_attitude_and_habit(s, who, contacted)      # attitude and habit (E5)
    buy(s, who, d)                                  # share of wallet (F2)
    move_through_lifecycle(s, who)                  # stages (C1)
    left = weigh_competitors(s, who, d)             # delivered value (B6, E7)
    recommend(s, who, d, left)                      # word of mouth (A4)

and a prospect's: ``consider_buying(s, who, u)`` (A4, D4). What passes
between people (referrals, complaints) is settled when the week ends
(:meth:`~crmsim.model.state.MarketState.end_week`).
"""

from __future__ import annotations

import numpy as np

from crmsim.model import rules
from crmsim.model.rules import Stage
from crmsim.model.state import CustomerDraws, MarketState

__all__ = [
    "buy",
    "consider_buying",
    "could_be_won",
    "customer_week",
    "experience_service",
    "form_attitude_and_habit",
    "move_through_lifecycle",
    "receive_contact",
    "recommend",
    "weigh_competitors",
]


_NOBODY = np.zeros(0, dtype=np.int64)


def _those(who, mask, value=None):
    """The people of ``who`` for whom ``mask`` holds, always as an array.

    With ``value`` (one per person of ``who``), also those people's values.
    """
    if isinstance(who, np.ndarray):
        return who[mask] if value is None else (who[mask], value[mask])
    people = np.array([who], dtype=np.int64) if mask else _NOBODY
    if value is None:
        return people
    return people, np.array([value] if mask else [])


def _tenure(s: MarketState, who):
    """Completed weeks as a customer before this one."""
    return s.week_index - s.acquired_week[who]


# --- a prospect's week (A4, D4) ------------------------------------------------


def consider_buying(s: MarketState, who, u) -> None:
    """A prospect may be won by a firm's marketing, last week's referral, or a rival.

    Every firm's marketing courts every prospect, with the prospect's intent
    towards that firm and the firm's promise (D4); a referral is for the
    referring customer's firm. In a one-firm market a competitor outside the
    model courts them too: a prospect it wins is away for a while.
    """
    p, F = s.params, s.firms
    who, u = np.atleast_1d(who), np.atleast_1d(u)
    referred_to = s.referred_to[who]
    courting = s.market_firms(who)  # one row a firm of the prospect's market
    p_marketing, p_referral = rules.conversion_chances(
        s.intent(who),
        F.marketing_reach_chance[courting],
        F.expectation_level[courting],
        p.promise_effect,
        referred_to == courting,
        p.referral_conversion_prob,
    )
    channel, row = rules.acquisition_outcome(
        u, p_referral.sum(axis=0), p_marketing, s.rival_win_chance
    )
    firm = row if s.runs == 1 else row + courting[0]  # the firm's number
    firm = np.where(channel == 2, referred_to, firm)
    s.referred_to[who] = -1
    won = (channel == 1) | (channel == 2)
    s.acquire(who[won], channel[won].astype(np.int8), firm[won].astype(np.int8))
    s.lose_to_rival(who[channel == 3])


def could_be_won(s: MarketState, who, u):
    """True where prospect ``who`` (with this week's draw ``u``) can be won at all.

    An unreferred prospect whose draw is above the best chance anyone has
    of winning them (:attr:`~crmsim.model.state.MarketState.best_win_chance`)
    is not won this week: both engines skip :func:`consider_buying` for them
    (the same outcome, less work).
    """
    return (u < s.win_chance_bound(who)) | (s.referred_to[who] >= 0)


# --- a customer's week ---------------------------------------------------------


def receive_contact(s: MarketState, who, d: CustomerDraws):
    """Social bonds (B5, level 2): is there a personal contact this week (0/1)."""
    F, f = s.firms, s.firm_of(who)
    contacted = (d.u_contact < F.contact_chance[f]) * F.social[f]
    s.ledger.book_contact(who, f, contacted, F)
    return contacted


def experience_service(s: MarketState, who, d: CustomerDraws, contacted) -> None:
    """Perceived quality against expectations gives satisfaction (A3, D2, D3)."""
    p, F, f = s.params, s.firms, s.firm_of(who)
    quality = rules.perceived_quality(
        F.service_quality[f],
        s.taste[who],
        p.quality_noise,
        d.z_quality,
        F.quality_lift[f] + p.contact_care * contacted,
    )
    week_satisfaction = rules.satisfaction(
        quality,
        F.expectation_by_stage[f, s.stage[who]],
        p.latent_gap,
        p.shortfall_sensitivity,
        p.meet_sensitivity,
        p.delight_sensitivity,
    )
    s.satisfaction[who] = rules.follow(
        s.satisfaction[who], week_satisfaction, p.satisfaction_update_rate
    )


def form_attitude_and_habit(s: MarketState, who, contacted) -> None:
    """Attitude follows satisfaction; behaviour follows its own target (E5)."""
    p, F, f = s.params, s.firms, s.firm_of(who)
    attitude = rules.attitude_update(
        s.attitude[who],
        s.satisfaction[who],
        p.attitude_zero_at,
        p.attitude_full_at,
        p.trust_update_rate,
        contacted,
        p.contact_trust_gain,
    )
    s.attitude[who] = attitude
    target = rules.repeat_purchase_target(
        attitude,
        p.purchase_base,
        p.purchase_attitude_weight,
        F.financial[f],
        p.financial_habit,
        F.structural[f],
        p.structural_habit,
    )
    s.behaviour[who] = rules.follow(s.behaviour[who], target, p.habit_update_rate)


def buy(s: MarketState, who, d: CustomerDraws) -> None:
    """Buy a basket (its share of wallet grows with stage, F2) and be served."""
    stage = s.stage[who]
    bought = d.u_buy < s.behaviour[who]
    s.purchases[who] += bought
    s.bought_stage[who] = stage * bought
    s.ledger.book_week_of_service(
        who, s.firm_of(who), stage, _tenure(s, who), bought, s.firms
    )


def move_through_lifecycle(s: MarketState, who) -> None:
    """Stage transitions driven by satisfaction and trust (C1)."""
    p = s.params
    new = rules.next_stage(
        s.stage[who],
        s.satisfaction[who],
        s.attitude[who],
        s.week_index - s.stage_since[who],
        p.formation_threshold,
        p.stability_trust,
        p.decline_threshold,
        p.recovery_threshold,
        p.min_stage_weeks,
    )
    s.move(who, new)


def weigh_competitors(s: MarketState, who, d: CustomerDraws):
    """Compare delivered values and perhaps defect (B6, E7); True where churned.

    In a one-firm market the offer is a competitor's outside the model (who
    matches part of the firm's discount); with several firms it is a rival
    firm's actual offer, and a customer who takes it becomes that firm's. A
    customer may also leave the market for reasons of their own
    (``exit_chance``), whatever the firm does; they go over to no rival.
    """
    p, F, f = s.params, s.firms, s.firm_of(who)
    satisfaction = s.satisfaction[who]
    chance = s.meeting_chance_by_stage[s.stage[who]]
    exits = rules.leaves_market(d.u_meet, p.exit_chance)
    met = (d.u_meet < chance) & np.logical_not(exits)
    own = rules.own_delivered_value(
        satisfaction, s.attitude[who], p.attitude_value, F.discount_value[f]
    )
    if s.firms_per_market == 1:
        offer = rules.competitor_offer_value(
            p.competitor_quality,
            p.competitor_offer_spread,
            d.z_offer,
            F.matched_discount_value[f],
        )
    else:
        rival = rules.rival_met(d.u_meet, chance, f, F.n)
        offer = rules.rival_offer_value(
            _rival_satisfaction(s, who, rival),
            p.initial_attitude,
            p.attitude_value,
            p.competitor_offer_spread,
            d.z_offer,
            F.discount_value[rival],
        )
    defected = rules.defects(met, own, offer, F.switching_cost[f])
    left = defected | exits
    s.risk_level[who] = rules.satisfaction_level(satisfaction)
    s.defected[who] = left
    s.churn(_those(who, left))
    if s.firms_per_market > 1:
        switchers, to = _those(who, defected, rival)
        if switchers.size:
            s.switch(switchers, to.astype(np.int8))
    return left


def _rival_satisfaction(s: MarketState, who, rival):
    """The satisfaction a customer expects from a rival firm's service (B6).

    The rival's quality as this customer perceives it (their taste, the
    rival's customised ties), against the basic expectation the rival sets
    for a new customer.
    """
    p, F = s.params, s.firms
    return rules.satisfaction(
        F.service_quality[rival] + F.quality_lift[rival] + s.taste[who],
        F.expectation_by_stage[rival, int(Stage.EXPLORATION)],
        p.latent_gap,
        p.shortfall_sensitivity,
        p.meet_sensitivity,
        p.delight_sensitivity,
    )


def recommend(s: MarketState, who, d: CustomerDraws, left) -> None:
    """A satisfied customer who stayed tells a contact about the firm (A4).

    The contact is picked with the customer's own draw; whether the referral
    lands (the contact is still a prospect) is settled when the week ends.
    """
    p, net = s.params, s.network
    degree = s.degree[who]
    telling = (
        rules.advocates(
            s.satisfaction[who], s.told[who], p.advocacy_threshold, p.wom_positive_reach
        )
        & np.logical_not(left)
        & (d.u_advocate < p.advocacy_chance)
        & (degree > 0)
    )
    advocates, pick = _those(who, telling, d.u_pick)
    if not advocates.size:
        return
    offset = (pick.astype(np.float64) * s.degree[advocates]).astype(np.int64)
    s.refer(advocates, net.indices[net.indptr[advocates] + offset].astype(np.int64))


def customer_week(s: MarketState, who, d: CustomerDraws) -> None:
    """A customer's week, phase by phase, as the course tells it."""
    contacted = receive_contact(s, who, d)
    experience_service(s, who, d, contacted)
    form_attitude_and_habit(s, who, contacted)
    buy(s, who, d)
    move_through_lifecycle(s, who)
    left = weigh_competitors(s, who, d)
    recommend(s, who, d, left)
