"""A customer's week, written once: the rules both engines run.

A customer's week is one function of that customer's numbers,
:func:`customer_step`, calling the rules of :mod:`crmsim.model.rules` in the
course's order::

    contacted      social bonds (B5)
    satisfaction   perceived quality against expectations (A3, D2, D3)
    attitude       and habit (behaviour) (E5)
    bought         share of wallet (F2)
    stage          the lifecycle (C1)
    left           delivered value against an offer, or leaving (B6, E7)
    telling        word of mouth (A4)

:func:`keep_loop` writes what it decided into the person's slots of the
:class:`~crmsim.model.state.MarketState` and books its money in whole cents.
The Mesa agent runs ``customer_step`` for itself on plain Python numbers
(:func:`customer_rows`), and the market keeps every agent's outcome when
they have all stepped (:func:`keep_outcomes`); the vector engine runs both
for every customer in one compiled loop (:func:`customer_week`). numba
compiles these same functions (:mod:`crmsim.model.compiled`): there is no
second copy of a rule, and both engines get the same numbers.

A prospect's week is ``consider_buying(s, who, u)`` (A4, D4), for one
prospect or an array of them. What passes between people (referrals,
complaints) is settled when the week ends
(:meth:`~crmsim.model.state.MarketState.end_week`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from crmsim.model import ledger as ledger_columns
from crmsim.model import rules
from crmsim.model.rules import Stage

if TYPE_CHECKING:
    from crmsim.model.state import CustomerDraws, MarketState

__all__ = [
    "FirmMoney",
    "MarketRules",
    "People",
    "StepOutcome",
    "consider_buying",
    "could_be_won",
    "customer_rows",
    "customer_step",
    "customer_week",
    "keep_outcomes",
    "keep_loop",
    "step_loop",
    "FIRM_COLUMNS",
    "firm_table",
]


_EXPLORATION = int(Stage.EXPLORATION)


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
#
# One customer's week is one function of that customer's numbers,
# :func:`customer_step`, which calls the rules; what it decides is kept and
# booked by :func:`keep_loop`. The Mesa agent calls ``customer_step`` on plain
# Python floats; the vector engine runs it in a loop compiled from this same
# source by numba (:mod:`crmsim.model.compiled`); both engines keep the week
# with the compiled ``keep_loop``.


class MarketRules(NamedTuple):
    """The market's numbers a customer's week reads (one run, or stacked runs)."""

    quality_noise: float
    contact_care: float
    latent_gap: float
    shortfall_sensitivity: float
    meet_sensitivity: float
    delight_sensitivity: float
    satisfaction_update_rate: float
    attitude_zero_at: float
    attitude_full_at: float
    trust_update_rate: float
    contact_trust_gain: float
    purchase_base: float
    purchase_attitude_weight: float
    financial_habit: float
    structural_habit: float
    habit_update_rate: float
    formation_threshold: float
    stability_trust: float
    decline_threshold: float
    recovery_threshold: float
    min_stage_weeks: int
    exit_chance: float
    attitude_value: float
    competitor_quality: float
    competitor_offer_spread: float
    initial_attitude: float
    advocacy_threshold: float
    wom_positive_reach: int
    advocacy_chance: float
    firms_per_market: int
    meeting_chance_by_stage: tuple[float, ...]
    """Weekly chance of meeting a competitor's offer, by stage code."""


FIRM_COLUMNS = (
    "contact_chance",
    "social",
    "service_quality",
    "quality_lift",
    "financial",
    "structural",
    "discount_value",
    "matched_discount_value",
    "switching_cost",
    *(f"expectation_{stage.name.lower()}" for stage in Stage),
)
"""The columns of a firm's row in the firm table :func:`customer_step` reads
(bond flags as 0.0 / 1.0; then the basic expectation by stage code)."""
(
    _CONTACT_CHANCE,
    _SOCIAL,
    _SERVICE_QUALITY,
    _QUALITY_LIFT,
    _FINANCIAL,
    _STRUCTURAL,
    _DISCOUNT_VALUE,
    _MATCHED_DISCOUNT_VALUE,
    _SWITCHING_COST,
    _EXPECTATION,
) = range(10)
_WIDTH = len(FIRM_COLUMNS)


