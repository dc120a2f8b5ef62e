"""crmsim.clv.plots: each plot draws and returns its Axes, in both languages."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crmsim.clv as clv  # noqa: E402
from crmsim.errors import CRMSimError  # noqa: E402


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tracking_plot_has_one_line_per_curve(lang):
    curves = {"data": np.arange(10.0), "model": np.arange(10.0) * 1.1}
    ax = clv.plot_tracking(curves, calibration_weeks=5, lang=lang)
    assert len(ax.get_lines()) == 3  # two curves and the calibration line
    labels = [t.get_text() for t in ax.texts]
    assert "data" in labels and "model" in labels
    plt.close(ax.figure)


def test_calibration_plots_draw():
    base = pd.DataFrame(
        {"customer_id": range(6), "frequency": [0, 1, 2, 3, 9, 9],
         "holdout_purchases": [0, 1, 1, 2, 5, 7]}
    )  # fmt: skip
    pred = pd.DataFrame(
        {
            "customer_id": range(6),
            "expected_holdout_purchases": [0.2, 0.8, 1.5, 2, 5, 6],
        }
    )
    ax = clv.plot_calibration_holdout(base, pred, max_frequency=3)
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "3+"
    plt.close(ax.figure)
    table = pd.DataFrame({"predicted": [0.1, 0.5, 0.9], "actual": [0.0, 0.6, 1.0]})
    ax = clv.plot_p_alive_calibration(table)
    assert len(ax.get_lines()) == 2
    plt.close(ax.figure)


def test_bad_language_is_refused():
    with pytest.raises(CRMSimError, match="lang"):
        clv.plot_tracking({"x": np.arange(3.0)}, lang="fr")
