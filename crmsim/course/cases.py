"""The textbook's cases and reference data, each with its source and reading.

Every case function returns a plain result (a frozen dataclass with
``to_dict()``, or a list of dicts) that a CLI can print step by step or dump
as JSON. Where a source text is ambiguous or garbled, the reading chosen is
stated in the docstring and can be changed through a parameter. Concept IDs
(A4, B4, E3-E5, E8-E10) refer to the course digest; the seeds are the course's
Chinese source texts (000: 第2章 客户关系管理理论基础, 001: 第三章 客户忠诚及其
管理, 004: textbook 客户关系管理, 伍京华, ch. 1-2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np

from crmsim.course.metadata import CaseSpec, case_spec
from crmsim.economics.retention_value import (
    implied_acquisition_cost,
    solve_base_retention,
)
from crmsim.presentation.labels import label
from crmsim.validation import (
    Result,
    check_array,
    check_number,
    invalid,
    plain,
)

__all__ = [
    "JONES_SASSER_SHAPES",
    "REICHHELD_SOURCE",
    "REICHHELD_TABLE",
    "RelationshipType",
    "RetentionTableRow",
    "SmithCase",
    "SmithChain",
    "WordOfMouthBalance",
    "kotler_grid",
    "recommended_relationship",
    "reichheld_readings",
    "satisfaction_loyalty",
    "smith_case",
    "smith_chain",
    "word_of_mouth_balance",
]


def _step(key: str, label: str, label_zh: str, formula: str, value: float, unit: str):
    return {
        "key": key,
        "label": label,
        "label_zh": label_zh,
        "formula": formula,
        "value": float(value),
        "unit": unit,
    }


class _StepsResult(Result):
    """Mixin: a result with a ``steps()`` chain, listed by :meth:`to_dict`."""

    def _derived(self) -> dict[str, Any]:
        return {"steps": self.steps()}


@dataclass(frozen=True)
class SmithChain(_StepsResult):
    """One end of the Smith word-of-mouth loss chain (史密斯女士, E10).

    Each field is one step; :meth:`steps` lists them with formulas.
    """

    weekly_spend: float
    weeks_per_year: float
    years: float
    people_told: float
    influenced_share: float
    further_influenced_each: float
    stop_share: float
    count_first_round: bool
    direct_loss: float
    """Her own spend over the years: ``weekly * weeks * years``."""
    influenced: float
    """People she told who are influenced: ``told * influenced_share``."""
    further_influenced: float
    """People those influence in turn: ``influenced * further_each``."""
    total_influenced: float
    """The influenced people who may stop buying (see ``count_first_round``)."""
    customers_lost: float
    """``total_influenced * stop_share`` (expected number, may be fractional)."""
    indirect_loss: float
    """Their spend over the years, each spending like her."""
    total_loss: float
    """``direct_loss + indirect_loss``."""

    def steps(self) -> list[dict[str, Any]]:
        """The chain as named steps: key, label, Chinese label, formula, value."""
        told, first = self.people_told, self.influenced
        pool = (
            f"{first:g} + {self.further_influenced:g}"
            if self.count_first_round
            else f"{self.further_influenced:g}"
        )
        return [
            _step(
                "weekly_loss",
                "weekly sales lost",
                "每周的销售额",
                f"{self.weekly_spend:g}",
                self.weekly_spend,
                "money/week",
            ),
            _step(
                "direct_loss",
                "her own sales over the years",
                "她本人多年的销售额",
                f"{self.weekly_spend:g} x {self.weeks_per_year:g} x {self.years:g}",
                self.direct_loss,
                "money",
            ),
            _step(
                "people_told",
                "people she tells",
                "口碑宣传的人数",
                f"{told:g}",
                told,
                "people",
            ),
            _step(
                "influenced",
                "of them influenced",
                "受影响的人数",
                f"{told:g} x {self.influenced_share:g}",
                first,
                "people",
            ),
            _step(
                "further_influenced",
                "people they influence in turn",
                "再影响的人数",
                f"{first:g} x {self.further_influenced_each:g}",
                self.further_influenced,
                "people",
            ),
            _step(
                "total_influenced",
                "influenced people who may stop buying",
                "受影响的人",
                pool,
                self.total_influenced,
                "people",
            ),
            _step(
                "customers_lost",
                "influenced people who stop buying",
                "不再来消费的人数",
                f"{self.total_influenced:g} x {self.stop_share:g}",
                self.customers_lost,
                "people",
            ),
            _step(
                "indirect_loss",
                "their sales over the years",
                "这些顾客多年的销售额",
                f"{self.customers_lost:g} x {self.direct_loss:g}",
                self.indirect_loss,
                "money",
            ),
            _step(
                "total_loss",
                "total loss",
                "总损失",
                f"{self.direct_loss:g} + {self.indirect_loss:g}",
                self.total_loss,
                "money",
            ),
        ]


def smith_chain(
    people_told: float = 10,
    *,
    weekly_spend: float = 50.0,
    weeks_per_year: float = 52,
    years: float = 10,
    influenced_share: float = 0.5,
    further_influenced_each: float = 5,
    stop_share: float = 0.25,
    count_first_round: bool = True,
) -> SmithChain:
    """Loss from one unhappy customer, step by step (史密斯女士的案例, E10).

    Seed 001 (第三章 客户忠诚及其管理) lists what Jack's supermarket loses when
    Ms Smith (about 60, $50 a week) leaves: $50 a week; $50 x 52 weeks x 10
    years; she tells 10-20 people; at least half of them are influenced; each
    of those influences at least 5 more; a quarter of the influenced stop
    buying; plus those customers' 10-year sales. Here::

        direct loss        = weekly_spend * weeks_per_year * years
        influenced         = people_told * influenced_share
        further influenced = influenced * further_influenced_each
        total influenced   = influenced + further   (count_first_round=True)
        customers lost     = total influenced * stop_share
        indirect loss      = customers lost * direct loss
        total loss         = direct loss + indirect loss

    Readings: "受影响的人" (the influenced) is read as both rounds, the people
    she told who were influenced and the people they influenced; pass
    ``count_first_round=False`` to count only the second round. Each lost
    customer is assumed to spend as she does. "At least" makes every figure a
    lower bound; counts are expected values and may be fractional.

    Parameters
    ----------
    people_told : float, default 10
        People she tells, >= 0 (the seed: 10 to 20).
    weekly_spend : float, default 50
        Her spend per week (money), >= 0.
    weeks_per_year : float, default 52
        Weeks in a year, >= 0.
    years : float, default 10
        Years she would have stayed, >= 0.
    influenced_share : float, default 0.5
        Share of the people told who are influenced, in [0, 1].
    further_influenced_each : float, default 5
        People each influenced person influences in turn, >= 0.
    stop_share : float, default 0.25
        Share of the influenced who stop buying, in [0, 1].
    count_first_round : bool, default True
        Whether the people she told count among those who may stop buying
        (False: only the second round does).

    Returns
    -------
    SmithChain
        Every step; ``.steps()`` lists them with formulas.

    Examples
    --------
    >>> c = smith_chain(10)
    >>> c.direct_loss, c.influenced, c.further_influenced, c.customers_lost
    (26000.0, 5.0, 25.0, 7.5)
    >>> c.total_loss  # 26,000 + 7.5 x 26,000
    221000.0
    """
    if not isinstance(count_first_round, (bool, np.bool_)):
        raise invalid("count_first_round", count_first_round, "True or False")
    weekly = check_number("weekly_spend", weekly_spend, 0)
    weeks = check_number("weeks_per_year", weeks_per_year, 0)
    yrs = check_number("years", years, 0)
    told = check_number("people_told", people_told, 0)
    share = check_number("influenced_share", influenced_share, 0, 1)
    each = check_number("further_influenced_each", further_influenced_each, 0)
    stop = check_number("stop_share", stop_share, 0, 1)

    direct = weekly * weeks * yrs
    first = told * share
    further = first * each
    pool = first + further if count_first_round else further
    lost = pool * stop
    indirect = lost * direct
    return SmithChain(
        weekly_spend=weekly,
        weeks_per_year=weeks,
        years=yrs,
        people_told=told,
        influenced_share=share,
        further_influenced_each=each,
        stop_share=stop,
        count_first_round=bool(count_first_round),
        direct_loss=direct,
        influenced=first,
        further_influenced=further,
        total_influenced=pool,
        customers_lost=lost,
        indirect_loss=indirect,
        total_loss=direct + indirect,
    )


@dataclass(frozen=True)
class SmithCase(Result):
    """The Smith case at the low and the high end of the 10 to 20 people she tells."""

    low: SmithChain
    high: SmithChain
    source: str
    reading: str

    def to_dict(self) -> dict[str, Any]:
        """Return both ends (with their steps), source and reading, JSON-ready."""
        return plain(
            {
                "low": self.low.to_dict(),
                "high": self.high.to_dict(),
                "source": self.source,
                "reading": self.reading,
            }
        )


_SMITH_SOURCE = (
    "Seed 001, 第三章 客户忠诚及其管理, 【案例】史密斯女士 (Jack's supermarket); "
    "a widely copied classroom case in the TARP word-of-mouth tradition."
)


def smith_case(people_told: tuple[float, float] = (10, 20), **kwargs: Any) -> SmithCase:
    """The Smith case (E10) for the low and the high end of the seed's range.

    Runs :func:`smith_chain` for ``people_told[0]`` and ``people_told[1]``
    (the seed: 她对生活圈子中10至20人的口碑宣传, she talks to 10 to 20 people
    in her circle), with the seed's values as defaults.

    Parameters
    ----------
    people_told : tuple of float, default (10, 20)
        Low and high number of people she tells, each >= 0, low <= high.
    **kwargs
        Any other parameter of :func:`smith_chain`.

    Returns
    -------
    SmithCase
        ``low`` and ``high`` chains, the source and the reading.

    Examples
    --------
    >>> case = smith_case()
    >>> case.low.direct_loss, case.low.total_loss, case.high.total_loss
    (26000.0, 221000.0, 416000.0)
    """
    try:
        low, high = people_told
    except (TypeError, ValueError):
        raise invalid(
            "people_told", people_told, "a (low, high) pair of counts"
        ) from None
    if check_number("people_told[0]", low, 0) > check_number("people_told[1]", high, 0):
        raise invalid("people_told", people_told, "a (low, high) pair with low <= high")
    lo, hi = smith_chain(low, **kwargs), smith_chain(high, **kwargs)
    pool = "both rounds" if lo.count_first_round else "the second round only"
    reading = (
        f"'the influenced' = {pool}; each lost customer spends as she does; "
        "counts are expected values and lower bounds ('at least')."
    )
    return SmithCase(lo, hi, _SMITH_SOURCE, reading)


@dataclass(frozen=True)
class WordOfMouthBalance(_StepsResult):
    """Word of mouth from satisfied and dissatisfied customers (A4)."""

    satisfied_customers: float
    dissatisfied_customers: float
    potential_deals: float
    """``satisfied * deals_per_satisfied`` (潜在的生意)."""
    new_customers: float
    """``potential_deals * deal_conversion_prob``."""
    people_affected: float
    """``dissatisfied * people_affected_per_dissatisfied`` (受影响的人)."""
    prospects_lost: float
    """``people_affected * affected_loss_prob``."""
    net_customers: float
    """``new_customers - prospects_lost``."""
    net_value: float
    """``net_customers * customer_value``."""

    def steps(self) -> list[dict[str, Any]]:
        """The chain as named steps (key, label, Chinese label, formula, value)."""
        return [
            _step(
                "potential_deals",
                "potential deals from satisfied customers",
                "满意客户引发的潜在生意",
                f"{self.satisfied_customers:g} x deals each",
                self.potential_deals,
                "deals",
            ),
            _step(
                "new_customers",
                "deals won",
                "成交的生意",
                f"{self.potential_deals:g} x conversion",
                self.new_customers,
                "customers",
            ),
            _step(
                "people_affected",
                "people affected by dissatisfied customers",
                "不满意客户影响的人",
                f"{self.dissatisfied_customers:g} x people each",
                self.people_affected,
                "people",
            ),
            _step(
                "prospects_lost",
                "affected people who will not buy",
                "因此不购买的人",
                f"{self.people_affected:g} x loss chance",
                self.prospects_lost,
                "people",
            ),
            _step(
                "net_customers",
                "net customers from word of mouth",
                "口碑的净效果",
                f"{self.new_customers:g} - {self.prospects_lost:g}",
                self.net_customers,
                "customers",
            ),
            _step(
                "net_value",
                "net value",
                "净价值",
                f"{self.net_customers:g} x customer value",
                self.net_value,
                "money",
            ),
        ]


def word_of_mouth_balance(
    satisfied_customers: float,
    dissatisfied_customers: float,
    *,
    deals_per_satisfied: float = 8,
    people_affected_per_dissatisfied: float = 25,
    deal_conversion_prob: float = 1.0,
    affected_loss_prob: float = 1.0,
    customer_value: float = 1.0,
) -> WordOfMouthBalance:
    """TARP-style word-of-mouth chain (口碑, A4).

    Textbook 004 ch. 2: "一个满意的客户会引发8笔潜在的生意;一个不满意的客户会影响
    25个人的购买意愿" (one satisfied customer brings 8 potential deals; one
    dissatisfied customer affects the purchase intent of 25 people). The text
    gives no conversion rates, so by default every potential deal is won and
    every affected person is lost (probabilities 1): an upper bound on both
    sides. Such figures vary between sources
    (TARP studies for the US Office of Consumer Affairs, 1970s-80s); keep
    them as parameters.

    ::

        potential deals = satisfied * deals_per_satisfied
        new customers   = potential deals * deal_conversion_prob
        people affected = dissatisfied * people_affected_per_dissatisfied
        prospects lost  = people affected * affected_loss_prob
        net customers   = new customers - prospects lost
        net value       = net customers * customer_value

    Parameters
    ----------
    satisfied_customers : float
        Satisfied customers, >= 0.
    dissatisfied_customers : float
        Dissatisfied customers, >= 0.
    deals_per_satisfied : float, default 8
        Potential deals each satisfied customer brings, >= 0 (8 in the
        textbook).
    people_affected_per_dissatisfied : float, default 25
        People each dissatisfied customer affects, >= 0 (25 in the textbook).
    deal_conversion_prob : float, default 1
        Chance a potential deal is won, in [0, 1].
    affected_loss_prob : float, default 1
        Chance an affected person does not buy, in [0, 1].
    customer_value : float, default 1
        Value of one customer in money (1 counts customers).

    Returns
    -------
    WordOfMouthBalance
        The chain's numbers; ``.steps()`` lists them.

    Examples
    --------
    >>> b = word_of_mouth_balance(100, 10)
    >>> b.potential_deals, b.people_affected, b.net_customers
    (800.0, 250.0, 550.0)
    """
    s = check_number("satisfied_customers", satisfied_customers, 0)
    d = check_number("dissatisfied_customers", dissatisfied_customers, 0)
    per_s = check_number("deals_per_satisfied", deals_per_satisfied, 0)
    per_d = check_number(
        "people_affected_per_dissatisfied", people_affected_per_dissatisfied, 0
    )
    conv = check_number("deal_conversion_prob", deal_conversion_prob, 0, 1)
    lose = check_number("affected_loss_prob", affected_loss_prob, 0, 1)
    value = check_number("customer_value", customer_value)
    deals, affected = s * per_s, d * per_d
    won, lost = deals * conv, affected * lose
    return WordOfMouthBalance(
        satisfied_customers=s,
        dissatisfied_customers=d,
        potential_deals=deals,
        new_customers=won,
        people_affected=affected,
        prospects_lost=lost,
        net_customers=won - lost,
        net_value=(won - lost) * value,
    )


@dataclass(frozen=True)
class RetentionTableRow(Result):
    """One row of the seed's retention table (E9)."""

    industry: str
    industry_zh: str
    npv_increase_pct: float
    """Rise in customer net present value (%) for +5 points of retention."""


