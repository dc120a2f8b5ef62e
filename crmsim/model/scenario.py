"""Scenario: every parameter of a crmsim run in one frozen dataclass.

Time is measured in **weeks** and money in **one currency unit** (the course's
examples use dollars or yuan; the model does not care which). Quality,
expectation, satisfaction, attitude and delivered value share one
dimensionless 0-1 scale, so that they can be compared with each other.

Make variants with :func:`dataclasses.replace` (validated again) or
:meth:`Scenario.replace`; load and save TOML with :func:`load_scenario` and
:func:`save_scenario`; named presets live in :data:`PRESETS`.

Examples
--------
>>> from crmsim import Scenario, preset
>>> s = preset("social").replace(n_customers=500, weeks=104)
>>> s.relationship_level, s.n_customers
(2, 500)
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np

from crmsim.errors import CRMSimError
from crmsim.validation import check_number, check_whole, invalid, range_text

__all__ = [
    "PRESETS",
    "Scenario",
    "describe_parameters",
    "format_parameters",
    "parameters_markdown",
    "MAX_TOML_BYTES",
    "MONEY_MAX",
    "load_scenario",
    "preset",
    "save_scenario",
]

INF = math.inf

MONEY_MAX = 1e9
"""Largest amount any one money parameter may take (money per event)."""

_CENTS_LIMIT = 2**63 - 1  # the ledger's int64 cents

MAX_TOML_BYTES = 1_000_000
"""Largest scenario or sweep file read (a scenario file is a few kB)."""

MAX_TOML_DEPTH = 4
"""Deepest nesting of tables and lists in a scenario or sweep file."""


def _p(
    default,
    unit: str,
    doc: str,
    lo=-INF,
    hi=INF,
    integer: bool = False,
    *,
    reason: str = "",
):
    """Declare a parameter with its unit, meaning and allowed closed range.

    ``reason`` says in one line where the default comes from: a seed figure
    (``"seed 004 ch.2: ..."``), a literature figure (``"Author 1995: ..."``),
    the calibration target it serves (``"calibration: ..."``) or, where there
    is none, ``"assumption: ..."``. ``crmsim parameters`` and
    ``docs/parameters.md`` show it.
    """
    return field(
        default=default,
        metadata={
            "unit": unit,
            "doc": doc,
            "range": (lo, hi),
            "integer": integer,
            "reason": reason,
        },
    )


@dataclass(frozen=True)
class Scenario:
    """Every parameter of a crmsim run, with units and documented defaults.

    Construct with keywords; every value is validated in ``__post_init__`` and
    a bad one raises :class:`~crmsim.errors.CRMSimError` naming the field, the
    value and the allowed range. ``describe_parameters()`` lists them all.
    """

    name: str = field(
        default="default",
        metadata={
            "unit": "",
            "doc": "label used in tables and plots",
            "reason": "assumption: a label only; it does not change the run",
        },
    )

    # --- market and run -------------------------------------------------
    n_customers: int = _p(
        1000,
        "people",
        "people in the market (prospects and customers)",
        10,
        10**8,
        True,
        reason=(
            "assumption: no source; enough people for stable shares in class, few "
            "enough to run in seconds"
        ),
    )
    weeks: int = _p(
        260,
        "weeks",
        "length of the run",
        1,
        5200,
        True,
        reason=(
            "assumption: 5 years; a 3-year horizon flipped conclusions that hold at 5 "
            "years (issue 10: lifecycle profit by level)"
        ),
    )
    initial_customer_share: float = _p(
        0.2,
        "fraction",
        "share of the market that are customers at week 0",
        0,
        1,
        reason=(
            "assumption: no source; the share before the warm-up, which washes it out "
            "(C2-steady-state)"
        ),
    )
    mean_degree: float = _p(
        30.0,
        "people",
        "mean number of contacts on the social network",
        0,
        1000,
        reason=(
            "assumption: more contacts than the 25 a complainer reaches (seed 004 "
            "ch.2), so the network does not cap it"
        ),
    )
    warmup_weeks: int = _p(
        260,
        "weeks",
        "weeks run before week 0 so the market starts settled (not counted)",
        0,
        5200,
        True,
        reason=(
            "calibration: after 260 weeks the market is in a steady state, customers "
            "won / lost 0.99 (C2-steady-state in crmsim.claims)"
        ),
    )
    return_chance: float = _p(
        0.02,
        "per week",
        "chance a churned person is back in the market as a prospect",
        0,
        1,
        reason=(
            "assumption: no source; a leaver is back in the market after about a year "
            "(1 / 0.02 = 50 weeks), keeping the open market steady (C2-steady-state)"
        ),
    )
    exit_chance: float = _p(
        0.0,
        "per week",
        "chance a customer leaves for reasons of their own (moving, a need "
        "ended), whatever the firm does",
        0,
        0.5,
        reason=(
            "assumption: no source; 0 by default (every loss has a reason in the "
            "model); D4-middle-expectation's condition sets 0.006 a week (about "
            "27 % a year), a market that keeps needing new buyers"
        ),
    )

    # --- the firm's relationship marketing (B5, E11) ------------------------
    relationship_level: int = _p(
        0,
        "level",
        "0 transactional, 1 financial, 2 social, 3 structural bonds (cumulative)",
        0,
        3,
        True,
        reason=(
            "assumption: the course's baseline is transactional marketing (B3); levels "
            "1-3 (Berry 1995 bonds, B5) are compared with it"
        ),
    )
    loyalty_tier: int = _p(
        0,
        "tier",
        "loyalty programme tier 0-3; tier t switches on the bonds of level t",
        0,
        3,
        True,
        reason=(
            "assumption: no loyalty programme unless asked for; tiers 1-3 (seed 001, "
            "E11) switch on the bonds of levels 1-3"
        ),
    )

    # --- the offer, expectations and satisfaction (A3, D2, D3, D4) ---------
    service_quality: float = _p(
        0.65,
        "quality 0-1",
        "mean quality the firm delivers",
        0,
        1,
        reason=(
            "assumption: no source; between the basic (0.55) and latent (0.75) "
            "expectation: satisfied, not delighted (D2)"
        ),
    )
    quality_noise: float = _p(
        0.08,
        "quality 0-1",
        "week-to-week spread of perceived quality",
        0,
        1,
        reason=(
            "assumption: no source; enough weekly spread that some weeks fall short of "
            "the basic expectation"
        ),
    )
    quality_heterogeneity: float = _p(
        0.1,
        "quality 0-1",
        "spread of quality between customers (fixed per customer)",
        0,
        1,
        reason=(
            "assumption: no source; customers differ in their fixed taste for the "
            "offer, one source of the unequal profits A2-pareto tests"
        ),
    )
    expectation_level: float = _p(
        0.55,
        "quality 0-1",
        "basic expectation the firm sets in exploration",
        0,
        1,
        reason=(
            "assumption: no source; the middle of the D4 sweep (0.35-0.75), below the "
            "default quality so basic needs are met"
        ),
    )
    expectation_growth: float = _p(
        0.04,
        "quality 0-1 per stage",
        "rise of the basic expectation at each later stage",
        0,
        0.5,
        reason=(
            "seed 000 §2.3 (D3): basic expectations rise from stage to stage; size "
            "assumed, so stability (0.63) stays below quality 0.65"
        ),
    )
    latent_gap: float = _p(
        0.2,
        "quality 0-1",
        "latent expectation above the basic one",
        0.01,
        1,
        reason=(
            "assumption: no source; the latent expectation (0.75 in exploration) lies "
            "above the default quality, so delight takes better service (D2)"
        ),
    )
    shortfall_sensitivity: float = _p(
        3.0,
        "satisfaction per quality",
        "slope below the basic expectation",
        0,
        50,
        reason=(
            "assumption: no source; missing a basic need hurts: 0.1 short of it costs "
            "0.3 satisfaction (D2)"
        ),
    )
    meet_sensitivity: float = _p(
        0.5,
        "satisfaction per quality",
        "slope between basic and latent expectation",
        0,
        50,
        reason=(
            "seed 000 §2.3 (D2): meeting basic expectations lifts loyalty only to a "
            "plateau; slope assumed (0.1 over adds 0.05)"
        ),
    )
    delight_sensitivity: float = _p(
        2.5,
        "satisfaction per quality",
        "slope above the latent expectation",
        0,
        50,
        reason=(
            "seed 000 §2.3 (D2): exceeding latent expectations lifts loyalty steeply; "
            "slope assumed (5 times the in-band slope)"
        ),
    )
    satisfaction_update_rate: float = _p(
        0.2,
        "per week",
        "weight of this week's experience in accumulated satisfaction",
        0,
        1,
        reason=(
            "assumption: no source; accumulated satisfaction remembers about the last "
            "5 weeks (1 / 0.2)"
        ),
    )
    trust_update_rate: float = _p(
        0.05,
        "per week",
        "speed at which attitude (liking, trust) follows its target",
        0,
        1,
        reason=(
            "assumption: no source; liking and trust follow satisfaction in about 20 "
            "weeks (1 / 0.05), slower than satisfaction"
        ),
    )
    attitude_zero_at: float = _p(
        0.5,
        "satisfaction 0-1",
        "satisfaction at which liking and trust fade to 0",
        0,
        1,
        reason=(
            "assumption: no source; a merely satisfied customer (0.6 with basic needs "
            "just met) feels little attachment (D1 satisfaction trap)"
        ),
    )
    attitude_full_at: float = _p(
        0.9,
        "satisfaction 0-1",
        "satisfaction at which liking and trust grow to 1",
        0,
        1,
        reason=(
            "Jones & Sasser 1995: only completely satisfied customers are truly loyal; "
            "the level 0.9 is assumed"
        ),
    )
    habit_update_rate: float = _p(
        0.1,
        "per week",
        "speed at which the repeat-purchase rate follows its target",
        0,
        1,
        reason=(
            "assumption: no source; the repeat-purchase rate follows its target in "
            "about 10 weeks (1 / 0.1)"
        ),
    )
    promise_effect: float = _p(
        1.0,
        "per quality",
        "how strongly a higher expectation set raises prospects' conversion (D4)",
        0,
        10,
        reason=(
            "seed 002 (D4): a higher expectation attracts buyers; strength assumed (1: "
            "conversion in proportion to the promise)"
        ),
    )

    # --- lifecycle thresholds (C1) -----------------------------------------
    formation_threshold: float = _p(
        0.6,
        "satisfaction 0-1",
        "satisfaction to move from exploration to formation",
        0,
        1,
        reason=(
            "assumption: no source; a customer whose basic expectations are just met "
            "(satisfaction 0.6) moves on to formation (C1)"
        ),
    )
    stability_trust: float = _p(
        0.6,
        "attitude 0-1",
        "trust to move from formation to stability",
        0,
        1,
        reason="assumption: no source; trust past 0.6 marks the stable stage (C1)",
    )
    decline_threshold: float = _p(
        0.4,
        "satisfaction 0-1",
        "below this an active customer falls into decline",
        0,
        1,
        reason=(
            "assumption: no source; satisfaction 0.2 below a just-met basic "
            "expectation (0.6) starts the decline stage (C1)"
        ),
    )
    recovery_threshold: float = _p(
        0.55,
        "satisfaction 0-1",
        "above this a declining customer recovers",
        0,
        1,
        reason=(
            "assumption: no source; 0.15 above decline_threshold, so that customers do "
            "not flicker between stages"
        ),
    )
    min_stage_weeks: int = _p(
        8,
        "weeks",
        "least time in exploration or formation before moving on",
        0,
        520,
        True,
        reason=(
            "assumption: no source; about two months in exploration or formation "
            "before moving on (C1)"
        ),
    )
    initial_attitude: float = _p(
        0.3,
        "attitude 0-1",
        "liking and trust of a new customer",
        0,
        1,
        reason=(
            "assumption: no source; a new customer has a little liking and trust (the "
            "CDNOW fit, preset cdnow, gives 0.21)"
        ),
    )

    # --- competition and switching (B6, E7, E8) ------------------------------
    competition_intensity: float = _p(
        0.5,
        "0-1",
        "how contested the market is",
        0,
        1,
        reason=(
            "assumption: a middle market between the low_competition (0.02) and "
            "high_competition (1.0) presets (Jones & Sasser 1995, E8)"
        ),
    )
    competitor_meeting_chance: float = _p(
        0.05,
        "per week",
        "chance a customer meets a competitor's offer at full competition",
        0,
        1,
        reason=(
            "assumption: no source; at full competition a rival offer about every 20 "
            "weeks (the CDNOW fit gives 0.13)"
        ),
    )
    competitor_reach_chance: float = _p(
        0.02,
        "per week",
        "chance a competitor's marketing wins a prospect at full competition",
        0,
        1,
        reason=(
            "assumption: no source; at the default competition intensity 0.5 a rival "
            "markets as hard as the firm (0.01 a week, marketing_reach_chance), so a "
            "prospect the firm does not win may be won by a rival (D4)"
        ),
    )
    competitor_quality: float = _p(
        0.62,
        "value 0-1",
        "mean delivered value of a competitor's offer",
        0,
        1,
        reason=(
            "assumption: no source; a rival offer is on average a little worse than "
            "staying with a satisfied customer (B6)"
        ),
    )
    competitor_offer_spread: float = _p(
        0.12,
        "value 0-1",
        "spread of competitors' offers",
        0,
        1,
        reason=(
            "assumption: no source; wide enough that a satisfied customer sometimes "
            "meets a better offer (D1 satisfaction trap)"
        ),
    )
    switching_cost: float = _p(
        0.05,
        "value 0-1",
        "cost to the customer of leaving, before structural bonds",
        0,
        1,
        reason=(
            "assumption: small, between the high_competition (0.02) and "
            "low_competition (0.15) presets; E7-switching-cost tries 0.02 and 0.30"
        ),
    )
    attitude_value: float = _p(
        0.2,
        "value per attitude",
        "delivered value a customer sees in liking and trust",
        0,
        1,
        reason=(
            "assumption: no source; liking and trust are a fifth of the value a "
            "customer sees in staying (B6 personnel and image value)"
        ),
    )
    decline_search_factor: float = _p(
        3.0,
        "times",
        "how much more a declining customer looks at competitors",
        1,
        20,
        reason=(
            "assumption: no source; a declining customer looks at rivals 3 times as "
            "often (C1 decline stage)"
        ),
    )

    # --- level 1: financial bonds (discounts, points) ----------------------
    price_discount: float = _p(
        0.05,
        "fraction of price",
        "discount or points given back (level >= 1)",
        0,
        0.9,
        reason=(
            "assumption: no source; 5 % of the price back as a discount or points (B5 "
            "level 1, E11 tier 1)"
        ),
    )
    price_sensitivity: float = _p(
        2.0,
        "value per discount",
        "delivered value of one unit of discount",
        0,
        20,
        reason=(
            "assumption: no source; the default 5 % discount is worth 0.1 of delivered "
            "value, less than the rivals' spread 0.12"
        ),
    )
    discount_match: float = _p(
        0.6,
        "fraction",
        "share of our discount competitors match (easily copied)",
        0,
        1,
        reason=(
            "seed 000 §2.1 (B5): financial bonds are the easiest for competitors to "
            "copy; the share matched is assumed"
        ),
    )
    financial_habit: float = _p(
        0.05,
        "purchase rate",
        "rise of the repeat-purchase target from points",
        0,
        1,
        reason=(
            "assumption: a weak points programme: no inertia loyalty "
            "(E5-points-inertia); 0.3 breeds it (E5-strong-points-inertia)"
        ),
    )

    # --- level 2: social bonds (personal contact) --------------------------
    contact_chance: float = _p(
        0.25,
        "per week",
        "chance of a personal contact in a week (level >= 2)",
        0,
        1,
        reason=(
            "assumption: no source; a personal contact about once a month (B5 level 2, "
            "social bonds)"
        ),
    )
    contact_cost: float = _p(
        5.0,
        "money per contact",
        "cost of one personal contact",
        0,
        reason=(
            "assumption: no source; a tenth of a basket per personal contact (about 65 "
            "a customer-year at the default contact chance)"
        ),
    )
    contact_care: float = _p(
        0.15,
        "quality 0-1",
        "lift of perceived quality in a week with contact",
        0,
        1,
        reason=(
            "assumption: no source; a week with personal contact feels like 0.15 more "
            "quality (B5 social benefits)"
        ),
    )
    contact_trust_gain: float = _p(
        0.03,
        "attitude 0-1",
        "lift of trust per contact, on the gap to full trust",
        0,
        1,
        reason=(
            "assumption: no source; each contact closes 3 % of the gap to full trust "
            "(B5 social bonds)"
        ),
    )

    # --- level 3: structural bonds (customised ties) -----------------------
    structural_cost: float = _p(
        1.5,
        "money per customer-week",
        "cost of customised ties (level 3)",
        0,
        reason=(
            "assumption: no source; 78 a customer-year for customised ties (B5 level 3)"
        ),
    )
    structural_switching_cost: float = _p(
        0.1,
        "value 0-1",
        "extra switching cost from structural ties",
        0,
        1,
        reason=(
            "seed 004 ch.2 (B5): structural ties raise the customer's cost of "
            "switching most; size assumed (3 times the base)"
        ),
    )
    structural_value: float = _p(
        0.05,
        "quality 0-1",
        "extra quality from customised systems",
        0,
        1,
        reason=(
            "assumption: no source; customised systems add a little quality every week "
            "(B5 level 3)"
        ),
    )
    structural_habit: float = _p(
        0.3,
        "purchase rate",
        "rise of the repeat-purchase target from lock-in",
        0,
        1,
        reason=(
            "assumption: lock-in raises buying whatever the attitude "
            "(E5-lock-in-inertia); B5-structural-* claims set it to 0"
        ),
    )

    # --- purchases, margins and cost to serve (F2, E9) ---------------------
    basket_value: float = _p(
        50.0,
        "money per purchase",
        "list-price value of a full basket",
        0,
        reason="seed 001 (E10): Mrs Smith spends $50 a week at Jack's supermarket",
    )
    purchase_base: float = _p(
        0.4,
        "per week",
        "repeat-purchase target of a transactional customer",
        0,
        1,
        reason=(
            "assumption: no source; a transactional customer buys in about 2 weeks of "
            "5 (the CDNOW record-shop fit gives 0.05)"
        ),
    )
    purchase_attitude_weight: float = _p(
        0.4,
        "purchase rate",
        "rise of the repeat-purchase target with liking and trust",
        0,
        1,
        reason=(
            "assumption: no source; full liking and trust double a transactional "
            "customer's buying (0.4 to 0.8)"
        ),
    )
    wallet_share: tuple[float, float, float, float] = field(
        default=(0.4, 0.7, 1.0, 0.6),
        metadata={
            "unit": "fraction",
            "doc": "basket share by stage: exploration, formation, stability, decline",
            "range": (0, 1),
            "integer": False,
            "length": 4,
            "reason": (
                "seed 001 (E6, E9): loyal customers give a larger share of "
                "wallet; the shares by stage are assumed"
            ),
        },
    )
    gross_margin: float = _p(
        0.25,
        "fraction",
        "margin on list-price sales",
        0,
        1,
        reason=(
            "assumption: roughly a supermarket's gross margin, the setting of the "
            "Smith case (seed 001, E10)"
        ),
    )
    service_cost: float = _p(
        3.0,
        "money per customer-week",
        "cost to serve a new customer",
        0,
        reason=(
            "assumption: no source; a new customer costs about a quarter of a full "
            "basket's margin (12.5) a week to serve"
        ),
    )
    service_cost_floor: float = _p(
        0.5,
        "fraction",
        "cost to serve of a long-standing customer, relative",
        0,
        1,
        reason=(
            "seed 001 (E9): long-standing customers cost less to serve; the halving is "
            "assumed"
        ),
    )
    service_learning_weeks: float = _p(
        52.0,
        "weeks",
        "time constant of the fall in cost to serve",
        0.01,
        reason=(
            "seed 001 (E9): a customer's yearly profit grows over years 1-6; cost to "
            "serve falls over about a year (assumed)"
        ),
    )

    # --- acquisition and word of mouth (A4) --------------------------------
    marketing_reach_chance: float = _p(
        0.01,
        "per week",
        "chance marketing wins a prospect in a week",
        0,
        1,
        reason=(
            "assumption: no source; with return_chance it sets how fast the market "
            "refills (C2-steady-state)"
        ),
    )
    acquisition_cost: float = _p(
        60.0,
        "money per customer",
        "cost of winning a customer through marketing",
        0,
        reason=(
            "assumption: no source; about five baskets' gross margin (5 x 12.5); "
            "with courting_cost 0, A4-retention-dearer-flat-fee"
        ),
    )
    courting_cost: float = _p(
        0.0,
        "money per prospect-week",
        "what marketing spends courting each prospect a week, won or not",
        0,
        reason=(
            "assumption: 0, the firm pays only per customer won; seed 001 calls "
            "turning prospects into customers the costliest part (A4-retention-cheaper "
            "courts with a contact a week)"
        ),
    )
    referral_conversion_prob: float = _p(
        0.1,
        "probability",
        "chance a referred prospect becomes a customer",
        0,
        1,
        reason=(
            "assumption: no source; a referred prospect buys with chance 0.1, so 8 "
            "referrals win about 0.8 customers"
        ),
    )
    advocacy_threshold: float = _p(
        0.7,
        "satisfaction 0-1",
        "satisfaction above which a customer recommends",
        0,
        1,
        reason=(
            "assumption: no source; only clearly satisfied customers (above 0.7; basic "
            "needs just met give 0.6) recommend (E2)"
        ),
    )
    advocacy_chance: float = _p(
        0.2,
        "per week",
        "chance an advocate tells a contact in a week",
        0,
        1,
        reason=(
            "assumption: no source; an advocate tells a contact about every 5 weeks, "
            "reaching the seed's 8 within a year (A4-referrals)"
        ),
    )
    wom_positive_reach: int = _p(
        8,
        "people",
        "prospects a satisfied customer tells over the relationship",
        0,
        1000,
        True,
        reason=(
            "seed 004 ch.2 (A4): a satisfied customer brings about 8 potential deals "
            "(A4-referrals)"
        ),
    )
    complaint_threshold: float = _p(
        0.45,
        "satisfaction 0-1",
        "leavers below this spread negative word of mouth",
        0,
        1,
        reason=(
            "assumption: no source; only clearly dissatisfied leavers (below 0.45; "
            "basic needs just met give 0.6) complain"
        ),
    )
    wom_negative_reach: int = _p(
        25,
        "people",
        "contacts a dissatisfied leaver reaches",
        0,
        1000,
        True,
        reason=(
            "seed 004 ch.2 (A4): a dissatisfied customer affects the purchase intent "
            "of 25 people (A4-complaints)"
        ),
    )
    wom_second_hand_reach: int = _p(
        0,
        "people",
        "contacts each person a complaint influenced tells in turn",
        0,
        1000,
        True,
        reason=(
            "seed 001 (E10): the people Mrs Smith influences each influence at least "
            "5 more; 0 by default, where seed 004's 25 is the whole reach "
            "(A4-complaints); E10-smith-chain sets 5"
        ),
    )
    wom_damage: float = _p(
        0.5,
        "fraction",
        "share of a reached prospect's purchase intent lost",
        0,
        1,
        reason=(
            "seed 001 (E10): at least half of the people Mrs Smith tells are "
            "influenced; read as half a prospect's intent lost"
        ),
    )
    intent_recovery_rate: float = _p(
        0.05,
        "per week",
        "share of the intent a complaint took that a prospect regains a week",
        0,
        1,
        reason=(
            "assumption: no source; what a complaint took fades with a half-life of "
            "about 14 weeks (0.95 ** 14 = 0.49)"
        ),
    )
    wom_satisfaction_hit: float = _p(
        0.1,
        "satisfaction 0-1",
        "drop in a reached customer's satisfaction",
        0,
        1,
        reason=(
            "assumption: no source; a complaint heard lowers a customer's satisfaction "
            "by 0.1"
        ),
    )

    # --- valuation ----------------------------------------------------------
    annual_discount_rate: float = _p(
        0.1,
        "per year",
        "discount rate for realised lifetime value",
        0,
        1,
        reason=(
            "assumption: a 10 % cost of capital, as in the course digest's Gupta & "
            "Lehmann CLV example (i = 0.1)"
        ),
    )

    # --- a market of several firms (K >= 1) -------------------------------------
    firms: tuple = field(
        default=(),
        metadata={
            "unit": "tables",
            "doc": (
                "the firms of a market of several firms: one table each, a name and "
                "any of the per-firm parameters (FIRM_KEYS); empty: one firm, with a "
                "competitor outside the model"
            ),
            "reason": "assumption: one firm, as in the course's chapters",
        },
    )

    def __post_init__(self) -> None:
        """Validate every field: type, range and (for tuples) length."""
        for f in fields(self):
            _validate(f, getattr(self, f.name), self)
        if self.attitude_full_at <= self.attitude_zero_at:
            raise CRMSimError(
                f"attitude_full_at={self.attitude_full_at!r} is invalid: allowed "
                f"above attitude_zero_at={self.attitude_zero_at!r}"
            )
        if self.n_customers > 1 and self.mean_degree > self.n_customers - 1:
            raise CRMSimError(
                f"mean_degree={self.mean_degree!r} is invalid: allowed at most "
                f"n_customers - 1 = {self.n_customers - 1}"
            )
        _check_money_totals(self)

    def replace(self, **changes: Any) -> Scenario:
        """Return a validated copy with ``changes`` applied (names checked)."""
        _check_names(changes, "parameter")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Return the parameters as a plain dict (tuples become lists)."""
        out = {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in fields(self)
        }
        out["firms"] = [dict(f) for f in self.firms]
        if not out["firms"]:
            del out["firms"]  # TOML has no empty list of tables; empty is the default
        return out

    @property
    def n_firms(self) -> int:
        """Number of firms in the market (1 when ``firms`` is empty)."""
        return max(1, len(self.firms))

    @property
    def firm_names(self) -> tuple[str, ...]:
        """The firms' names (``("firm",)`` for a one-firm market)."""
        return tuple(f["name"] for f in self.firms) or ("firm",)

    def firm_scenarios(self) -> tuple[Scenario, ...]:
        """Each firm's own view of the market: the market with its settings."""
        if not self.firms:
            return (self,)
        market = dataclasses.replace(self, firms=())
        return tuple(
            dataclasses.replace(
                market, **{k: v for k, v in firm.items() if k != "name"}
            )
            for firm in self.firms
        )

    def with_firm(self, index: int, **changes: Any) -> Scenario:
        """A copy in which firm ``index`` has ``changes`` (per-firm keys only)."""
        k = self.n_firms
        if (
            isinstance(index, bool)
            or not isinstance(index, int | np.integer)
            or not (0 <= index < k)
        ):
            raise invalid("firm", index, f"a firm number 0-{k - 1}")
        for key in changes:
            if key not in FIRM_KEYS:
                raise CRMSimError(
                    f"unknown firm setting '{key}': allowed " + ", ".join(FIRM_KEYS)
                )
        if not self.firms:
            return self.replace(**changes)
        firms = [dict(f) for f in self.firms]
        firms[int(index)].update(changes)
        return self.replace(firms=tuple(firms))

    @property
    def bond_level(self) -> int:
        """Effective bond level: the higher of relationship level and tier."""
        return max(self.relationship_level, self.loyalty_tier)


