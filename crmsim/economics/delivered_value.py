"""Customer delivered value (顾客让渡价值, Kotler; B6).

Total customer value (product, service, personnel, image) minus total
customer cost (money, time, energy, psychic), and the offer a customer
chooses by it.

Every invalid argument raises :class:`~crmsim.errors.CRMSimError` with a
one-line message naming the argument, its value and what is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crmsim.validation import (
    Result,
    check_number,
    invalid,
)

__all__ = [
    "DeliveredValue",
    "choose_offer",
    "delivered_value",
]


_VALUE_PARTS = ("product_value", "service_value", "personnel_value", "image_value")


_COST_PARTS = ("money_cost", "time_cost", "energy_cost", "psychic_cost")


@dataclass(frozen=True)
class DeliveredValue(Result):
    """Customer delivered value and its parts (顾客让渡价值, B6)."""

    product_value: float
    """产品价值."""
    service_value: float
    """服务价值."""
    personnel_value: float
    """人员价值."""
    image_value: float
    """形象价值."""
    money_cost: float
    """货币成本."""
    time_cost: float
    """时间成本."""
    energy_cost: float
    """体力成本."""
    psychic_cost: float
    """精神成本."""

    @property
    def total_customer_value(self) -> float:
        """顾客总价值: product + service + personnel + image value."""
        return sum(getattr(self, p) for p in _VALUE_PARTS)

    @property
    def total_customer_cost(self) -> float:
        """顾客总成本: money + time + energy + psychic cost."""
        return sum(getattr(self, p) for p in _COST_PARTS)

    @property
    def delivered_value(self) -> float:
        """``total_customer_value - total_customer_cost``."""
        return self.total_customer_value - self.total_customer_cost

    def _derived(self) -> dict[str, Any]:
        return {
            "total_customer_value": self.total_customer_value,
            "total_customer_cost": self.total_customer_cost,
            "delivered_value": self.delivered_value,
        }


def delivered_value(
    *,
    product_value: float = 0.0,
    service_value: float = 0.0,
    personnel_value: float = 0.0,
    image_value: float = 0.0,
    money_cost: float = 0.0,
    time_cost: float = 0.0,
    energy_cost: float = 0.0,
    psychic_cost: float = 0.0,
) -> DeliveredValue:
    """Customer delivered value (顾客让渡价值, Kotler 1994; B6).

    ::

        delivered value = total customer value - total customer cost
        total value = product + service + personnel + image value
        total cost  = money + time + energy + psychic cost

    Source: seed 003 §3.4.2 and textbook 004 ch. 2 (伍京华).

    Parameters
    ----------
    product_value, service_value, personnel_value, image_value : float
        The four parts of total customer value, >= 0 (keyword only).
    money_cost, time_cost, energy_cost, psychic_cost : float
        The four parts of total customer cost, >= 0 (keyword only).

    Returns
    -------
    DeliveredValue
        The parts and ``total_customer_value``, ``total_customer_cost``,
        ``delivered_value``.

    Examples
    --------
    >>> v = delivered_value(product_value=100, service_value=30, image_value=10,
    ...                     money_cost=80, time_cost=15)
    >>> v.total_customer_value, v.total_customer_cost, v.delivered_value
    (140.0, 95.0, 45.0)
    """
    parts = {
        "product_value": product_value,
        "service_value": service_value,
        "personnel_value": personnel_value,
        "image_value": image_value,
        "money_cost": money_cost,
        "time_cost": time_cost,
        "energy_cost": energy_cost,
        "psychic_cost": psychic_cost,
    }
    return DeliveredValue(**{k: check_number(k, v, 0) for k, v in parts.items()})


def choose_offer(offers: Mapping[str, DeliveredValue]) -> str:
    """Name of the offer with the largest delivered value (B6).

    Customers compare value and cost and pick the offer whose delivered value
    is largest (textbook 004 ch. 2). Ties go to the first offer listed.

    Parameters
    ----------
    offers : Mapping[str, DeliveredValue]
        Offers by name, each from :func:`delivered_value`.

    Returns
    -------
    str
        The chosen offer's name.

    Examples
    --------
    >>> choose_offer({
    ...     "ours": delivered_value(product_value=100, money_cost=70),
    ...     "rival": delivered_value(product_value=90, money_cost=50),
    ... })
    'rival'
    """
    if not isinstance(offers, Mapping) or not offers:
        raise invalid("offers", offers, "a non-empty mapping of name -> DeliveredValue")
    best_name, best = None, -math.inf
    for name, offer in offers.items():
        if not isinstance(offer, DeliveredValue):
            raise invalid(f"offers[{name!r}]", offer, "a DeliveredValue")
        if offer.delivered_value > best:
            best_name, best = name, offer.delivered_value
    return best_name