REICHHELD_TABLE: tuple[RetentionTableRow, ...] = (
    RetentionTableRow("advertising", "广告业", 95.0),
    RetentionTableRow("life insurance", "人寿保险", 90.0),
    RetentionTableRow("banking", "银行", 85.0),
    RetentionTableRow("insurance", "保险", 84.0),
    RetentionTableRow("auto service", "汽车服务", 81.0),
    RetentionTableRow("credit card", "信用卡", 75.0),
)
"""客户保持率每增加5%对客户利润的影响: the table of seed 001, row for row."""


REICHHELD_SOURCE = (
    "Seed 001 (第三章 客户忠诚及其管理), table 客户保持率每增加5%对客户利润的影响, "
    "column 客户净现值增长率(%). It descends from Reichheld & Sasser, 'Zero "
    "Defections: Quality Comes to Services', Harvard Business Review 68(5), "
    "1990, who report that cutting defections by 5 points raised profits 85% "
    "in a bank branch system, 50% in an insurance brokerage and 30% in an "
    "auto-service chain; the seed's table is a later, widely copied version "
    "(cf. Reichheld 1996, The Loyalty Effect) and is shown as the seed gives it."
)
"""Where :data:`REICHHELD_TABLE` comes from, and how it differs from the 1990 paper."""


