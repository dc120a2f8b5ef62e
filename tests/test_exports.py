"""The flat public API (crmsim/__init__.py): ``__all__`` is the public surface.

As httpx's tests/test_exported_members.py: every public name the package
namespace holds is listed in ``__all__`` (or is a subpackage), and every name
listed exists, has a docstring and is listed once.
"""

import types

import crmsim


def test_all_is_the_public_surface():
    public = {
        name
        for name, obj in vars(crmsim).items()
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(obj, types.ModuleType)
    }
    assert public == set(crmsim.__all__) - {
        n for n in crmsim.__all__ if isinstance(getattr(crmsim, n), types.ModuleType)
    }


def test_every_listed_name_exists_once_and_is_documented():
    assert len(set(crmsim.__all__)) == len(crmsim.__all__)
    for name in crmsim.__all__:
        obj = getattr(crmsim, name)
        if callable(obj):
            assert obj.__doc__, name


def test_a_notebook_needs_nothing_deeper():
    for name in ["Scenario", "preset", "simulate", "CRMModel", "Stage", "Results"]:
        assert name in crmsim.__all__
