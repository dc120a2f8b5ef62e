"""crmsim.clv.export: the transaction log, truth table and RFM summary."""

import numpy as np
import pandas as pd
import pytest

from crmsim import simulate
from crmsim.clv import (
    customer_base,
    rfm_summary,
    transaction_log,
    truth_table,
    write_customer_base,
)
from crmsim.errors import CRMSimError

WEEKS, CAL = 60, 30


@pytest.fixture(scope="module")
def run():
    return simulate("default", seed=3, engine="vector", transactions=True, weeks=WEEKS)


def test_log_holds_every_purchase_and_one_acquisition_per_customer(run):
    log = transaction_log(run)
    buys = log[log["kind"] == "purchase"]
    assert len(buys) == len(run.transactions)
    acq = log[log["kind"] == "acquisition"]
    assert acq["customer_id"].is_unique
    in_run = run.customers[run.customers["acquired_week"] >= 0]
    assert set(acq["customer_id"]) == set(in_run["customer"])
    assert (acq["monetary_value"] == 0).all()
    # a purchase never comes in or before the week of its acquisition
    # (earlier purchases of a person won back belong to an earlier spell)
    won = acq.set_index("customer_id")["week"]
    buys = buys[buys["customer_id"].isin(won.index)]
    spell = buys["week"].to_numpy() > won.reindex(buys["customer_id"]).to_numpy()
    assert spell.any()


def test_dates_follow_the_stated_start_and_weeks(run):
    log = transaction_log(run, start_date="2024-01-01")
    days = (log["date"] - pd.Timestamp("2024-01-01")).dt.days
    assert (days == 7 * log["week"]).all()
    assert log.attrs["time_unit"] == "weeks"


def test_amounts_add_up_to_the_ledger(run):
    """Money identity: what the log says each customer paid is list revenue
    minus discounts in the customer table, to the cent."""
    log = transaction_log(run)
    paid = log.groupby("customer_id")["monetary_value"].sum()
    c = run.customers.set_index("customer")
    expected = (c["list_revenue"] - c["discounts"]).reindex(paid.index)
    np.testing.assert_allclose(paid.to_numpy(), expected.to_numpy(), atol=1e-6)


def test_rfm_matches_pymc_marketing_on_the_exported_log(run):
    """Round trip: PyMC-Marketing's own rfm_summary of the exported log, in
    weeks, gives crmsim's RFM table."""
    clv = pytest.importorskip("pymc_marketing.clv")
    ours = rfm_summary(run, calibration_end_week=CAL)
    log = transaction_log(run, won_in_run_only=True, as_of_week=CAL)
    end = pd.Timestamp(log.attrs["start_date"]) + pd.Timedelta(weeks=CAL)
    theirs = clv.rfm_summary(
        log[log["week"] <= CAL],
        "customer_id",
        "date",
        "monetary_value",
        observation_period_end=end,
        time_unit="W",
    )
    theirs = theirs[theirs["T"] > 0].set_index("customer_id").sort_index()
    ours = ours.set_index("customer_id").sort_index()
    assert list(theirs.index) == list(ours.index)
    np.testing.assert_array_equal(theirs["frequency"], ours["frequency"])
    np.testing.assert_allclose(theirs["recency"], ours["recency_weeks"])
    np.testing.assert_allclose(theirs["T"], ours["T_weeks"])
    np.testing.assert_allclose(theirs["monetary_value"], ours["monetary_value"])


def _spells_by(run, week):
    """Each person's latest spell begun by ``week``, from the relationship table."""
    rel = run.relationships
    rel = rel[rel["acquired_week"] <= week].sort_values(["customer", "acquired_week"])
    return rel.groupby("customer").tail(1).set_index("customer")


def test_rfm_counts_and_holdout(run):
    rfm = rfm_summary(run, CAL, WEEKS)
    log = run.transactions
    assert (rfm["recency_weeks"] <= rfm["T_weeks"]).all()
    assert (rfm["T_weeks"] > 0).all()
    assert (rfm.loc[rfm["frequency"] == 0, "recency_weeks"] == 0).all()
    # the cohort: people whose spell shown by the calibration data began in it
    spells = _spells_by(run, CAL - 1)
    born = spells.loc[spells["acquired_week"] >= 0, "acquired_week"]
    assert set(rfm["customer_id"]) == set(born.index)
    born = born.reindex(rfm["customer_id"])
    after = log[log["customer"].isin(born.index)]
    after = after[after["week"].to_numpy() > born.reindex(after["customer"]).to_numpy()]
    total = rfm["frequency"] + rfm["holdout_purchases"]
    bought = after.groupby("customer").size().reindex(rfm["customer_id"], fill_value=0)
    np.testing.assert_array_equal(total, bought.to_numpy())
    np.testing.assert_array_equal(rfm["T_weeks"], CAL - born.to_numpy())
    assert rfm.attrs == {
        "time_unit": "weeks",
        "calibration_end_week": CAL,
        "holdout_weeks": WEEKS - CAL,
    }


