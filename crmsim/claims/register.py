"""The claims register: every testable claim of the course, as data.

A :class:`Claim` names its concept (A2 ... E10, see the course digest), its
source (the seed and section, and the literature where the claim rests on
it) with the seed's own words (``passage``), the statement in English and
Chinese, the scenarios it compares (:class:`Arm`), what it measures in
each run, how the arms combine into one number per seed, the expected side
and size (:class:`~crmsim.claims.stats.Criterion`), the seeds, the horizon
and the warm-up. A claim that the course states only under conditions says
so in ``condition`` and comes as two entries, one per side, each with its
scenario. A claim the model cannot yet test as the course means it says what
is missing in ``needs_mechanism``.

A passage is copied from the seed text its source names (the course's
Chinese source texts 000-004), word for word: only whitespace and the
seed's punctuation may differ, and `` … `` joins pieces that are not
adjacent in the seed (the seed texts are scraped slides: a sentence may be
broken by another section, or printed twice). Where the claim is the
course's reading of the seed (D2, D3: charts and a table the text gives only
in part; D4's "middle level" for the seed's 酌情引导) or rests on the
literature (B4: Kotler; B5: Berry), the statement says the claim and the
passage what the seed says. A test checks every passage against the seed
texts.

Sizes: 2,000 people, 312 weeks (6 years) of a market that has already run
its scenario's warm-up (260 weeks by default, not counted), 10 seeds
(``--quick``: the first 5), vector engine, unless a claim says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from crmsim.claims import measures as m
from crmsim.claims.stats import Criterion
from crmsim.model.scenario import Scenario, preset
from crmsim.model.simulation import Results

__all__ = ["CLAIMS", "Arm", "Claim", "get_claim"]

Measure = Callable[[Results, int], float]

SEEDS = tuple(range(1, 11))
QUICK_SEEDS = 5
WEEKS = 312
LONG_WEEKS = 20 * 52
"""Horizon of the claims that follow whole relationships (E9, A4-referrals): the
default market's runs of this length are shared by the claims that use it."""
WARMUP_WEEKS = 0  # the scenario's own warm-up settles the market first
N_CUSTOMERS = 2000


@dataclass(frozen=True)
class Arm:
    """One scenario a claim runs, with its label and (optionally) its own measure.

    ``n_factor`` scales the run's market size (B4 varies the number of
    customers); ``measure`` replaces the claim's measure for this arm (a
    claim that needs two numbers from one run lists the scenario twice, and
    the runner simulates it once).
    """

    label: str
    scenario: Scenario
    n_factor: float = 1.0
    measure: Measure | None = None


def single(v: Sequence[float]) -> float:
    """The one arm's value."""
    return v[0]


def difference(v: Sequence[float]) -> float:
    """Second arm minus first."""
    return v[1] - v[0]


def interaction(v: Sequence[float]) -> float:
    """Difference in differences: ``(v3 - v2) - (v1 - v0)``."""
    return (v[3] - v[2]) - (v[1] - v[0])


def interior_peak(v: Sequence[float]) -> float:
    """Best inner value minus the better end: > 0 if the maximum is inside."""
    return max(v[1:-1]) - max(v[0], v[-1])


def lowest_leads(v: Sequence[float]) -> float:
    """First value minus the best of the others: > 0 if the first arm is best."""
    return v[0] - max(v[1:])


def ratio(v: Sequence[float]) -> float:
    """``(v0 - v1) / v2``: what arm 1 lost against arm 0, per unit of arm 2."""
    return (v[0] - v[1]) / v[2] if v[2] else float("nan")


def npv_gain_per_5_points(v: Sequence[float]) -> float:
    """Relative NPV gain per 5 points of retention: arms (npv, retention) x 2."""
    npv0, ret0, npv1, ret1 = v
    points = (ret1 - ret0) / 0.05
    return (npv1 / npv0 - 1.0) / points if npv0 > 0 and points > 0 else float("nan")


def npv_gain_difference(v: Sequence[float]) -> float:
    """:func:`npv_gain_per_5_points` of the first four arms minus the next four's."""
    return npv_gain_per_5_points(v[:4]) - npv_gain_per_5_points(v[4:8])


@dataclass(frozen=True)
class Claim:
    """One testable claim of the course and how the model tests it.

    Attributes
    ----------
    id : str
        ``<concept>-<topic>``, e.g. ``"B5-retention-1"``.
    concept : str
        Concept ID in the course digest (A2 ... F3).
    source : str
        Short reference: the seed's number and section as the seed numbers
        them (``"000 §2.3"``, ``"001"``, ``"004 ch.2"``), then, after ``;``,
        the literature the claim rests on (author and year).
    passage : str
        The words of the seed named in ``source``, copied verbatim (only
        whitespace and punctuation may differ); `` … `` joins pieces that
        are not adjacent in the seed. Not a paraphrase: where the statement
        is a reading of the seed, the passage still gives the seed's words.
    statement : str
        The claim in English, as the model tests it.
    statement_zh : str
        The claim in Chinese, with the seeds' terms.
    arms : tuple of Arm
        The scenarios run with every seed (common random numbers).
    measure : callable
        ``measure(results, warmup_weeks) -> float`` for each arm.
    measure_label : str
        What the measured number is, with its unit.
    combine : callable
        Arm values of one seed -> the claim's number for that seed.
    criterion : Criterion
        Expected side and size, and the test across seeds.
    seeds, quick_seeds, weeks, warmup_weeks, n_customers
        Run sizes; ``--quick`` uses the first ``quick_seeds`` seeds.
    transactions : bool
        Whether the runs need the transaction log.
    condition : str
        Non-empty if the claim holds only under a condition (then the
        register has the other side too).
    needs_mechanism : str
        What the model lacks to test the claim as the course means it.
    """

    id: str
    concept: str
    source: str
    passage: str
    statement: str
    statement_zh: str
    arms: tuple[Arm, ...]
    measure: Measure
    measure_label: str
    criterion: Criterion
    combine: Callable[[Sequence[float]], float] = single
    seeds: tuple[int, ...] = SEEDS
    quick_seeds: int = QUICK_SEEDS
    weeks: int = WEEKS
    warmup_weeks: int = WARMUP_WEEKS
    n_customers: int = N_CUSTOMERS
    transactions: bool = False
    condition: str = ""
    needs_mechanism: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def conditional(self) -> bool:
        """Whether the claim holds only under its ``condition``."""
        return bool(self.condition)

    def measure_of(self, arm: Arm) -> Measure:
        """The measure used for ``arm``."""
        return arm.measure or self.measure