class FirmMoney(NamedTuple):
    """What a customer-week costs and earns, in whole cents (:class:`FirmTable`)."""

    contact_cents: int
    structural_cents: int
    structural: np.ndarray
    revenue_cents: np.ndarray
    discount_cents: np.ndarray
    cogs_cents: np.ndarray
    service_cents: np.ndarray


class People(NamedTuple):
    """The per-person arrays of a :class:`MarketState` a customer's week uses."""

    stage: np.ndarray
    stage_since: np.ndarray
    acquired_week: np.ndarray
    firm: np.ndarray
    satisfaction: np.ndarray
    attitude: np.ndarray
    behaviour: np.ndarray
    taste: np.ndarray
    told: np.ndarray
    degree: np.ndarray
    purchases: np.ndarray
    bought_stage: np.ndarray
    risk_level: np.ndarray
    defected: np.ndarray


class StepOutcome(NamedTuple):
    """What one customer's week decided (:func:`customer_step`)."""

    contacted: float
    satisfaction: float
    attitude: float
    behaviour: float
    bought: bool
    stage: int
    left: bool
    defected: bool
    rival: int
    risk_level: int
    telling: bool


_INT_RULES = ("min_stage_weeks", "wom_positive_reach", "firms_per_market")
_FLOAT_RULES = tuple(
    name
    for name in MarketRules._fields
    if name not in _INT_RULES and name != "meeting_chance_by_stage"
)


def market_rules(s: MarketState) -> MarketRules:
    """The :class:`MarketRules` of ``s``'s market, as plain Python numbers."""
    p = s.params
    # a tuple, not an array: the rules stay plain numbers (an array among
    # them would be reference-counted at each customer in compiled code)
    chance = tuple(s.meeting_chance_by_stage.astype(np.float64).tolist())
    return MarketRules(
        **{name: float(getattr(p, name)) for name in _FLOAT_RULES},
        min_stage_weeks=int(p.min_stage_weeks),
        wom_positive_reach=int(p.wom_positive_reach),
        firms_per_market=int(s.firms_per_market),
        meeting_chance_by_stage=chance,
    )


def firm_table(F, as_lists: bool = False):
    """Firm table ``F``'s numbers for :func:`customer_step`: one flat float64 array.

    Firm ``f``'s value in column ``k`` of :data:`FIRM_COLUMNS` is entry
    ``f * len(FIRM_COLUMNS) + k``; a plain list of Python floats with
    ``as_lists``. Floats as float64 whatever the run's precision, so that
    both engines do the week's arithmetic in double precision on the same
    numbers. (One flat array, not a table of arrays: compiled, each array
    passed to a customer's step is reference-counted at every customer.)
    """
    columns = [
        np.asarray(getattr(F, name), dtype=np.float64)
        for name in FIRM_COLUMNS[:_EXPECTATION]
    ]
    table = np.column_stack([*columns, np.asarray(F.expectation_by_stage, np.float64)])
    flat = np.ascontiguousarray(table).ravel()
    return flat.tolist() if as_lists else flat


def firm_money(F) -> FirmMoney:
    """The :class:`FirmMoney` of firm table ``F``."""
    return FirmMoney(
        contact_cents=int(F.contact_cents),
        structural_cents=int(F.structural_cents),
        structural=np.asarray(F.structural, dtype=np.int64),
        revenue_cents=np.asarray(F.revenue_cents, dtype=np.int64),
        discount_cents=np.asarray(F.discount_cents, dtype=np.int64),
        cogs_cents=np.asarray(F.cogs_cents, dtype=np.int64),
        service_cents=np.asarray(F.service_cents, dtype=np.int64),
    )


def people(s: MarketState) -> People:
    """The :class:`People` arrays of ``s`` (views: writing them writes ``s``)."""
    return People(*(getattr(s, name) for name in People._fields))


