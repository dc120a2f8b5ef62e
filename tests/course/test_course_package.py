"""Tests of crmsim.course/__init__: the re-export matches the modules."""

import importlib
import inspect

import pytest

import crmsim
from crmsim import course

MODULES = [
    "cases",
    "classify",
    "experiments",
    "churn",
    "relationship_value",
    "metadata",
]


def _module(name):
    return importlib.import_module(f"crmsim.course.{name}")


def test_course_all_is_unique_and_exported_flat():
    assert len(course.__all__) == len(set(course.__all__))
    for name in course.__all__:
        assert name in crmsim.__all__
        assert getattr(crmsim, name) is getattr(course, name)
        assert getattr(crmsim, name).__doc__


@pytest.mark.parametrize("module", MODULES)
def test_module_public_names_reach_the_package(module):
    mod = _module(module)
    defined = {
        n
        for n, obj in vars(mod).items()
        if not n.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == mod.__name__
    }
    assert defined <= set(mod.__all__)
    public = set(mod.__all__) - {"case_spec", "parameter_docs"}
    for name in public:
        assert getattr(course, name) is getattr(mod, name), name


def test_only_the_run_watcher_creates_a_model():
    for module in MODULES:
        source = inspect.getsource(_module(module))
        assert "CRMModel(" not in source and "VectorModel(" not in source, module
