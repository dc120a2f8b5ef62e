"""``--set KEY=VALUE`` parsing and the argparse number types (crmsim.cli.options)."""

import pytest

from crmsim.cli.options import parse_assignment, scenario_whole_number
from crmsim.errors import CRMSimError


def test_parse_assignment():
    assert parse_assignment("weeks=52") == ("weeks", 52)
    assert parse_assignment("wallet_share=0.1,0.2,0.3,0.4") == (
        "wallet_share",
        (0.1, 0.2, 0.3, 0.4),
    )
    assert parse_assignment("name=my run") == ("name", "my run")
    with pytest.raises(CRMSimError, match="allowed a number"):
        parse_assignment("weeks=many")
    with pytest.raises(CRMSimError, match="allowed KEY=VALUE"):
        parse_assignment("weeks")
    with pytest.raises(CRMSimError, match="unknown parameter 'wekes'"):
        parse_assignment("wekes=3")


def test_set_messages_name_the_option():
    with pytest.raises(
        CRMSimError, match=r"--set weeks='many' is invalid: allowed a number"
    ):
        parse_assignment("weeks=many")


def test_customers_type_says_the_real_minimum():
    import argparse

    parse = scenario_whole_number("n_customers")
    assert parse("10") == 10
    with pytest.raises(
        argparse.ArgumentTypeError,
        match=r"allowed a whole number in \[10, 100_000_000\]",
    ):
        parse("5")
