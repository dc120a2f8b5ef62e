"""Tests of crmsim.economics.rfm: hand-computed targets and invariants."""

import importlib

import pandas as pd
import pytest

from crmsim.errors import CRMSimError

# importlib: three modules share their name with their main function, which
# the package re-exports, so `crmsim.economics.lifetime_value` is the function.
rfm = importlib.import_module("crmsim.economics.rfm")


@pytest.mark.parametrize(
    ("spend", "total", "share"), [(30, 120, 0.25), (0, 50, 0.0), (50, 50, 1.0)]
)
def test_share_of_wallet(spend, total, share):
    assert rfm.share_of_wallet(spend, total) == share


@pytest.mark.parametrize(
    ("values", "higher", "scores"),
    [
        (list(range(10)), True, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),
        ([3, 1, 2], False, [1, 5, 3]),
        ([7, 7, 7, 7], True, [3, 3, 3, 3]),  # ties share the middle score
        ([1, 2, 2, 3, 4], True, [1, 3, 3, 4, 5]),  # ranks 1, 2.5, 2.5, 4, 5
        ([42], True, [3]),
    ],
)
def test_quintile_scores(values, higher, scores):
    assert rfm.quintile_scores(values, higher_is_better=higher).tolist() == scores


def test_rfm_table_by_hand():
    log = pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c", "c", "d", "e"],
            "week": [1, 9, 2, 5, 8, 10, 10, 3],
            "amount": [20.0, 30.0, 5.0, 10.0, 10.0, 40.0, 100.0, 1.0],
        }
    )
    t = rfm.rfm_table(log, now=12)
    # recency = 12 - last week: a 3, b 10, c 2, d 2, e 9
    assert t["recency"].tolist() == [3, 10, 2, 2, 9]
    assert t["frequency"].tolist() == [2, 1, 3, 1, 1]
    assert t["monetary"].tolist() == [50, 5, 60, 100, 1]
    # recency ranks (most recent best): b 1, e 2, a 3, c/d 4.5 -> 1+floor(5(rank-.5)/5)
    assert t["r_score"].tolist() == [3, 1, 5, 5, 2]
    # frequency ranks: b/d/e 2, a 4, c 5
    assert t["f_score"].tolist() == [4, 2, 5, 2, 2]
    assert t["m_score"].tolist() == [3, 2, 4, 5, 1]
    assert t.loc["c", "rfm_code"] == "554"
    assert t.loc["c", "segment"] == "important value"
    assert t.loc["c", "segment_zh"] == "重要价值客户"
    assert t.loc["d", "segment"] == "important to develop"  # R high, F low, M high
    assert t.loc["a", "segment"] == "general to keep"  # R low, F high, M low
    assert t.loc["b", "segment"] == "general to win back"


def test_rfm_table_with_dates_counts_days():
    log = pd.DataFrame(
        {
            "cid": [1, 1, 2],
            "date": pd.to_datetime(["2024-01-01", "2024-01-11", "2024-01-04"]),
            "spend": [10.0, 10.0, 5.0],
        }
    )
    t = rfm.rfm_table(log, customer="cid", time="date", amount="spend")
    assert t["recency"].tolist() == [0.0, 7.0]


@pytest.mark.parametrize(
    ("r", "f", "m", "name"),
    [
        (5, 5, 5, "important value"),
        (4, 1, 4, "important to develop"),
        (1, 5, 5, "important to keep"),
        (1, 1, 5, "important to win back"),
        (5, 5, 1, "general value"),
        (5, 1, 1, "general to develop"),
        (2, 4, 3, "general to keep"),
        (3, 3, 3, "general to win back"),
    ],
)
def test_rfm_segment(r, f, m, name):
    assert rfm.rfm_segment(r, f, m).tolist() == name
    assert name in {en for en, _ in rfm.RFM_SEGMENTS.values()}


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: rfm.share_of_wallet(5, 4), "spend_with_firm=5"),
        (lambda: rfm.share_of_wallet(1, 0), "total_category_spend=0"),
        (lambda: rfm.rfm_segment(6, 1, 1), "r_score=6"),
        (lambda: rfm.rfm_table([1, 2]), "transactions='list'"),
        (
            lambda: rfm.rfm_table(pd.DataFrame({"customer_id": [1], "week": [1]})),
            "lacks column(s) ['amount']",
        ),
        (
            lambda: rfm.rfm_table(
                pd.DataFrame({"customer_id": [1], "week": [5], "amount": [1.0]}), now=3
            ),
            "now=3",
        ),
        (
            lambda: rfm.rfm_table(
                pd.DataFrame({"customer_id": [1], "week": [5], "amount": [-1.0]})
            ),
            "amount",
        ),
    ],
)
def test_bad_inputs_raise_one_line_crmsim_errors(call, fragment):
    with pytest.raises(CRMSimError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message
    assert fragment in message
    assert "allowed" in message
    assert isinstance(info.value, ValueError)
