"""The Python API: bad arguments raise one-line CRMSimError naming the argument."""

import math

import numpy as np
import pytest
from conftest import check_message
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsim import CRMSimError, Scenario, preset, run_sweep, simulate
from crmsim import economics as ec
from crmsim.io import check_output_folder
from crmsim.validation import MAX_SEED, check_seed

TINY = {"n_customers": 10, "mean_degree": 2, "weeks": 2}
BAD_SEEDS = [
    -1,
    1.5,
    1.0,
    "abc",
    "1",
    True,
    False,
    np.bool_(True),
    [1],
    MAX_SEED + 1,
    math.nan,
]


@pytest.mark.parametrize("seed", BAD_SEEDS, ids=repr)
def test_check_seed(seed):
    with pytest.raises(CRMSimError) as info:
        check_seed(seed)
    check_message(str(info.value), "seed=")


@pytest.mark.parametrize("seed", BAD_SEEDS[:6], ids=repr)
def test_simulate_refuses_bad_seeds_by_name(seed):
    with pytest.raises(CRMSimError) as info:
        simulate(seed=seed, engine="vector", **TINY)
    check_message(str(info.value), "seed=")


@pytest.mark.parametrize("seed", [0, 7, np.int64(7), MAX_SEED, None])
def test_good_seeds(seed):
    assert check_seed(seed) == (None if seed is None else int(seed))


@pytest.mark.parametrize("name", [3, None, 1.5, ["social"], "socail", ""])
def test_preset(name):
    with pytest.raises(CRMSimError) as info:
        preset(name)
    check_message(str(info.value))


ECONOMICS = [
    pytest.param("lifetime_value_closed_form", ("100", 0.8, 0.1), "margin"),
    pytest.param("lifetime_value_closed_form", (100, "0.8", 0.1), "retention_rate"),
    pytest.param("lifetime_value_closed_form", (100, 0.8, True), "discount_rate"),
    ("lifetime_value_closed_form", (100, math.nan, 0.1), "retention_rate"),
    ("margin_multiple", (1.5, 0.1), "retention_rate"),
    ("base_lifecycle_years", (100, -1), "customers_lost_per_year"),
    ("growing_margins", (1.0, 0.0, 10**12), "n_periods"),
]


@pytest.mark.parametrize(
    ("function", "args", "name"), ECONOMICS, ids=lambda x: str(x)[:30]
)
def test_economics_arguments(function, args, name):
    with pytest.raises(CRMSimError) as info:
        getattr(ec, function)(*args)
    check_message(str(info.value), name)


def _files(tmp_path):
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    return {"a file": a_file, "under a file": a_file / "sub"}


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_results_save_and_run_sweep_refuse_unusable_folders(tmp_path, where):
    target = _files(tmp_path)[where]
    before = sorted(tmp_path.rglob("*"))
    res = simulate(seed=1, engine="vector", **TINY)
    for call in (
        lambda: res.save(target),
        lambda: run_sweep({**TINY, "seeds": [1]}, target, workers=1, progress=False),
    ):
        with pytest.raises(CRMSimError) as info:
            call()
        check_message(str(info.value))
    with pytest.raises(CRMSimError):
        check_output_folder(target)
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize(
    "value",
    [
        np.array([0.1, 0.2, 0.3, 0.4]),
        np.array([1, 1, 1, 0]),
        (0.4, 0.7, 1.0, 0.6),
        [np.float32(0.5)] * 4,
    ],
    ids=["float array", "int array", "tuple", "numpy floats"],
)
def test_numpy_list_values_are_accepted(value):
    assert Scenario(wallet_share=value).wallet_share == tuple(float(v) for v in value)


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        st.integers(max_value=-1),
        st.floats(),
        st.text(),
        st.booleans(),
        st.integers(min_value=MAX_SEED + 1),
    )
)
def test_hypothesis_seeds(seed):
    if isinstance(seed, float) and seed.is_integer() and False:  # pragma: no cover
        return
    with pytest.raises(CRMSimError) as info:
        check_seed(seed)
    check_message(str(info.value), "seed=")