_FIELDS = {f.name: f for f in fields(Scenario)}
PARAMETER_NAMES = tuple(_FIELDS)


def _fmt_range(lo, hi) -> str:
    return range_text(lo, hi, False, False)


def _validate(f: dataclasses.Field, value: Any, obj: Scenario) -> None:
    meta = f.metadata
    if f.name == "firms":
        object.__setattr__(obj, "firms", _checked_firms(value, obj))
        return
    if f.name == "name":
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            raise invalid("name", value, "a non-empty one-line text")
        return
    lo, hi = meta["range"]
    if "length" in meta:
        n = meta["length"]
        allowed = f"a list of {n} numbers, each {_fmt_range(lo, hi)}"
        if isinstance(value, np.ndarray) and value.ndim == 1:
            value = value.tolist()
        if not isinstance(value, list | tuple) or len(value) != n:
            raise invalid(f.name, value, allowed)
        items = [
            _number(f.name, v, lo, hi, False, f"[{i}]") for i, v in enumerate(value)
        ]
        object.__setattr__(obj, f.name, tuple(items))
        return
    if meta["unit"].startswith("money"):
        hi = min(hi, MONEY_MAX)
    object.__setattr__(obj, f.name, _number(f.name, value, lo, hi, meta["integer"]))


FIRM_KEYS = (
    "relationship_level",
    "loyalty_tier",
    "service_quality",
    "price_discount",
    "contact_chance",
    "marketing_reach_chance",
    "expectation_level",
)
"""Parameters each firm of a market of several firms sets for itself.

Every other parameter describes the market (its people, their psychology,
prices and costs) and is the same for every firm."""

