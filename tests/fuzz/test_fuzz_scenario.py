"""Every Scenario parameter, generated from the parameter table: bad values fail in one line."""

import dataclasses
import math

import numpy as np
import pytest
from conftest import check_message
from hypothesis import given, settings
from hypothesis import strategies as st

from crmsim import CRMSimError, Scenario
from crmsim.model.scenario import MONEY_MAX

# the numeric parameters (name is text; firms, tables: tests/model/test_model_firms.py)
FIELDS = [f for f in dataclasses.fields(Scenario) if f.name not in ("name", "firms")]
WRONG_TYPES = ["text", None, True, False, np.bool_(True), [0.5], {"x": 1}, 1 + 2j]


def _bounds(f):
    lo, hi = f.metadata["range"]
    if f.metadata["unit"].startswith("money"):
        hi = min(hi, MONEY_MAX)
    return lo, hi


def _bad_values(f):
    lo, hi = _bounds(f)
    scalar = "length" not in f.metadata
    step = (
        1
        if f.metadata["integer"]
        else max(abs(hi - lo) * 1e-3, 1e-6)
        if math.isfinite(hi)
        else 1
    )
    cases = []
    if math.isfinite(lo):
        cases.append(("below range", lo - step))
    if math.isfinite(hi):
        cases.append(("above range", hi + step))
    cases += [("nan", math.nan), ("inf", math.inf), ("-inf", -math.inf)]
    if f.metadata["integer"]:
        cases.append(("fraction", lo + 0.5))
    cases += [(f"wrong type {v!r}", v) for v in WRONG_TYPES]
    if not scalar:  # a list parameter: each case as one item, plus bad lengths
        n = f.metadata["length"]
        cases = [
            (f"item {k}", [v] + [lo] * (n - 1))
            for k, v in cases
            if not isinstance(v, list)
        ]
        cases += [
            ("too short", [lo] * (n - 1)),
            ("too long", [lo] * (n + 1)),
            ("empty", []),
        ]
        cases += [("text", "0.1,0.2"), ("2-d array", np.zeros((2, n)))]
    return cases


CASES = [
    pytest.param(f.name, value, id=f"{f.name}-{label}")
    for f in FIELDS
    for label, value in _bad_values(f)
]


def test_the_table_covers_every_parameter():
    assert {c.values[0] for c in CASES} == {f.name for f in FIELDS}
    assert len(CASES) >= 300


@pytest.mark.parametrize(("name", "value"), CASES)
def test_bad_parameter_value_is_one_line(name, value):
    with pytest.raises(CRMSimError) as info:
        Scenario(**{name: value})
    check_message(str(info.value), name)


@pytest.mark.parametrize("name", [f.name for f in FIELDS if "length" not in f.metadata])
def test_numpy_scalars_inside_the_range_are_accepted(name):
    f = Scenario.__dataclass_fields__[name]
    value = getattr(Scenario(), name)
    typed = np.int64(value) if f.metadata["integer"] else np.float64(value)
    assert getattr(Scenario(**{name: typed}), name) == value


@st.composite
def _outside(draw):
    f = draw(st.sampled_from([f for f in FIELDS if "length" not in f.metadata]))
    lo, hi = _bounds(f)
    below = (
        st.floats(max_value=lo, exclude_max=True, allow_nan=False)
        if math.isfinite(lo)
        else st.nothing()
    )
    above = (
        st.floats(min_value=hi, exclude_min=True, allow_nan=False)
        if math.isfinite(hi)
        else st.nothing()
    )
    value = draw(st.one_of(below, above, st.just(math.nan)))
    return f.name, value


@settings(max_examples=150, deadline=None)
@given(_outside())
def test_hypothesis_values_outside_the_range_are_refused(case):
    name, value = case
    with pytest.raises(CRMSimError) as info:
        Scenario(**{name: value})
    check_message(str(info.value), name)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([f.name for f in FIELDS]),
    st.one_of(st.text(), st.binary(), st.none(), st.booleans()),
)
def test_hypothesis_wrong_types_are_refused(name, value):
    with pytest.raises(CRMSimError) as info:
        Scenario(**{name: value})
    check_message(str(info.value), name)


@pytest.mark.parametrize("value", ["", "   ", "a\nb", 3, None])
def test_bad_name(value):
    with pytest.raises(CRMSimError) as info:
        Scenario(name=value)
    check_message(str(info.value), "name")