def reichheld_readings(
    margins: Sequence[float] | None = None,
    annual_discount_rate: float = 0.10,
    annual_retention_rate: float = 0.90,
    retention_lift: float = 0.05,
    acquisition_cost: float = 0.0,
) -> list[dict[str, Any]]:
    """Which inputs reproduce each row of the seed's retention table (E9).

    The seed does not say how its percentages were computed. For each row
    this returns two readings under the stated assumptions (yearly margins,
    "+5%" read as +5 percentage points of annual retention):

    - ``base_retention_rate``: the base annual retention ``r`` at which
      ``r -> r + lift`` raises the customer's NPV (net of
      ``acquisition_cost``) by the row's figure
      (:func:`~crmsim.economics.solve_base_retention`); ``None`` if no rate
      in [0.5, 1 - lift] does.
    - ``implied_acquisition_cost``: the acquisition cost, in money units of
      the margins, at which ``annual_retention_rate -> annual_retention_rate
      + lift`` does
      (:func:`~crmsim.economics.implied_acquisition_cost`).

    With constant margins, no acquisition cost and a 10 % discount rate a
    5-point lift raises NPV by at most +58 % (infinite horizon, retention
    0.95 -> 1: ``(1 / 0.1) / (0.95 / 0.15) - 1``), so no realistic base
    retention reproduces +75 % to +95 %: the table's figures need profits
    that grow with tenure and/or NPV counted net of the cost of winning the
    customer (try ``acquisition_cost=2``).

    Parameters
    ----------
    margins : array_like, optional
        Yearly margin profile (money a year, 1-d); default ``[1.0] * 30``
        (a constant margin of 1 for 30 years, an assumption).
    annual_discount_rate : float, default 0.10
        Discount rate per year, >= 0 (an assumption).
    annual_retention_rate : float, default 0.90
        Base retention rate per year for the implied acquisition cost, in
        [0, 1] and at most ``1 - retention_lift`` (an assumption).
    retention_lift : float, default 0.05
        The "5%", read as percentage points of annual retention, in (0, 1).
    acquisition_cost : float, default 0
        Acquisition cost used when solving for the base retention, >= 0.

    Returns
    -------
    list of dict
        One dict per row: the row's fields, ``base_retention_rate`` (or
        None), ``implied_acquisition_cost`` and the assumptions used.

    Examples
    --------
    >>> first = reichheld_readings()[0]
    >>> first["industry"], first["npv_increase_pct"], first["base_retention_rate"]
    ('advertising', 95.0, None)
    >>> round(first["implied_acquisition_cost"], 2)  # years of margin
    2.63
    """
    m = np.ones(30) if margins is None else check_array("margins", margins, ndim=1)
    check_number("annual_discount_rate", annual_discount_rate, 0)
    lift = check_number(
        "retention_lift", retention_lift, 0, 1, lo_open=True, hi_open=True
    )
    check_number("annual_retention_rate", annual_retention_rate, 0, 1 - lift)
    check_number("acquisition_cost", acquisition_cost, 0)
    out = []
    for row in REICHHELD_TABLE:
        g = row.npv_increase_pct / 100.0
        r = solve_base_retention(
            g, m, annual_discount_rate, retention_lift, acquisition_cost
        )
        ac = implied_acquisition_cost(
            g, m, annual_retention_rate, annual_discount_rate, retention_lift
        )
        out.append(
            plain(
                {
                    **row.to_dict(),
                    "base_retention_rate": r,
                    "implied_acquisition_cost": ac,
                    "assumptions": {
                        "margins": m,
                        "annual_discount_rate": annual_discount_rate,
                        "annual_retention_rate": annual_retention_rate,
                        "retention_lift": retention_lift,
                        "acquisition_cost": acquisition_cost,
                    },
                }
            )
        )
    return out


