"""Text tables of the CLI.

The summary table shared by ``crmsim run`` and ``crmsim sweep``, and the
display width that lines up Chinese text.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

__all__ = ["FIRM_COLUMNS", "TABLE_COLUMNS", "display_width", "format_table"]

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


FIRM_COLUMNS = (
    ("customers", "customers", "{:.0f}"),
    ("market_share", "share", "{:.1%}"),
    ("annual_retention", "retention/yr", "{:.1%}"),
    ("mean_satisfaction", "satisfaction", "{:.2f}"),
    ("profit", "profit", "{:,.0f}"),
    ("customer_equity", "customer equity", "{:,.0f}"),
)
"""Columns of the per-firm table of a market of several firms."""


def format_table(table: pd.DataFrame, columns=TABLE_COLUMNS) -> str:
    """The summary table with readable headings and number formats."""
    shown = pd.DataFrame(index=table.index)
    for key, heading, fmt in columns:
        shown[heading] = [fmt.format(v) for v in table[key]]
    return shown.to_string()


def display_width(text: str) -> int:
    """Terminal width of ``text``: Chinese (wide) characters take two columns.

    Examples
    --------
    >>> display_width("CLV 客户")
    8
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