# --- scenarios ---------------------------------------------------------------

BASE = preset("default")
LOW = preset("low_competition")
HIGH = preset("high_competition")


def _level(base: Scenario, k: int, **changes) -> Scenario:
    """``base`` at relationship level ``k`` (the name is kept, so runs are shared)."""
    return base.replace(relationship_level=k, **changes)


def _arms(*pairs) -> tuple[Arm, ...]:
    return tuple(Arm(label, sc) for label, sc in pairs)


def _levels(base: Scenario, a: int, b: int, prefix: str = "") -> tuple[Arm, ...]:
    names = ("transactional", "financial", "social", "structural")
    return _arms(
        (prefix + names[a], _level(base, a)), (prefix + names[b], _level(base, b))
    )


S000 = "000 §2.2"
S000_TRAP = "000 §2.3"
S001 = "001"
S002 = "002"
S004_1 = "004 ch.1"
S004_2 = "004 ch.2"

# --- the register ------------------------------------------------------------

_claims: list[Claim] = []


def _add(**kw) -> None:
    _claims.append(Claim(**kw))


# A2 ---------------------------------------------------------------------------
_add(
    id="A2-pareto",
    concept="A2",
    source=S004_1,
    passage="经常是20%甚至更少的客户可以带给企业80%的利润",
    statement="20 % or fewer of the customers bring 80 % of the profit",
    statement_zh="20%甚至更少的客户带来80%的利润（二八效应）",
    arms=_arms(("default", BASE)),
    measure=m.pareto_share,
    measure_label="share of customers bringing 80 % of cash profit",
    criterion=Criterion("less", 0.2),
)
_add(
    id="A2-unprofitable",
    concept="A2",
    source=S004_1,
    passage="而绝大多数客户只带来很少的利润,甚至是负利润",
    statement="some customers are unprofitable, but not most of them",
    statement_zh="部分客户带来负利润，但不是大多数",
    arms=_arms(("default", BASE)),
    measure=m.unprofitable_share,
    measure_label="share of customers with negative lifecycle profit",
    criterion=Criterion("between", 0.05, 0.5),
)

# A4 ---------------------------------------------------------------------------
_add(
    id="A4-referrals",
    concept="A4",
    source=S004_2,
    passage="一个满意的客户会引发8笔潜在的生意",
    statement="a satisfied customer brings about 8 potential deals",
    statement_zh="一个满意的客户会引发约8笔潜在的生意",
    arms=_arms(("default", BASE)),
    measure=m.referrals_per_advocate,
    measure_label="prospects told per advocate staying >= 2 years",
    criterion=Criterion("between", 6.0, 10.0),
    # whole relationships: in a 6-year run the relationships begun in it are at
    # most 6 years long, so the long ones, which tell the most, are cut short
    # (10 seeds: 6.49 +- 0.05 at 20 years; 4.9 at 6 years; mean tenure 179
    # weeks against 283, 2 seeds)
    weeks=LONG_WEEKS,
    needs_mechanism="the 8 is a cap (wom_positive_reach), so the claim checks "
    "only that advocates reach it",
)
_add(
    id="A4-complaints",
    concept="A4",
    source=S004_2,
    passage="一个不满意的客户会影响25个人的购买意愿",
    statement="a dissatisfied customer affects the purchase intent of about 25 people",
    statement_zh="一个不满意的客户会影响约25个人的购买意愿",
    arms=_arms(("default", BASE)),
    measure=m.people_per_complainer,
    measure_label="people reached per complaining leaver",
    criterion=Criterion("between", 20.0, 30.0),
)
# A customer-year of bonds costs what it costs; what winning one costs depends
# on how marketing pays. Courting: every prospect gets a contact a week at the
# bonds' own contact cost, and 1 in 100 of them is won a week
# (marketing_reach_chance 0.01), about 500 a customer won; a flat fee: 60.
_COURTING = dict(courting_cost=BASE.contact_cost)
_A4_COSTS = dict(  # what the two sides share: the passage and the measure
    concept="A4",
    source=S004_2,
    passage="维持老客户的成本大大低于吸引新客户的成本",
    measure=m.retention_to_acquisition_cost,
    measure_label="bond spending per customer-year / acquisition cost per customer",
)
_add(
    id="A4-retention-cheaper",
    **_A4_COSTS,
    statement="where marketing courts every prospect, keeping a customer a year "
    "costs far less (< 1/2) than winning one",
    statement_zh="营销要争取每一个潜在客户时，保持一个老客户一年的成本远低于"
    "争取一个新客户的成本",
    arms=_arms(("social, courting", _level(BASE, 2, **_COURTING))),
    criterion=Criterion("less", 0.5),
    condition="marketing courts every prospect with a contact a week, costing "
    "what a bond contact costs (5); about 1 in 100 is won a week",
)
_add(
    id="A4-retention-dearer-flat-fee",
    **_A4_COSTS,
    statement="where marketing pays only a flat fee per customer won, keeping a "
    "customer a year with bonds costs more than winning one",
    statement_zh="营销只为每个争取到的客户支付固定费用时，用关系纽带保持一个客户"
    "一年的成本高于争取一个新客户的成本",
    arms=_arms(("social", _level(BASE, 2))),
    criterion=Criterion("greater", 1.0),
    condition="the default market: marketing pays 60 per customer won and "
    "nothing for the prospects it courts in vain",
)