def customer_step(
    stage,
    weeks_in_stage,
    satisfaction,
    attitude,
    behaviour,
    taste,
    told,
    degree,
    f,
    u_contact,
    z_quality,
    u_buy,
    u_meet,
    z_offer,
    u_advocate,
    R: MarketRules,
    firms,
):
    """One customer's week, as the course tells it: a :class:`StepOutcome` tuple.

    The customer's numbers (stage, weeks in it, satisfaction, attitude,
    behaviour, taste, referrals made, number of contacts, firm ``f``) and
    this week's draws, for one customer as plain numbers; the market's
    numbers ``R`` and the firms' (:func:`firm_table`). Nothing is written:
    :func:`keep_loop` keeps and books what this returns.
    """
    (
        quality_noise,
        contact_care,
        latent_gap,
        shortfall_sensitivity,
        meet_sensitivity,
        delight_sensitivity,
        satisfaction_update_rate,
        attitude_zero_at,
        attitude_full_at,
        trust_update_rate,
        contact_trust_gain,
        purchase_base,
        purchase_attitude_weight,
        financial_habit,
        structural_habit,
        habit_update_rate,
        formation_threshold,
        stability_trust,
        decline_threshold,
        recovery_threshold,
        min_stage_weeks,
        exit_chance,
        attitude_value,
        competitor_quality,
        competitor_offer_spread,
        initial_attitude,
        advocacy_threshold,
        wom_positive_reach,
        advocacy_chance,
        firms_per_market,
        meeting_chance_by_stage,
    ) = R  # the market's numbers, by name (MarketRules)
    row = f * _WIDTH
    # social bonds (B5, level 2): a personal contact this week (0/1)
    contacted = (u_contact < firms[row + _CONTACT_CHANCE]) * firms[row + _SOCIAL]
    # perceived quality against expectations gives satisfaction (A3, D2, D3)
    quality = rules.perceived_quality(
        firms[row + _SERVICE_QUALITY],
        taste,
        quality_noise,
        z_quality,
        firms[row + _QUALITY_LIFT] + contact_care * contacted,
    )
    week_satisfaction = rules.satisfaction(
        quality,
        firms[row + _EXPECTATION + stage],
        latent_gap,
        shortfall_sensitivity,
        meet_sensitivity,
        delight_sensitivity,
    )
    satisfaction = rules.follow(
        satisfaction, week_satisfaction, satisfaction_update_rate
    )
    # attitude follows satisfaction; behaviour follows its own target (E5)
    attitude = rules.attitude_update(
        attitude,
        satisfaction,
        attitude_zero_at,
        attitude_full_at,
        trust_update_rate,
        contacted,
        contact_trust_gain,
    )
    target = rules.repeat_purchase_target(
        attitude,
        purchase_base,
        purchase_attitude_weight,
        firms[row + _FINANCIAL],
        financial_habit,
        firms[row + _STRUCTURAL],
        structural_habit,
    )
    behaviour = rules.follow(behaviour, target, habit_update_rate)
    # buy a basket (its share of wallet grows with stage, F2)
    bought = u_buy < behaviour
    # stage transitions driven by satisfaction and trust (C1)
    new_stage = rules.next_stage(
        stage,
        satisfaction,
        attitude,
        weeks_in_stage,
        formation_threshold,
        stability_trust,
        decline_threshold,
        recovery_threshold,
        min_stage_weeks,
    )
    # compare delivered values and perhaps defect (B6, E7); or leave the
    # market for reasons of one's own, going over to no rival
    chance = meeting_chance_by_stage[new_stage]
    exits = rules.leaves_market(u_meet, exit_chance)
    met = (u_meet < chance) & (not exits)
    own = rules.own_delivered_value(
        satisfaction, attitude, attitude_value, firms[row + _DISCOUNT_VALUE]
    )
    if firms_per_market == 1:
        # a competitor outside the model, who matches part of the discount
        rival = -1
        offer = rules.competitor_offer_value(
            competitor_quality,
            competitor_offer_spread,
            z_offer,
            firms[row + _MATCHED_DISCOUNT_VALUE],
        )
    else:
        # a rival firm's actual offer: its service as this customer would
        # perceive it, against the basic expectation it sets a new customer
        rival = rules.rival_met(u_meet, chance, f, len(firms) // _WIDTH)
        other = rival * _WIDTH
        rival_satisfaction = rules.satisfaction(
            firms[other + _SERVICE_QUALITY] + firms[other + _QUALITY_LIFT] + taste,
            firms[other + _EXPECTATION + _EXPLORATION],
            latent_gap,
            shortfall_sensitivity,
            meet_sensitivity,
            delight_sensitivity,
        )
        offer = rules.rival_offer_value(
            rival_satisfaction,
            initial_attitude,
            attitude_value,
            competitor_offer_spread,
            z_offer,
            firms[other + _DISCOUNT_VALUE],
        )
    defected = rules.defects(met, own, offer, firms[row + _SWITCHING_COST])
    left = defected | exits
    # a satisfied customer who stayed tells a contact about the firm (A4)
    telling = (
        rules.advocates(satisfaction, told, advocacy_threshold, wom_positive_reach)
        & (not left)
        & (u_advocate < advocacy_chance)
        & (degree > 0)
    )
    # a plain tuple, in the order of StepOutcome's fields (a named tuple
    # would cost the Mesa agent a tenth of its step)
    return (
        contacted,
        satisfaction,
        attitude,
        behaviour,
        bought,
        new_stage,
        left,
        defected,
        rival,
        rules.satisfaction_level(satisfaction),
        telling,
    )


AHEAD = 16
"""How many customers ahead the compiled loops ask for a customer's memory."""


def prefetch(values, index) -> None:
    """Ask for ``values[index]`` ahead of its use (compiled code; here nothing).

    The week's customers are spread over everybody's arrays, so each of a
    customer's numbers is a fresh read from memory: compiled, the step's loop
    asks for the numbers of the customer :data:`AHEAD` places on while it
    works on this one (measured at a million people: 174 -> 85 ns a
    customer; the keeping loop, which writes, gained nothing from it).
    ``index`` is an int, or a tuple of ints for a table.
    """


def step_loop(who, week_index, draws, P, R, firms, outcomes):
    """Customers ``who``'s :func:`customer_step`, into ``outcomes`` (vector engine).

    ``draws`` are the week's draws (the first six
    :class:`~crmsim.model.state.CustomerDraws` fields in order, one entry per
    customer of ``who``); row ``j`` of ``outcomes`` receives customer
    ``who[j]``'s :class:`StepOutcome`, in the order of its fields.
    """
    u_contact, z_quality, u_buy, u_meet, z_offer, u_advocate = draws
    # the arrays are taken out of their tables before the loop (taken out
    # inside it, compiled code would count references at every customer)
    firm, stage, stage_since = P.firm, P.stage, P.stage_since
    satisfaction, attitude, behaviour = P.satisfaction, P.attitude, P.behaviour
    taste, told, degree = P.taste, P.told, P.degree
    several = len(firms) > _WIDTH
    for j in range(who.size):
        if j + AHEAD < who.size:
            k = who[j + AHEAD]
            prefetch(stage, k)
            prefetch(stage_since, k)
            prefetch(satisfaction, k)
            prefetch(attitude, k)
            prefetch(behaviour, k)
            prefetch(taste, k)
            prefetch(told, k)
            prefetch(degree, k)
            prefetch(firm, k)
        i = who[j]
        out = customer_step(
            stage[i],
            week_index - stage_since[i],
            satisfaction[i],
            attitude[i],
            behaviour[i],
            taste[i],
            told[i],
            degree[i],
            firm[i] if several else 0,
            u_contact[j],
            z_quality[j],
            u_buy[j],
            u_meet[j],
            z_offer[j],
            u_advocate[j],
            R,
            firms,
        )
        outcomes[j, _OUT_CONTACTED] = out[_OUT_CONTACTED]
        outcomes[j, _OUT_SATISFACTION] = out[_OUT_SATISFACTION]
        outcomes[j, _OUT_ATTITUDE] = out[_OUT_ATTITUDE]
        outcomes[j, _OUT_BEHAVIOUR] = out[_OUT_BEHAVIOUR]
        outcomes[j, _OUT_BOUGHT] = out[_OUT_BOUGHT]
        outcomes[j, _OUT_STAGE] = out[_OUT_STAGE]
        outcomes[j, _OUT_LEFT] = out[_OUT_LEFT]
        outcomes[j, _OUT_DEFECTED] = out[_OUT_DEFECTED]
        outcomes[j, _OUT_RIVAL] = out[_OUT_RIVAL]
        outcomes[j, _OUT_RISK_LEVEL] = out[_OUT_RISK_LEVEL]
        outcomes[j, _OUT_TELLING] = out[_OUT_TELLING]


def keep_loop(who, outcomes, week_index, clock, P, M, ledger, several):
    """Keep customers ``who``'s :class:`StepOutcome` rows ``outcomes``; book the money.

    Both engines keep a week this way, once everybody's step is done: each
    customer's new satisfaction, attitude, behaviour and stage; their
    purchase; and the week's money in whole cents (``ledger``: every
    person's cents by column, their cash this week, and the week's totals by
    firm and column). ``several``: a market of several firms (else
    everyone's firm is 0).
    """
    firm, stages, stage_since, acquired = (
        P.firm,
        P.stage,
        P.stage_since,
        P.acquired_week,
    )
    satisfaction, attitude, behaviour = P.satisfaction, P.attitude, P.behaviour
    purchases, bought_stage, risk_level, defected = (
        P.purchases,
        P.bought_stage,
        P.risk_level,
        P.defected,
    )
    contact_cents, structural_cents, structural = (
        M.contact_cents,
        M.structural_cents,
        M.structural,
    )
    revenue_cents, discount_cents, cogs_cents = (
        M.revenue_cents,
        M.discount_cents,
        M.cogs_cents,
    )
    service_cents = M.service_cents
    cents, week_cash, totals = ledger
    for j in range(who.size):
        i = who[j]
        f = firm[i] if several else 0
        stage = stages[i]  # the stage the week began with
        new_stage = int(outcomes[j, _OUT_STAGE])
        bought = int(outcomes[j, _OUT_BOUGHT])
        satisfaction[i] = outcomes[j, _OUT_SATISFACTION]
        attitude[i] = outcomes[j, _OUT_ATTITUDE]
        behaviour[i] = outcomes[j, _OUT_BEHAVIOUR]
        purchases[i] += bought
        bought_stage[i] = stage * bought
        stage_since[i] = rules.stage_clock(new_stage != stage, clock, stage_since[i])
        stages[i] = new_stage
        risk_level[i] = int(outcomes[j, _OUT_RISK_LEVEL])
        defected[i] = outcomes[j, _OUT_LEFT] != 0
        ledger_columns.book_week_of_service(
            i,
            f,
            stage,
            week_index - acquired[i],
            bought,
            int(outcomes[j, _OUT_CONTACTED]),
            contact_cents,
            structural_cents,
            structural,
            revenue_cents,
            discount_cents,
            cogs_cents,
            service_cents,
            cents,
            week_cash,
            totals,
        )


(
    _OUT_CONTACTED,
    _OUT_SATISFACTION,
    _OUT_ATTITUDE,
    _OUT_BEHAVIOUR,
    _OUT_BOUGHT,
    _OUT_STAGE,
    _OUT_LEFT,
    _OUT_DEFECTED,
    _OUT_RIVAL,
    _OUT_RISK_LEVEL,
    _OUT_TELLING,
) = range(len(StepOutcome._fields))


# --- the engines' entry points -------------------------------------------------


def _week_rules(s: MarketState, as_lists: bool = False):
    """``(MarketRules, firm_table, FirmMoney)`` of ``s``, once per firm table."""
    key = "_week_rules_lists" if as_lists else "_week_rules"
    cached = s.__dict__.get(key)
    if cached is None or cached[0] is not s.firms:
        cached = (
            s.firms,
            market_rules(s),
            firm_table(s.firms, as_lists),
            firm_money(s.firms),
        )
        setattr(s, key, cached)
    return cached[1:]


def _ledger_arrays(s: MarketState):
    """The ledger as :func:`keep_loop` books it, with the week's totals from zero."""
    totals = np.zeros((s.n_firms, len(ledger_columns.LEDGER_FIELDS)), dtype=np.int64)
    return s.ledger.cents, s.ledger.week_cash, totals


CHUNK = 1 << 16
"""Customers the vector engine steps and keeps at a time: the outcomes of a
chunk stay in the processor's cache between the two loops, and a million
people's week needs no outcome table of a million rows."""


def customer_week(s: MarketState, who: np.ndarray, d: CustomerDraws) -> None:
    """The week of customers ``who`` (this week's customers, draws ``d``) at once.

    In chunks of :data:`CHUNK` customers, each stepped and then kept: a
    customer's step reads only their own numbers, so the chunks cannot
    change one another's outcome.
    """
    from crmsim.model import compiled

    R, firms, _ = _week_rules(s)
    P = people(s)
    draws = (d.u_contact, d.z_quality, d.u_buy, d.u_meet, d.z_offer, d.u_advocate)
    table = _outcome_table(min(who.size, CHUNK))
    for lo in range(0, who.size, CHUNK):
        part = slice(lo, lo + CHUNK)
        mine = who[part]
        outcomes = table[: mine.size]
        mine_draws = tuple(x[part] for x in draws)
        compiled.step_loop(mine, s.week_index, mine_draws, P, R, firms, outcomes)
        _keep(s, mine, outcomes, d.u_pick[part])


def _outcome_table(n: int) -> np.ndarray:
    """Room for ``n`` customers' :class:`StepOutcome`, one row each."""
    return np.zeros((n, len(StepOutcome._fields)), dtype=np.float64)


def customer_rows(s: MarketState) -> list[tuple]:
    """Each of this week's customers' numbers and draws as Python values, a tuple.

    ``customer_step(*rows[slot], R, firms)`` is the week of the customer in
    ``slot`` of :attr:`~crmsim.model.state.MarketState.customers`, with
    ``R, firms = week_rules_for_agents(s)``.
    """
    who, d = s.customers, s.draws
    firm = s.firm[who] if s.n_firms > 1 else np.zeros(who.size, dtype=np.int64)
    columns = (
        s.stage[who],
        s.week_index - s.stage_since[who],
        s.satisfaction[who],
        s.attitude[who],
        s.behaviour[who],
        s.taste[who],
        s.told[who],
        s.degree[who],
        firm,
        d.u_contact,
        d.z_quality,
        d.u_buy,
        d.u_meet,
        d.z_offer,
        d.u_advocate,
    )
    return list(zip(*(c.tolist() for c in columns), strict=True))


def week_rules_for_agents(s: MarketState) -> tuple[MarketRules, list[float]]:
    """The rules' numbers of ``s`` as plain Python numbers (for the Mesa agents)."""
    R, F, _ = _week_rules(s, as_lists=True)
    return R, F


def keep_outcomes(s: MarketState, outcomes: Sequence[StepOutcome]) -> None:
    """Keep and book the week of this week's customers, one outcome each (Mesa).

    ``outcomes[slot]`` is what :func:`customer_step` returned for the
    customer in ``slot`` of :attr:`~crmsim.model.state.MarketState.customers`.
    """
    who = s.customers
    if who.size:
        width = len(StepOutcome._fields)
        flat = np.fromiter(chain.from_iterable(outcomes), np.float64, who.size * width)
        _keep(s, who, flat.reshape(who.size, width), s.draws.u_pick)


def _keep(s: MarketState, who, outcomes, u_pick) -> None:
    """Keep this week's customers' outcomes (:func:`keep_loop`) and settle them."""
    from crmsim.model import compiled

    _, _, M = _week_rules(s)
    ledger = _ledger_arrays(s)
    compiled.keep_loop(
        who, outcomes, s.week_index, s.clock, people(s), M, ledger, s.n_firms > 1
    )
    _settle(s, who, u_pick, outcomes, ledger[2])


def _settle(s: MarketState, who, u_pick, outcomes, totals) -> None:
    """What the customers' week set going: totals, departures, switches, referrals.

    ``outcomes`` holds each customer's :class:`StepOutcome` (a row each).
    Leavers' relationships end (and the dissatisfied complain); in a market
    of several firms a defector becomes the rival's customer; an advocate
    picks a contact with their own draw ``u_pick`` (whether the referral
    lands is settled when the week ends).
    """
    left = outcomes[:, _OUT_LEFT] != 0
    telling = outcomes[:, _OUT_TELLING] != 0
    for row, week_totals in zip(s.ledger.by_firm, totals.tolist(), strict=True):
        row[:] = [a + b for a, b in zip(row, week_totals, strict=True)]
    s.churn(who[left])
    if s.firms_per_market > 1:
        defected = outcomes[:, _OUT_DEFECTED] != 0
        if defected.any():
            rival = outcomes[defected, _OUT_RIVAL].astype(np.int8)
            s.switch(who[defected], rival)
    advocates = who[telling]
    if advocates.size:
        net = s.network
        offset = (u_pick[telling].astype(np.float64) * s.degree[advocates]).astype(
            np.int64
        )
        s.refer(advocates, net.indices[net.indptr[advocates] + offset].astype(np.int64))
