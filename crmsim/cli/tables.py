"""The readable summary table shared by ``crmsim run`` and ``crmsim sweep``."""

from __future__ import annotations

import pandas as pd

__all__ = ["TABLE_COLUMNS", "format_table"]

# Summary columns shown in the readable table: (key, heading, format)
TABLE_COLUMNS = (
    ("yearly_retention", "retention/yr", "{:.1%}"),
    ("customers_lost_per_year", "lost/yr M", "{:.0f}"),
    ("customers_now", "customers N", "{:.0f}"),
    ("base_lifecycle_years", "T=N/M (yr)", "{:.2f}"),
    ("expected_lifetime_weeks", "lifetime (wk)", "{:.0f}"),
    ("mean_satisfaction", "satisfaction", "{:.2f}"),
    ("share_inertia", "inertia", "{:.0%}"),
    ("revenue", "revenue", "{:,.0f}"),
    ("profit", "profit", "{:,.0f}"),
    ("realised_lifetime_value", "CLV/customer", "{:,.1f}"),
)


def format_table(table: pd.DataFrame) -> str:
    """The summary table with readable headings and number formats."""
    shown = pd.DataFrame(index=table.index)
    for key, heading, fmt in TABLE_COLUMNS:
        shown[heading] = [fmt.format(v) for v in table[key]]
    return shown.to_string()