# B4 Kotler ----------------------------------------------------------------------
# The seed lists the five types (基本关系 ... 伙伴式); the choice by number of
# customers and margin is Kotler's (Marketing Management), not the seed's.
S000_KOTLER = "000 §2.1; Kotler"
_B4_PASSAGE = (
    "五种不同的企业—客户关系 … 基本关系 这种关系是指企业销售人员在产品和服务销售后,"
    "不再与客户接触。 … 伙伴式的关系 … 企业与客户持续合作,使客户能更有效地使用其资金"
    "或帮助客户更好地使用产品,并按照客户的要求来设计新的产品。"
)
_FEW_RICH = dict(gross_margin=0.45, basket_value=100.0)
_MANY_POOR = dict(gross_margin=0.1)
_SMALL = dict(basket_value=BASE.basket_value / 2)
_LARGE = dict(basket_value=BASE.basket_value * 2)
_add(
    id="B4-partnership",
    concept="B4",
    source=S000_KOTLER,
    passage=_B4_PASSAGE,
    statement="with few customers and high margins, close relationships "
    "(level 3) pay more than basic ones (level 0)",
    statement_zh="客户少、边际利润高时，伙伴式关系比基本型关系更有利可图",
    arms=(
        Arm("basic, few/high margin", _level(BASE, 0, **_FEW_RICH), 0.5),
        Arm("partnership, few/high margin", _level(BASE, 3, **_FEW_RICH), 0.5),
    ),
    measure=m.profit_per_person_year,
    measure_label="profit per person in the market per year, level 3 - level 0",
    combine=difference,
    criterion=Criterion("greater", 0.0),
    condition="few customers (half the market) and high margin (45 %, basket 100)",
)
_add(
    id="B4-basic",
    concept="B4",
    source=S000_KOTLER,
    passage=_B4_PASSAGE,
    statement="with many customers and low margins, basic relationships "
    "(level 0) pay more than close ones (level 3)",
    statement_zh="客户多、边际利润低时，基本型关系比伙伴式关系更有利可图",
    arms=(
        Arm("basic, many/low margin", _level(BASE, 0, **_MANY_POOR), 2.0),
        Arm("partnership, many/low margin", _level(BASE, 3, **_MANY_POOR), 2.0),
    ),
    measure=m.profit_per_person_year,
    measure_label="profit per person in the market per year, level 3 - level 0",
    combine=difference,
    criterion=Criterion("less", 0.0),
    condition="many customers (twice the market) and low margin (10 %)",
)
_add(
    id="B4-margin",
    concept="B4",
    source=S000_KOTLER,
    passage=_B4_PASSAGE,
    statement="the higher the margin, the more level 3 gains over level 0",
    statement_zh="边际利润越高，伙伴式关系相对基本型的优势越大",
    arms=(
        Arm("level 0, margin 10 %", _level(BASE, 0, gross_margin=0.1)),
        Arm("level 3, margin 10 %", _level(BASE, 3, gross_margin=0.1)),
        Arm("level 0, margin 45 %", _level(BASE, 0, gross_margin=0.45)),
        Arm("level 3, margin 45 %", _level(BASE, 3, gross_margin=0.45)),
    ),
    measure=m.profit_per_person_year,
    measure_label="(L3 - L0 profit) at 45 % margin - at 10 %, per person-year",
    combine=interaction,
    criterion=Criterion("greater", 0.0),
)
_add(
    id="B4-count",
    concept="B4",
    source=S000_KOTLER,
    passage=_B4_PASSAGE,
    statement="the fewer the customers a market's volume is shared by, the more "
    "level 3 gains over level 0",
    statement_zh="同样的市场容量由越少的客户分享（每个客户购买越多），伙伴式关系"
    "相对基本型的优势越大",
    arms=(
        Arm("level 0, 2x customers, 1/2 basket", _level(BASE, 0, **_SMALL), 2.0),
        Arm("level 3, 2x customers, 1/2 basket", _level(BASE, 3, **_SMALL), 2.0),
        Arm("level 0, 1/2 customers, 2x basket", _level(BASE, 0, **_LARGE), 0.5),
        Arm("level 3, 1/2 customers, 2x basket", _level(BASE, 3, **_LARGE), 0.5),
    ),
    measure=m.profit_per_demand_year,
    measure_label="(L3 - L0 profit a year per 100 of weekly demand) with 1/2 "
    "customers - with 2x (the market's volume, people x basket, held fixed; "
    "bonds cost the same per customer whatever it buys)",
    combine=interaction,
    criterion=Criterion("greater", 0.0),
)

# B5 ---------------------------------------------------------------------------
_B5_PASSAGE = {
    # the slide breaks level 1's sentence across another section (2.2.2-2.2.3)
    1: "一级关系营销:最低层次的关系营销,它维持客户 … "
    "关系的主要手段是利用价格刺激增加目标市场客户的财务利益。",
    2: "二级关系营销: 增加目标客户的财务利益,同时也增加他们的社会利益",
    3: "三级关系营销:第三种方法是增加结构纽带,与此同时附加财务利益和社会利益。",
}
# 000 says nothing of switching costs or copying: the textbook (004 ch.2) does,
# for the structural level, and by contrast for the financial one
S004_BERRY = "004 ch.2; Berry 1995"
_B5_LOCK_IN = (
    "客户转移的成本和难度提高,客户要想改变供应商将导致总成本提高,原有的优质服务停止,"
    "因而客户不得不继续维持与企业的关系。"
)
_B5_SWITCHING = (
    "企业与客户之间的关系可分为财务层次、社会层次和结构层次,这三个层次是依次递进的。"
    " … (3)结构层次 … " + _B5_LOCK_IN
)
_B5_COPIED = (
    "(1)财务层次 … 建立在这一层次上的客户关系营销,通常采用有奖销售、价格优惠、折扣等"
    "手段,刺激客户购买本企业的产品或服务。(2)社会层次 … 这一层次上的营销,体现了相互"
    "了解、信任和默契,但各企业的做法不尽相同,不易被竞争对手所模仿,相比财务层次的营销"
    "前进了一步。"
)
_B5_HIGHER = (
    "一般来说,企业选择的客户关系营销层次越高,其获得的潜在利益和提高竞争力的可能性越大。"
)
_B5_ZH = {1: "财务层次", 2: "社会层次", 3: "结构层次"}
for _k in (1, 2, 3):
    _add(
        id=f"B5-retention-{_k}",
        concept="B5",
        source="000 §2.1",
        passage=_B5_PASSAGE[_k],
        statement=f"bond level {_k} keeps more customers than level {_k - 1}",
        statement_zh=f"{_B5_ZH[_k]}的关系营销比上一层次有更高的客户保持率",
        arms=_levels(BASE, _k - 1, _k),
        measure=m.yearly_retention,
        measure_label="yearly retention, level k - level k-1",
        combine=difference,
        criterion=Criterion("greater", 0.0),
    )
    _add(
        id=f"B5-switching-{_k}",
        concept="B5",
        source=S004_BERRY,
        passage=_B5_SWITCHING,
        statement=f"bond level {_k} keeps dissatisfied customers (satisfaction "
        f"1-3) better than level {_k - 1}: a higher switching cost",
        statement_zh=f"{_B5_ZH[_k]}提高转换成本：不满意的客户也更少流失",
        arms=_levels(BASE, _k - 1, _k),
        measure=m.retention_at_levels,
        measure_label="yearly retention at satisfaction 1-3, level k - level k-1",
        combine=difference,
        criterion=Criterion("greater", 0.0),
        needs_mechanism=""
        if _k == 3
        else "a switching cost from financial and social bonds (points "
        "balance, personal ties); only structural ties add one",
    )
