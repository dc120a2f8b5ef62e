import matplotlib.pyplot as plt
import pytest

from crmsim import (
    plot_lifecycle_profit,
    plot_profit,
    plot_retention_by_satisfaction,
    plot_stages,
    simulate,
)
from crmsim.errors import CRMSimError


@pytest.fixture(scope="module")
def res():
    return simulate("social", seed=2, n_customers=150, weeks=30)


@pytest.mark.parametrize(
    ("plot", "table"),
    [
        (plot_stages, "weekly"),
        (plot_profit, "weekly"),
        (plot_retention_by_satisfaction, "by_satisfaction"),
        (plot_lifecycle_profit, "customers"),
    ],
)
def test_plots_return_axes_and_draw_on_given_axes(res, plot, table):
    fig, ax = plt.subplots()
    got = plot(getattr(res, table), ax=ax, lang="en")
    assert got is ax
    assert ax.get_title()
    assert ax.has_data()
    plt.close(fig)
    ax2 = plot(getattr(res, table))
    assert ax2.figure is not fig
    plt.close(ax2.figure)


def test_bad_language(res):
    with pytest.raises(CRMSimError, match="lang='fr' is invalid: allowed en, zh"):
        plot_stages(res.weekly, lang="fr")


def test_save_writes_every_file_atomically(res, tmp_path):
    from crmsim.presentation.plotting import save_run_figures

    res.save(tmp_path)
    save_run_figures(res, tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        [
            "customers.csv",
            "lifecycle_profit.png",
            "profit.png",
            "relationships.csv",
            "retention_by_satisfaction.csv",
            "retention_by_satisfaction.png",
            "stages.png",
            "summary.json",
            "weekly.csv",
        ]
    )