MAX_FIRMS = 40
"""Most firms a market may have."""

MAX_STACKED_RUNS = 127
"""Most runs simulated side by side in one state (a firm number is an int8)."""


def market_key(scenario: Scenario) -> tuple:
    """What a run's market is, apart from its firm's settings (hashable).

    Two one-firm scenarios with the same key differ only in ``FIRM_KEYS``
    (and their names): they can run side by side in one stacked state.
    """
    return tuple(
        (f.name, repr(getattr(scenario, f.name)))
        for f in fields(scenario)
        if f.name not in FIRM_KEYS and f.name != "name"
    )


def check_stackable(scenarios) -> None:
    """Raise :class:`CRMSimError` unless ``scenarios`` can run side by side.

    Allowed: 1-127 one-firm markets that differ only in their firm's
    settings (``FIRM_KEYS``); each run keeps its own seed.
    """
    scenarios = list(scenarios)
    if not 1 <= len(scenarios) <= MAX_STACKED_RUNS:
        raise CRMSimError(
            f"{len(scenarios)} runs to stack: allowed 1-{MAX_STACKED_RUNS}"
        )
    first = scenarios[0]
    first_key = None
    for sc in scenarios:
        if not isinstance(sc, Scenario):
            raise invalid("scenarios", sc, "a list of Scenario")
        if sc.firms:
            raise CRMSimError(
                f"scenario {sc.name!r} has {sc.n_firms} firms: allowed in a stack "
                "only one-firm markets (run markets of several firms one by one)"
            )
        first_key = first_key or market_key(first)
        key_of = market_key(sc)
        if key_of != first_key:
            key = next(
                name
                for (name, a), (_, b) in zip(key_of, first_key, strict=True)
                if a != b
            )
            raise CRMSimError(
                f"runs to stack differ in {key} ({getattr(first, key)!r} and "
                f"{getattr(sc, key)!r}): allowed to differ only in the seed and "
                "the firm's settings (" + ", ".join(FIRM_KEYS) + ")"
            )