class RelationshipType(IntEnum):
    """Kotler's five firm-customer relationship types (五种企业—客户关系, B4)."""

    BASIC = 0
    """基本型 -- the firm sells and has no further contact."""
    REACTIVE = 1
    """被动式 -- the customer is invited to call with problems."""
    ACCOUNTABLE = 2
    """负责式 -- the firm calls soon after the sale to check expectations."""
    PROACTIVE = 3
    """主动式 -- the firm calls regularly with advice and new products."""
    PARTNERSHIP = 4
    """伙伴式 -- continuous cooperation, products designed with the customer."""

    @property
    def chinese(self) -> str:
        """The course's Chinese term."""
        return label(f"relationship.{self.name}", "zh")


_KOTLER_GRID = {
    ("many", "high"): RelationshipType.ACCOUNTABLE,
    ("many", "medium"): RelationshipType.REACTIVE,
    ("many", "low"): RelationshipType.BASIC,  # Kotler: "basic or reactive"
    ("medium", "high"): RelationshipType.PROACTIVE,
    ("medium", "medium"): RelationshipType.ACCOUNTABLE,
    ("medium", "low"): RelationshipType.REACTIVE,
    ("few", "high"): RelationshipType.PARTNERSHIP,
    ("few", "medium"): RelationshipType.PROACTIVE,
    ("few", "low"): RelationshipType.ACCOUNTABLE,
}