def test_the_cohort_is_decided_by_the_calibration_data_alone(run):
    """No look-ahead: the same seed run only to the end of calibration gives
    the same RFM table and the same alive flags (a person lost in
    calibration and won back later is still the lost customer)."""
    short = simulate("default", seed=3, engine="vector", transactions=True, weeks=CAL)
    pd.testing.assert_frame_equal(rfm_summary(run, CAL), rfm_summary(short, CAL))
    long_base, short_base = customer_base(run, CAL), customer_base(short, CAL)
    np.testing.assert_array_equal(long_base["alive"], short_base["alive"])
    np.testing.assert_array_equal(
        long_base["acquired_week"], short_base["acquired_week"]
    )


def test_truth_alive_follows_the_spells(run):
    t = truth_table(run, at_week=CAL).set_index("customer_id")
    rel = run.relationships
    open_at = (rel["acquired_week"] <= CAL) & (
        (rel["churned_week"] < 0) | (rel["churned_week"] > CAL)
    )
    alive = open_at.groupby(rel["customer"]).any().reindex(t.index, fill_value=False)
    assert (t["alive"] == alive).all()
    assert 0 < t["alive"].mean() < 1
    end = truth_table(run)
    assert (end["alive"] == (end["churned_week"] < 0)).all()
    # the lost are churned, or back in the market as prospects
    assert end.loc[~end["alive"], "stage_final"].isin(["churned", "prospect"]).all()
    prices = end.attrs["basket_value_by_stage"]
    assert prices["prospect"] == 0 and prices["stability"] > 0


def test_customer_base_joins_truth(run):
    base = customer_base(run, CAL, WEEKS)
    assert len(base) == len(rfm_summary(run, CAL))
    assert {"alive", "holdout_purchases", "frequency"} <= set(base.columns)
    # the spell shown ended after the calibration for exactly the alive
    # (an edge: won back in the very week the calibration ends)
    ended = (base["churned_week"] >= 0) & (base["churned_week"] <= CAL)
    assert (base["alive"] | ended).all()
    # whoever was lost at the end of calibration and still bought in the
    # holdout was won back after it
    back = base.loc[~base["alive"] & (base["holdout_purchases"] > 0), "customer_id"]
    rel = run.relationships
    later = rel.loc[rel["acquired_week"] >= CAL, "customer"]
    assert set(back) <= set(later)


def test_written_files_read_back_equal(run, tmp_path):
    paths = write_customer_base(run, tmp_path / "out", calibration_end_week=CAL)
    log = pd.read_csv(paths["transactions"], parse_dates=["date"])
    pd.testing.assert_frame_equal(log, transaction_log(run), check_dtype=False)
    rfm = pd.read_csv(paths["rfm"])
    pd.testing.assert_frame_equal(rfm, rfm_summary(run, CAL), check_dtype=False)
    truth = pd.read_csv(paths["truth"])
    pd.testing.assert_frame_equal(truth, truth_table(run), check_dtype=False)


def test_same_seed_same_export():
    a = simulate("default", seed=9, engine="vector", transactions=True, weeks=20)
    b = simulate("default", seed=9, engine="vector", transactions=True, weeks=20)
    pd.testing.assert_frame_equal(transaction_log(a), transaction_log(b))


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda r: rfm_summary(r, calibration_end_week=0), "calibration_end_week"),
        (lambda r: rfm_summary(r, 30, holdout_end_week=10), "holdout_end_week"),
        (lambda r: truth_table(r, at_week=10_000), "at_week"),
        (lambda r: transaction_log(r, start_date="not a date"), "start_date"),
    ],
)
def test_bad_arguments_name_themselves(run, call, name):
    with pytest.raises(CRMSimError, match=name):
        call(run)


def test_results_without_log_are_refused():
    res = simulate("default", seed=1, engine="vector", weeks=5)
    with pytest.raises(CRMSimError, match="transactions=True"):
        rfm_summary(res)
