"""A simulated customer base as data: transaction log, truth table, RFM summary.

A crmsim run knows every customer's real purchases *and* the truth behind
them (when they were won, whether and when they left, their purchase
chance), which real data never tell. These functions turn
``simulate(..., transactions=True)`` into the tables CLV libraries expect.

Conventions (make the time unit visible, SOP of this package):

- One simulated **week** is one period. Week ``w`` of the run is dated
  ``start_date + w weeks``; a run's purchases fall in weeks 1, 2, ...
- A customer's **acquisition** (won at ``acquired_week``) is their first,
  trial purchase: crmsim books no basket for it, so the log marks it with
  ``kind == "acquisition"`` and amount 0, and every logged purchase is a
  *repeat* purchase. The RFM summary therefore measures recency and T from
  the acquisition week, like lifetimes and PyMC-Marketing measure them from
  the first purchase; monetary value is the mean of repeat purchases, as
  both libraries define it, so the 0 never enters it.
- Columns holding a duration name their unit (``recency_weeks``,
  ``T_weeks``); tables also carry ``attrs["time_unit"] = "weeks"``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crmsim.errors import CRMSimError
from crmsim.io import write_atomic
from crmsim.model.market import market_constants
from crmsim.model.rules import Stage
from crmsim.validation import invalid

__all__ = [
    "TIME_UNIT",
    "customer_base",
    "rfm_summary",
    "transaction_log",
    "truth_table",
    "write_customer_base",
]

TIME_UNIT = "weeks"
"""The one time unit of every table here."""

_LIFECYCLE_COLUMNS = (
    "list_revenue",
    "discounts",
    "basic_profit",
    "cost_savings",
    "referral_value",
    "acquisition_cost",
    "referral_damage",
    "lifecycle_profit",
    "realised_value",
)


def _require_log(results) -> pd.DataFrame:
    log = getattr(results, "transactions", None)
    if log is None:
        raise CRMSimError(
            "results have no transaction log: allowed results of "
            "simulate(..., transactions=True)"
        )
    return log


def _run_weeks(results) -> int:
    return int(results.weekly["week"].max())


def _check_week(name: str, value, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise invalid(name, value, f"a whole number of weeks {lo} to {hi}")
    if not lo <= value <= hi:
        raise invalid(name, value, f"a whole number of weeks {lo} to {hi}")
    return int(value)


def _relationships(results) -> pd.DataFrame:
    rel = getattr(results, "relationships", None)
    if rel is None:
        raise CRMSimError(
            "results have no relationship table: allowed results of simulate()"
        )
    return rel


def _spell_at(results, week: int) -> pd.DataFrame:
    """Each person's relationship as the data stand at the end of ``week``.

    The latest spell begun by ``week`` (acquired_week <= week), indexed by
    customer, with its ``acquired_week`` and ``churned_week`` (-1: still
    going at the end of the run). Nothing after ``week`` decides who is in
    it or which spell counts -- a person lost before ``week`` and won back
    later is still the lost customer of the earlier spell.
    """
    rel = _relationships(results)
    rel = rel[rel["acquired_week"] <= week]
    rel = rel.sort_values(["customer", "acquired_week"], kind="stable")
    latest = rel.groupby("customer").tail(1).set_index("customer")
    return latest[["acquired_week", "churned_week"]]


def transaction_log(
    results,
    start_date: str = "2000-01-03",
    include_acquisition: bool = True,
    won_in_run_only: bool = False,
    as_of_week: int | None = None,
) -> pd.DataFrame:
    """Every purchase as (customer_id, date, monetary_value), CLV-library style.

    Parameters
    ----------
    results : crmsim.Results
        From ``simulate(..., transactions=True)``.
    start_date : str
        Date of week 0 (ISO format); week ``w`` is ``start_date + 7 w`` days.
    include_acquisition : bool
        Add each acquisition in the run (week >= 0; the latest one of a
        person won back) as a row with
        ``kind == "acquisition"`` and ``monetary_value`` 0, so that
        ``pymc_marketing.clv.rfm_summary(..., time_unit="W")`` measures T from
        the acquisition week.
    won_in_run_only : bool
        Keep only customers won in the run (week >= 0) and their purchases
        since the latest acquisition: exactly what :func:`rfm_summary`
        summarises. The full log also holds customers won in the warm-up,
        whose first purchases fall before week 0.
    as_of_week : int, optional
        With ``won_in_run_only``: take each person's spell as the data
        stand at the end of this week (a calibration end), not at the end
        of the run, so a person won back later is still the customer of the
        earlier spell; their later purchases stay in the log.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``date``, ``week``, ``monetary_value`` (currency
        units, net of discount), ``stage`` (name at the purchase) and
        ``kind`` ("acquisition" or "purchase"), sorted by customer and week.
    """
    log = _require_log(results)
    if as_of_week is not None:
        as_of_week = _check_week("as_of_week", as_of_week, 0, _run_weeks(results))
    try:
        start = pd.Timestamp(start_date)
    except (TypeError, ValueError):
        raise invalid(
            "start_date", start_date, "an ISO date such as 2000-01-03"
        ) from None
    names = np.array([s.name.lower() for s in Stage], dtype=object)
    parts = [
        pd.DataFrame(
            {
                "customer_id": log["customer"].to_numpy(np.int64),
                "week": log["week"].to_numpy(np.int64),
                "monetary_value": log["amount"].to_numpy(float),
                "stage": names[log["stage"].to_numpy(np.int64)],
                "kind": "purchase",
            }
        )
    ]
    if as_of_week is None:
        acquired = results.customers.set_index("customer")["acquired_week"]
    else:
        acquired = _spell_at(results, as_of_week)["acquired_week"]
    if include_acquisition:
        c = acquired[acquired >= 0]  # won in the warm-up: before the log
        parts.insert(
            0,
            pd.DataFrame(
                {
                    "customer_id": c.index.to_numpy(np.int64),
                    "week": c.to_numpy(np.int64),
                    "monetary_value": 0.0,
                    "stage": "prospect",
                    "kind": "acquisition",
                }
            ),
        )
    out = pd.concat(parts, ignore_index=True)
    if won_in_run_only:
        won = acquired[acquired >= 0]
        out = out[out["customer_id"].isin(won.index)]
        out = out[out["week"].to_numpy() >= won.reindex(out["customer_id"]).to_numpy()]
    # acquisition sorts before a purchase in the same week (there is none:
    # a customer first buys the week after being won)
    out["_order"] = (out["kind"] == "purchase").astype(int)
    out = out.sort_values(["customer_id", "week", "_order"], kind="stable")
    out = out.drop(columns="_order").reset_index(drop=True)
    out.insert(1, "date", start + pd.to_timedelta(7 * out["week"], unit="D"))
    out.attrs["time_unit"] = TIME_UNIT
    out.attrs["start_date"] = start.date().isoformat()
    return out


def truth_table(results, at_week: int | None = None) -> pd.DataFrame:
    """What the simulation knows about each customer and real data hide.

    Parameters
    ----------
    results : crmsim.Results
        A run (the transaction log is needed for the basket values).
    at_week : int, optional
        Week at which ``alive`` is judged (default: the end of the run). A
        person is alive at week ``t`` when a relationship of theirs (a spell
        in ``results.relationships``) was begun by then and not ended by the
        end of week ``t`` -- a person lost and won back is judged by the
        spell of that week, not by the latest one.

    Returns
    -------
    pandas.DataFrame
        One row per person ever acquired: ``customer_id``, ``acquired_week``,
        ``churned_week`` (-1: never), ``alive`` (at ``at_week``),
        ``stage_final`` (name at the end of the run),
        ``purchase_chance_final`` (true weekly repeat-purchase chance at the
        end of the run or when the customer left), ``purchases``,
        ``mean_basket_value`` (mean amount actually paid per basket, NaN
        without purchases), the lifecycle-profit columns (C3) and
        ``realised_value`` (discounted to the acquisition week). The price
        paid per basket in each stage is in ``attrs["basket_value_by_stage"]``.

        With ``simulate(..., trace=True)`` also ``purchase_chance_mean``, the
        true weekly purchase chance averaged over the customer's weeks (NaN
        for one won in the run's last week, who has none yet); the
        week-by-week values are ``results.trace`` itself.
    """
    weeks = _run_weeks(results)
    t = weeks if at_week is None else _check_week("at_week", at_week, 0, weeks)
    c = results.customers
    log = _require_log(results)
    basket = log.groupby("customer")["amount"].mean()
    churned = c["churned_week"].to_numpy(np.int64)
    acquired = c["acquired_week"].to_numpy(np.int64)
    out = pd.DataFrame(
        {
            "customer_id": c["customer"].to_numpy(np.int64),
            "acquired_week": acquired,
            "churned_week": churned,
            "alive": _alive_at(results, t).reindex(c["customer"]).to_numpy(bool),
            "stage_final": c["stage_name"].to_numpy(),
            "purchase_chance_final": c["behaviour"].to_numpy(float),
            "purchases": c["purchases"].to_numpy(np.int64),
            "mean_basket_value": basket.reindex(c["customer"]).to_numpy(float),
        }
    )
    trace = getattr(results, "trace", None)
    if trace is not None:
        # the true weekly purchase chance over the customer's weeks in the run
        chance = trace.groupby("customer")["purchase_chance"]
        out["purchase_chance_mean"] = chance.mean().reindex(c["customer"]).to_numpy()
    for name in _LIFECYCLE_COLUMNS:
        out[name] = c[name].to_numpy(float)
    k = market_constants(results.scenario)
    paid = (k.revenue_cents - k.discount_cents) / 100.0
    out.attrs["basket_value_by_stage"] = {s.name.lower(): float(paid[s]) for s in Stage}
    out.attrs["time_unit"] = TIME_UNIT
    out.attrs["alive_at_week"] = t
    return out


def _alive_at(results, week: int) -> pd.Series:
    """Whether each person ever acquired is in a relationship at ``week``'s end."""
    spell = _spell_at(results, week)
    churned = spell["churned_week"]
    alive = (churned < 0) | (churned > week)
    return alive.reindex(_relationships(results)["customer"].unique(), fill_value=False)