def kotler_grid(customer_level: str, margin_level: str) -> RelationshipType:
    """Kotler's 3 x 3 grid: relationship type by customers and margin (B4).

    =========  ===========  =============  ===================
    customers  high margin  medium margin  low margin
    =========  ===========  =============  ===================
    many       accountable  reactive       basic (or reactive)
    medium     proactive    accountable    reactive
    few        partnership  proactive      accountable
    =========  ===========  =============  ===================

    Kotler, *Marketing Management* (relationship levels as a function of
    profit margin and number of customers). Kotler's "basic or reactive" cell
    is read as basic.

    Parameters
    ----------
    customer_level : {"many", "medium", "few"}
        Size of the customer base (客户数量).
    margin_level : {"high", "medium", "low"}
        Unit profit margin (单位利润率).

    Returns
    -------
    RelationshipType
        The recommended type.

    Examples
    --------
    >>> kotler_grid("few", "high").name, kotler_grid("few", "high").chinese
    ('PARTNERSHIP', '伙伴式')
    """
    if customer_level not in ("many", "medium", "few"):
        raise invalid("customer_level", customer_level, "'many', 'medium' or 'few'")
    if margin_level not in ("high", "medium", "low"):
        raise invalid("margin_level", margin_level, "'high', 'medium' or 'low'")
    return _KOTLER_GRID[(customer_level, margin_level)]


