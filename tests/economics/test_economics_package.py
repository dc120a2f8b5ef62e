"""Tests of crmsim.economics/__init__: the re-export matches the modules."""

import importlib
import inspect

import pytest

import crmsim
from crmsim import economics

MODULES = [
    "lifetime_value",
    "customer_base",
    "lifecycle_profit",
    "delivered_value",
    "retention_value",
    "concentration",
    "rfm",
]


def _module(name):
    return importlib.import_module(f"crmsim.economics.{name}")


def test_all_is_the_union_of_the_modules_all():
    names = [n for m in MODULES for n in _module(m).__all__]
    assert len(names) == len(set(names)), "a name is exported by two modules"
    assert sorted(economics.__all__) == sorted(names)


@pytest.mark.parametrize("module", MODULES)
def test_module_all_is_its_public_surface(module):
    mod = _module(module)
    defined = {
        n
        for n, obj in vars(mod).items()
        if not n.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == mod.__name__
    }
    assert defined <= set(mod.__all__)
    for name in mod.__all__:
        assert getattr(economics, name) is getattr(mod, name)
        assert getattr(crmsim, name) is getattr(mod, name)
        assert name in crmsim.__all__


@pytest.mark.parametrize("module", MODULES)
def test_module_docstring_names_a_concept_id(module):
    doc = _module(module).__doc__
    assert any(f"{c}{k}" in doc for c in "ABCDEF" for k in range(1, 11)), module