def rfm_summary(
    results,
    calibration_end_week: int | None = None,
    holdout_end_week: int | None = None,
) -> pd.DataFrame:
    """Frequency, recency, T and monetary value per customer, in weeks.

    Parameters
    ----------
    results : crmsim.Results
        From ``simulate(..., transactions=True)``.
    calibration_end_week : int, optional
        Last week of the calibration period (default: the end of the run).
        Only customers won in weeks ``0 .. calibration_end_week - 1`` are
        summarised: those won before week 0 (in the warm-up) have purchases
        the log does not hold, and those won in the last week have T = 0.
        A person who churned and was won back counts from the latest
        acquisition *by the end of calibration*: who is in the table, and
        from when, is decided by the calibration data alone (a person lost
        in calibration and won back in the holdout is in it, as the lost
        customer they were; their holdout purchases count).
    holdout_end_week : int, optional
        Last week of a holdout period; adds ``holdout_purchases`` (weeks
        ``calibration_end_week + 1 .. holdout_end_week``).

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``frequency`` (repeat purchases), ``recency_weeks``
        (acquisition to last purchase, 0 without repeats), ``T_weeks``
        (acquisition to the end of calibration), ``monetary_value`` (mean
        repeat purchase, 0 without repeats) [, ``holdout_purchases``];
        ``attrs["time_unit"] == "weeks"``.
    """
    weeks = _run_weeks(results)
    end = (
        weeks
        if calibration_end_week is None
        else _check_week("calibration_end_week", calibration_end_week, 1, weeks)
    )
    log = _require_log(results)
    # Only customers won during the run: for those won in the warm-up weeks
    # before week 0 the log misses their first purchases. A person won back
    # after churning is counted from the latest acquisition before the end
    # of calibration (the spell the calibration data show).
    born = _spell_at(results, end - 1)["acquired_week"]
    born = born[born >= 0]
    log = log[log["customer"].isin(born.index)]
    log = log[log["week"].to_numpy() > born.reindex(log["customer"]).to_numpy()]
    cal = log[log["week"] <= end]
    g = cal.groupby("customer")
    frequency = g.size().reindex(born.index, fill_value=0)
    last = g["week"].max().reindex(born.index)
    out = pd.DataFrame(
        {
            "customer_id": born.index.to_numpy(np.int64),
            "frequency": frequency.to_numpy(np.int64),
            "recency_weeks": (last.fillna(born) - born).to_numpy(float),
            "T_weeks": (end - born).to_numpy(float),
            "monetary_value": g["amount"]
            .mean()
            .reindex(born.index, fill_value=0.0)
            .to_numpy(float),
        }
    )
    if holdout_end_week is not None:
        h_end = _check_week("holdout_end_week", holdout_end_week, end, weeks)
        hold = log[(log["week"] > end) & (log["week"] <= h_end)]
        counts = hold.groupby("customer").size().reindex(born.index, fill_value=0)
        out["holdout_purchases"] = counts.to_numpy(np.int64)
        out.attrs["holdout_weeks"] = h_end - end
    out.attrs["time_unit"] = TIME_UNIT
    out.attrs["calibration_end_week"] = end
    return out