def recommended_relationship(
    customers: float,
    margin_rate: float,
    *,
    few_customers_max: float = 100,
    many_customers_min: float = 10_000,
    low_margin_max: float = 0.10,
    high_margin_min: float = 0.30,
) -> RelationshipType:
    """Relationship type Kotler recommends for a customer base (B4).

    Classifies the base, then looks the type up in :func:`kotler_grid`:
    ``customers <= few_customers_max`` is few, ``>= many_customers_min`` is
    many, otherwise medium; ``margin_rate < low_margin_max`` is low,
    ``>= high_margin_min`` is high, otherwise medium. Kotler gives no
    numbers: the default thresholds are illustrative assumptions -- set them
    for the market at hand.

    Parameters
    ----------
    customers : float
        Number of customers, >= 0.
    margin_rate : float
        Unit profit margin as a fraction of price (0.25 = 25 %), in [-1, 1].
    few_customers_max : float, default 100
        Most customers that still count as few, >= 0.
    many_customers_min : float, default 10000
        Fewest customers that count as many, > ``few_customers_max``.
    low_margin_max : float, default 0.10
        Margin rates below this are low, in [-1, 1].
    high_margin_min : float, default 0.30
        Margin rates from this up are high, in [-1, 1] and >=
        ``low_margin_max``.

    Returns
    -------
    RelationshipType
        The recommended type.

    Examples
    --------
    >>> recommended_relationship(1_000_000, 0.05).name  # a soft-drink maker
    'BASIC'
    >>> recommended_relationship(20, 0.40).name  # a few large accounts
    'PARTNERSHIP'
    """
    n = check_number("customers", customers, 0)
    m = check_number("margin_rate", margin_rate, -1, 1)
    few = check_number("few_customers_max", few_customers_max, 0)
    many = check_number("many_customers_min", many_customers_min, few, lo_open=True)
    low = check_number("low_margin_max", low_margin_max, -1, 1)
    high = check_number("high_margin_min", high_margin_min, low, 1)
    c_level = "few" if n <= few else ("many" if n >= many else "medium")
    m_level = "low" if m < low else ("high" if m >= high else "medium")
    return kotler_grid(c_level, m_level)


