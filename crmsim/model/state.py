"""The market's state, shared by both engines: one slot per person.

:class:`MarketState` holds every person's state in numpy arrays, the ledger,
the week's random draws and the events of the week (customers won and lost,
referrals and complaints). The phases of a customer's week
(:mod:`crmsim.model.week`) read and write it for one person or for an array
of people alike; the Mesa engine calls them agent by agent, the vector engine
for everyone at once. Whatever runs the phases, the week begins and ends here:

- :meth:`MarketState.begin_week` draws this week's random numbers for every
  prospect and customer, in a fixed order (prospects, then customers, each in
  the order of :attr:`prospects` / :attr:`customers`), so that a person's
  draws depend neither on the engine nor on the order in which agents step;
- :meth:`MarketState.end_week` settles what passes between people --
  referrals and complaints -- in one defined order (by person), closes the
  week's cash, and records the week.

During a week a phase writes only the slots of the people it is called for
(and adds to the ledger, which commutes), so activation order cannot matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.model import rules
from crmsim.model.analysis import (
    WEEKLY_COLUMNS,
    customer_frame,
    firm_weekly_frame,
    transaction_frame,
    weekly_columns,
)
from crmsim.model.ledger import Ledger
from crmsim.model.market import FirmTable
from crmsim.model.network import SocialNetwork, random_network
from crmsim.model.rules import Stage
from crmsim.model.scenario import Scenario, check_stackable
from crmsim.validation import invalid

__all__ = ["PRECISIONS", "CustomerDraws", "EngineTables", "MarketState"]

PRECISIONS = {"double": np.float64, "single": np.float32}
"""Float types of the state and draws (``precision=`` of :func:`simulate`)."""

_P, _EXP, _FORM, _STAB, _DEC, _CHURN = (int(s) for s in Stage)
_ALL_STAGES = np.arange(len(Stage))


@dataclass
class CustomerDraws:
    """A customer's random numbers for one week (arrays, or one customer's floats).

    Uniform draws ``u_*`` on [0, 1); standard normal draws ``z_*``.
    """

    u_contact: np.ndarray
    """Personal contact this week (social bonds)."""
    z_quality: np.ndarray
    """The week's noise in perceived quality."""
    u_buy: np.ndarray
    """Buying this week."""
    u_meet: np.ndarray
    """Meeting a competitor's offer."""
    z_offer: np.ndarray
    """How good that offer is."""
    u_advocate: np.ndarray
    """Telling someone about the firm."""
    u_pick: np.ndarray
    """Which contact is told."""


def _group_by(keys: np.ndarray, values: np.ndarray):
    """Pairs ``(key, values with that key)``, keys ascending."""
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    for lo, hi in zip(starts, np.r_[starts[1:], keys.size], strict=True):
        yield int(keys[lo]), values[lo:hi]