def customer_base(
    results, calibration_end_week: int, holdout_end_week: int | None = None
) -> pd.DataFrame:
    """RFM summary joined with the truth at the end of calibration.

    The table to fit a CLV model on and then score it against: the RFM
    columns of :func:`rfm_summary` plus ``acquired_week`` and
    ``churned_week`` of the spell the calibration data show (-1: not ended
    in the run) and, from :func:`truth_table`, ``alive`` (at
    ``calibration_end_week``), ``purchase_chance_final``,
    ``mean_basket_value``, ``realised_value``.
    """
    rfm = rfm_summary(results, calibration_end_week, holdout_end_week)
    truth = truth_table(results, at_week=calibration_end_week)
    keep = [
        "customer_id",
        "alive",
        "purchase_chance_final",
        "mean_basket_value",
        "realised_value",
    ]
    out = rfm.merge(truth[keep], on="customer_id", how="left", validate="1:1")
    # the spell the calibration data show (a later one may follow it)
    spell = _spell_at(results, calibration_end_week - 1)
    spell = spell.reindex(out["customer_id"])
    at = len(rfm.columns)
    out.insert(at, "acquired_week", spell["acquired_week"].to_numpy(np.int64))
    out.insert(at + 1, "churned_week", spell["churned_week"].to_numpy(np.int64))
    out.attrs = {**rfm.attrs, "alive_at_week": calibration_end_week}
    return out