JONES_SASSER_SHAPES: dict[str, dict[str, float]] = {
    "high": {"floor": 0.05, "ceiling": 0.95, "exponent": 4.0},
    "low": {"floor": 0.75, "ceiling": 0.95, "exponent": 1.0},
}
"""Shape parameters of the two curves (qualitative, not data; E8).

High competition (personal computers, cars): loyalty stays low until
customers are *completely* satisfied, then jumps (steep convex curve).
Low competition (local telephone, hospitals): loyalty is high whatever the
satisfaction (high floor, small range).
"""


def satisfaction_loyalty(
    satisfaction_level: float | Sequence[float],
    competition: str = "high",
    *,
    floor: float | None = None,
    ceiling: float | None = None,
    exponent: float | None = None,
):
    """Loyalty (retention) as a function of satisfaction 1-5 (Jones & Sasser, E8).

    ``loyalty = floor + (ceiling - floor) * ((s - 1) / 4) ** exponent`` for
    satisfaction ``s`` from 1 (completely dissatisfied, 完全不满) to 5
    (completely satisfied, 完全满意). Jones & Sasser (1995, "Why Satisfied
    Customers Defect", HBR 73(6)) draw the curves qualitatively; crmsim models
    the shape only, with :data:`JONES_SASSER_SHAPES` as defaults: in highly
    competitive industries only completely satisfied customers are loyal
    (large ``exponent``), in low-competition industries satisfaction matters
    little (high ``floor``). Map a 0-1 satisfaction to 1-5 with
    :func:`crmsim.model.rules.satisfaction_level`.

    Parameters
    ----------
    satisfaction_level : float or array_like
        Satisfaction on the 1-5 scale (may be fractional), in [1, 5].
    competition : {"high", "low"}, default "high"
        Which preset shape to start from.
    floor : float, optional
        Loyalty at level 1, in [0, 1] (default: the preset's).
    ceiling : float, optional
        Loyalty at level 5, in [0, 1] and >= ``floor`` (default: the
        preset's).
    exponent : float, optional
        Curvature, > 0 (> 1: convex, loyalty rises late).

    Returns
    -------
    float or numpy.ndarray
        Loyalty as a retention probability in [0, 1].

    Examples
    --------
    >>> satisfaction_loyalty([1, 4, 5], "high").round(3).tolist()
    [0.05, 0.335, 0.95]
    >>> satisfaction_loyalty([1, 4, 5], "low").round(3).tolist()
    [0.75, 0.9, 0.95]
    """
    if competition not in JONES_SASSER_SHAPES:
        raise invalid("competition", competition, "'high' or 'low'")
    shape = dict(JONES_SASSER_SHAPES[competition])
    for key, value in (("floor", floor), ("ceiling", ceiling), ("exponent", exponent)):
        if value is not None:
            shape[key] = value
    lo = check_number("floor", shape["floor"], 0, 1)
    hi = check_number("ceiling", shape["ceiling"], lo, 1)
    k = check_number("exponent", shape["exponent"], 0, lo_open=True)
    s = check_array("satisfaction_level", satisfaction_level, 1, 5)
    out = lo + (hi - lo) * ((s - 1.0) / 4.0) ** k
    return float(out) if out.ndim == 0 else out


