"""crmsim.clv's public face: every exported name exists and is documented."""

import crmsim.clv as clv


def test_every_exported_name_exists_and_has_a_docstring():
    assert len(set(clv.__all__)) == len(clv.__all__)
    for name in clv.__all__:
        obj = getattr(clv, name)
        if callable(obj):
            assert obj.__doc__, name


def test_public_functions_are_exported():
    for module in ("export", "generator", "models", "cdnow", "plots"):
        mod = getattr(clv, module)
        for name in mod.__all__:
            if not name.isupper():  # constants stay in their module
                assert name in clv.__all__, name
