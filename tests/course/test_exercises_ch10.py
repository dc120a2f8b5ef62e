"""Chapter 10's exercises and labels: the claims register's test, by hand."""

import math

import numpy as np
import pytest
from scipy import stats

from crmsim.claims import CLAIMS, get_claim, run_claims
from crmsim.course.exercises import _ch10, check, exercise
from crmsim.presentation.labels import LABELS


def test_score_is_mean_over_standard_error():
    v = np.asarray(_ch10.CH10_VALUES)
    se = v.std(ddof=1) / math.sqrt(len(v))
    want = (v.mean() - _ch10.CH10_THRESHOLD) / se
    assert exercise("10.1").expected() == pytest.approx(want, rel=1e-12)
    assert check("10.1", want, lang="en")
    assert not check("10.1", v.mean() / v.std(ddof=0) * math.sqrt(len(v)), lang="en")


def test_half_width_uses_student_t():
    v = np.asarray(_ch10.CH10_VALUES)
    se = v.std(ddof=1) / math.sqrt(len(v))
    want = stats.t.ppf(0.975, len(v) - 1) * se
    assert exercise("10.2").expected() == pytest.approx(want, rel=1e-12)
    assert not check("10.2", 1.96 * se, lang="en")  # the normal quantile is too narrow


def test_seeds_needed_is_the_first_n_beyond_three_standard_errors():
    n = exercise("10.4").expected()
    assert 0.5 * math.sqrt(n) > 3 and not 0.5 * math.sqrt(n - 1) > 3
    assert not check("10.4", 36, lang="en")


def test_measured_value_is_the_registers_mean():
    t = run_claims(
        _ch10.CH10_CLAIM,
        seeds=_ch10.CH10_SEEDS,
        n_customers=_ch10.CH10_N_CUSTOMERS,
        processes=1,
    )
    measured = t.loc[0, "measured"]
    assert measured == pytest.approx(np.mean(t.loc[0, "values"]))
    assert check("10.3", measured, lang="en")
    assert not check("10.3", measured + 0.01, lang="en")


_FIELDS = {"measure": "measure_label", "condition": "condition"}
_FIELDS["needs_mechanism"] = "needs_mechanism"


@pytest.mark.parametrize(
    "key", sorted(k for k in LABELS if k.startswith("ch10.claim."))
)
def test_chapter_10_translations_are_of_the_registers_current_words(key):
    # The notebook shows the Chinese only while its English is the register's
    # text; a failure here means the register changed: update the translation.
    _, _, claim_id, field = key.split(".", 3)
    english, chinese = LABELS[key]
    assert getattr(get_claim(claim_id), _FIELDS[field]) == english
    assert chinese and not chinese.isascii()


def test_arm_labels_of_the_chapters_claims_have_chinese_names():
    ids = {k.split(".")[2] for k in LABELS if k.startswith("ch10.claim.")}
    claims = [c for c in CLAIMS if c.id in ids]
    assert claims
    for c in claims:
        for arm in c.arms:
            assert f"ch10.arm.{arm.label}" in LABELS, arm.label
