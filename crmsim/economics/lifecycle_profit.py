"""Customer lifecycle profit and its six components (客户生命周期利润; C3).

Source: seed 000 §2.2.3 (第2章 客户关系管理理论基础).

Every invalid argument raises :class:`~crmsim.errors.CRMSimError` with a
one-line message naming the argument, its value and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmsim.validation import (
    Result,
    check_number,
)

__all__ = [
    "LifecycleProfit",
    "lifecycle_profit",
]


@dataclass(frozen=True)
class LifecycleProfit(Result):
    """Customer lifecycle profit and its six components (客户生命周期利润, C3)."""

    basic_profit: float
    """基本利润 -- profit on the customer's purchases."""
    cost_savings: float
    """成本节约 -- lower cost of serving a long-standing customer."""
    referral_value: float
    """推荐价值 -- profit from the customers they refer."""
    acquisition_cost: float
    """获取成本 -- cost of winning the customer."""
    price_discounts: float
    """价格优惠 -- discounts and rewards given to the customer."""
    referral_damage_cost: float
    """推荐破坏成本 -- loss from the customer's negative word of mouth."""

    @property
    def total_profit(self) -> float:
        """Total profit the customer brings (客户为企业带来的总体利润)."""
        return self.basic_profit + self.cost_savings + self.referral_value

    @property
    def investment(self) -> float:
        """The firm's investment in the customer (企业为客户的投入成本)."""
        return self.acquisition_cost + self.price_discounts + self.referral_damage_cost

    @property
    def lifecycle_profit(self) -> float:
        """``total_profit - investment``."""
        return self.total_profit - self.investment

    def _derived(self) -> dict[str, Any]:
        return {
            "total_profit": self.total_profit,
            "investment": self.investment,
            "lifecycle_profit": self.lifecycle_profit,
        }


def lifecycle_profit(
    basic_profit: float,
    cost_savings: float = 0.0,
    referral_value: float = 0.0,
    acquisition_cost: float = 0.0,
    price_discounts: float = 0.0,
    referral_damage_cost: float = 0.0,
) -> LifecycleProfit:
    """Customer lifecycle profit from its six components (客户生命周期利润, C3).

    ::

        lifecycle profit = total profit - investment
        total profit     = basic profit + cost savings + referral value
        investment       = acquisition cost + price discounts
                           + referral damage cost

    Source: seed 000 §2.2.3 (第2章 客户关系管理理论基础).

    Parameters
    ----------
    basic_profit : float
        基本利润, money (may be negative).
    cost_savings, referral_value : float, default 0
        成本节约, 推荐价值, >= 0.
    acquisition_cost, price_discounts, referral_damage_cost : float, default 0
        获取成本, 价格优惠, 推荐破坏成本, >= 0.

    Returns
    -------
    LifecycleProfit
        The components, ``total_profit``, ``investment`` and
        ``lifecycle_profit``.

    Examples
    --------
    >>> p = lifecycle_profit(1000, 200, 300, acquisition_cost=250,
    ...                      price_discounts=100, referral_damage_cost=50)
    >>> p.total_profit, p.investment, p.lifecycle_profit
    (1500.0, 400.0, 1100.0)
    """
    return LifecycleProfit(
        basic_profit=check_number("basic_profit", basic_profit),
        cost_savings=check_number("cost_savings", cost_savings, 0),
        referral_value=check_number("referral_value", referral_value, 0),
        acquisition_cost=check_number("acquisition_cost", acquisition_cost, 0),
        price_discounts=check_number("price_discounts", price_discounts, 0),
        referral_damage_cost=check_number(
            "referral_damage_cost", referral_damage_cost, 0
        ),
    )