def _merge(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Two sorted arrays of distinct numbers (none in both) as one sorted array.

    The same as ``np.sort(np.concatenate([a, b]))`` in one pass over ``a``.
    """
    return np.insert(a, np.searchsorted(a, b), b)


_N_UNIFORM = 5  # u_contact, u_buy, u_meet, u_advocate, u_pick
_N_NORMAL = 2  # z_quality, z_offer


class MarketState:
    """Every person in the market, as arrays, and the week's bookkeeping.

    Parameters
    ----------
    params : Scenario
        The run's parameters.
    rng : numpy.random.Generator
        The run's random numbers (set-up, the weekly draws, word of mouth).
    precision : {"double", "single"}
        Float type of the state and the draws.
    record_transactions : bool
        Keep a log of every purchase.
    record_trace : bool
        Keep every customer-week's stage and purchase chance (the truth
        behind a transaction log).

    Several runs side by side (a stacked sweep): ``params`` and ``rng`` are
    sequences, one scenario and Generator a run. The runs must be one-firm
    markets that differ only in their firm's settings (``FIRM_KEYS``); run
    ``r``'s people are ``r * n_customers`` onwards, its firm is firm ``r``,
    and every random number of run ``r`` comes from its own Generator in the
    order a run of its own draws it, so each run's results are identical to
    a run of its own (:meth:`split` gives them back one by one).
    """

    def __init__(
        self,
        params: Scenario | Sequence[Scenario],
        rng: np.random.Generator | Sequence[np.random.Generator],
        precision: str = "double",
        record_transactions: bool = False,
        record_trace: bool = False,
    ) -> None:
        if precision not in PRECISIONS:
            raise invalid("precision", precision, f"one of {', '.join(PRECISIONS)}")
        stacked = not isinstance(params, Scenario)
        self.scenarios = tuple(params) if stacked else (params,)
        self.rngs = tuple(rng) if stacked else (rng,)
        if stacked:
            check_stackable(self.scenarios)
            if len(self.rngs) != len(self.scenarios):
                raise CRMSimError(
                    f"{len(self.rngs)} random number generators for "
                    f"{len(self.scenarios)} runs: allowed one a run"
                )
        self.runs = R = len(self.scenarios)
        self.params = p = self.scenarios[0]
        self.precision = precision
        self.float = f = PRECISIONS[precision]
        self.rng = self.rngs[0]
        self.firms = FirmTable(p, f, self.scenarios if stacked else None)
        self.n_firms = self.firms.n
        self.firms_per_market = K = p.n_firms  # firms competing for one person
        self.clock = 0  # weeks since set-up, warm-up included
        self.origin = 0  # the clock at week 0 of the run (after warm-up)
        self.n_run = n_run = p.n_customers  # people in one run's market
        n = R * n_run
        # the run of each person (stacked runs only: one run needs none)
        self.run_of = np.repeat(np.arange(R), n_run) if R > 1 else None
        # rules that depend on the stage alone, worked out once for each stage
        self.meeting_chance_by_stage = rules.competitor_meeting_chance(
            _ALL_STAGES,
            p.competition_intensity,
            p.competitor_meeting_chance,
            p.decline_search_factor,
        ).astype(f)

        # set-up draws, each run from its own Generator: the network, tastes,
        # the initial customers (and, with several firms, their first firms)
        n_initial = round(p.initial_customer_share * n_run)
        networks, tastes, initial, first = [], [], [], []
        for r, g in enumerate(self.rngs):
            networks.append(random_network(n_run, p.mean_degree, g))
            tastes.append(p.quality_heterogeneity * g.standard_normal(n_run))
            initial.append(
                r * n_run + np.sort(g.choice(n_run, size=n_initial, replace=False))
            )
            # several firms share the starting customers at random, evenly
            first.append(g.integers(0, K, size=n_initial) if K > 1 else r)
        self.network = networks[0] if R == 1 else SocialNetwork.side_by_side(networks)
        self.degree = self.network.degree
        self.taste = np.concatenate(tastes).astype(f)

        self.stage = np.full(n, _P, dtype=np.int8)
        self.stage_since = np.zeros(n, dtype=np.int32)
        self.acquired_week = np.full(n, -1, dtype=np.int32)
        self.churned_week = np.full(n, -1, dtype=np.int32)
        self.channel = np.full(n, -1, dtype=np.int8)
        self.firm = np.full(n, -1, dtype=np.int8)  # the firm now, or the last one
        # purchase intent towards each firm, as left by the last complaint
        self.propensity = np.ones((K, n), dtype=f)
        self.damaged_week = np.zeros((K, n), dtype=np.int32)  # clock of that complaint
        self.referred_to = np.full(n, -1, dtype=np.int8)  # firm a referral is for
        self.referred_by = np.full(n, -1, dtype=np.int64)
        self.damaged = np.zeros(n, dtype=bool)
        self.in_run = np.zeros(n, dtype=bool)  # a customer at some time in the run
        self.satisfaction = np.zeros(n, dtype=f)
        self.attitude = np.zeros(n, dtype=f)
        self.behaviour = np.zeros(n, dtype=f)
        self.purchases = np.zeros(n, dtype=np.int32)
        self.told = np.zeros(n, dtype=np.int32)
        self.people_reached = np.zeros(n, dtype=np.int32)
        self.complaints = np.zeros(n, dtype=np.int32)  # complaining departures
        self.value = np.zeros(n)  # cash, discounted to the week of acquisition
        self.value_at_start = np.zeros(n)  # value when the current relationship began
        self.ledger = Ledger(n, self.n_firms)
        self._firms_changed()
        # this week's outcome per customer, read when the week ends
        self.risk_level = np.zeros(n, dtype=np.int8)
        self.defected = np.zeros(n, dtype=bool)
        self.bought_stage = np.zeros(n, dtype=np.int8)  # 0: no purchase
        self.transaction_log: list[np.ndarray] | None = (
            [] if record_transactions else None
        )
        self.trace_log: list[np.ndarray] | None = [] if record_trace else None
        self._new_records()
        self._returning: dict[int, list[np.ndarray]] = {}  # week -> people back
        self.spells: list[np.ndarray] = []  # (person, firm, acquired, churned) ended
        self.spell_values: list[np.ndarray] = []  # each ended spell's realised value

        self._new_week()
        initial = np.concatenate(initial)
        first = first[0] if K > 1 else np.repeat(first, n_initial) if R > 1 else 0
        self.acquire(initial, np.zeros(initial.size, dtype=np.int8), first)
        self.prospects = np.flatnonzero(self.stage == _P)
        self.customers = initial

    def _new_records(self) -> None:
        """Start the run's records: weekly rows, firm rows, risk tallies.

        One run keeps lists (``rows``, ``firm_rows``, ``risk_weeks`` and
        ``risk_churned`` by satisfaction level 0-5); stacked runs keep every
        run's counters a week (``week_counters``: one array over runs or
        firms each, made into rows once, by :meth:`split`) and the tallies
        as ``(runs, 6)`` arrays.
        """
        if self.runs == 1:
            self.rows: list = []
            self.firm_rows: list = []
            self.risk_weeks = [0] * 6  # customer-weeks at risk by satisfaction level
            self.risk_churned = [0] * 6
        else:  # the week's counters of every run, made into rows by split()
            self.week_counters: list[tuple[np.ndarray, ...]] = []
            self.risk_weeks = np.zeros((self.runs, 6), dtype=np.int64)
            self.risk_churned = np.zeros((self.runs, 6), dtype=np.int64)

    def __setstate__(self, state: dict) -> None:
        # a state pickled by an earlier version (a game's stored round) may
        # lack what is worked out from the firms' settings: work it out again
        self.__dict__.update(state)
        if "runs" not in state:  # from before stacked runs: one run
            self.scenarios, self.rngs, self.runs = (self.params,), (self.rng,), 1
            self.firms_per_market, self.n_run = self.n_firms, self.stage.size
            self.run_of = None
        self._firms_changed()
        if "value_at_start" not in state:
            # relationships' values were not kept: spells ended so far count
            # as NaN, the current ones from what their persons have realised
            self.value_at_start = np.zeros_like(self.value)
            self.spell_values = [np.full(len(x), np.nan) for x in self.spells]

    # --- the week's frame ----------------------------------------------------

    @property
    def steps(self) -> int:
        """Weeks of the run so far (warm-up not counted)."""
        return self.clock - self.origin

    @property
    def running(self) -> bool:
        """True until the scenario's last week has been run."""
        return self.steps < self.params.weeks

    @property
    def week_index(self) -> int:
        """Weeks completed before the current one (tenure and stage clocks)."""
        return self.clock - 1

    def start_run(self) -> None:
        """Make the current week week 0 of the run.

        What happened before it (the warm-up) shaped the market but is not
        counted in the run's results.
        """
        self.origin = self.clock
        self.ledger = Ledger(self.stage.size, self.n_firms)
        self.value[:] = 0.0
        self.value_at_start[:] = 0.0
        self.purchases[:] = 0
        self.told[:] = 0
        self.people_reached[:] = 0
        self.complaints[:] = 0
        self.in_run = (self.stage != _P) & (self.stage != _CHURN)
        self.spells = []
        self.spell_values = []
        if self.transaction_log is not None:
            self.transaction_log = []
        if self.trace_log is not None:
            self.trace_log = []
        self._new_week()
        # week 0's newcomers: the customers the run starts with (channel 0)
        for f, n in enumerate(
            np.bincount(self.firm[self.in_run], minlength=self.n_firms)
        ):
            self.new_by_firm[f][0] = int(n)
        self._new_records()
        self._record_week()

    def begin_week(self) -> None:
        """Start a week: clear its events and draw everyone's random numbers."""
        self.clock += 1
        self._new_week()
        f = self.float
        self.prospect_u = self._draw(self.prospects, lambda g, k: g.random(k, dtype=f))
        prospects = self.prospects
        self.ledger.book_courting(prospects, self.market_firms(prospects), self.firms)
        customers = self.customers
        u = self._draw(customers, lambda g, k: g.random((_N_UNIFORM, k), dtype=f))
        z = self._draw(
            customers, lambda g, k: g.standard_normal((_N_NORMAL, k), dtype=f)
        )
        self.draws = CustomerDraws(
            u_contact=u[0],
            z_quality=z[0],
            u_buy=u[1],
            u_meet=u[2],
            z_offer=z[1],
            u_advocate=u[3],
            u_pick=u[4],
        )

    def _draw(self, people: np.ndarray, draw):
        """Random numbers for ``people``, each run's from its own Generator.

        ``draw(generator, k)`` draws ``k`` numbers (along the last axis).
        ``people`` must come run by run (in order of person, or as the week's
        customers are kept); each run's part gets the numbers a run of its
        own draws for the same people in the same order.
        """
        if self.runs == 1:
            return draw(self.rng, people.size)
        counts = np.bincount(self.run_of[people], minlength=self.runs).tolist()
        parts = [draw(g, k) for g, k in zip(self.rngs, counts, strict=True)]
        return np.concatenate(parts, axis=-1)

    def _new_week(self) -> None:
        self.ledger.new_week()
        self.new_by_firm = [[0, 0, 0] for _ in range(self.n_firms)]
        self.churned_by_firm = [0] * self.n_firms
        # prospects a rival outside the model won (by run, when stacked)
        self.won_by_rivals = 0 if self.runs == 1 else np.zeros(self.runs, np.int64)
        self._won: list[np.ndarray] = []
        self._switching: list[tuple[np.ndarray, np.ndarray]] = []
        self._away: list[np.ndarray] = []
        self._referrals: list[tuple[np.ndarray, np.ndarray]] = []
        self._complaints: list[np.ndarray] = []
        self._left: list[np.ndarray] = []

    def end_week(self) -> None:
        """Settle word of mouth and switching, close the week's cash, record it."""
        customers = self.customers
        won = np.sort(np.concatenate(self._won)) if self._won else customers[:0]
        self._tally(customers)
        self._log(customers)
        leavers = np.sort(np.concatenate(self._left)) if self._left else won[:0]
        self.settle_word_of_mouth()
        self._close_cash(np.concatenate([customers, won]))
        if leavers.size:
            self.spells.append(
                np.column_stack(
                    [
                        leavers,
                        self.firm[leavers],
                        self.acquired_week[leavers],
                        self.churned_week[leavers],
                    ]
                )
            )
            self.spell_values.append(self.value[leavers] - self.value_at_start[leavers])
        stayed = customers[self.stage[customers] != _CHURN]
        switched = self._switch()
        if switched.size:
            won = np.sort(np.concatenate([won, switched]))
            leavers = np.setdiff1d(leavers, switched, assume_unique=True)
        self.customers = np.concatenate([stayed, won])
        if self.runs > 1:  # run by run, each run's as a run of its own keeps them
            order = np.argsort(self.run_of[self.customers], kind="stable")
            self.customers = self.customers[order]
        if won.size or self._away:
            self.prospects = self.prospects[self.stage[self.prospects] == _P]
        away = np.concatenate([leavers, *self._away]) if self._away else leavers
        self._schedule_returns(np.sort(away))
        self._record_week()

    def _switch(self) -> np.ndarray:
        """Customers who left for a rival firm become its customers (K firms)."""
        if not self._switching:
            return np.zeros(0, dtype=np.int64)
        who = np.concatenate([w for w, _ in self._switching])
        to = np.concatenate([t for _, t in self._switching])
        order = np.argsort(who, kind="stable")
        who, to = who[order], to[order]
        self.acquire(who, np.ones(who.size, dtype=np.int8), to, fresh=False)
        return who

    # --- an open market: the churned come back as prospects --------------------

    def _schedule_returns(self, leavers: np.ndarray) -> None:
        """Fix when this week's leavers are back in the market; bring back those due.

        Each leaver (``leavers``, in order of person) is back after a geometric
        number of weeks (weekly chance ``return_chance``), drawn now.
        """
        q = self.params.return_chance
        if q > 0 and leavers.size:
            u = self._draw(leavers, lambda g, k: g.random(k))
            wait = 1 + np.floor(np.log1p(-u) / np.log1p(-q)) if q < 1 else 1 + 0 * u
            due = self.clock + wait.astype(np.int64)
            for week, who in _group_by(due, leavers):
                self._returning.setdefault(week, []).append(who)
        back = self._returning.pop(self.clock, None)
        if back:
            who = np.concatenate(back)
            who = who[self.stage[who] == _CHURN]
            self.stage[who] = _P
            self.stage_since[who] = self.clock
            self.propensity[:, who] = 1.0
            self.damaged_week[:, who] = self.clock
            self.referred_to[who] = -1
            self.damaged[who] = False
            self.prospects = _merge(self.prospects, np.sort(who))

    def _tally(self, customers: np.ndarray) -> None:
        level = self.risk_level[customers]
        if self.runs > 1:
            key = self.run_of[customers] * 6 + level
            shape = (self.runs, 6)
            weeks = np.bincount(key, minlength=6 * self.runs).reshape(shape)
            lost = np.bincount(key[self.defected[customers]], minlength=6 * self.runs)
            self.risk_weeks[:, 1:] += weeks[:, 1:]
            self.risk_churned[:, 1:] += lost.reshape(shape)[:, 1:]
            return
        weeks = np.bincount(level, minlength=6)
        lost = np.bincount(level[self.defected[customers]], minlength=6)
        for lv in range(1, 6):
            self.risk_weeks[lv] += int(weeks[lv])
            self.risk_churned[lv] += int(lost[lv])

    def _log(self, customers: np.ndarray) -> None:
        if self.trace_log is not None:
            self.trace_log.append(
                np.column_stack(
                    [
                        customers,
                        np.full(customers.size, self.steps),
                        self.stage[customers],
                        self.behaviour[customers],
                        self.bought_stage[customers] > 0,
                    ]
                ).astype(float)
            )
        if self.transaction_log is None:
            return
        buyers = customers[self.bought_stage[customers] > 0]
        stage = self.bought_stage[buyers].astype(np.int64)
        paid = self.firms.paid_cents[self.firm_of(buyers), stage]
        week = np.full(buyers.size, self.steps)
        self.transaction_log.append(np.column_stack([buyers, week, paid, stage]))

    def _close_cash(self, who: np.ndarray) -> None:
        """Add the week's cash of ``who``, discounted to their acquisition, to value."""
        from crmsim.model import compiled

        compiled.close_cash_loop(
            who,
            self.week_index,
            self.ledger.week_cash,
            self.acquired_week,
            self.value,
            self.firms.discount_factor,
        )

    # --- events of the week ----------------------------------------------------

    def acquire(self, who: np.ndarray, channel: np.ndarray, firm=0, fresh=True) -> None:
        """Win ``who`` as customers of ``firm`` through ``channel`` (0 initial, 1, 2).

        ``fresh`` is False for customers a firm wins over from a rival firm
        (they are already in this week's customers).
        """
        if not who.size:
            return
        p = self.params
        self.stage[who] = _EXP
        self.stage_since[who] = self.clock
        self.channel[who] = channel
        self.firm[who] = firm
        self.acquired_week[who] = self.clock
        self.value_at_start[who] = self.value[who]
        self.churned_week[who] = -1
        self.in_run[who] = True
        self.satisfaction[who] = rules.SATISFIED_AT_BASIC
        self.attitude[who] = p.initial_attitude
        self.behaviour[who] = p.purchase_base
        by_firm_and_channel = np.bincount(
            self.firm[who].astype(np.int64) * 3 + channel, minlength=3 * self.n_firms
        ).reshape(self.n_firms, 3)
        for row, counts in zip(
            self.new_by_firm, by_firm_and_channel.tolist(), strict=True
        ):
            row[:] = [a + b for a, b in zip(row, counts, strict=True)]
        f = self.firm_of(who)
        self.ledger.book_acquisition(who, f, channel, self.referred_by[who], self.firms)
        if fresh:
            self._won.append(who)

    def lose_to_rival(self, who: np.ndarray) -> None:
        """Prospects ``who`` are won by a rival outside the model (away a while)."""
        if not who.size:
            return
        self.stage[who] = _CHURN
        self.stage_since[who] = self.clock
        self.referred_to[who] = -1
        if self.runs == 1:
            self.won_by_rivals += int(who.size)
        else:
            self.won_by_rivals += np.bincount(self.run_of[who], minlength=self.runs)
        self._away.append(who)

    def firm_of(self, who):
        """The firm of ``who``: 0 in a one-firm market, else each person's."""
        return 0 if self.n_firms == 1 else self.firm[who]

    def _firms_changed(self) -> None:
        """Work out again what depends on the firms' settings."""
        self.rival_win_chance = self._rival_win_chance()
        self.best_win_chance = self._best_win_chance()

    def _best_win_chance(self):
        """The highest chance an unreferred prospect has of being won by anyone.

        A float; stacked runs: one a run, in the float type of the draws.
        """
        p, F = self.params, self.firms
        best, _ = rules.conversion_chances(
            1.0,
            F.marketing_reach_chance,
            F.expectation_level,
            p.promise_effect,
            False,
            p.referral_conversion_prob,
        )
        if self.runs == 1:
            return min(1.0, float(np.sum(best)) + self.rival_win_chance)
        # the same arithmetic, a run at a time (each run has one firm)
        by_run = np.asarray(best, dtype=np.float64) + self.rival_win_chance
        return np.minimum(1.0, by_run).astype(self.float)

    def win_chance_bound(self, who):
        """:attr:`best_win_chance` of the market of each of ``who``."""
        if self.runs == 1:
            return self.best_win_chance
        return self.best_win_chance[self.run_of[who]]

    def market_firms(self, who):
        """The firms courting ``who``: one row a firm of their market.

        ``(K, 1)`` in one run (every person sees every firm), ``(K, len(who))``
        for stacked runs (each person sees their own run's firm).
        """
        local = np.arange(self.firms_per_market)[:, None]
        if self.runs == 1:
            return local
        return local + (self.run_of[who] * self.firms_per_market)[None, :]

    def _rival_win_chance(self) -> float:
        """Weekly chance a rival outside the model wins an untouched prospect.

        Only a one-firm market has one; with several firms the rivals are
        the other firms.
        """
        p = self.params
        if self.firms_per_market > 1:
            return 0.0
        chance, _ = rules.conversion_chances(
            1.0,
            p.competition_intensity * p.competitor_reach_chance,
            p.competitor_quality,
            p.promise_effect,
            False,
            0.0,
        )
        return float(chance)

    def set_firm(self, index: int, **changes) -> None:
        """Change firm ``index``'s settings (per-firm keys) from the next week on."""
        if self.runs > 1:
            raise CRMSimError(
                "set_firm on stacked runs: allowed only on a run of its own"
            )
        self.params = self.params.with_firm(index, **changes)
        self.firms = FirmTable(self.params, self.float)
        self._firms_changed()

    def churn(self, who: np.ndarray) -> None:
        """End the relationships of ``who``; dissatisfied leavers complain."""
        if not who.size:
            return
        self.stage[who] = _CHURN
        self.stage_since[who] = self.clock
        self.churned_week[who] = self.clock
        for k, c in enumerate(np.bincount(self.firm[who], minlength=self.n_firms)):
            self.churned_by_firm[k] += int(c)
        self._left.append(who)
        complaining = rules.complains(
            self.satisfaction[who], self.params.complaint_threshold
        )
        self._complaints.append(who[complaining])

    def refer(self, advocates: np.ndarray, contacts: np.ndarray) -> None:
        """Note referrals, delivered when the week is settled."""
        if advocates.size:
            self._referrals.append((advocates, contacts))

    def switch(self, who: np.ndarray, to: np.ndarray) -> None:
        """Note that customers ``who`` (just churned) go over to rival firms ``to``."""
        if who.size:
            self._switching.append((who, to))

    # --- word of mouth (A4), settled once a week --------------------------------

    def settle_word_of_mouth(self) -> None:
        """Deliver the week's referrals and complaints, in order of person.

        A referral reaches a contact who is still a prospect when the week
        ends; of several referrals to one prospect the one from the referrer
        with the lowest number counts. Complaints are spread by leavers in
        order of their number, each contact reached with one draw.
        """
        if self._referrals:
            advocate = np.concatenate([a for a, _ in self._referrals])
            contact = np.concatenate([c for _, c in self._referrals])
            landed = self.stage[contact] == _P
            advocate, contact = advocate[landed], contact[landed]
            np.add.at(self.told, advocate, 1)
            order = np.lexsort((advocate, contact))
            advocate, contact = advocate[order], contact[order]
            first = np.flatnonzero(np.r_[True, contact[1:] != contact[:-1]])
            first = first[: contact.size]  # no referral landed: none
            advocate, contact = advocate[first], contact[first]
            fresh = self.referred_to[contact] < 0
            self.referred_to[contact[fresh]] = self.firm[advocate[fresh]]
            self.referred_by[contact[fresh]] = advocate[fresh]
        if self._complaints:
            self._spread_complaints(np.sort(np.concatenate(self._complaints)))

    def _spread_complaints(self, leavers: np.ndarray) -> None:
        p = self.params
        if not leavers.size:
            return
        source, contacts = self.network.contacts_of(leavers)
        reach = rules.damage_reach_prob(self.degree[leavers], p.wom_negative_reach)
        draw = self._draw(leavers[source], lambda g, k: g.random(k, dtype=self.float))
        hit = draw < reach[source]
        source, contacts = source[hit], contacts[hit]
        self.people_reached[leavers] += np.bincount(source, minlength=leavers.size)
        self.complaints[leavers] += 1
        if p.wom_second_hand_reach and contacts.size:
            source, contacts = self._second_hand(source, contacts)
        # a complaint is about the leaver's firm: it puts prospects off that
        # firm and lowers the satisfaction of that firm's customers only
        if self.firms_per_market == 1:
            self._complaints_about(0, leavers, source, contacts)
            return
        about = self.firm[leavers]
        for f in np.unique(about).tolist():
            mine = about[source] == f
            self._complaints_about(f, leavers, source[mine], contacts[mine], about == f)

    def _second_hand(self, source, contacts):
        """The people a complaint reached pass it on (the Smith chain, E10).

        Each person reached is influenced with chance ``wom_damage`` and then
        tells about ``wom_second_hand_reach`` of their own contacts, one draw
        per contact. The second-hand hearers are added to the first-hand ones,
        each still counted against the leaver whose complaint it was.
        """
        p = self.params
        teller, heard = self.network.contacts_of(contacts)
        chance = p.wom_damage * rules.damage_reach_prob(
            self.degree[contacts], p.wom_second_hand_reach
        )
        draw = self._draw(contacts[teller], lambda g, k: g.random(k, dtype=self.float))
        passed = draw < chance[teller]
        teller, heard = teller[passed], heard[passed]
        return np.r_[source, source[teller]], np.r_[contacts, heard]

    def _complaints_about(self, f, leavers, source, contacts, of_firm=None) -> None:
        """Complaints about firm ``f`` that reached ``contacts``.

        In one-firm markets (stacked runs too) ``f`` is 0, the market's firm.
        """
        p = self.params
        stage = self.stage[contacts]
        prospect = stage == _P
        customer = (stage >= _EXP) & (stage <= _DEC)
        if self.firms_per_market > 1:
            customer &= self.firm[contacts] == f
        # someone reached k times: the effect of one reach, k times over
        heard, first, times = np.unique(
            contacts[prospect], return_index=True, return_counts=True
        )
        before = self.intent_for(f, heard).astype(np.float64)
        after = rules.propensity_after_damage(
            before, 1.0 - (1.0 - p.wom_damage) ** times
        )
        self.propensity[f, heard] = after
        self.damaged_week[f, heard] = self.clock
        self.damaged[heard] = True
        heard_c, times_c = np.unique(contacts[customer], return_counts=True)
        self.satisfaction[heard_c] = rules.satisfaction_after_damage(
            self.satisfaction[heard_c], p.wom_satisfaction_hit * times_c
        )
        # Referral damage (C3): the purchase intent actually destroyed, at what
        # winning it back would cost, shared equally by the leavers who reached
        # that prospect. Customers reached lose satisfaction: that costs the
        # firm through their own purchases and retention, booked in their own
        # ledger, so it is not charged again here.
        slot = np.searchsorted(heard, contacts[prospect])
        share = (before - after)[slot] / times[slot]
        intent_by_leaver = np.bincount(
            source[prospect], weights=share, minlength=leavers.size
        )
        cost = rules.to_cents(
            rules.referral_damage_cost(intent_by_leaver, p.acquisition_cost)
        )
        if of_firm is not None:
            leavers, cost = leavers[of_firm], cost[of_firm]
        firm = self.firm_of(leavers) if self.firms_per_market == 1 else f
        self.ledger.book_referral_damage(leavers, firm, cost)

    def intent(self, who):
        """Purchase intent of prospects ``who`` towards each firm now (one row a firm).

        1 if never put off (A4); what a complaint took fades week by week
        (``intent_recovery_rate``).
        """
        return rules.propensity_recovered(
            self.propensity[:, who],
            self.clock - self.damaged_week[:, who],
            self.params.intent_recovery_rate,
        )

    def intent_for(self, f: int, who):
        """Purchase intent of prospects ``who`` towards firm ``f`` now."""
        return rules.propensity_recovered(
            self.propensity[f, who],
            self.clock - self.damaged_week[f, who],
            self.params.intent_recovery_rate,
        )

    # --- stacked runs, one by one ---------------------------------------------

    _PER_PERSON = (
        "taste",
        "stage",
        "stage_since",
        "acquired_week",
        "churned_week",
        "channel",
        "damaged",
        "in_run",
        "satisfaction",
        "attitude",
        "behaviour",
        "purchases",
        "told",
        "people_reached",
        "complaints",
        "value",
        "value_at_start",
        "risk_level",
        "defected",
        "bought_stage",
    )
    _PER_FIRM_AND_PERSON = ("propensity", "damaged_week")

    def split(self) -> list[MarketState]:
        """Each run of a stacked state as a state of its own (one run: itself).

        Each part holds its run's people (numbered from 0), firm (firm 0),
        records and logs, exactly as a run of its own would have them, to
        read its tables from; it has no network and cannot run on.
        """
        if self.runs == 1:
            return [self]
        n, K = self.n_run, self.firms_per_market
        people_run = self.run_of
        ended = _joined(self.spells, 4)
        spells_by_run = self._split_by_run(ended, ended[:, 0])
        values = np.concatenate(self.spell_values) if self.spell_values else np.zeros(0)
        values_by_run = self._split_by_run(values, ended[:, 0])
        logs = {
            name: self._by_run(_joined(getattr(self, name), width, dtype))
            for name, width, dtype in (
                ("transaction_log", 4, np.int64),
                ("trace_log", 5, float),
            )
            if getattr(self, name) is not None
        }
        counters = [np.stack(c) for c in zip(*self.week_counters, strict=True)]
        parts = []
        for r, (sc, g) in enumerate(zip(self.scenarios, self.rngs, strict=True)):
            lo, hi, firms = r * n, (r + 1) * n, self._run_firms(r)
            part = object.__new__(MarketState)
            part.__dict__.update(self.__dict__)
            part.scenarios, part.rngs, part.runs, part.run_of = (sc,), (g,), 1, None
            part.params, part.rng = sc, g
            part.firms = FirmTable(sc, self.float)
            part.n_firms = part.firms.n
            part.network = part.degree = None
            part.prospect_u = part.draws = None
            for name in self._PER_PERSON:
                setattr(part, name, getattr(self, name)[lo:hi])
            for name in self._PER_FIRM_AND_PERSON:
                setattr(part, name, getattr(self, name)[:, lo:hi])
            part.firm = _shifted(self.firm[lo:hi], r * K)
            part.referred_to = _shifted(self.referred_to[lo:hi], r * K)
            part.referred_by = _shifted(self.referred_by[lo:hi], lo)
            part.ledger = self.ledger.part(lo, hi, firms)
            part.customers = self.customers[people_run[self.customers] == r] - lo
            part.prospects = self.prospects[people_run[self.prospects] == r] - lo
            weekly, firm_rows = _counter_columns(counters, r, K)
            part.rows = pd.DataFrame(weekly, columns=list(WEEKLY_COLUMNS))
            part.firm_rows = pd.DataFrame(firm_rows)
            part.risk_weeks = self.risk_weeks[r].tolist()
            part.risk_churned = self.risk_churned[r].tolist()
            part.new_by_firm = self.new_by_firm[firms]
            part.churned_by_firm = self.churned_by_firm[firms]
            part.won_by_rivals = int(self.won_by_rivals[r])
            spells = spells_by_run[r].copy()
            spells[:, 0] -= lo
            spells[:, 1] -= r * K
            part.spells, part.spell_values = [spells], [values_by_run[r]]
            for log, by_run in logs.items():
                rows = by_run[r].copy()
                rows[:, 0] -= lo
                setattr(part, log, [rows])
            part._returning = {}  # the weeks after the run: not kept
            part._firms_changed()
            parts.append(part)
        return parts

    def _by_run(self, log: np.ndarray) -> list[np.ndarray]:
        """A log's rows (person in column 0) as one array a run, in order."""
        return self._split_by_run(log, log[:, 0].astype(np.int64))

    def _split_by_run(self, values: np.ndarray, people: np.ndarray) -> list[np.ndarray]:
        """``values`` (one per entry of ``people``) run by run, each in order."""
        run = self.run_of[people]
        order = np.argsort(run, kind="stable")
        ends = np.cumsum(np.bincount(run, minlength=self.runs))[:-1]
        return np.split(values[order], ends)

    # --- reading the state -------------------------------------------------------

    def release_network(self) -> None:
        """Free the social network once the run is over (no table needs it).

        :func:`crmsim.simulate` calls it before building the result tables: in
        a market of a million people the network is over 100 MB.
        """
        if self.running:
            raise RuntimeError("the run is not over: its weeks need the network")
        self.network = self.degree = None

    def tenure(self, who) -> np.ndarray:
        """Weeks lived as a customer, up to the last completed week or churn."""
        lost = self.churned_week[who]
        end = np.where(lost >= 0, lost, self.clock)
        return end - self.acquired_week[who]

    def _record_week(self) -> None:
        """Note the current week's counters; one run makes them its rows at once."""
        counters, K = self._week_counters(), self.firms_per_market
        if self.runs > 1:  # made into each run's rows once, by split()
            self.week_counters.append(counters)
            return
        weekly, firms = _counter_columns([c[None] for c in counters], 0, K)
        self.rows.append({k: v[0].item() for k, v in weekly.items()})
        self.firm_rows.extend(
            {k: v[f].item() for k, v in firms.items()} for f in range(K)
        )

    def _week_counters(self) -> tuple[np.ndarray, ...]:
        """The current week's counters of every run and firm (:data:`_COUNTERS`)."""
        active = self.customers[self.stage[self.customers] != _CHURN]
        satisfaction = self.satisfaction[active]
        n_stages, F = len(Stage), self.n_firms
        if self.runs == 1:
            key, parts = self.stage, [satisfaction]
        else:
            key = self.run_of * n_stages + self.stage
            ends = np.cumsum(np.bincount(self.run_of[active], minlength=self.runs))
            parts = np.split(satisfaction, ends[:-1])
        firm = self.firm[active].astype(np.int64)
        return (
            np.bincount(key, minlength=self.runs * n_stages).reshape(-1, n_stages),
            np.array(self.new_by_firm, dtype=np.int64),
            np.array(self.churned_by_firm, dtype=np.int64),
            np.array(self.ledger.by_firm, dtype=np.int64),
            # each run's mean as a run of its own takes it (pairwise sum)
            np.array([p.mean(dtype=np.float64) if p.size else np.nan for p in parts]),
            np.array(self.won_by_rivals, dtype=np.int64).reshape(-1),
            np.bincount(
                firm * n_stages + self.stage[active], minlength=F * n_stages
            ).reshape(-1, n_stages),
            np.bincount(firm, weights=satisfaction, minlength=F),
        )

    def _run_firms(self, run: int) -> slice:
        """The firms of run ``run`` (all of them in one run)."""
        K = self.firms_per_market
        return slice(run * K, (run + 1) * K)

    def weekly_table(self) -> pd.DataFrame:
        """One row a week; week 0 is the starting state."""
        weekly = pd.DataFrame(self.rows, columns=list(WEEKLY_COLUMNS))
        weekly.insert(0, "week", range(len(weekly)))
        return weekly

    def firm_weekly_table(self) -> pd.DataFrame:
        """One row per firm a week: its customers, money, market share, equity."""
        return firm_weekly_frame(self.firm_rows, self.firms.names, self.params)

    def customer_table(self) -> pd.DataFrame:
        """One row per person ever acquired: state, loyalty and ledger (money)."""
        who = np.flatnonzero(self.in_run)
        lost = self.churned_week[who].astype(np.int64)
        columns = {
            "customer": who,
            "firm": self.firm[who].astype(np.int64),
            "stage": self.stage[who].astype(np.int64),
            "channel": self.channel[who].astype(np.int64),
            "referred_by": self.referred_by[who],
            "acquired_week": self.acquired_week[who].astype(np.int64) - self.origin,
            "churned_week": np.where(lost >= 0, lost - self.origin, -1),
            "tenure_weeks": self.tenure(who).astype(np.int64),
            "satisfaction": self.satisfaction[who].astype(float),
            "attitude": self.attitude[who].astype(float),
            "behaviour": self.behaviour[who].astype(float),
            "purchases": self.purchases[who].astype(np.int64),
            "referrals_made": self.told[who].astype(np.int64),
            "people_reached": self.people_reached[who].astype(np.int64),
            "complaints": self.complaints[who].astype(np.int64),
            "realised_value": self.value[who],
        }
        return customer_frame(columns, self.ledger.table(who), self.params)

    def relationship_table(self) -> pd.DataFrame:
        """Every relationship of the run: ended in it, or still going at its end.

        One row per relationship (a person won back has one per spell):
        ``customer``, ``acquired_week`` (negative if begun before the run),
        ``churned_week`` (``-1`` while still going), ``tenure_weeks`` and
        ``realised_value`` (the relationship's cash, discounted to its start;
        inside the run only, so up to the run's end for one still going).
        """
        ended = _joined(self.spells, 4)
        running = self.customers[self.stage[self.customers] != _CHURN]
        who = np.r_[ended[:, 0], running]
        acquired = np.r_[ended[:, 2], self.acquired_week[running]].astype(np.int64)
        # by customer, then start (stable): each column taken in that order
        # once, and the table made of them without a copy (a million
        # people's run has millions of relationships)
        order = np.lexsort((acquired, who))
        lost = np.r_[ended[:, 3], np.full(running.size, -1)][order]
        value = np.r_[
            np.concatenate(self.spell_values) if self.spell_values else [],
            self.value[running] - self.value_at_start[running],
        ][order]
        firm = np.r_[ended[:, 1], self.firm[running]].astype(np.int64)[order]
        del ended
        who, acquired = who[order], acquired[order]
        del order
        columns = {
            "customer": who,
            "firm": firm,
            "acquired_week": acquired - self.origin,
            "churned_week": np.where(lost >= 0, lost - self.origin, -1),
            "tenure_weeks": np.where(lost >= 0, lost, self.clock) - acquired,
            "realised_value": value,
        }
        del acquired, lost
        return pd.DataFrame(columns, copy=False)

    def transaction_table(self) -> pd.DataFrame | None:
        """Every purchase: customer, week, amount (net of discount) and stage."""
        if self.transaction_log is None:
            return None
        return transaction_frame(_joined(self.transaction_log, 4))

    def trace_table(self) -> pd.DataFrame | None:
        """Every customer-week: stage, the week's purchase chance, bought or not."""
        if self.trace_log is None:
            return None
        log = _joined(self.trace_log, 5, float)
        frame = pd.DataFrame(
            {
                "customer": log[:, 0].astype(np.int64),
                "week": log[:, 1].astype(np.int64),
                "stage": log[:, 2].astype(np.int64),
                "purchase_chance": log[:, 3],
                "bought": log[:, 4].astype(bool),
            }
        )
        return frame.sort_values(["week", "customer"], kind="stable").reset_index(
            drop=True
        )