_add(
    id="B5-financial-matched",
    concept="B5",
    source=S004_BERRY,
    passage=_B5_COPIED,
    statement="financial bonds are easy to copy: their retention gain shrinks "
    "when competitors match the discount",
    statement_zh="财务层次最容易被竞争者模仿：竞争者跟进折扣后，保持率的提升变小",
    arms=(
        Arm("level 0, matched", _level(BASE, 0, discount_match=1.0)),
        Arm("level 1, matched", _level(BASE, 1, discount_match=1.0)),
        Arm("level 0, unmatched", _level(BASE, 0, discount_match=0.0)),
        Arm("level 1, unmatched", _level(BASE, 1, discount_match=0.0)),
    ),
    measure=m.yearly_retention,
    measure_label="retention gain of level 1, unmatched - matched",
    combine=interaction,
    criterion=Criterion("greater", 0.0),
    needs_mechanism="competitors matching social and structural bonds (only "
    "discounts can be matched), to show they are the hardest to copy",
)
_add(
    id="B5-financial-pays-unmatched",
    concept="B5",
    source=S004_BERRY,
    passage=_B5_COPIED,
    statement="financial bonds pay where competitors cannot match them "
    "(contested market)",
    statement_zh="竞争者无法跟进时，财务层次的关系营销能增加利润",
    arms=_levels(HIGH.replace(discount_match=0.0), 0, 1),
    measure=m.profit_per_person_year,
    measure_label="profit per person-year, level 1 - level 0",
    combine=difference,
    criterion=Criterion("greater", 0.0),
    condition="high competition, competitors do not match the discount",
)
_add(
    id="B5-financial-loses-matched",
    concept="B5",
    source=S004_BERRY,
    passage=_B5_COPIED,
    statement="financial bonds do not pay where competitors match them at once",
    statement_zh="竞争者立即跟进时，财务层次的关系营销不能增加利润",
    arms=_levels(BASE.replace(discount_match=1.0), 0, 1),
    measure=m.profit_per_person_year,
    measure_label="profit per person-year, level 1 - level 0",
    combine=difference,
    criterion=Criterion("less", 0.0),
    condition="default market, competitors match the whole discount",
)
_add(
    id="B5-structural-pays-contested",
    concept="B5",
    source=S004_BERRY,
    passage=_B5_HIGHER + " … 结构层次是客户关系营销的最高层次。 … " + _B5_LOCK_IN,
    statement="structural bonds pay in a contested market, through retention "
    "(no assumed purchase lift: structural_habit = 0)",
    statement_zh="竞争激烈时，结构层次的关系营销通过提高保持率增加利润",
    arms=_levels(HIGH.replace(structural_habit=0.0), 0, 3),
    measure=m.profit_per_person_year,
    measure_label="profit per person-year, level 3 - level 0",
    combine=difference,
    criterion=Criterion("greater", 0.0),
    condition="high competition; the purchase lift of lock-in switched off",
)
_add(
    id="B5-structural-wasted-uncontested",
    concept="B5",
    source=S004_BERRY,
    passage=_B5_HIGHER,  # the general rule (一般来说) this claim qualifies
    statement="structural bonds do not pay where customers stay anyway "
    "(low competition, structural_habit = 0)",
    statement_zh="竞争很弱时，客户本来就会留下，结构层次的投入得不偿失",
    arms=_levels(LOW.replace(structural_habit=0.0), 0, 3),
    measure=m.profit_per_person_year,
    measure_label="profit per person-year, level 3 - level 0",
    combine=difference,
    criterion=Criterion("less", 0.0),
    condition="low competition; the purchase lift of lock-in switched off",
)

# C2 ---------------------------------------------------------------------------
_add(
    id="C2-T-equals-lifetime",
    concept="C2",
    source=S000,
    passage="T=N÷M",
    statement="T = N / M equals the mean customer lifetime (cohort survival)",
    statement_zh="客户群体生命周期 T=N÷M 等于客户的平均生命周期",
    arms=_arms(("default", BASE)),
    measure=m.base_lifecycle_ratio,
    measure_label="T = N / M (weekly table) / Kaplan-Meier mean lifetime",
    criterion=Criterion("between", 0.85, 1.15),
    condition="in a steady state (see C2-steady-state)",
)
_add(
    id="C2-steady-state",
    concept="C2",
    source=S000,
    passage=(
        "N:企业拥有的客户总量 M:平均每年客户流失的数量 T: 企业客户群体生命周期 T=N÷M"
    ),
    statement="after the warm-up the market is in a steady state: as many "
    "customers won as lost",
    statement_zh="预热期之后市场处于稳态：新增客户数与流失客户数相当",
    arms=_arms(("default", BASE)),
    measure=m.acquired_to_lost,
    measure_label="customers won / customers lost after the warm-up",
    criterion=Criterion("between", 0.9, 1.1),
)

