"""Behavioural rules of the customer lifecycle, each written once.

Every function here is *pure*: it takes the customer's state, the scenario's
numbers and (where chance is involved) random draws made by the caller, and
returns new values. Each works on a Python scalar and on a numpy array alike,
so the Mesa agent calls it for one customer and the vectorised engine calls it
for all customers at once. The tests, widgets and notebooks call the same
functions. Concept IDs refer to the course digest (A1-F3).

Scales: quality, expectation, satisfaction, attitude and delivered value are
on one dimensionless 0-1 scale; time is in weeks; money in one currency unit.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

__all__ = [
    "LADDER_RUNGS",
    "SATISFIED_AT_BASIC",
    "LoyaltyType",
    "Stage",
    "acquisition_channel",
    "acquisition_outcome",
    "advocates",
    "attitude_target",
    "attitude_update",
    "basic_expectation",
    "bond_flags",
    "competitor_meeting_chance",
    "competitor_offer_value",
    "complains",
    "conversion_chances",
    "cost_to_serve",
    "damage_reach_prob",
    "defects",
    "follow",
    "ladder_rung",
    "leaves_market",
    "loyalty_type",
    "next_stage",
    "own_delivered_value",
    "perceived_quality",
    "propensity_after_damage",
    "propensity_recovered",
    "referral_damage_cost",
    "satisfaction_after_damage",
    "repeat_purchase_target",
    "satisfaction",
    "satisfaction_level",
    "to_cents",
    "wallet_share_by_stage",
    "rival_met",
    "rival_offer_value",
    "stage_clock",
]


class Stage(IntEnum):
    """Relationship lifecycle stage of a person in the market (C1).

    The integer codes index per-stage tables and are stable across engines.
    """

    PROSPECT = 0
    """潜在客户 — a potential customer who has not bought yet."""
    EXPLORATION = 1
    """考察期 — the customer is trying the firm out."""
    FORMATION = 2
    """形成期 — purchases and trust grow."""
    STABILITY = 3
    """稳定期 — the relationship is at its height."""
    DECLINE = 4
    """退化期 — the relationship weakens; it ends in recovery or churn."""
    CHURNED = 5
    """流失 — the business relationship has ended."""

    @property
    def chinese(self) -> str:
        """The course's Chinese term for the stage."""
        return _STAGE_ZH[self]


_STAGE_ZH = {
    Stage.PROSPECT: "潜在客户",
    Stage.EXPLORATION: "考察期",
    Stage.FORMATION: "形成期",
    Stage.STABILITY: "稳定期",
    Stage.DECLINE: "退化期",
    Stage.CHURNED: "流失",
}

ACTIVE_STAGES = (Stage.EXPLORATION, Stage.FORMATION, Stage.STABILITY, Stage.DECLINE)
_EXP, _FORM, _STAB, _DEC = (int(x) for x in ACTIVE_STAGES)

# How far each stage's expectations have grown (D3): exploration expects the
# basics, formation all that exploration offered, stability all of formation;
# a declining customer keeps the middle (formation) level.
_MATURITY = np.array([0, 0, 1, 2, 1, 0])

SATISFIED_AT_BASIC = 0.6
"""Satisfaction when perceived quality exactly meets the basic expectation."""

# Element-wise helpers that take the plain-Python path for scalars: the Mesa
# agent calls every rule once per customer-week, where numpy's per-call
# overhead would dominate. Arrays go to the numpy ufuncs.