# --- the registry the CLI reads (``crmsim case NAME``) -----------------------


CASES: dict[str, CaseSpec] = {
    spec.name: spec
    for spec in (
        case_spec(
            "smith",
            smith_case,
            "what one unhappy customer costs, at the low and the high end of "
            "the 10 to 20 people she tells",
            "E10",
            forwards_to=smith_chain,
        ),
        case_spec(
            "reichheld",
            reichheld_readings,
            "the seed's table of NPV rises for +5 points of retention, and the "
            "inputs that reproduce each row",
            "E9",
        ),
        case_spec(
            "tarp",
            word_of_mouth_balance,
            "word of mouth: 8 potential deals per satisfied customer against 25 "
            "people affected per dissatisfied one",
            "A4",
            aliases=("wom",),
            example={"satisfied_customers": 1, "dissatisfied_customers": 1},
        ),
        case_spec(
            "kotler",
            recommended_relationship,
            "the relationship type Kotler's grid recommends for a number of "
            "customers and a margin",
            "B4",
            example={"customers": 1_000_000, "margin_rate": 0.05},
        ),
        case_spec(
            "jones-sasser",
            satisfaction_loyalty,
            "loyalty (retention probability) by satisfaction 1-5 under high or "
            "low competition",
            "E8",
            example={"satisfaction_level": [1, 2, 3, 4, 5]},
        ),
    )
}
"""The textbook's cases as commands: CLI name -> :class:`CaseSpec`.

Each entry names the case function, a one-line English help, the course
concept and its parameters (:class:`~crmsim.course.metadata.ParamSpec`: name,
kind, default, required, range or choices, help), read once from the
function's signature and numpydoc docstring by
:func:`~crmsim.course.metadata.case_spec`. A CLI generates one subcommand per
entry (plus ``spec.aliases``), one option per parameter
(``spec.param(name).option``), and calls ``spec.function(**values)``; the
function validates every value and names the parameter in its
:class:`~crmsim.errors.CRMSimError`. ``smith`` calls :func:`smith_case`, whose
keywords go on to :func:`smith_chain` (``people_told`` is a ``(low, high)``
pair: ``kind="floats"``, ``length=2``). ``spec.example`` holds valid values
for the required parameters.

Examples
--------
>>> sorted(CASES)
['jones-sasser', 'kotler', 'reichheld', 'smith', 'tarp']
>>> p = CASES["tarp"].param("deal_conversion_prob")
>>> p.option, p.default, (p.lo, p.hi)
('--deal-conversion-prob', 1.0, (0.0, 1.0))
>>> p.help
'Chance a potential deal is won, in [0, 1].'
>>> CASES["kotler"]().name  # the example: a soft-drink maker
'BASIC'
"""