_COUNTERS = (
    "stage counts (runs, 6)",
    "new by channel (firms, 3)",
    "churned (firms,)",
    "ledger cents (firms, 10)",
    "mean satisfaction (runs,)",
    "won by rivals (runs,)",
    "active customers' stage counts (firms, 6)",
    "active customers' satisfaction sum (firms,)",
)
"""A week's counters (:meth:`MarketState._week_counters`), in order."""


def _counter_columns(
    counters, run: int, K: int
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Run ``run``'s weekly columns and firm-week columns from its counters.

    ``counters``: the weeks' :data:`_COUNTERS`, each stacked over weeks
    (``(weeks, runs or firms, ...)``); ``K`` firms a run. The firm-week
    rows come week by week, each week's firms in order.
    """
    counts, new, churned, cents, mean, won, firm_counts, firm_sat = counters
    firms = slice(run * K, (run + 1) * K)
    weekly = weekly_columns(
        counts[:, run],
        new[:, firms].sum(axis=1),
        churned[:, firms].sum(axis=1),
        cents[:, firms].sum(axis=1),
        mean[:, run],
    )
    weekly["won_by_rivals"] = won[:, run]
    firm_counts = firm_counts[:, firms].reshape(-1, len(Stage))
    n = firm_counts.sum(axis=1)
    sat = firm_sat[:, firms].reshape(-1)
    firm_rows = weekly_columns(
        firm_counts,
        new[:, firms].reshape(-1, 3),
        churned[:, firms].reshape(-1),
        cents[:, firms].reshape(-1, cents.shape[-1]),
        np.divide(sat, n, out=np.full(n.size, np.nan), where=n > 0),
    )
    firm_rows["firm"] = np.tile(np.arange(K), counts.shape[0])
    return weekly, firm_rows


def _joined(rows: list[np.ndarray], width: int, dtype=np.int64) -> np.ndarray:
    """A log kept week by week (arrays of ``width`` columns) as one array."""
    return (
        np.concatenate(rows).astype(dtype, copy=False)
        if rows
        else np.zeros((0, width), dtype)
    )


def _shifted(numbers: np.ndarray, by: int) -> np.ndarray:
    """``numbers - by`` where they are >= 0 (-1 stays -1), in their own type."""
    return np.where(numbers >= 0, numbers - by, numbers).astype(numbers.dtype)


class EngineTables:
    """The tables of :class:`Engine`, read from an engine's ``state``."""

    @property
    def risk_weeks(self) -> list[int]:
        """Customer-weeks at risk by satisfaction level 1-5 (index 0 unused)."""
        return self.state.risk_weeks

    @property
    def risk_churned(self) -> list[int]:
        """Defections by satisfaction level 1-5 (index 0 unused)."""
        return self.state.risk_churned

    def weekly_table(self) -> pd.DataFrame:
        """One row a week; week 0 is the starting state."""
        return self.state.weekly_table()

    def firm_weekly_table(self) -> pd.DataFrame:
        """One row per firm a week: customers, money, market share, equity."""
        return self.state.firm_weekly_table()

    @property
    def n_firms(self) -> int:
        """Number of firms in the market."""
        return self.state.n_firms

    @property
    def firm_names(self) -> tuple[str, ...]:
        """The firms' names, in firm order."""
        return self.state.firms.names

    def set_firm(self, index: int, **changes) -> None:
        """Change firm ``index``'s settings (``FIRM_KEYS``) from the next week on."""
        self.state.set_firm(index, **changes)
        self.params = self.state.params

    def customer_table(self) -> pd.DataFrame:
        """One row per person ever acquired: state, loyalty and ledger."""
        return self.state.customer_table()

    def transaction_table(self) -> pd.DataFrame | None:
        """Every purchase: customer, week, amount (net of discount), stage."""
        return self.state.transaction_table()

    def relationship_table(self) -> pd.DataFrame:
        """Every relationship of the run, ended or still going."""
        return self.state.relationship_table()

    def trace_table(self) -> pd.DataFrame | None:
        """Every customer-week's stage and purchase chance, if recorded."""
        return self.state.trace_table()


class RunTables(EngineTables):
    """The tables of one run of a stacked state (see :meth:`MarketState.split`)."""

    def __init__(self, state: MarketState) -> None:
        self.state = state
        self.params = state.params
