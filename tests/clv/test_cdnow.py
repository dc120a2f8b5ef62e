"""crmsim.clv.cdnow: the CDNOW data and the cdnow preset's calibration."""

import numpy as np
import pytest

from crmsim import preset
from crmsim.clv import (
    cdnow_rfm,
    cdnow_trial_weeks,
    cdnow_weekly_repeat,
    cohort_repeat_counts,
    cohort_tracking,
    read_cdnow,
    repeat_count_shares,
    simulate_cdnow_cohort,
    tracking_mape,
)
from crmsim.clv.cdnow import CDNOW_PRESET_FIT
from crmsim.errors import CRMSimError

pytest.importorskip("lifetimes", reason="the CDNOW file ships in the lifetimes wheel")


@pytest.fixture(scope="module")
def sample():
    return read_cdnow(sample=True)


@pytest.fixture(scope="module")
def master():
    return read_cdnow()


def test_the_data_are_what_fader_hardie_lee_describe(sample, master):
    """2,357 sample and 23,570 master customers, all first buying in the
    first 12 weeks of 1997, observed for 78 weeks."""
    assert sample["customer_id"].nunique() == 2357
    assert master["customer_id"].nunique() == 23570
    for tx in (sample, master):
        trial = cdnow_trial_weeks(tx)
        assert trial.min() == 1 and trial.max() == 12
        assert tx["week"].max() == 78
    rfm = cdnow_rfm(sample)
    assert (rfm["recency_weeks"] <= rfm["T_weeks"]).all()
    assert rfm["T_weeks"].max() <= 39
    # one row per customer-day: the repeat count and the tracking curve agree
    curve = cdnow_weekly_repeat(sample)["cumulative_repeat_transactions"]
    assert curve.iloc[38] == rfm["frequency"].sum()
    assert curve.iloc[77] == rfm["frequency"].sum() + rfm["holdout_purchases"].sum()


def test_bgnbd_on_the_sample_gives_the_published_estimates(sample):
    """Fader, Hardie & Lee (2005), section 4: r = 0.243, alpha = 4.414,
    a = 0.793, b = 2.426 (weeks). Flat priors: MAP = maximum likelihood."""
    pytest.importorskip("pymc_marketing")
    from crmsim.clv import fit_bgnbd

    fit = fit_bgnbd(cdnow_rfm(sample))
    published = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    for name, value in published.items():
        assert fit.params[name] == pytest.approx(value, rel=0.01), name


def test_cdnow_preset_reproduces_its_tracking_curve(master):
    """The preset's stated fit (CDNOW_PRESET_FIT): the tracking-curve MAPE in
    calibration and holdout, and the repeat-count share error, hold on seeds
    it was not fitted with."""
    trial = cdnow_trial_weeks(master)
    target = cdnow_weekly_repeat(master)["cumulative_repeat_transactions"].to_numpy()
    shares = repeat_count_shares(cdnow_rfm(master)["frequency"].to_numpy())
    for seed in (11, 12):
        cohort = simulate_cdnow_cohort(preset("cdnow"), trial, seed=seed)
        cal, hold = tracking_mape(cohort_tracking(cohort), target)
        assert cal <= CDNOW_PRESET_FIT["mape_calibration_below"]
        assert hold <= CDNOW_PRESET_FIT["mape_holdout_below"]
        sim_shares = repeat_count_shares(cohort_repeat_counts(cohort))
        assert (
            np.abs(sim_shares - shares).sum() <= CDNOW_PRESET_FIT["count_error_below"]
        )


def test_cohort_sits_on_cdnow_calendar(sample):
    trial = cdnow_trial_weeks(sample)
    cohort = simulate_cdnow_cohort(preset("cdnow"), trial, seed=1, copies=2)
    assert cohort.attrs["n_customers"] == 2 * trial.size
    assert (cohort["week"] > cohort["trial_week"]).all()
    assert cohort["week"].max() <= 78


def test_tracking_mape_closed_form():
    actual = np.array([0, 10, 20, 40.0])
    cal, hold = tracking_mape(actual * 1.1, actual, calibration_weeks=2)
    assert cal == pytest.approx(10.0) and hold == pytest.approx(10.0)


def test_unreadable_file_is_one_line(tmp_path):
    bad = tmp_path / "cdnow.txt"
    bad.write_text("00001 notadate 1 2.0\n")
    with pytest.raises(CRMSimError, match="cannot read CDNOW file"):
        read_cdnow(bad)
    with pytest.raises(CRMSimError, match="cannot read CDNOW file"):
        read_cdnow(tmp_path / "missing.txt")