def write_customer_base(
    results,
    folder: str | Path,
    start_date: str = "2000-01-03",
    calibration_end_week: int | None = None,
    holdout_end_week: int | None = None,
) -> dict[str, Path]:
    """Write transactions.csv, truth.csv and rfm.csv (and trace.csv) into ``folder``.

    ``trace.csv`` -- every customer-week's stage and true purchase chance --
    is written when the run recorded it (``simulate(..., trace=True)``).

    Each file is written atomically (no half-written file on failure).
    Dates are ISO ``YYYY-MM-DD``; the RFM columns name their unit.

    Returns
    -------
    dict
        ``{"transactions": path, "truth": path, "rfm": path}`` (and ``"trace"``).
    """
    log = transaction_log(results, start_date=start_date)
    truth = truth_table(results)
    rfm = rfm_summary(results, calibration_end_week, holdout_end_week)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CRMSimError(f"cannot create folder {folder}: {exc.strerror}") from None
    frames = [("transactions", log), ("truth", truth), ("rfm", rfm)]
    trace = getattr(results, "trace", None)
    if trace is not None:
        frames.append(("trace", trace.rename(columns={"customer": "customer_id"})))
    out = {}
    for name, frame in frames:
        text = frame.to_csv(index=False, date_format="%Y-%m-%d")
        out[name] = write_atomic(folder / f"{name}.csv", text)
    return out