def _checked_firms(value: Any, obj: Scenario) -> tuple[dict[str, Any], ...]:
    """``firms`` as a tuple of plain dicts, each firm's values validated."""
    allowed = (
        f"a list of 1-{MAX_FIRMS} tables, each with a name and any of "
        + ", ".join(FIRM_KEYS)
    )
    if isinstance(value, Mapping) or not isinstance(value, list | tuple):
        raise invalid("firms", value, allowed)
    if len(value) > MAX_FIRMS:
        raise CRMSimError(f"firms has {len(value)} firms: allowed {allowed}")
    out, names = [], set()
    for i, firm in enumerate(value):
        if not isinstance(firm, Mapping):
            raise invalid(f"firms[{i}]", firm, "a table with a name and per-firm keys")
        firm = dict(firm)
        name = firm.get("name")
        if not isinstance(name, str) or not name.strip() or "\n" in name:
            raise invalid(f"firms[{i}].name", name, "a non-empty one-line text")
        if name in names:
            raise CRMSimError(
                f"firms[{i}].name={name!r} is taken by another firm: allowed a "
                "name of its own"
            )
        names.add(name)
        for key in firm:
            if key != "name" and key not in FIRM_KEYS:
                raise CRMSimError(
                    f"unknown key '{key}' in firms[{i}] ({name}): allowed name, "
                    + ", ".join(FIRM_KEYS)
                )
        changes = {k: v for k, v in firm.items() if k != "name"}
        try:
            checked = dataclasses.replace(obj, firms=(), name=obj.name, **changes)
        except CRMSimError as exc:
            raise CRMSimError(f"firms[{i}] ({name}): {exc}") from None
        out.append({"name": name} | {k: getattr(checked, k) for k in changes})
    return tuple(out)


