"""Tests of crmsim.course.metadata and the CASES / CLASSIFIERS registries."""

import inspect
import json
import math

import pytest

from crmsim.course import metadata
from crmsim.course.cases import CASES, smith_case, smith_chain
from crmsim.course.classify import CLASSIFIERS
from crmsim.errors import CRMSimError
from crmsim.validation import plain

SPECS = [*CASES.values(), *CLASSIFIERS.values()]
IDS = [s.name for s in SPECS]
PARAMS = [(s, p) for s in SPECS for p in s.params]
PARAM_IDS = [f"{s.name}.{p.name}" for s, p in PARAMS]


def test_cli_cases_are_all_registered():
    assert set(CASES) == {"smith", "reichheld", "tarp", "kotler", "jones-sasser"}
    assert set(CLASSIFIERS) == {"loyalty", "attachment", "rung", "ladder"}
    assert CASES["tarp"].aliases == ("wom",)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_spec_matches_the_signature(spec):
    sig = inspect.signature(spec.function).parameters
    own = [n for n, p in sig.items() if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    assert [p.name for p in spec.params][: len(own)] == own
    for p in spec.params:
        assert p.kind in metadata.KINDS
        assert p.help and "\n" not in p.help
        source = sig.get(p.name) or inspect.signature(smith_chain).parameters[p.name]
        assert p.required == (source.default is inspect.Parameter.empty)
        if not p.required:
            assert p.default == source.default
    assert spec.help and "\n" not in spec.help


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_example_covers_the_required_parameters_and_runs(spec):
    required = {p.name for p in spec.params if p.required}
    assert required == set(spec.example)
    result = spec()
    data = result.to_dict() if hasattr(result, "to_dict") else plain(result)
    json.dumps(data, default=str)


def _outside(p):
    """Values just outside the documented range (none for an open side)."""
    out = []
    if math.isfinite(p.lo):
        out.append(p.lo if p.lo_open else p.lo - 0.5)
    if math.isfinite(p.hi):
        out.append(p.hi if p.hi_open else p.hi + 0.5)
    return out


RANGED = [
    (s, p) for s, p in PARAMS if p.kind in ("float", "int", "floats") and _outside(p)
]


def test_every_numeric_parameter_states_a_range_or_is_free():
    assert len(RANGED) >= 30  # the docstrings state their ranges


@pytest.mark.parametrize(
    ("spec", "p"), RANGED, ids=[f"{s.name}.{p.name}" for s, p in RANGED]
)
def test_documented_range_is_the_validated_range(spec, p):
    for bad in _outside(p):
        value = bad if p.kind != "floats" else [bad] * (p.length or 1)
        if p.kind == "int" and bad != int(bad):
            value = int(math.floor(bad)) if bad < p.lo else int(math.ceil(bad))
        with pytest.raises(CRMSimError) as info:
            spec(**{p.name: value})
        assert p.name in str(info.value)
    inside = p.lo if math.isfinite(p.lo) and not p.lo_open else None
    if inside is not None and "``" not in p.help:
        # the lower end itself is allowed (unless bounded by another parameter)
        value = inside if p.kind != "floats" else [inside] * (p.length or 1)
        try:
            spec(**{p.name: value})
        except CRMSimError as exc:
            assert p.name not in str(exc).split("=")[0], exc


def test_choices_come_from_the_docstring():
    assert CASES["jones-sasser"].param("competition").choices == ("high", "low")
    assert CASES["jones-sasser"].param("competition").kind == "str"
    with pytest.raises(CRMSimError, match="competition"):
        CASES["jones-sasser"](competition="medium")


def test_smith_forwards_its_keywords_to_the_chain():
    spec = CASES["smith"]
    assert spec.function is smith_case
    names = [p.name for p in spec.params]
    assert names[0] == "people_told" and names.count("people_told") == 1
    assert {"weekly_spend", "stop_share", "count_first_round"} <= set(names)
    told = spec.param("people_told")
    assert (told.kind, told.length, told.default) == ("floats", 2, (10, 20))
    assert spec.param("count_first_round").kind == "flag"
    assert spec.param("stop_share").option == "--stop-share"
    case = spec(people_told=(10, 10), stop_share=0.0)
    assert case.low.total_loss == case.low.direct_loss == 26_000


def test_reichheld_rates_are_named_annual():
    spec = CASES["reichheld"]
    names = {p.name for p in spec.params}
    assert {"annual_discount_rate", "annual_retention_rate"} <= names
    assert "retention_rate" not in names
    assert spec.param("margins").kind == "floats"
    rows = spec(annual_retention_rate=0.8)
    assert rows[0]["assumptions"]["annual_retention_rate"] == 0.8


def test_rung_accepts_an_index_typed_as_text():
    assert CLASSIFIERS["rung"](rung="3") == CLASSIFIERS["rung"](rung=3)
    with pytest.raises(CRMSimError, match="rung"):
        CLASSIFIERS["rung"](rung="8")


def test_param_lookup_names_the_allowed_parameters():
    with pytest.raises(CRMSimError, match="allowed .*weekly_spend"):
        CASES["smith"].param("spend")


def test_parameter_docs_shared_entries_and_sections():
    def f(a, b, c=1):
        """Do.

        Parameters
        ----------
        a, b : float
            Two numbers, in (0, 1].
        c : {"x", "y"}, default "x"
            A word.

        Returns
        -------
        float
            Something.
        """

    docs = metadata.parameter_docs(f)
    assert docs["a"] == docs["b"] == ("float", "Two numbers, in (0, 1].")
    assert docs["c"] == ('{"x", "y"}, default "x"', "A word.")
    assert set(docs) == {"a", "b", "c"}


def test_an_undocumented_parameter_is_refused():
    def f(x: float = 1.0):
        """Nothing about x."""

    with pytest.raises(TypeError, match="undocumented"):
        metadata.case_spec("f", f, "f", "")
