"""Classify one customer by the course's grids (E3 ladder, E4 attachment, E5 loyalty).

Loyalty type by attitude x behaviour (Dick & Basu 1994), attachment by
preference x differentiation (Griffin 1995), and the rung of the loyalty
ladder (客户忠诚度金字塔). The vectorised rules live in
:mod:`crmsim.model.rules`; these are the validating one-customer forms with
the Chinese names. Seed 001: 第三章 客户忠诚及其管理.
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Any

import numpy as np

from crmsim.course.metadata import CaseSpec, case_spec
from crmsim.model.rules import LADDER_RUNGS, LoyaltyType, ladder_rung, loyalty_type
from crmsim.presentation.labels import LADDER_RUNGS_ZH, label
from crmsim.validation import (
    check_array,
    check_number,
    invalid,
)

__all__ = [
    "Attachment",
    "LADDER_RUNGS_ZH",
    "LOYALTY_TYPE_ZH",
    "attachment",
    "classify_attachment",
    "classify_ladder_rung",
    "classify_loyalty",
    "ladder_rung_info",
]


LOYALTY_TYPE_ZH = {t: label(t, "zh") for t in LoyaltyType}
"""Chinese names of :class:`crmsim.model.rules.LoyaltyType` (seed 001)."""


def classify_loyalty(
    attitude: float,
    behaviour: float,
    attitude_cut: float = 0.5,
    behaviour_cut: float = 0.7,
) -> LoyaltyType:
    """Loyalty type of one customer from attitude x behaviour (E5).

    A validating scalar wrapper of :func:`crmsim.model.rules.loyalty_type` (Dick &
    Basu 1994; seed 001 客户忠诚分析): high/high absolute (绝对忠诚), high
    attitude only latent (潜在忠诚), high behaviour only inertia (惯性忠诚),
    neither none (非忠诚). "High" means at or above the cut.

    Parameters
    ----------
    attitude : float
        Attitude (liking, trust), in [0, 1].
    behaviour : float
        Behaviour (repeat-purchase rate), in [0, 1].
    attitude_cut : float, default 0.5
        Lowest attitude that counts as high, in [0, 1].
    behaviour_cut : float, default 0.7
        Lowest behaviour that counts as high, in [0, 1].

    Returns
    -------
    LoyaltyType
        Use :data:`LOYALTY_TYPE_ZH` for the Chinese name.

    Examples
    --------
    >>> t = classify_loyalty(0.8, 0.3)
    >>> t.name, LOYALTY_TYPE_ZH[t]
    ('LATENT', '潜在忠诚')
    """
    code = loyalty_type(
        check_number("attitude", attitude, 0, 1),
        check_number("behaviour", behaviour, 0, 1),
        check_number("attitude_cut", attitude_cut, 0, 1),
        check_number("behaviour_cut", behaviour_cut, 0, 1),
    )
    return LoyaltyType(int(code))


class Attachment(IntEnum):
    """Attachment by preference x product differentiation (依恋, E4).

    Reading of the garbled grid of seed 001 (四种不同程度的依恋; cells 强烈,
    无, 一般 and a fourth), in the order of the course digest: strong, high,
    low, none (after Griffin 1995, *Customer Loyalty: How to Earn It, How to
    Keep It*).
    """

    NONE = 0
    """无依恋 -- low preference, low differentiation."""
    LOW = 1
    """一般(低)依恋 -- low preference, high differentiation."""
    HIGH = 2
    """一般依恋 -- high preference, low differentiation."""
    STRONG = 3
    """强烈依恋 -- high preference, high differentiation."""

    @property
    def chinese(self) -> str:
        """The Chinese term."""
        return label(f"attachment.{self.name}", "zh")


def attachment(
    preference, differentiation, preference_cut=0.5, differentiation_cut=0.5
):
    """Attachment codes from preference x differentiation (E4), scalar or array.

    ``2 * (preference >= preference_cut) + (differentiation >=
    differentiation_cut)``: 3 strong, 2 high, 1 low, 0 none
    (:class:`Attachment`). Preference (喜好程度) weighs more than
    differentiation (差异化程度): a liked but undifferentiated product still
    earns high attachment.

    Parameters
    ----------
    preference, differentiation : float or array_like
        On a 0-1 scale.
    preference_cut, differentiation_cut : float, default 0.5
        Cuts for "high", in [0, 1].

    Returns
    -------
    numpy.ndarray
        Integer codes (0-d for scalars).

    Examples
    --------
    >>> attachment([0.9, 0.9, 0.2, 0.2], [0.9, 0.1, 0.9, 0.1]).tolist()
    [3, 2, 1, 0]
    """
    p = check_array("preference", preference, 0, 1)
    d = check_array("differentiation", differentiation, 0, 1)
    pc = check_number("preference_cut", preference_cut, 0, 1)
    dc = check_number("differentiation_cut", differentiation_cut, 0, 1)
    return 2 * (p >= pc).astype(np.int64) + (d >= dc).astype(np.int64)


def classify_attachment(
    preference: float,
    differentiation: float,
    preference_cut: float = 0.5,
    differentiation_cut: float = 0.5,
) -> Attachment:
    """Attachment of one customer (E4); scalar wrapper of :func:`attachment`.

    Parameters
    ----------
    preference : float
        The customer's preference for the product (喜好程度), in [0, 1].
    differentiation : float
        How differentiated the product is (差异化程度), in [0, 1].
    preference_cut : float, default 0.5
        Lowest preference that counts as high, in [0, 1].
    differentiation_cut : float, default 0.5
        Lowest differentiation that counts as high, in [0, 1].

    Returns
    -------
    Attachment
        The attachment level.

    Examples
    --------
    >>> a = classify_attachment(0.9, 0.8)
    >>> a.name, a.chinese
    ('STRONG', '强烈依恋')
    """
    code = attachment(
        check_number("preference", preference, 0, 1),
        check_number("differentiation", differentiation, 0, 1),
        preference_cut,
        differentiation_cut,
    )
    return Attachment(int(code))


_ONE_TIME_BUYER = LADDER_RUNGS.index("one-time buyer")


def ladder_rung_info(rung: int | str) -> dict[str, Any]:
    """Name, Chinese name and management focus of a loyalty-ladder rung (E3).

    Seed 001: from possible customer to one-time buyer the firm's focus is
    winning customers (客户的争取); from one-time buyer to partner it is
    keeping and developing them (客户保留). Reading: the one-time buyer, where
    the two meet, is counted on the retention side, since they have bought.
    Rung -1 (churned, from :func:`crmsim.model.rules.ladder_rung`) is off the
    ladder.

    Parameters
    ----------
    rung : int or str
        Rung index -1 to 7 into :data:`crmsim.model.rules.LADDER_RUNGS` (also
        as text, "3"), or a rung name.

    Returns
    -------
    dict
        ``index``, ``name``, ``name_zh``, ``focus`` ("acquisition",
        "retention" or "none"), ``focus_zh``.

    Examples
    --------
    >>> ladder_rung_info("advocate")["name_zh"], ladder_rung_info(2)["focus"]
    ('拥护者', 'acquisition')
    """
    if isinstance(rung, str) and re.fullmatch(r"\s*-?\d+\s*", rung):
        rung = int(rung)  # an index typed on a command line
    if isinstance(rung, str):
        if rung not in LADDER_RUNGS:
            raise invalid(
                "rung", rung, f"an index -1..7 or one of {list(LADDER_RUNGS)}"
            )
        index = LADDER_RUNGS.index(rung)
    elif isinstance(rung, (int, np.integer)) and not isinstance(rung, bool):
        index = int(rung)
        if not -1 <= index < len(LADDER_RUNGS):
            raise invalid(
                "rung", rung, f"an index -1..{len(LADDER_RUNGS) - 1} or a name"
            )
    else:
        raise invalid("rung", rung, "an index -1..7 or a rung name")
    if index == -1:
        return {
            "index": -1,
            "name": "churned (off the ladder)",
            "name_zh": "流失",
            "focus": "none",
            "focus_zh": "",
        }
    retention = index >= _ONE_TIME_BUYER
    return {
        "index": index,
        "name": LADDER_RUNGS[index],
        "name_zh": LADDER_RUNGS_ZH[index],
        "focus": "retention" if retention else "acquisition",
        "focus_zh": "客户保留" if retention else "客户争取",
    }


def classify_ladder_rung(
    stage: int,
    purchases: int,
    attitude: float,
    referrals_made: int,
    bond_level: int,
    referred: bool = False,
    damaged: bool = False,
) -> dict[str, Any]:
    """Ladder rung of one person from their state (E3), via :func:`rules.ladder_rung`.

    Parameters
    ----------
    stage : int
        :class:`crmsim.model.rules.Stage` code, in [0, 5].
    purchases : int
        Purchases so far, >= 0.
    attitude : float
        Attitude (liking, trust), in [0, 1].
    referrals_made : int
        Friends referred so far, >= 0.
    bond_level : int
        Relationship bond level, in [0, 3].
    referred : bool, default False
        For prospects: referred by a friend.
    damaged : bool, default False
        For prospects: put off by negative word of mouth.

    Returns
    -------
    dict
        As :func:`ladder_rung_info`.

    Examples
    --------
    >>> from crmsim.model.rules import Stage
    >>> classify_ladder_rung(Stage.STABILITY, 12, 0.8, 2, 1)["name"]
    'advocate'
    """
    code = ladder_rung(
        int(check_number("stage", stage, 0, 5)),
        check_number("purchases", purchases, 0),
        check_number("attitude", attitude, 0, 1),
        check_number("referrals_made", referrals_made, 0),
        check_number("bond_level", bond_level, 0, 3),
        bool(referred),
        bool(damaged),
    )
    return ladder_rung_info(int(code))


# --- the registry the CLI reads (``crmsim classify KIND``) -------------------


CLASSIFIERS: dict[str, CaseSpec] = {
    spec.name: spec
    for spec in (
        case_spec(
            "loyalty",
            classify_loyalty,
            "loyalty type (absolute, latent, inertia, none) by attitude x behaviour",
            "E5",
            example={"attitude": 0.8, "behaviour": 0.3},
        ),
        case_spec(
            "attachment",
            classify_attachment,
            "attachment (strong, high, low, none) by preference x differentiation",
            "E4",
            example={"preference": 0.9, "differentiation": 0.8},
        ),
        case_spec(
            "rung",
            ladder_rung_info,
            "one rung of the loyalty ladder: name, Chinese name, management focus",
            "E3",
            example={"rung": "advocate"},
        ),
        case_spec(
            "ladder",
            classify_ladder_rung,
            "the loyalty-ladder rung of a person in a given state",
            "E3",
            example={
                "stage": 3,
                "purchases": 12,
                "attitude": 0.8,
                "referrals_made": 2,
                "bond_level": 1,
            },
        ),
    )
}
"""The one-customer classifiers as commands: CLI name -> :class:`CaseSpec`.

Built like :data:`crmsim.course.cases.CASES` (see there). ``rung`` takes a
rung index (also as text) or name; ``ladder`` takes a
:class:`crmsim.model.rules.Stage` code (``Stage[name.upper()]`` turns a
stage name into one).

Examples
--------
>>> CLASSIFIERS["loyalty"]().name, CLASSIFIERS["rung"](rung="-1")["name_zh"]
('LATENT', '流失')
"""