def _number(name: str, value: Any, lo: float, hi: float, integer: bool, where=""):
    """A whole number or finite float in ``[lo, hi]``; numpy scalars welcome."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if integer:
        try:
            return check_whole(name, value, lo, hi)
        except CRMSimError as exc:
            if where:  # pragma: no cover - no integer list parameters
                raise invalid(name, value, exc.allowed or "", where) from None
            raise
    try:
        x = check_number(name, value, lo, hi)
    except CRMSimError as exc:
        if where:
            raise invalid(name, value, exc.allowed or "", where) from None
        raise
    return x + 0.0  # -0.0 is 0.0: equal scenarios are written the same way


_WEEKLY_MONEY = {
    # the most a customer-week can book, per money parameter: revenue, its
    # discount and its cost of goods are each at most one basket
    "basket_value": 3,
    "service_cost": 1,
    "structural_cost": 1,
    "contact_cost": 1,
    "acquisition_cost": 1,
    "courting_cost": 1,  # per firm of the market courting a prospect-week
}


def money_limit(n_customers: int, weeks: int) -> float:
    """Largest money booked per customer-week for a run of this size.

    A run books money in whole cents in int64 columns summed over every
    customer-week; ``3 * basket_value + service_cost + structural_cost +
    contact_cost + acquisition_cost + courting_cost`` (courting once per firm
    of the market) at most this bound keeps every total
    (and their sum) exact.
    """
    return (_CENTS_LIMIT - 1) / (100.0 * n_customers * (weeks + 1))


def _check_money_totals(s: Scenario) -> None:
    parts = {k: w * getattr(s, k) for k, w in _WEEKLY_MONEY.items()}
    parts["courting_cost"] *= s.n_firms
    limit = money_limit(s.n_customers, s.weeks)
    if sum(parts.values()) > limit:
        name = max(parts, key=parts.get)
        allowed = (
            f"3*basket_value + service_cost + structural_cost + contact_cost + "
            f"acquisition_cost + n_firms*courting_cost at most {limit:.4g} with "
            f"n_customers={s.n_customers} and weeks={s.weeks} (totals in whole "
            "cents must fit in int64)"
        )
        raise invalid(name, getattr(s, name), allowed)


def _check_names(keys, what: str) -> None:
    for key in keys:
        if key not in _FIELDS:
            close = difflib.get_close_matches(key, PARAMETER_NAMES, n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise CRMSimError(
                f"unknown {what} '{key}'{hint}: allowed the parameter names "
                "'crmsim parameters' lists"
            )


def describe_parameters() -> list[dict[str, Any]]:
    """Every parameter with its default, unit, meaning, allowed range and reason.

    ``reason`` says in one line where the default comes from: a seed figure,
    a literature figure, the calibration target it serves, or
    ``"assumption: ..."`` where there is no source.
    """
    rows = []
    for f in fields(Scenario):
        lo, hi = f.metadata.get("range", (None, None))
        if f.metadata["unit"].startswith("money"):
            hi = min(hi, MONEY_MAX)
        rows.append(
            {
                "name": f.name,
                "default": f.default,
                "unit": f.metadata["unit"],
                "allowed": _FIRMS_ALLOWED
                if f.name == "firms"
                else ("" if lo is None else _fmt_range(lo, hi)),
                "meaning": f.metadata["doc"],
                "reason": f.metadata.get("reason", ""),
            }
        )
    return rows


_FIRMS_ALLOWED = f"0-{MAX_FIRMS} firm tables ([[firms]] in a scenario file)"


def _fmt_default(value: Any) -> str:
    if value == ():
        return "none"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return str(value)


def format_parameters(width: int = 100) -> str:
    """Every parameter as a terminal listing at most ``width`` columns wide.

    One block per parameter: name, default, unit and allowed range on the
    first line, then its meaning and the reason for its default, wrapped.
    This is what ``crmsim parameters`` prints.
    """
    import textwrap

    blocks = []
    for row in describe_parameters():
        head = f"{row['name']} = {_fmt_default(row['default'])}"
        if row["unit"]:
            head += f" {row['unit']}"
        if row["allowed"]:
            head += f", allowed {row['allowed']}"
        lines = textwrap.wrap(head, width, subsequent_indent=" " * 4)
        for label in ("meaning", "reason"):
            lines += textwrap.wrap(
                row[label],
                width,
                initial_indent=f"  {label:<8} ",
                subsequent_indent=" " * 11,
                break_on_hyphens=False,
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


PARAMETERS_DOC = "docs/parameters.md"
"""Where :func:`parameters_markdown` is kept, relative to the repository."""


def parameters_markdown() -> str:
    """The text of ``docs/parameters.md``: every parameter and why its default.

    Generated, not written by hand: ``crmsim parameters --markdown >
    docs/parameters.md`` rewrites it, and a test checks it is up to date.
    """

    def cell(text: Any) -> str:
        return str(text).replace("|", "\\|")

    out = [
        "# Scenario parameters",
        "",
        "<!-- generated by `crmsim parameters --markdown > docs/parameters.md`; "
        "do not edit by hand -->",
        "",
        "Every parameter of `crmsim.Scenario`: its default, unit, allowed range "
        "and meaning, and the reason for its default. A reason is a figure from "
        "the course's source texts (`seed 000` ... `seed 004`, listed below), a "
        "figure from the literature (author and year), the calibration target "
        "it serves (a claim of `crmsim claims`, by its id), or `assumption:` "
        "where there is no source. Letter-number codes (A4, B5, ...) are the "
        "course's concept IDs (`course_outline.md`). Time is in weeks and money "
        "in one currency unit.",
        "",
        "Seed texts: `000` 第2章 客户关系管理理论基础; `001` 第三章 客户忠诚及其管理; "
        "`002` 中小企业如何进行客户关系管理; `003` 03 关系营销; `004` the textbook "
        "客户关系管理 (伍京华), chapters 1-2.",
        "",
        "| name | default | unit | allowed | meaning | reason |",
        "|---|---|---|---|---|---|",
    ]
    for row in describe_parameters():
        cells = [
            f"`{row['name']}`",
            _fmt_default(row["default"]),
            row["unit"],
            row["allowed"],
            row["meaning"],
            row["reason"],
        ]
        out.append("| " + " | ".join(cell(c) for c in cells) + " |")
    return "\n".join(out) + "\n"


# --- presets -------------------------------------------------------------

_LOW_COMPETITION = dict(
    competition_intensity=0.02, competitor_quality=0.5, switching_cost=0.15
)
_HIGH_COMPETITION = dict(
    competition_intensity=1.0, competitor_quality=0.72, switching_cost=0.02
)

PRESETS: dict[str, Scenario] = {
    "default": Scenario(),
    "transactional": Scenario(name="transactional", relationship_level=0),
    "financial": Scenario(name="financial", relationship_level=1),
    "social": Scenario(name="social", relationship_level=2),
    "structural": Scenario(name="structural", relationship_level=3),
    "low_competition": Scenario(name="low_competition", **_LOW_COMPETITION),
    "high_competition": Scenario(name="high_competition", **_HIGH_COMPETITION),
    # D1: customers are served well, yet a contested, switch-free market
    # takes them away.
    "satisfaction_trap": Scenario(
        name="satisfaction_trap", service_quality=0.8, **_HIGH_COMPETITION
    ),
    # F1/C4: a closed cohort calibrated to CDNOW's repeat purchases
    # (crmsim.clv.cdnow.calibrate_to_cdnow; fit report in CDNOW_PRESET_FIT)
    "cdnow": Scenario(
        name="cdnow",
        n_customers=2357,
        weeks=78,
        warmup_weeks=0,
        return_chance=0.0,
        initial_customer_share=1.0,
        marketing_reach_chance=0.0,
        referral_conversion_prob=0.0,
        purchase_base=0.0492,
        purchase_attitude_weight=0.3293,
        quality_heterogeneity=0.4347,
        competitor_meeting_chance=0.1343,
        initial_attitude=0.2103,
        trust_update_rate=0.2911,
        basket_value=45.83,
    ),  # fmt: skip
}
"""Named scenarios. ``transactional`` … ``structural`` differ only in the
relationship level (B5); ``low_competition`` / ``high_competition`` are two
markets (E8); ``satisfaction_trap`` is a well-served but contested market (D1)."""

PRESET_DESCRIPTIONS = {
    "default": "the default market, transactional marketing",
    "transactional": "level 0: no bonds beyond the sale",
    "financial": "level 1: discounts and points",
    "social": "level 2: financial + personal contact",
    "structural": "level 3: financial + social + customised ties",
    "low_competition": "few, weak competitors and some switching cost",
    "high_competition": "strong competitors everywhere, switching is free",
    "satisfaction_trap": "high quality in a high-competition market (D1)",
    "cdnow": "a closed cohort calibrated to CDNOW's repeat purchases (F1, C4)",
}


def preset(name: str) -> Scenario:
    """Return the named preset scenario.

    Raises
    ------
    CRMSimError
        If ``name`` is not a preset; the message lists the presets.
    """
    if not isinstance(name, str):
        raise invalid("preset", name, f"a preset name: {', '.join(PRESETS)}")
    try:
        return PRESETS[name]
    except KeyError:
        close = difflib.get_close_matches(name, PRESETS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise CRMSimError(
            f"unknown scenario '{name}'{hint}: allowed {', '.join(PRESETS)}"
        ) from None


# --- TOML -----------------------------------------------------------------


def scenario_from_mapping(
    data: Mapping[str, Any], source: str = "scenario"
) -> Scenario:
    """Build a scenario from a mapping; ``preset`` names the base scenario.

    A mapping may hold ``preset = "social"`` and any parameters to change.
    """
    data = dict(data)
    base_name = data.pop("preset", "default")
    if not isinstance(base_name, str):
        raise CRMSimError(f"{source}: preset={base_name!r} is invalid: allowed a name")
    base = preset(base_name)
    _check_names(data, f"key in {source}")
    try:
        return base.replace(**data)
    except CRMSimError as exc:
        raise CRMSimError(f"{source}: {exc}") from None


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario from a TOML file (unknown keys are rejected).

    The file holds parameter names at the top level, optionally with
    ``preset = "name"`` as the base. See :func:`save_scenario`.
    """
    return scenario_from_mapping(read_toml(path, "scenario"), source=str(path))