# C3 ---------------------------------------------------------------------------
# the slide repeats a label inside 总体利润 and inside 价格优惠, hence the " … "
_C3_DEFINITION = "客户生命周期利润=客户为企业带来的总 … 体利润−企业为客户的投入成本"
_C3_TOTAL = "客户为企业带来的总体利润=基本利润+成本节约+推荐价值"
_C3_PARTS = _C3_TOTAL + " … 企业为客户的投入成本=获取成本+价格 … 优惠+推荐破坏成本"
_add(
    id="C3-retained-positive",
    concept="C3",
    source=S000,
    passage=_C3_DEFINITION,
    statement="a customer kept at least a year has a positive lifecycle profit",
    statement_zh="保持一年以上的客户，其客户生命周期利润为正",
    arms=_arms(("default", BASE)),
    measure=m.retained_lifecycle_profit,
    measure_label="mean lifecycle profit, customers with tenure >= 1 year",
    criterion=Criterion("greater", 0.0),
)
_add(
    id="C3-retained-positive-contested",
    concept="C3",
    source=S000,
    passage=_C3_DEFINITION,
    statement="also in a contested market, a customer kept a year is profitable",
    statement_zh="即使竞争激烈，保持一年以上的客户生命周期利润也为正",
    arms=_arms(("high competition", HIGH)),
    measure=m.retained_lifecycle_profit,
    measure_label="mean lifecycle profit, customers with tenure >= 1 year",
    criterion=Criterion("greater", 0.0),
)
_add(
    id="C3-rises-with-tenure",
    concept="C3",
    source=S000,
    passage=_C3_DEFINITION + " … " + _C3_TOTAL,
    statement="lifecycle profit rises with tenure (ended relationships)",
    statement_zh="客户生命周期利润随客户关系时间的延长而增加",
    arms=_arms(("default", BASE)),
    measure=m.tenure_profit_correlation,
    measure_label="rank correlation of tenure and lifecycle profit",
    criterion=Criterion("greater", 0.3),
)
_add(
    id="C3-six-parts",
    concept="C3",
    source=S000,
    passage=_C3_PARTS,
    statement="the six parts, rebuilt from the cash ledger, add up to the "
    "lifecycle profit (to the cent)",
    statement_zh="六个组成部分（基本利润、成本节约、推荐价值、获取成本、价格优惠、"
    "推荐破坏成本）相加等于客户生命周期利润",
    arms=_arms(("financial", _level(BASE, 1))),
    measure=m.c3_residual,
    measure_label="largest |six parts - lifecycle profit| over customers (money)",
    criterion=Criterion("less", 0.01),
)

# C4 / E9 ------------------------------------------------------------------------
# Each pair of arms raises retention by cutting the competitors' chances to meet
# the firm's customers: by 40 % in the default market (about +13 points), by 70 %
# in a market that keeps 90 % (about +5 points; its customers meet few rivals).
_E9_PASSAGE = (
    "客户保持率每增加5%对客户利润的影响 行业 广告业 人寿保险 客户净现值增长率(%)"
    " 95 90 银行 保险 汽车服务 信用卡 85 84 81 75"
)
_E9_LABEL = (
    "relative NPV gain per 5 points of yearly retention "
    "(relationships begun in years 1-3, followed for up to 20 years)"
)
_KEEPS_90 = preset("structural")  # structural bonds: about 90 % stay a year


def _npv_arms(label: str, base: Scenario, factor: float) -> tuple[Arm, ...]:
    """NPV and retention of ``base`` and of ``base`` with fewer competitor contacts."""
    fewer = base.replace(
        competitor_meeting_chance=base.competitor_meeting_chance * factor
    )
    return (
        Arm(f"{label}: NPV", base, measure=m.early_customer_npv),
        Arm(f"{label}: retention", base, measure=m.yearly_retention),
        Arm(
            f"{label}, fewer competitor contacts: NPV",
            fewer,
            measure=m.early_customer_npv,
        ),
        Arm(
            f"{label}, fewer competitor contacts: retention",
            fewer,
            measure=m.yearly_retention,
        ),
    )


_E9_HIGH = _npv_arms("90 % kept", _KEEPS_90, 0.3)
_add(
    id="E9-npv-5-points",
    concept="C4/E9",
    source="001; Reichheld & Sasser 1990",
    passage=_E9_PASSAGE,
    statement="where about 90 % of customers stay a year, 5 more points of "
    "retention raise customer NPV by tens of per cent (Reichheld & Sasser: 25-95 %)",
    statement_zh="在每年留住约九成客户的企业，客户保持率每提高5个百分点，客户净现值增加百分之几十",
    arms=_E9_HIGH,
    measure=m.early_customer_npv,
    measure_label=_E9_LABEL,
    combine=npv_gain_per_5_points,
    criterion=Criterion("greater", 0.25),
    weeks=LONG_WEEKS,
    condition="a firm that keeps about 90 % of its customers a year (structural "
    "bonds); fewer competitor contacts raise its retention by about 5 points",
)
_add(
    id="E9-npv-5-points-low-retention",
    concept="C4/E9",
    source="001; Reichheld & Sasser 1990",
    passage=_E9_PASSAGE,
    statement="where half the customers leave each year, 5 more points of "
    "retention add less to customer NPV than where 90 % stay",
    statement_zh="在每年流失一半客户的市场，客户保持率每提高5个百分点带来的净现值增加，"
    "少于留住九成客户的企业",
    arms=_npv_arms("default", BASE, 0.6) + _E9_HIGH,
    measure=m.early_customer_npv,
    measure_label="NPV gain per 5 points in the default market - in a firm "
    "that keeps 90 %",
    combine=npv_gain_difference,
    criterion=Criterion("less", 0.0),
    weeks=LONG_WEEKS,
    condition="the default market: about half the customers leave each year",
)
_add(
    id="E9-profit-grows-years-1-6",
    concept="C4/E9",
    source="001; Reichheld & Sasser 1990",
    passage="长期客户的价值 年利润贡献 1 2 3 4 5 6 时间(年)",  # a chart's labels
    statement="a customer's yearly profit grows over tenure years 1-6",
    statement_zh="老客户每年贡献的利润在第1-6年逐年增长",
    arms=_arms(("default", BASE)),
    measure=m.tenure_year_profit_slope,
    measure_label="slope of profit per customer-year over tenure years 1-6",
    criterion=Criterion("greater", 0.0),
    transactions=True,
)

