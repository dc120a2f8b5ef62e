"""Customer-base analytics with known truth: the CLV lab (F1, F2, C4).

A simulated market gives the transaction log a CLV analyst sees *and* the
truth behind it; PyMC-Marketing fits BG/NBD, Pareto/NBD and Gamma-Gamma to
the log; the
fits are scored against the truth; the same runs on the CDNOW data.

- :mod:`~crmsim.clv.export`: transaction log, truth table, RFM summary
  (time unit: weeks, named in the columns);
- :mod:`~crmsim.clv.generator`: a market that obeys BG/NBD exactly;
- :mod:`~crmsim.clv.models`: PyMC-Marketing fits, predictions, scores
  (needs the ``clv`` extra; imported on first use);
- :mod:`~crmsim.clv.cdnow`: the CDNOW data and crmsim's calibration to it;
- :mod:`~crmsim.clv.plots`: tracking plots (matplotlib).

Examples
--------
>>> from crmsim import simulate
>>> from crmsim.clv import rfm_summary
>>> res = simulate("default", seed=1, engine="vector", transactions=True, weeks=20)
>>> rfm = rfm_summary(res, calibration_end_week=10)
>>> list(rfm.columns)
['customer_id', 'frequency', 'recency_weeks', 'T_weeks', 'monetary_value']
"""

from crmsim.clv.cdnow import (
    CDNOW_CALIBRATION_WEEKS,
    CDNOW_WEEKS,
    CDNOWCalibration,
    calibrate_to_cdnow,
    cdnow_path,
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
from crmsim.clv.export import (
    TIME_UNIT,
    customer_base,
    rfm_summary,
    transaction_log,
    truth_table,
    write_customer_base,
)
from crmsim.clv.generator import simulate_bgnbd
from crmsim.clv.models import (
    BGNBDFit,
    GammaGammaFit,
    ParetoNBDFit,
    TruthComparison,
    auc,
    compare_with_truth,
    expected_tracking,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_pareto_nbd,
    mape,
    predict_bgnbd,
)
from crmsim.clv.plots import (
    plot_calibration_holdout,
    plot_p_alive_calibration,
    plot_tracking,
)

__all__ = [
    "CDNOW_CALIBRATION_WEEKS",
    "CDNOW_WEEKS",
    "TIME_UNIT",
    "BGNBDFit",
    "CDNOWCalibration",
    "GammaGammaFit",
    "ParetoNBDFit",
    "TruthComparison",
    "auc",
    "calibrate_to_cdnow",
    "cdnow_path",
    "cdnow_rfm",
    "cdnow_trial_weeks",
    "cdnow_weekly_repeat",
    "cohort_repeat_counts",
    "cohort_tracking",
    "compare_with_truth",
    "customer_base",
    "expected_tracking",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "fit_pareto_nbd",
    "mape",
    "plot_calibration_holdout",
    "plot_p_alive_calibration",
    "plot_tracking",
    "predict_bgnbd",
    "read_cdnow",
    "repeat_count_shares",
    "rfm_summary",
    "simulate_bgnbd",
    "simulate_cdnow_cohort",
    "tracking_mape",
    "transaction_log",
    "truth_table",
    "write_customer_base",
]
