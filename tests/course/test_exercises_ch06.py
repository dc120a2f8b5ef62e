"""Chapter 06's exercises: the answers follow from the listed data and the formulas."""

import math

import numpy as np
import pandas as pd
import pytest

import crmsim
from crmsim.course.exercises import _ch06, check, exercise


def _best(margin):
    grid = crmsim.customer_equity_test(
        np.arange(0, 101, 1.0),
        np.arange(0, 81, 1.0),
        margin=margin,
        discount_rate=0.10,
        acquisition_ceiling=0.30,
        acquisition_k=-math.log(1 - 0.10 / 0.30) / 20,
        retention_ceiling=0.90,
        retention_k=-math.log(1 - 0.70 / 0.90) / 20,
    )
    return grid.loc[grid["equity"].idxmax()]


def test_recency_and_monetary_of_the_listed_purchases():
    weeks = [w for w, _ in _ch06.CH06_LOG]
    amounts = [a for _, a in _ch06.CH06_LOG]
    assert check("06.1", _ch06.CH06_NOW - max(weeks), lang="en")
    assert check("06.2", sum(amounts), lang="en")
    # the by-hand answers agree with rfm_table on the same log
    log = pd.DataFrame(_ch06.CH06_LOG, columns=["week", "amount"]).assign(customer=7)
    rfm = crmsim.rfm_table(log, customer="customer", now=_ch06.CH06_NOW).loc[7]
    assert rfm["recency"] == exercise("06.1").expected()
    assert rfm["monetary"] == pytest.approx(exercise("06.2").expected())


def test_response_speed_solves_the_managers_judgment():
    k = exercise("06.3").expected()
    # 30 yuan per prospect wins 12 % under a 40 % ceiling
    assert 0.40 * (1 - math.exp(-30 * k)) == pytest.approx(0.12, rel=1e-12)
    assert check("06.3", round(k, 4), lang="en")
    assert not check("06.3", 0.0203, lang="en")


def test_best_retention_spend_rises_with_the_margin():
    r200 = exercise("06.4").expected()
    assert r200 == _best(200.0)["retention_spend"]
    assert r200 > _best(100.0)["retention_spend"]
    assert check("06.4", r200, lang="zh")
    assert not check("06.4", r200 + 2, lang="zh")


def test_simulated_auc_is_recomputed_from_its_seed():
    test = crmsim.churn_snapshot(
        "default",
        seed=2,
        at_week=78,
        horizon_weeks=26,
        n_customers=1000,
        engine="vector",
    )
    auc = crmsim.churn_score_report(-test["satisfaction"], test["churned"]).auc
    assert 0.0 <= auc <= 1.0
    assert check("06.5", auc, lang="en")
    assert not check("06.5", auc + 0.01, lang="en")