# D1 ---------------------------------------------------------------------------
_TRAP = preset("satisfaction_trap")
_add(
    id="D1-trap-contested",
    concept="D1",
    source=S000_TRAP,
    # the slide prints each phrase twice; " … " skips the repeats
    passage=(
        "客户满意是客户忠诚的基础,但实践表明, … 客户满意度并不等于忠诚度,许多行业存"
        "在着高满意度,低忠诚度的现象。 … 这就是客户满意陷阱。"
    ),
    statement="in a contested market most defectors were satisfied when they left",
    statement_zh="竞争激烈时，大多数流失的客户在离开时是满意的（客户满意陷阱）",
    arms=_arms(("satisfaction trap", _TRAP)),
    measure=m.satisfied_defector_share,
    measure_label="share of leavers at satisfaction level 4-5",
    criterion=Criterion("greater", 0.5),
    condition="high competition, free switching, high quality",
)
_add(
    id="D1-no-trap-uncontested",
    concept="D1",
    source=S001,
    passage=(
        "其他影响因素不发生作用的条件下 客户忠诚是客户满意的函数,两者有非常强的正相"
        "关关系。 其他影响因素发生作用的条件下 除客户满意外,还有以下因素影响客户忠诚"
        "度: 竞争程度 转换代价 有效的常客奖励机制 顾客对产品或服务质量的敏感状况"
    ),
    statement="with little competition the same quality keeps satisfied "
    "customers: most defectors were dissatisfied",
    statement_zh="竞争很弱时，满意的客户不会流失：流失者大多不满意",
    arms=_arms(("low competition, quality 0.8", LOW.replace(service_quality=0.8))),
    measure=m.satisfied_defector_share,
    measure_label="share of leavers at satisfaction level 4-5",
    criterion=Criterion("less", 0.5),
    condition="low competition, high quality",
)

# D2 ---------------------------------------------------------------------------
# the text has only the two charts' titles; their curves are the digest's reading
_D2_PASSAGE = (
    "基本期望的满意水平与客户忠诚的关系图 … 潜在期望的满意水平与客户忠诚的关系图"
)
_D2_ARMS = _arms(
    ("quality 0.60", BASE.replace(service_quality=0.6)),
    ("quality 0.70", BASE.replace(service_quality=0.7)),
    ("quality 0.85", BASE.replace(service_quality=0.85)),
    ("quality 0.95", BASE.replace(service_quality=0.95)),
)
_add(
    id="D2-latent-steeper",
    concept="D2",
    source=S000_TRAP,
    passage=_D2_PASSAGE,
    statement="true loyalty (liking and repeat buying both high) rises more "
    "steeply past the latent expectation (quality 0.85 -> 0.95) than inside the "
    "band (0.60 -> 0.70)",
    statement_zh="超过潜在期望后真正的忠诚（态度和重复购买都高）上升更快：质量从0.85"
    "升到0.95比在基本期望与潜在期望之间从0.60升到0.70带来更大的绝对忠诚比例提升",
    arms=_D2_ARMS,
    measure=m.loyalty_share,
    measure_label="gain in the absolutely loyal share 0.85->0.95 minus gain 0.60->0.70",
    combine=interaction,
    criterion=Criterion("greater", 0.0),
)
_add(
    id="D2-retention-in-band",
    concept="D2",
    source=S000_TRAP,
    passage=_D2_PASSAGE,
    statement="retention alone (behaviour, not attitude) rises more inside the "
    "band, where quality passes the rivals' offers, and is near its ceiling past "
    "the latent expectation",
    statement_zh="只看保持率（行为，不看态度）时，在期望带内上升更快——质量在这里超过"
    "竞争者的报价；超过潜在期望后保持率已接近上限",
    arms=_D2_ARMS,
    measure=m.yearly_retention,
    measure_label="retention gain 0.85->0.95 minus gain 0.60->0.70",
    combine=interaction,
    criterion=Criterion("less", 0.0),
    condition="rivals' offers worth 0.62 on average (default), inside the band",
)

# D3 ---------------------------------------------------------------------------
_add(
    id="D3-rising-expectations",
    concept="D3",
    source=S000_TRAP,
    # the table is scraped cell by cell; the rise by stage is the digest's reading
    passage="2.3.3不同时期客户的期望和对策分析 客户关系生命周期阶段 基本期望 潜在期望 "
    "激励客户忠诚的措施 考察期 优质的有形产品, 配套的附加产品 … 形成期 考察期提供的一切"
    "价值 形成期提供的一切价值",
    statement="expectations rise by stage: a flat offer keeps fewer customers "
    "than it would if expectations stayed put",
    statement_zh="客户期望随生命周期阶段提高：质量不变时，保持率低于期望不变的情形",
    arms=_arms(
        ("expectations flat", BASE.replace(expectation_growth=0.0)),
        ("expectations +0.08 a stage", BASE.replace(expectation_growth=0.08)),
    ),
    measure=m.yearly_retention,
    measure_label="yearly retention, rising - flat expectations",
    combine=difference,
    criterion=Criterion("less", 0.0),
    needs_mechanism="the rise is a parameter (expectation_growth), so only its "
    "consequence is tested",
)

