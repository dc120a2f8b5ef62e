"""The course's formulas, one module per topic (pure, no Mesa).

Arrays and named rates in, numbers out; every function states its formula and
its source. Concept IDs refer to the course digest:

==========================  =====  ============================================
module                      ID     topic
==========================  =====  ============================================
:mod:`.lifetime_value`      C4     customer lifetime value, customer equity
:mod:`.customer_base`       C2     lifecycle of the base, churn, mean lifetime
:mod:`.lifecycle_profit`    C3     customer lifecycle profit
:mod:`.delivered_value`     B6     customer delivered value
:mod:`.retention_value`     E9     NPV rise from retention (Reichheld)
:mod:`.concentration`       A2     80/20: whale and Lorenz curves, Gini
:mod:`.rfm`                 F2     RFM scores and segments, share of wallet
==========================  =====  ============================================

Rates are per period of the margins they come with; names say when a rate is
annual (``annual_discount_rate``). Everything is re-exported here and from
:mod:`crmsim`.
"""

from crmsim.economics.concentration import (
    ParetoSummary,
    gini,
    lorenz_curve,
    pareto_summary,
    top_share,
    whale_curve,
)
from crmsim.economics.customer_base import (
    annual_churn_rate,
    base_lifecycle_years,
    mean_lifetime_periods,
)
from crmsim.economics.delivered_value import (
    DeliveredValue,
    choose_offer,
    delivered_value,
)
from crmsim.economics.lifecycle_profit import LifecycleProfit, lifecycle_profit
from crmsim.economics.lifetime_value import (
    CustomerEquity,
    cohort_value,
    customer_equity,
    growing_margins,
    lifetime_value,
    lifetime_value_closed_form,
    margin_multiple,
    period_discount_rate,
    period_retention_rate,
    survival_probabilities,
)
from crmsim.economics.retention_value import (
    implied_acquisition_cost,
    npv_increase_from_retention,
    solve_base_retention,
)
from crmsim.economics.rfm import (
    RFM_SEGMENTS,
    quintile_scores,
    rfm_segment,
    rfm_table,
    share_of_wallet,
)

__all__ = [
    "RFM_SEGMENTS",
    "CustomerEquity",
    "DeliveredValue",
    "LifecycleProfit",
    "ParetoSummary",
    "annual_churn_rate",
    "base_lifecycle_years",
    "choose_offer",
    "cohort_value",
    "customer_equity",
    "delivered_value",
    "gini",
    "growing_margins",
    "implied_acquisition_cost",
    "lifecycle_profit",
    "lifetime_value",
    "lifetime_value_closed_form",
    "lorenz_curve",
    "margin_multiple",
    "mean_lifetime_periods",
    "npv_increase_from_retention",
    "pareto_summary",
    "period_discount_rate",
    "period_retention_rate",
    "quintile_scores",
    "rfm_segment",
    "rfm_table",
    "share_of_wallet",
    "solve_base_retention",
    "survival_probabilities",
    "top_share",
    "whale_curve",
]
