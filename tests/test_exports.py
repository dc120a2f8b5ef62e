import crmsim


def test_all_names_exist_and_are_documented():
    for name in crmsim.__all__:
        obj = getattr(crmsim, name)
        if callable(obj) and not isinstance(obj, type(crmsim)):
            assert obj.__doc__, name


def test_all_is_unique():
    assert len(set(crmsim.__all__)) == len(crmsim.__all__)


def test_core_names_exported():
    for name in [
        "Scenario",
        "preset",
        "simulate",
        "CRMModel",
        "Stage",
        "Results",
        "load_scenario",
        "save_scenario",
        "plot_stages",
        "set_language",
    ]:
        assert name in crmsim.__all__