# D4 ---------------------------------------------------------------------------
_EXPECT = (0.35, 0.45, 0.55, 0.65, 0.75)
_D4_ARMS = tuple(
    Arm(f"expectation {e:.2f}", BASE.replace(expectation_level=e)) for e in _EXPECT
)
_D4_CONSIDERATIONS = (
    "1、提高期望值有利于吸引消费者购买。",
    "2、期望值定得太低,消费者满意度高,但销售量小。",
    "3、期望值定得太高,顾客认知值低,顾客重复购买的少,企业应酌情引导顾客期望值。",
)
# Both sides of D4's middle level: a firm whose service delights at a moderate
# promise, in a market customers also leave on their own (so it keeps needing
# new buyers) and where the promise moves buyers strongly; and the default
# firm, whose quality (0.65) delights only when it promises little.
_D4_DELIGHT = dict(service_quality=0.85, exit_chance=0.006, promise_effect=3.0)
_D4_DELIGHT_ARMS = tuple(
    Arm(f"expectation {e:.2f}, delighting firm", a.scenario.replace(**_D4_DELIGHT))
    for e, a in zip(_EXPECT, _D4_ARMS, strict=True)
)
_D4_MIDDLE = dict(  # what the two sides share
    concept="D4",
    source=S002,
    # the seed says 酌情引导 (steer as the case requires); "middle" is the reading
    passage="对于顾客期望的管理有如下考虑: " + " ".join(_D4_CONSIDERATIONS),
    measure=m.profit_per_person_year,
)
_add(
    id="D4-middle-expectation",
    **_D4_MIDDLE,
    statement="where the service can delight and the market keeps needing new "
    "buyers, profit is highest at a middle expectation level",
    statement_zh="服务能让客户惊喜、市场又不断需要新客户时，把客户期望控制在"
    "适中水平利润最高",
    arms=_D4_DELIGHT_ARMS,
    measure_label="best inner profit - better end profit (0.35 / 0.75), "
    "per person-year",
    combine=interior_peak,
    criterion=Criterion("greater", 0.0),
    condition="service quality 0.85 (above the latent expectation at a middle "
    "promise); customers also leave for reasons of their own (0.6 % a week); "
    "the promise moves buyers strongly (promise effect 3)",
)
_add(
    id="D4-low-promise-pays",
    **_D4_MIDDLE,
    statement="where the service barely exceeds what is promised, the lowest "
    "promise pays best: it is the only way to delight",
    statement_zh="服务只略高于承诺时，承诺最低利润最高：只有这样客户才会惊喜",
    arms=_D4_ARMS,
    measure_label="profit at the lowest promise (0.35) - best other profit, "
    "per person-year",
    combine=lowest_leads,
    criterion=Criterion("greater", 0.0),
    condition="the default market: service quality 0.65, nobody leaves without a "
    "reason, promise effect 1",
)
_add(
    id="D4-overpromise-wins",
    concept="D4",
    source=S002,
    passage=_D4_CONSIDERATIONS[0],
    statement="setting expectations high wins more buyers: a prospect is more "
    "likely to buy",
    statement_zh="期望设得高能吸引更多客户购买：潜在客户更可能购买",
    arms=(_D4_ARMS[0], _D4_ARMS[-1]),
    measure=m.marketing_conversion,
    measure_label="customers marketing wins per prospect-year, expectation 0.75 - 0.35",
    combine=difference,
    criterion=Criterion("greater", 0.0),
)
_add(
    id="D4-overpromise-loses",
    concept="D4",
    source=S002,
    passage=_D4_CONSIDERATIONS[2],
    statement="setting expectations high then loses them: lower retention",
    statement_zh="期望过高会降低满意度，客户保持率下降",
    arms=(_D4_ARMS[0], _D4_ARMS[-1]),
    measure=m.yearly_retention,
    measure_label="yearly retention, expectation 0.75 - 0.35",
    combine=difference,
    criterion=Criterion("less", 0.0),
)

# E5 ---------------------------------------------------------------------------
# the definitions and the attitude x behaviour grid as the slide's text gives it
_E5_PASSAGE = (
    "态度忠诚是指客户内心对企业及其产品和服务的积极的情感。 行为忠诚是指客户对企业的"
    "产品和服务的不断重复购买。 客户忠诚分析 高 潜在忠诚 态度忠诚 低 绝对忠诚 非忠诚"
    " 惯性忠诚 低 行为忠诚 高"
)
_add(
    id="E5-points-inertia",
    concept="E5",
    source=S001,
    passage=_E5_PASSAGE,
    statement="the default points programme (financial_habit 0.05) alone breeds "
    "no inertia loyalty: its pull on buying is too weak",
    statement_zh="默认的积分计划（financial_habit 0.05）单独不会造成惯性忠诚："
    "对购买的拉动太弱",
    arms=_levels(BASE, 0, 1),
    measure=m.inertia_share,
    measure_label="share of active customers with inertia loyalty, L1 - L0",
    combine=difference,
    criterion=Criterion("between", -0.05, 0.05),
    condition="a weak points programme; E5-strong-points-inertia is the other side",
)
_add(
    id="E5-lock-in-inertia",
    concept="E5",
    source=S001,
    passage=_E5_PASSAGE,
    statement="lock-in (structural ties) breeds inertia loyalty: more customers "
    "buy often without liking us",
    statement_zh="结构性联系造成的锁定带来惯性忠诚：重复购买多而态度忠诚不高",
    arms=_levels(BASE, 0, 3),
    measure=m.inertia_share,
    measure_label="share of active customers with inertia loyalty, L3 - L0",
    combine=difference,
    criterion=Criterion("greater", 0.05),
)
_add(
    id="E5-strong-points-inertia",
    concept="E5",
    source=S001,
    passage=_E5_PASSAGE,
    statement="a points programme whose pull on buying is as strong as lock-in "
    "(financial_habit 0.3) breeds inertia loyalty",
    statement_zh="积分对购买的拉动与锁定一样强时（financial_habit 0.3），"
    "积分造成惯性忠诚",
    arms=(
        Arm("transactional", _level(BASE, 0)),
        Arm("strong points", _level(BASE, 1, financial_habit=0.3)),
    ),
    measure=m.inertia_share,
    measure_label="share of active customers with inertia loyalty, strong points - L0",
    combine=difference,
    criterion=Criterion("greater", 0.05),
    condition="points breed inertia loyalty only where their pull on buying is "
    "strong; the default programme (financial_habit 0.05) is the other side",
)
_add(
    id="E5-points-not-attitude",
    concept="E5",
    source=S001,
    passage=_E5_PASSAGE,
    statement="points do not raise attitude (liking and trust) by much",
    statement_zh="积分不提高客户的态度忠诚",
    arms=_levels(BASE, 0, 1),
    measure=m.mean_attitude,
    measure_label="mean attitude of active customers, L1 - L0",
    combine=difference,
    criterion=Criterion("between", -0.05, 0.05),
)

