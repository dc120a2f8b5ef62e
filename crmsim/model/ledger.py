"""The money ledger: what each customer earned and cost, in whole cents.

Both engines book every amount in integer cents under the names in
:data:`LEDGER_FIELDS`, per customer and per week, so that totals agree to the
cent whichever way they are summed. The customer lifecycle profit of the
course (C3) is derived from these columns by :func:`lifecycle_profit_table`:

    lifecycle profit = basic profit + cost savings + referral value
                       - acquisition cost - price discounts - referral damage cost

where

    basic profit  = list revenue - cost of goods - cost to serve a new customer
                    - contact cost - structural cost
    cost savings  = cost to serve a new customer - actual cost to serve

Acquisition cost is marketing's spending on a person: the fee for winning
them and, where marketing courts prospects (``courting_cost``), what it spent
on them while they were prospects -- booked to every prospect courted, won or
not, so the firm's cash profit counts courting in vain too.

Referral value and referral damage are attributions (the acquisition cost a
referral saved; the acquisition spending needed to make good the purchase
intent a complaint destroyed in the prospects it reached -- customers reached
by a complaint lose satisfaction, whose cost shows in their own purchases and
retention), not cash; so the firm's cash profit is the sum
of lifecycle profits minus referral value plus referral damage.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "LEDGER_FIELDS",
    "Ledger",
    "cash_profit",
    "lifecycle_profit_columns",
    "lifecycle_profit_table",
    "book_week_of_service",
    "close_cash_loop",
]

LEDGER_FIELDS = (
    "list_revenue",
    "discounts",
    "cogs",
    "service_cost",
    "base_service_cost",
    "contact_cost",
    "structural_cost",
    "acquisition_cost",
    "referral_value",
    "referral_damage",
)
"""Ledger columns, each in whole cents while a run is going on."""

(
    LIST_REVENUE,
    DISCOUNTS,
    COGS,
    SERVICE_COST,
    BASE_SERVICE_COST,
    CONTACT_COST,
    STRUCTURAL_COST,
    ACQUISITION_COST,
    REFERRAL_VALUE,
    REFERRAL_DAMAGE,
) = range(len(LEDGER_FIELDS))

CASH_SIGN = (1, -1, -1, -1, 0, -1, -1, -1, 0, 0)
"""Sign of each ledger column in the firm's cash profit (attributions are 0)."""

C3_COMPONENTS = (
    "basic_profit",
    "cost_savings",
    "referral_value",
    "acquisition_cost",
    "discounts",
    "referral_damage",
)
"""The six components of customer lifecycle profit (C3), in the course's order."""


def cash_profit(t):
    """Firm's cash profit from ledger columns of a table or a mapping (cents or money).

    ``list revenue - discounts - cost of goods - cost to serve - contact cost
    - structural cost - acquisition cost``.
    """
    return (
        t["list_revenue"]
        - t["discounts"]
        - t["cogs"]
        - t["service_cost"]
        - t["contact_cost"]
        - t["structural_cost"]
        - t["acquisition_cost"]
    )


def lifecycle_profit_columns(ledger) -> dict:
    """The C3 decomposition of ledger columns (a table or a mapping of arrays).

    ``basic_profit``, ``cost_savings``, ``lifecycle_profit`` and
    ``cash_profit``, by name; works on cents (exact integers) or money alike.
    """
    basic = (
        ledger["list_revenue"]
        - ledger["cogs"]
        - ledger["base_service_cost"]
        - ledger["contact_cost"]
        - ledger["structural_cost"]
    )
    savings = ledger["base_service_cost"] - ledger["service_cost"]
    return {
        "basic_profit": basic,
        "cost_savings": savings,
        "lifecycle_profit": basic
        + savings
        + ledger["referral_value"]
        - ledger["acquisition_cost"]
        - ledger["discounts"]
        - ledger["referral_damage"],
        "cash_profit": cash_profit(ledger),
    }


def lifecycle_profit_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """Add the C3 decomposition to a per-customer ledger.

    Adds ``basic_profit``, ``cost_savings``, ``lifecycle_profit`` and
    ``cash_profit`` (:func:`lifecycle_profit_columns`); works on cents (exact
    integers) or money alike.
    """
    return ledger.assign(**lifecycle_profit_columns(ledger))


