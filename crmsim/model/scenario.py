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


def _p(default, unit: str, doc: str, lo=-INF, hi=INF, integer: bool = False):
    """Declare a parameter with its unit, meaning and allowed closed range."""
    return field(
        default=default,
        metadata={"unit": unit, "doc": doc, "range": (lo, hi), "integer": integer},
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
        metadata={"unit": "", "doc": "label used in tables and plots"},
    )

    # --- market and run -------------------------------------------------
    n_customers: int = _p(
        1000,
        "people",
        "people in the market (prospects and customers)",
        10,
        10**8,
        True,
    )
    weeks: int = _p(260, "weeks", "length of the run", 1, 5200, True)
    initial_customer_share: float = _p(
        0.2, "fraction", "share of the market that are customers at week 0", 0, 1
    )
    mean_degree: float = _p(
        30.0, "people", "mean number of contacts on the social network", 0, 1000
    )
    warmup_weeks: int = _p(
        260,
        "weeks",
        "weeks run before week 0 so the market starts settled (not counted)",
        0,
        5200,
        True,
    )
    return_chance: float = _p(
        0.02,
        "per week",
        "chance a churned person is back in the market as a prospect",
        0,
        1,
    )

    # --- the firm's relationship marketing (B5, E11) ------------------------
    relationship_level: int = _p(
        0,
        "level",
        "0 transactional, 1 financial, 2 social, 3 structural bonds (cumulative)",
        0,
        3,
        True,
    )
    loyalty_tier: int = _p(
        0,
        "tier",
        "loyalty programme tier 0-3; tier t switches on the bonds of level t",
        0,
        3,
        True,
    )

    # --- the offer, expectations and satisfaction (A3, D2, D3, D4) ---------
    service_quality: float = _p(
        0.65, "quality 0-1", "mean quality the firm delivers", 0, 1
    )
    quality_noise: float = _p(
        0.08, "quality 0-1", "week-to-week spread of perceived quality", 0, 1
    )
    quality_heterogeneity: float = _p(
        0.1,
        "quality 0-1",
        "spread of quality between customers (fixed per customer)",
        0,
        1,
    )
    expectation_level: float = _p(
        0.55, "quality 0-1", "basic expectation the firm sets in exploration", 0, 1
    )
    expectation_growth: float = _p(
        0.04,
        "quality 0-1 per stage",
        "rise of the basic expectation at each later stage",
        0,
        0.5,
    )
    latent_gap: float = _p(
        0.2, "quality 0-1", "latent expectation above the basic one", 0.01, 1
    )
    shortfall_sensitivity: float = _p(
        3.0, "satisfaction per quality", "slope below the basic expectation", 0, 50
    )
    meet_sensitivity: float = _p(
        0.5,
        "satisfaction per quality",
        "slope between basic and latent expectation",
        0,
        50,
    )
    delight_sensitivity: float = _p(
        2.5, "satisfaction per quality", "slope above the latent expectation", 0, 50
    )
    satisfaction_update_rate: float = _p(
        0.2,
        "per week",
        "weight of this week's experience in accumulated satisfaction",
        0,
        1,
    )
    trust_update_rate: float = _p(
        0.05,
        "per week",
        "speed at which attitude (liking, trust) follows its target",
        0,
        1,
    )
    attitude_zero_at: float = _p(
        0.5,
        "satisfaction 0-1",
        "satisfaction at which liking and trust fade to 0",
        0,
        1,
    )
    attitude_full_at: float = _p(
        0.9,
        "satisfaction 0-1",
        "satisfaction at which liking and trust grow to 1",
        0,
        1,
    )
    habit_update_rate: float = _p(
        0.1,
        "per week",
        "speed at which the repeat-purchase rate follows its target",
        0,
        1,
    )
    promise_effect: float = _p(
        1.0,
        "per quality",
        "how strongly a higher expectation set raises prospects' conversion (D4)",
        0,
        10,
    )

    # --- lifecycle thresholds (C1) -----------------------------------------
    formation_threshold: float = _p(
        0.6,
        "satisfaction 0-1",
        "satisfaction to move from exploration to formation",
        0,
        1,
    )
    stability_trust: float = _p(
        0.6, "attitude 0-1", "trust to move from formation to stability", 0, 1
    )
    decline_threshold: float = _p(
        0.4,
        "satisfaction 0-1",
        "below this an active customer falls into decline",
        0,
        1,
    )
    recovery_threshold: float = _p(
        0.55, "satisfaction 0-1", "above this a declining customer recovers", 0, 1
    )
    min_stage_weeks: int = _p(
        8,
        "weeks",
        "least time in exploration or formation before moving on",
        0,
        520,
        True,
    )
    initial_attitude: float = _p(
        0.3, "attitude 0-1", "liking and trust of a new customer", 0, 1
    )

    # --- competition and switching (B6, E7, E8) ------------------------------
    competition_intensity: float = _p(0.5, "0-1", "how contested the market is", 0, 1)
    competitor_contact_rate: float = _p(
        0.05,
        "per week",
        "chance a customer meets a competitor's offer at full competition",
        0,
        1,
    )
    competitor_quality: float = _p(
        0.62, "value 0-1", "mean delivered value of a competitor's offer", 0, 1
    )
    competitor_offer_spread: float = _p(
        0.12, "value 0-1", "spread of competitors' offers", 0, 1
    )
    switching_cost: float = _p(
        0.05,
        "value 0-1",
        "cost to the customer of leaving, before structural bonds",
        0,
        1,
    )
    attitude_value: float = _p(
        0.2,
        "value per attitude",
        "delivered value a customer sees in liking and trust",
        0,
        1,
    )
    decline_search_factor: float = _p(
        3.0, "times", "how much more a declining customer looks at competitors", 1, 20
    )

    # --- level 1: financial bonds (discounts, points) ----------------------
    discount_rate: float = _p(
        0.05, "fraction of price", "discount or points given back (level >= 1)", 0, 0.9
    )
    price_sensitivity: float = _p(
        2.0, "value per discount", "delivered value of one unit of discount", 0, 20
    )
    discount_match: float = _p(
        0.6, "fraction", "share of our discount competitors match (easily copied)", 0, 1
    )
    financial_habit: float = _p(
        0.05, "purchase rate", "rise of the repeat-purchase target from points", 0, 1
    )

    # --- level 2: social bonds (personal contact) --------------------------
    contact_chance: float = _p(
        0.25, "per week", "chance of a personal contact in a week (level >= 2)", 0, 1
    )
    contact_cost: float = _p(
        5.0, "money per contact", "cost of one personal contact", 0
    )
    contact_care: float = _p(
        0.15, "quality 0-1", "lift of perceived quality in a week with contact", 0, 1
    )
    contact_trust_gain: float = _p(
        0.03,
        "attitude 0-1",
        "lift of trust per contact, on the gap to full trust",
        0,
        1,
    )

    # --- level 3: structural bonds (customised ties) -----------------------
    structural_cost: float = _p(
        1.5, "money per customer-week", "cost of customised ties (level 3)", 0
    )
    structural_switching_cost: float = _p(
        0.1, "value 0-1", "extra switching cost from structural ties", 0, 1
    )
    structural_value: float = _p(
        0.05, "quality 0-1", "extra quality from customised systems", 0, 1
    )
    structural_habit: float = _p(
        0.3, "purchase rate", "rise of the repeat-purchase target from lock-in", 0, 1
    )

    # --- purchases, margins and cost to serve (F2, E9) ---------------------
    basket_value: float = _p(
        50.0, "money per purchase", "list-price value of a full basket", 0
    )
    purchase_base: float = _p(
        0.4, "per week", "repeat-purchase target of a transactional customer", 0, 1
    )
    purchase_attitude_weight: float = _p(
        0.4,
        "purchase rate",
        "rise of the repeat-purchase target with liking and trust",
        0,
        1,
    )
    wallet_share: tuple[float, float, float, float] = field(
        default=(0.4, 0.7, 1.0, 0.6),
        metadata={
            "unit": "fraction",
            "doc": "basket share by stage: exploration, formation, stability, decline",
            "range": (0, 1),
            "integer": False,
            "length": 4,
        },
    )
    gross_margin: float = _p(0.25, "fraction", "margin on list-price sales", 0, 1)
    service_cost: float = _p(
        3.0, "money per customer-week", "cost to serve a new customer", 0
    )
    service_cost_floor: float = _p(
        0.5, "fraction", "cost to serve of a long-standing customer, relative", 0, 1
    )
    service_learning_weeks: float = _p(
        52.0, "weeks", "time constant of the fall in cost to serve", 0.01
    )

    # --- acquisition and word of mouth (A4) --------------------------------
    marketing_reach_chance: float = _p(
        0.01, "per week", "chance marketing wins a prospect in a week", 0, 1
    )
    acquisition_cost: float = _p(
        60.0, "money per customer", "cost of winning a customer through marketing", 0
    )
    referral_conversion_prob: float = _p(
        0.1, "probability", "chance a referred prospect becomes a customer", 0, 1
    )
    advocacy_threshold: float = _p(
        0.7, "satisfaction 0-1", "satisfaction above which a customer recommends", 0, 1
    )
    advocacy_chance: float = _p(
        0.2, "per week", "chance an advocate tells a contact in a week", 0, 1
    )
    wom_positive_reach: int = _p(
        8,
        "people",
        "prospects a satisfied customer tells over the relationship",
        0,
        1000,
        True,
    )
    complaint_threshold: float = _p(
        0.45,
        "satisfaction 0-1",
        "leavers below this spread negative word of mouth",
        0,
        1,
    )
    wom_negative_reach: int = _p(
        25, "people", "contacts a dissatisfied leaver reaches", 0, 1000, True
    )
    wom_damage: float = _p(
        0.5, "fraction", "share of a reached prospect's purchase intent lost", 0, 1
    )
    intent_recovery_rate: float = _p(
        0.05,
        "per week",
        "share of the intent a complaint took that a prospect regains a week",
        0,
        1,
    )
    wom_satisfaction_hit: float = _p(
        0.1, "satisfaction 0-1", "drop in a reached customer's satisfaction", 0, 1
    )

    # --- valuation ----------------------------------------------------------
    annual_discount_rate: float = _p(
        0.1, "per year", "discount rate for realised lifetime value", 0, 1
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
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in fields(self)
        }

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
}


def money_limit(n_customers: int, weeks: int) -> float:
    """Largest money booked per customer-week for a run of this size.

    A run books money in whole cents in int64 columns summed over every
    customer-week; ``3 * basket_value + service_cost + structural_cost +
    contact_cost + acquisition_cost`` at most this bound keeps every total
    (and their sum) exact.
    """
    return (_CENTS_LIMIT - 1) / (100.0 * n_customers * (weeks + 1))


def _check_money_totals(s: Scenario) -> None:
    parts = {k: w * getattr(s, k) for k, w in _WEEKLY_MONEY.items()}
    limit = money_limit(s.n_customers, s.weeks)
    if sum(parts.values()) > limit:
        name = max(parts, key=parts.get)
        allowed = (
            f"3*basket_value + service_cost + structural_cost + contact_cost + "
            f"acquisition_cost at most {limit:.4g} with n_customers={s.n_customers} "
            f"and weeks={s.weeks} (totals in whole cents must fit in int64)"
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
    """Every parameter with its default, unit, meaning and allowed range."""
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
                "allowed": "" if lo is None else _fmt_range(lo, hi),
                "meaning": f.metadata["doc"],
            }
        )
    return rows


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
        competitor_contact_rate=0.1343,
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
