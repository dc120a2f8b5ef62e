"""Chapter 09's exercises: the answers follow from the listed data and the formulas."""

import pytest

from crmsim import simulate
from crmsim.clv import customer_base
from crmsim.course.exercises import _ch09, check, exercise


def _p_alive(x, t_x, T, r, alpha, a, b):
    """BG/NBD P(alive) (Fader, Hardie & Lee 2005, eq. 11), written out again."""
    if x == 0:
        return 1.0
    return 1.0 / (1.0 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def test_p_alive_of_the_listed_customer_is_the_formula():
    c, p = _ch09.CH09_CUSTOMER, _ch09.CH09_PUBLISHED
    want = _p_alive(c["x"], c["t_x"], c["T"], **p)
    assert exercise("09.1").expected() == pytest.approx(want, rel=1e-12)
    assert check("09.1", round(want, 3), lang="en")
    assert not check("09.1", 1.0, lang="en")  # the x = 0 answer


def test_alpha_in_days_is_seven_times_the_weekly_alpha():
    assert exercise("09.2").expected() == pytest.approx(
        7 * _ch09.CH09_PUBLISHED["alpha"], rel=1e-12
    )


def test_lost_share_without_repeat_is_recomputed_from_its_seed():
    res = simulate("default", seed=2, transactions=True, **_ch09.CH09_RUN)
    base = customer_base(res, _ch09.CH09_CALIBRATION_END)
    none = base[base["frequency"] == 0]
    want = float((~none["alive"]).mean())
    assert exercise("09.3").expected() == pytest.approx(want)
    assert 0.0 <= want <= 1.0
    assert check("09.3", round(want, 3), lang="zh")


def test_mean_dropout_chance_is_the_beta_mean():
    p = _ch09.CH09_PUBLISHED
    assert exercise("09.4").expected() == pytest.approx(p["a"] / (p["a"] + p["b"]))
    assert not check("09.4", p["a"] / p["b"], lang="en")