# --- booking: the one place where money enters the ledger -------------------


def _total(who, cents) -> int:
    """Sum of ``cents`` booked to ``who`` (a person or an array of people)."""
    if type(who) is int:  # one person: the amount itself
        return int(cents)
    if isinstance(cents, np.ndarray) and cents.ndim:
        return int(cents.sum())
    if isinstance(who, np.ndarray):
        return int(cents) * who.size
    return int(cents)


class Ledger:
    """Every customer's money in whole cents, and this week's totals by firm.

    Both engines book through the methods below, for one person (an ``int``)
    or for an array of distinct people alike, so every amount is worked out
    and booked in one place. ``cents[kind][i]`` is person ``i``'s total under
    ledger column ``kind`` (over every firm they were a customer of);
    ``by_firm[f][kind]`` the current week's total of firm ``f`` and
    :attr:`week` the market's; ``week_cash`` each person's cash this week
    (discounted into realised value when the week closes). ``f`` is the firm
    of the people booked: ``0`` in a one-firm market, else one per person.
    """

    def __init__(self, n: int, n_firms: int = 1) -> None:
        self.cents = np.zeros((len(LEDGER_FIELDS), n), dtype=np.int64)
        self._columns = list(self.cents)  # views, one per column
        self.n_firms = n_firms
        self.week_cash = np.zeros(n, dtype=np.int64)
        self.new_week()

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        del state["_columns"]  # views of cents: rebuilt when unpickled
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._columns = list(self.cents)

    @property
    def week(self) -> list[int]:
        """The market's totals this week, by ledger column."""
        return self.totals()

    def totals(self, firms: slice = slice(None)) -> list[int]:
        """Totals this week of firms ``firms`` (default all), by ledger column."""
        rows = self.by_firm[firms]
        if len(rows) == 1:
            return rows[0]
        return [sum(col) for col in zip(*rows, strict=True)]

    def book(self, kind: int, who, cents, f=0, cash: bool = True) -> None:
        """Book ``cents`` under column ``kind`` to ``who`` (distinct), of firm ``f``.

        ``cash=False``: the caller adds the amount to ``week_cash`` itself
        (together with others, in one pass).
        """
        one = type(who) is int  # one person (the Mesa agent)
        if one:
            cents = int(cents)  # plain integers: no numpy scalar arithmetic
        self._columns[kind][who] += cents
        if one or self.n_firms == 1 or np.ndim(f) == 0:
            self.by_firm[int(f)][kind] += cents if one else _total(who, cents)
        else:
            per_firm = np.zeros(self.n_firms, dtype=np.int64)
            np.add.at(per_firm, f, np.broadcast_to(cents, who.shape))
            for firm, total in enumerate(per_firm.tolist()):
                self.by_firm[firm][kind] += total
        sign = CASH_SIGN[kind]
        if sign and cash:
            self.week_cash[who] += sign * cents

    def part(self, lo: int, hi: int, firms: slice) -> Ledger:
        """The ledger of people ``lo``-``hi`` and firms ``firms`` (a stacked run)."""
        part = object.__new__(Ledger)
        part.cents = self.cents[:, lo:hi]
        part._columns = list(part.cents)
        part.week_cash = self.week_cash[lo:hi]
        part.by_firm = self.by_firm[firms]
        part.n_firms = len(part.by_firm)
        return part

    def new_week(self) -> None:
        """Start the week's totals from zero."""
        self.by_firm = [[0] * len(LEDGER_FIELDS) for _ in range(self.n_firms)]

    # --- the booking rules --------------------------------------------------

    def book_acquisition(self, who, f, channel, referred_by, F) -> None:
        """A customer won: book the acquisition cost, or the referral value.

        Marketing costs the acquisition cost (also when a rival firm's
        customer is won over); a referral saves it, credited to the referrer
        as referral value (C3). The customers a run starts with (channel 0)
        were won before it began: nothing is charged.
        """
        by_referral = channel == 2
        paid = np.where(channel == 1, F.acquisition_cents, 0)
        self.book(ACQUISITION_COST, who, paid, f)
        referrers = referred_by[by_referral]
        if referrers.size:
            # several people referred by one referrer in a week: add them up
            np.add.at(self.cents[REFERRAL_VALUE], referrers, F.acquisition_cents)
            firms = np.broadcast_to(f, who.shape)[by_referral]
            for firm in range(self.n_firms):
                count = int(np.count_nonzero(firms == firm))
                self.by_firm[firm][REFERRAL_VALUE] += count * F.acquisition_cents

    def book_courting(self, prospects, courting, F) -> None:
        """Marketing's courting of this week's prospects, won or not (A4).

        Each firm whose marketing reaches out (``courting``: one row a firm of
        the prospects' market, :meth:`~crmsim.model.state.MarketState.market_firms`)
        spends the courting cost on every prospect, booked as acquisition cost
        to the prospect courted: a customer's acquisition cost is then the
        courting they received plus the fee for winning them.
        """
        if not F.courting_cents or not prospects.size:
            return
        for firm in courting:  # one firm for all (a run) or one per prospect
            pays = F.marketing_reach_chance[firm] > 0
            if firm.size == 1:
                if pays[0]:
                    self.book(ACQUISITION_COST, prospects, F.courting_cents, firm[0])
            else:
                self.book(ACQUISITION_COST, prospects, pays * F.courting_cents, firm)

    def book_referral_damage(self, leavers, f, cents) -> None:
        """Referral damage cost (C3) charged to complaining leavers of firm ``f``."""
        self.book(REFERRAL_DAMAGE, leavers, cents, f)

    def table(self, who) -> dict[str, np.ndarray]:
        """The ledger of people ``who``, by column name, in cents."""
        return {name: self.cents[k][who] for k, name in enumerate(LEDGER_FIELDS)}