def _minimum(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.minimum(a, b)
    return a if a < b else b


def _maximum(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.maximum(a, b)
    return a if a > b else b


def _where(condition, a, b):
    if isinstance(condition, np.ndarray):
        return np.where(condition, a, b)
    return a if condition else b


def _trunc(x):
    """Truncate towards zero to an integer (int64 for arrays)."""
    if isinstance(x, np.ndarray):
        return x.astype(np.int64)
    return int(x)


def _unit(x):
    """Clip to [0, 1]: ``_minimum(_maximum(x, 0.0), 1.0)`` with one type check."""
    if isinstance(x, np.ndarray):
        return np.minimum(np.maximum(x, 0.0), 1.0)
    x = x if x > 0.0 else 0.0
    return x if x < 1.0 else 1.0


class LoyaltyType(IntEnum):
    """Loyalty by attitude x behaviour (E5; Dick & Basu 1994)."""

    NONE = 0
    """非忠诚 — low attitude, low behaviour."""
    INERTIA = 1
    """惯性忠诚 — low attitude, high behaviour (spurious loyalty)."""
    LATENT = 2
    """潜在忠诚 — high attitude, low behaviour."""
    ABSOLUTE = 3
    """绝对忠诚 — high attitude, high behaviour."""


LADDER_RUNGS = (
    "possible customer",
    "wait-and-see buyer",
    "potential buyer",
    "one-time buyer",
    "repeat buyer",
    "follower",
    "advocate",
    "partner",
)
"""The loyalty ladder (E3), bottom to top; :func:`ladder_rung` indexes it."""


# --- expectations and satisfaction (A3, D2, D3) -----------------------------


def basic_expectation(stage, expectation_level, expectation_growth):
    """Basic expectation of a customer at ``stage`` (D3).

    ``expectation_level + expectation_growth * maturity``, maturity 0 in
    exploration, 1 in formation (and decline), 2 in stability: expectations
    rise as the relationship matures.
    """
    return expectation_level + expectation_growth * _MATURITY[stage]


def perceived_quality(service_quality, customer_offset, noise_sd, z, extra=0.0):
    """Quality a customer perceives this week.

    ``service_quality + customer_offset + noise_sd * z + extra``, where
    ``customer_offset`` is the customer's fixed taste, ``z`` a standard normal
    draw and ``extra`` the week's lift from care (social bonds) and customised
    ties (structural bonds).
    """
    return service_quality + customer_offset + noise_sd * z + extra


def satisfaction(quality, basic, latent_gap, shortfall, meet, delight):
    """Satisfaction from perceived quality against expectations (A3, D2).

    Kotler's definition (A3) with the asymmetry of basic and latent
    expectations (D2). With ``d = quality - basic``::

        s = 0.6 + shortfall * min(d, 0)            # failing a basic need hurts
                + meet * clip(d, 0, latent_gap)    # exceeding it adds little
                + delight * max(d - latent_gap, 0)  # latent needs delight

    clipped to [0, 1]. ``0.6`` (:data:`SATISFIED_AT_BASIC`) is the
    satisfaction of a customer whose basic expectation is just met.

    Examples
    --------
    >>> float(satisfaction(0.5, 0.5, 0.2, 3.0, 0.5, 2.5))
    0.6
    >>> round(float(satisfaction(0.4, 0.5, 0.2, 3.0, 0.5, 2.5)), 3)  # 0.1 short: -0.3
    0.3
    >>> round(float(satisfaction(0.6, 0.5, 0.2, 3.0, 0.5, 2.5)), 3)  # 0.1 over: +0.05
    0.65
    """
    d = quality - basic
    s = (
        SATISFIED_AT_BASIC
        + shortfall * _minimum(d, 0.0)
        + meet * _minimum(_maximum(d, 0.0), latent_gap)
        + delight * _maximum(d - latent_gap, 0.0)
    )
    return _unit(s)


def follow(current, target, rate):
    """Move ``current`` a fraction ``rate`` of the way to ``target``.

    Exponential smoothing: accumulated satisfaction follows the week's
    satisfaction, the repeat-purchase rate follows its target.
    """
    return current + rate * (target - current)


def attitude_target(accumulated_satisfaction, zero_at, full_at):
    """Liking and trust that lasting satisfaction earns (E5, D1).

    ``(S - zero_at) / (full_at - zero_at)`` clipped to [0, 1]: a merely
    satisfied customer feels little attachment; only high satisfaction builds
    strong liking and trust (the gap behind the satisfaction trap).
    """
    return _unit((accumulated_satisfaction - zero_at) / (full_at - zero_at))


def attitude_update(
    attitude, accumulated_satisfaction, zero_at, full_at, rate, contacted, contact_gain
):
    """Attitude (liking and trust) after one week (E5).

    Attitude follows :func:`attitude_target` at ``rate``; a personal contact
    (social bonds, B5) adds ``contact_gain`` of the gap to full trust.
    """
    a = follow(
        attitude, attitude_target(accumulated_satisfaction, zero_at, full_at), rate
    )
    return a + contact_gain * contacted * (1.0 - a)


def satisfaction_level(satisfaction_value):
    """Map 0-1 satisfaction to the 1-5 scale of Jones & Sasser (E8).

    1 completely dissatisfied, 2 dissatisfied, 3 neutral, 4 satisfied,
    5 completely satisfied; equal-width bins.
    """
    return _minimum(_trunc(satisfaction_value * 5.0), 4) + 1  # floor: s >= 0


# --- behaviour: purchases, wallet share, cost to serve (E5, F2) -------------


def bond_flags(bond_level):
    """Which bond mechanisms a level switches on (B5; levels are cumulative).

    Returns ``(financial, social, structural)`` as 0/1 values.
    """
    return (
        (bond_level >= 1) * 1,
        (bond_level >= 2) * 1,
        (bond_level >= 3) * 1,
    )


def repeat_purchase_target(
    attitude,
    purchase_base,
    attitude_weight,
    financial,
    financial_habit,
    structural,
    structural_habit,
):
    """Weekly repeat-purchase rate a customer's behaviour moves towards (E5).

    ``purchase_base + attitude_weight * attitude + financial * financial_habit
    + structural * structural_habit``, clipped to [0, 1]. Liking and trust
    drive behaviour only in part: points and lock-in raise it whatever the
    customer's attitude, which is how inertia loyalty arises.
    """
    target = (
        purchase_base
        + attitude_weight * attitude
        + financial * financial_habit
        + structural * structural_habit
    )
    return _unit(target)


def wallet_share_by_stage(wallet_share):
    """Per-stage table of basket share (F2: share of wallet grows with stage).

    ``wallet_share`` lists exploration, formation, stability, decline; the
    prospect and churned rows are 0. Index the result with a stage code.
    """
    return np.array([0.0, *wallet_share, 0.0])


def cost_to_serve(tenure_weeks, service_cost, floor, learning_weeks):
    """Weekly cost to serve a customer of ``tenure_weeks`` (E9 cost savings).

    ``service_cost * (floor + (1 - floor) * exp(-tenure / learning_weeks))``:
    a new customer costs ``service_cost``; a long-standing one ``floor`` of it.
    """
    return service_cost * (
        floor + (1.0 - floor) * np.exp(-np.asarray(tenure_weeks) / learning_weeks)
    )


def to_cents(amount):
    """Round money to whole cents (int64) so the ledger sums exactly."""
    return np.int64(np.rint(np.asarray(amount) * 100.0))


# --- lifecycle stages (C1) ---------------------------------------------------


def next_stage(
    stage,
    accumulated_satisfaction,
    attitude,
    weeks_in_stage,
    formation_threshold,
    stability_trust,
    decline_threshold,
    recovery_threshold,
    min_stage_weeks,
):
    """Stage after this week's experience (C1).

    - any active stage falls into decline when accumulated satisfaction drops
      below ``decline_threshold``;
    - exploration -> formation when satisfaction reaches
      ``formation_threshold`` after ``min_stage_weeks``;
    - formation -> stability when trust reaches ``stability_trust`` after
      ``min_stage_weeks``;
    - decline -> formation (recovery) when satisfaction is back above
      ``recovery_threshold``; otherwise decline goes on until the customer
      defects (:func:`defects`).

    Prospects and churned customers keep their stage.
    """
    s, a = accumulated_satisfaction, attitude
    settled = weeks_in_stage >= min_stage_weeks
    in_use = (stage >= _EXP) & (stage <= _STAB)
    # nested where rather than np.select: the same result, and fast on scalars
    # (plain int stages: comparing a numpy scalar with an IntEnum is slow)
    return _where(
        in_use & (s < decline_threshold),
        _DEC,
        _where(
            (stage == _EXP) & settled & (s >= formation_threshold),
            _FORM,
            _where(
                (stage == _FORM) & settled & (a >= stability_trust),
                _STAB,
                _where((stage == _DEC) & (s >= recovery_threshold), _FORM, stage),
            ),
        ),
    )


def stage_clock(changed, now, since):
    """Week a customer's current stage began: ``now`` where the stage changed (C1)."""
    return _where(changed, now, since)


# --- competition and defection (B6, E7, E8) ---------------------------------


def own_delivered_value(
    accumulated_satisfaction, attitude, attitude_value, discount_value
):
    """Delivered value the customer sees in staying (B6).

    ``(1 - attitude_value) * S + attitude_value * attitude + discount_value``:
    the value of the experience (satisfaction) and of the relationship (liking,
    trust), plus the price value of discounts or points.
    """
    return (
        (1.0 - attitude_value) * accumulated_satisfaction
        + attitude_value * attitude
        + discount_value
    )


def competitor_offer_value(competitor_quality, spread, z, matched_discount_value):
    """Delivered value of a competitor's offer: mean + spread * z + matched price."""
    return competitor_quality + spread * z + matched_discount_value


def competitor_meeting_chance(
    stage, competition_intensity, contact_rate, decline_factor
):
    """Weekly chance a customer meets a competitor's offer (E7).

    ``competition_intensity * contact_rate``, times ``decline_factor`` for a
    customer in decline, who is looking for alternatives; capped at 1.
    """
    factor = _where(stage == Stage.DECLINE, decline_factor, 1.0)
    return _minimum(competition_intensity * contact_rate * factor, 1.0)


def leaves_market(u_meet, exit_chance):
    """Whether a customer leaves for reasons of their own (moving, a need ended).

    The top ``exit_chance`` of the week's meeting draw: such a customer meets
    no offer that week, and no new draw is needed (with ``exit_chance`` 0
    nobody leaves this way and no other outcome changes).

    Examples
    --------
    >>> bool(leaves_market(0.995, 0.006)), bool(leaves_market(0.99, 0.006))
    (True, False)
    """
    return u_meet >= 1.0 - exit_chance


def defects(met, own_value, offer_value, switching_cost):
    """Whether a customer switches to a competitor (B6, E7).

    The customer picks the offer with the larger delivered value: they leave
    when they met an offer and ``offer_value - switching_cost > own_value``.
    """
    return met & (offer_value - switching_cost > own_value)


# --- acquisition and word of mouth (A4) -------------------------------------


def conversion_chances(
    propensity,
    marketing_reach_chance,
    expectation_level,
    promise_effect,
    referred,
    referral_conversion_prob,
):
    """Weekly chance a prospect is won by marketing and by a referral.

    Marketing: ``marketing_reach_chance * propensity * (2 *
    expectation_level) ** promise_effect`` -- promising more attracts more
    buyers (D4); at a neutral promise of 0.5 the multiplier is 1.
    Referral: ``referral_conversion_prob * propensity`` if the prospect was
    referred last week. ``propensity`` (1 for an untouched prospect) is cut
    by negative word of mouth.

    Returns ``(p_marketing, p_referral)``.
    """
    promise = (2.0 * expectation_level) ** promise_effect
    p_marketing = _minimum(marketing_reach_chance * propensity * promise, 1.0)
    p_referral = referral_conversion_prob * propensity * referred
    return p_marketing, p_referral


def acquisition_channel(u, p_marketing, p_referral):
    """How a prospect is won this week, from one uniform draw ``u``.

    0 not won, 1 by marketing, 2 by referral. A referral is tried first;
    marketing wins with ``p_marketing`` of the rest.
    """
    referral = u < p_referral
    marketing = (u >= p_referral) & (u < p_referral + (1.0 - p_referral) * p_marketing)
    return _where(referral, 2, _where(marketing, 1, 0))


def acquisition_outcome(u, p_referral, p_marketing, p_rival):
    """Who wins a prospect this week, and how, from one uniform draw ``u``.

    A referral (to the referring customer's firm, chance ``p_referral``) is
    tried first. The rest of ``u``'s range is shared by the firms' marketing
    (``p_marketing``: one row per firm) and a rival outside the model
    (``p_rival``), each in proportion to its chance (scaled down together if
    they add up to more than 1).

    Returns ``(channel, firm)``: channel 0 not won, 1 by a firm's marketing,
    2 by a referral, 3 by the outside rival; ``firm`` is the row of the firm
    whose marketing won (meaningful where channel is 1).

    Examples
    --------
    >>> import numpy as np
    >>> u = np.array([0.05, 0.3, 0.6, 0.75, 0.95])
    >>> channel, firm = acquisition_outcome(u, 0.1, np.array([[0.3], [0.3]]), 0.2)
    >>> channel.tolist(), firm.tolist()
    ([2, 1, 1, 3, 0], [0, 0, 1, 2, 2])
    """
    p_marketing = np.atleast_2d(p_marketing)
    total = p_marketing.sum(axis=0) + p_rival
    scale = 1.0 / _maximum(total, 1.0)
    rest = (1.0 - p_referral) * scale
    edges = p_referral + rest * np.cumsum(p_marketing, axis=0)
    firm = (u >= edges).sum(axis=0)
    marketing = (u >= p_referral) & (firm < p_marketing.shape[0])
    rival = (firm == p_marketing.shape[0]) & (u < edges[-1] + rest * p_rival)
    channel = _where(u < p_referral, 2, _where(marketing, 1, _where(rival, 3, 0)))
    return channel, firm


def rival_offer_value(
    rival_satisfaction, initial_attitude, attitude_value, spread, z, rival_discount
):
    """Delivered value a rival firm's offer shows a customer (B6, K firms).

    What the customer would get as the rival's new customer: the satisfaction
    the rival's service gives them, a new relationship's attitude, and the
    rival's own discount, seen with the offer's noise ``spread * z``.
    """
    return competitor_offer_value(
        own_delivered_value(rival_satisfaction, initial_attitude, attitude_value, 0.0),
        spread,
        z,
        rival_discount,
    )


def rival_met(u_meet, meeting_chance, own_firm, n_firms):
    """Which rival firm a customer who met an offer met (0 ... n_firms - 1).

    Given a meeting (``u_meet < meeting_chance``), ``u_meet / meeting_chance``
    is uniform on [0, 1): it picks one of the other ``n_firms - 1`` firms with
    equal chances, so no extra draw is needed.
    """
    others = n_firms - 1
    # at most 1 (where nobody met an offer the pick is unused): no overflow
    share = _minimum(u_meet / _maximum(meeting_chance, 1e-300), 1.0)
    r = _minimum(_trunc(share * others), others - 1)
    return r + (r >= own_firm)


def advocates(accumulated_satisfaction, told, advocacy_threshold, reach):
    """Whether a customer is an advocate: satisfied and has not told ``reach`` yet."""
    return (accumulated_satisfaction >= advocacy_threshold) & (told < reach)


def complains(accumulated_satisfaction, complaint_threshold):
    """Whether a leaving customer spreads negative word of mouth."""
    return accumulated_satisfaction < complaint_threshold


def propensity_after_damage(propensity, wom_damage):
    """A prospect's purchase intent after negative word of mouth reaches them."""
    return propensity * (1.0 - wom_damage)


def propensity_recovered(propensity, weeks, recovery_rate):
    """A prospect's purchase intent ``weeks`` after negative word of mouth.

    ``1 - (1 - propensity) * (1 - recovery_rate) ** weeks``: people forget
    what they heard, so the lost part of their intent fades at
    ``recovery_rate`` a week.

    Examples
    --------
    >>> float(propensity_recovered(0.5, 0, 0.1))
    0.5
    >>> round(float(propensity_recovered(0.5, 1, 0.1)), 3)
    0.55
    """
    return 1.0 - (1.0 - propensity) * (1.0 - recovery_rate) ** weeks


def satisfaction_after_damage(accumulated_satisfaction, hit):
    """A customer's accumulated satisfaction after hearing a complaint."""
    return _maximum(accumulated_satisfaction - hit, 0.0)


def referral_damage_cost(intent_lost, acquisition_cost):
    """Referral damage cost (C3) charged to a complaining leaver.

    ``intent_lost * acquisition_cost``: ``intent_lost`` is the purchase intent
    (propensity, 1 for an untouched prospect) the leaver's complaints took
    from the prospects they reached, summed over those prospects; winning
    that intent back would take marketing at the acquisition cost per whole
    prospect. A prospect already put off loses less, so is charged less.

    Examples
    --------
    >>> float(referral_damage_cost(0.5 + 0.25, 60.0))  # two prospects, half hit
    45.0
    """
    return intent_lost * acquisition_cost


def damage_reach_prob(degree, reach):
    """Chance each contact of a complaining leaver is reached.

    ``min(1, reach / degree)``: about ``reach`` contacts (25 by default, A4)
    are reached, all of them when the leaver has fewer.
    """
    return _minimum(1.0, reach / _maximum(degree, 1))


# --- reading loyalty off a customer (E3, E5) ---------------------------------


def loyalty_type(attitude, behaviour, attitude_cut=0.5, behaviour_cut=0.7):
    """Loyalty type by attitude x behaviour (E5; Dick & Basu 1994).

    Returns :class:`LoyaltyType` codes: 3 absolute (high/high), 2 latent
    (high attitude, low behaviour), 1 inertia (low attitude, high behaviour),
    0 none. "High" means at or above the cut.

    Examples
    --------
    >>> LoyaltyType(int(loyalty_type(0.2, 0.9))).name
    'INERTIA'
    """
    high_a = np.asarray(attitude) >= attitude_cut
    high_b = np.asarray(behaviour) >= behaviour_cut
    return 2 * high_a.astype(np.int64) + high_b.astype(np.int64)


def ladder_rung(
    stage,
    purchases,
    attitude,
    referrals_made,
    bond_level,
    referred=False,
    damaged=False,
):
    """Rung of the loyalty ladder (E3) read off a person's state.

    Prospects: possible customer, wait-and-see (put off by negative word of
    mouth), potential buyer (referred to the firm). Customers: one-time buyer
    (at most one purchase), repeat buyer, follower (trusts the firm, past
    exploration), advocate (has recommended the firm), partner (stable,
    structural bonds, high trust). Churned customers are off the ladder: -1.
    Index :data:`LADDER_RUNGS` with the result.
    """
    stage = np.asarray(stage)
    customer = (stage >= Stage.EXPLORATION) & (stage <= Stage.DECLINE)
    trusting = np.asarray(attitude) >= 0.5
    past_exploration = (stage == Stage.FORMATION) | (stage == Stage.STABILITY)
    return np.select(
        [
            stage == Stage.CHURNED,
            (stage == Stage.PROSPECT) & referred,
            (stage == Stage.PROSPECT) & damaged,
            stage == Stage.PROSPECT,
            customer & (stage == Stage.STABILITY) & (bond_level >= 3) & trusting,
            customer & (np.asarray(referrals_made) > 0) & trusting,
            customer & past_exploration & trusting,
            customer & (np.asarray(purchases) > 1),
        ],
        [-1, 2, 1, 0, 7, 6, 5, 4],
        default=3,
    )