# E7 ---------------------------------------------------------------------------
_add(
    id="E7-switching-cost",
    concept="E7",
    source=S001,
    passage=(
        "外在驱动因素 转换成本 … 其他影响因素发生作用的条件下 除客户满意外,还有以下"
        "因素影响客户忠诚度: 竞争程度 转换代价"
    ),
    statement="a high switching cost keeps customers whatever their "
    "satisfaction: dissatisfied customers stay much more",
    statement_zh="转换成本高时，不论满意与否客户都会留下",
    arms=_arms(
        ("switching cost 0.02", BASE.replace(switching_cost=0.02)),
        ("switching cost 0.30", BASE.replace(switching_cost=0.3)),
    ),
    measure=m.retention_at_levels,
    measure_label="yearly retention at satisfaction 1-3, high - low switching cost",
    combine=difference,
    criterion=Criterion("greater", 0.1),
)

# E8 ---------------------------------------------------------------------------
_JONES_SASSER = "琼斯和赛塞运用数据反映客户满意与重购产品或服务意愿的关系"
_add(
    id="E8-contested-only-delighted",
    concept="E8",
    source="001; Jones & Sasser 1995",
    passage=_JONES_SASSER + " … 高度竞争的行业中 完全满意的客户远比满意的顾客忠诚。",
    statement="in a contested market only completely satisfied customers are "
    "loyal: retention at level 5 far above level 4",
    statement_zh="竞争激烈的行业中，只有完全满意的客户才忠诚",
    arms=(
        Arm("level 4", HIGH, measure=partial(m.retention_at_levels, levels=(4,))),
        Arm("level 5", HIGH, measure=partial(m.retention_at_levels, levels=(5,))),
    ),
    measure=m.retention_at_levels,
    measure_label="yearly retention, completely satisfied - satisfied",
    combine=difference,
    criterion=Criterion("greater", 0.3),
    condition="high competition, free switching",
)
_add(
    id="E8-uncontested-flat",
    concept="E8",
    source="001; Jones & Sasser 1995",
    passage=_JONES_SASSER + " … 低度竞争的行业中 客户满意程度对客户忠诚感的影响较小。",
    statement="with little competition satisfaction matters little: retention "
    "at level 5 close to level 2",
    statement_zh="竞争不激烈的行业中，满意度对忠诚度影响很小",
    arms=(
        Arm("level 2", LOW, measure=partial(m.retention_at_levels, levels=(2,))),
        Arm("level 5", LOW, measure=partial(m.retention_at_levels, levels=(5,))),
    ),
    measure=m.retention_at_levels,
    measure_label="yearly retention, completely satisfied - dissatisfied",
    combine=difference,
    criterion=Criterion("less", 0.2),
    condition="low competition, some switching cost",
)

# E10 ------------------------------------------------------------------------------
_SMITH_PASSAGE = (
    "以下就是史密斯女士的离开可能带来的损失: • 每周50美元的销售额 • 一个长期居住此地"
    "的顾客的销售额:50美元 ×52周(每年)×10年(约数) • 她对生活圈子中10至20人的口碑宣传"
    " • 对其中至少一半人的消费产生的影响 • 这些人对于周围至少5个人的再影响 • 受影响"
    "的人中会有四分之一不再来进行消费 • 这四分之一的顾客10年的销售额"
)
_SMITH = BASE.replace(wom_negative_reach=15, wom_second_hand_reach=5)


def _smith_arms(scenario: Scenario) -> tuple[Arm, ...]:
    return (
        Arm(
            "no complaints heard",
            scenario.replace(wom_negative_reach=0),
            measure=m.customer_years,
        ),
        Arm("complaints heard", scenario, measure=m.customer_years),
        Arm("complainers x lifetime", scenario, measure=m.complainer_lifetimes),
    )


_add(
    id="E10-smith-chain",
    concept="E10",
    source=S001,
    passage=_SMITH_PASSAGE,
    statement="a complaining leaver costs the firm more than her own "
    "relationship when her complaint is passed on: the customer-years her word "
    "of mouth destroys exceed her own expected lifetime",
    statement_zh="史密斯女士的离开：抱怨被转告时，她的抱怨造成的客户损失超过她本人的"
    "客户生命周期",
    arms=_smith_arms(_SMITH),
    measure=m.customer_years,
    measure_label="customer-years lost to complaints / complainers' own lifetimes",
    combine=ratio,
    criterion=Criterion("greater", 1.0),
    condition="the Smith chain: a leaver tells 15 people (10-20), each one "
    "influenced tells 5 more",
)
_add(
    id="E10-first-hand-only",
    concept="E10",
    source=S001,
    passage=_SMITH_PASSAGE,
    statement="told only first hand, a complaining leaver's word of mouth costs "
    "about her own relationship, not several times it",
    statement_zh="抱怨只传给直接听到的人时，她的抱怨造成的客户损失与她本人的客户生命"
    "周期相当",
    arms=_smith_arms(BASE),
    measure=m.customer_years,
    measure_label="customer-years lost to complaints / complainers' own lifetimes",
    combine=ratio,
    criterion=Criterion("between", 0.5, 1.5),
    condition="the default market: 25 people reached first hand (seed 004), "
    "nobody passes it on",
)

CLAIMS: tuple[Claim, ...] = tuple(_claims)
"""Every claim of the register, in the course's order."""

_BY_ID = {c.id: c for c in CLAIMS}


def get_claim(claim_id: str) -> Claim:
    """The claim with id ``claim_id`` (one-line error listing the ids)."""
    from crmsim.validation import invalid

    try:
        return _BY_ID[claim_id]
    except KeyError:
        raise invalid("claim", claim_id, ", ".join(_BY_ID)) from None