def book_week_of_service(
    i,
    f,
    stage,
    tenure,
    bought,
    contacted,
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
):
    """Book customer ``i``'s week with firm ``f``, in whole cents.

    A personal contact (social bonds) costs the contact cost; the basket, if
    ``bought``, its list price, discount and cost of goods by ``stage`` (share
    of wallet, F2, and the firm's discount); the cost to serve by ``tenure``
    (E9), against that of a new customer; the structural ties cost the same
    for every customer of a firm that has them, while they last. The
    amounts (money of :class:`~crmsim.model.week.FirmMoney`, one argument
    each) go to ``cents[kind, i]``, to the week's ``totals[f, kind]`` and, as
    cash, to ``week_cash[i]``. Both engines book a customer's week this way,
    in the compiled keeping loop (:func:`crmsim.model.week.keep_loop`).
    """
    contact = contacted * contact_cents
    revenue = bought * revenue_cents[f, stage]
    discount = bought * discount_cents[f, stage]
    cogs = bought * cogs_cents[f, stage]
    service = service_cents[tenure]
    ties = structural[f] * structural_cents
    for kind, amount in (
        (CONTACT_COST, contact),
        (LIST_REVENUE, revenue),
        (DISCOUNTS, discount),
        (COGS, cogs),
        (SERVICE_COST, service),
        (BASE_SERVICE_COST, service_cents[0]),
        (STRUCTURAL_COST, ties),
    ):
        cents[kind, i] += amount
        totals[f, kind] += amount
    week_cash[i] += revenue - discount - cogs - service - contact - ties


def close_cash_loop(who, week_index, week_cash, acquired_week, value, discount_factor):
    """Add each of ``who``'s cash this week, discounted to their acquisition, to value.

    ``value[i] += week_cash[i] / 100 * discount_factor[weeks since acquired]``,
    then the week's cash is 0 again. One loop over the people (compiled by
    :mod:`crmsim.model.compiled`: they are spread over everybody's arrays, and
    one pass reads each person's numbers once).
    """
    for j in range(who.size):
        i = who[j]
        weeks_in = week_index - acquired_week[i]
        if weeks_in < 0:
            weeks_in = 0
        value[i] += week_cash[i] / 100.0 * discount_factor[weeks_in]
        week_cash[i] = 0