def read_toml(path: str | Path, kind: str) -> dict[str, Any]:
    """Read a TOML ``kind`` file (scenario, sweep); bad files raise one line.

    Refused, each in one line: a file that cannot be read, one larger than
    :data:`MAX_TOML_BYTES`, binary data, text that is not UTF-8 (UTF-16
    included), malformed TOML, and values nested deeper than
    :data:`MAX_TOML_DEPTH` levels.
    """
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_TOML_BYTES:
            raise CRMSimError(
                f"{kind} file {path} has {path.stat().st_size:,} bytes: allowed at "
                f"most {MAX_TOML_BYTES:,}"
            )
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CRMSimError(f"cannot read {kind} file {path}: {reason}") from None
    text = _decode(raw, path, kind)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = " ".join(str(exc).split())
        raise CRMSimError(
            f"{path} is not valid TOML ({message}): allowed TOML, see https://toml.io"
        ) from None
    except RecursionError:
        raise CRMSimError(
            f"{path} is nested too deeply to read: allowed at most "
            f"{MAX_TOML_DEPTH} levels of tables and lists"
        ) from None
    _check_depth(data, path)
    return data


def _decode(raw: bytes, path: Path, kind: str) -> str:
    allowed = f"a UTF-8 text {kind} file (TOML)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(raw) > 1 and (raw[0] == 0) != (raw[1] == 0)
    ):
        raise CRMSimError(f"{path} is UTF-16 text: allowed {allowed}")
    if b"\x00" in raw:
        raise CRMSimError(f"{path} is a binary file: allowed {allowed}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CRMSimError(
            f"{path} is not UTF-8 (byte 0x{raw[exc.start]:02x} at position "
            f"{exc.start}): allowed {allowed}"
        ) from None
    return text.removeprefix("\ufeff")


def _check_depth(data: Any, path: Path) -> None:
    stack = [(data, 0, "")]
    while stack:
        value, depth, key = stack.pop()
        if depth > MAX_TOML_DEPTH:
            raise CRMSimError(
                f"{path}: '{key}' is nested {depth} levels deep: allowed at most "
                f"{MAX_TOML_DEPTH} levels of tables and lists"
            )
        if isinstance(value, dict):
            stack.extend((v, depth + 1, key or k) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, key) for v in value)


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write every parameter of ``scenario`` to a TOML file; return the path."""
    import tomli_w

    from crmsim.io import write_atomic

    return write_atomic(Path(path), tomli_w.dumps(scenario.to_dict()))
