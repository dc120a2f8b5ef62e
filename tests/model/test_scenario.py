import dataclasses
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from crmsim import PRESETS, CRMSimError, Scenario, load_scenario, preset, save_scenario
from crmsim.model.scenario import (
    PARAMETERS_DOC,
    describe_parameters,
    format_parameters,
    parameters_markdown,
)


def test_defaults_are_valid_and_documented():
    s = Scenario()
    rows = describe_parameters()
    assert {r["name"] for r in rows} == {f.name for f in dataclasses.fields(s)}
    for r in rows:
        assert r["meaning"], r["name"]
        if r["name"] != "name":
            assert r["unit"], r["name"]
            assert r["allowed"], r["name"]


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        (
            "n_customers",
            5,
            "n_customers=5 is invalid: allowed a whole number in [10, 100_000_000]",
        ),
        ("n_customers", 10.5, "allowed a whole number"),
        ("weeks", 0, "weeks=0 is invalid"),
        (
            "service_quality",
            1.5,
            "service_quality=1.5 is invalid: allowed a number in [0, 1]",
        ),
        ("competition_intensity", -0.1, "competition_intensity=-0.1"),
        (
            "relationship_level",
            4,
            "relationship_level=4 is invalid: allowed a whole number in [0, 3]",
        ),
        ("basket_value", float("nan"), "basket_value=nan"),
        ("contact_cost", "5", "contact_cost='5' is invalid"),
        ("wallet_share", (0.1, 0.2), "allowed a list of 4 numbers"),
        (
            "wallet_share",
            (0.1, 0.2, 0.3, 1.5),
            "wallet_share[3]=1.5 is invalid: allowed a number in [0, 1]",
        ),
        ("mean_degree", 50.0, "allowed at most n_customers - 1"),
        ("attitude_full_at", 0.4, "above attitude_zero_at"),
        ("n_customers", True, "n_customers=True"),
    ],
)
def test_invalid_values_name_field_value_and_range(field, value, fragment):
    changes = {field: value}
    if field == "mean_degree":
        changes["n_customers"] = 20
    with pytest.raises(CRMSimError) as info:
        Scenario(**changes)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


def test_replace_validates_and_checks_names():
    s = Scenario().replace(weeks=52)
    assert s.weeks == 52
    with pytest.raises(CRMSimError, match="weeks=-1"):
        s.replace(weeks=-1)
    with pytest.raises(CRMSimError, match="did you mean 'switching_cost'"):
        s.replace(switching_cots=0.1)
    # dataclasses.replace validates too
    with pytest.raises(CRMSimError):
        dataclasses.replace(s, gross_margin=2)


def test_integers_are_coerced_and_floats_normalised():
    s = Scenario(n_customers=500.0, service_quality=1)
    assert s.n_customers == 500 and isinstance(s.n_customers, int)
    assert isinstance(s.service_quality, float)
    assert Scenario(wallet_share=[0.1, 0.2, 0.3, 0.4]).wallet_share == (
        0.1,
        0.2,
        0.3,
        0.4,
    )


def test_presets():
    for name in ["transactional", "financial", "social", "structural"]:
        assert name in PRESETS
    assert [
        preset(n).relationship_level
        for n in ["transactional", "financial", "social", "structural"]
    ] == [0, 1, 2, 3]
    low, high = preset("low_competition"), preset("high_competition")
    assert low.competition_intensity < high.competition_intensity
    assert low.switching_cost > high.switching_cost
    with pytest.raises(
        CRMSimError,
        match="unknown scenario 'socail' \\(did you mean 'social'\\?\\): allowed default, ",
    ):
        preset("socail")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_toml_round_trip(tmp_path, name):
    s = preset(name).replace(weeks=77, wallet_share=(0.3, 0.6, 0.9, 0.5))
    path = save_scenario(s, tmp_path / "s.toml")
    assert load_scenario(path) == s
    assert not list(tmp_path.glob("*.part"))


def test_toml_with_preset_base(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('preset = "structural"\nweeks = 52\n')
    s = load_scenario(path)
    assert s.relationship_level == 3 and s.weeks == 52


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("weeks = 52\nswitchng_cost = 0.1\n", "unknown key in"),
        ("weeks = 52\nswitchng_cost = 0.1\n", "did you mean 'switching_cost'?"),
        ("weeks = \n", "is not valid TOML"),
        ("weeks = -3\n", "weeks=-3 is invalid"),
        ('preset = "nope"\n', "unknown scenario 'nope'"),
        ("service_quality = 'high'\n", "service_quality='high' is invalid"),
    ],
)
def test_bad_toml(tmp_path, text, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(CRMSimError) as info:
        load_scenario(path)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(CRMSimError, match="cannot read scenario file"):
        load_scenario(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"n_customers": np.int64(500)}, {"n_customers": 500}),
        ({"weeks": np.int32(52)}, {"weeks": 52}),
        ({"service_quality": np.float32(0.5)}, {"service_quality": 0.5}),
        (
            {"wallet_share": np.array([0.1, 0.2, 0.3, 0.4])},
            {"wallet_share": (0.1, 0.2, 0.3, 0.4)},
        ),
        ({"wallet_share": [1, 1, 1, 0]}, {"wallet_share": (1.0, 1.0, 1.0, 0.0)}),
        ({"switching_cost": -0.0}, {"switching_cost": 0.0}),
    ],
)
def test_numpy_values_are_accepted_and_normalised(changes, expected):
    s = Scenario(**changes)
    for key, value in expected.items():
        assert getattr(s, key) == value
        assert type(getattr(s, key)) is type(value)
    if "switching_cost" in changes:  # -0.0 is written as 0.0: one run id, one TOML
        assert math.copysign(1.0, s.switching_cost) == 1.0
        assert s == Scenario(switching_cost=0.0)


def test_money_is_bounded_so_cents_cannot_overflow():
    with pytest.raises(
        CRMSimError,
        match=r"basket_value=5000000000000000.0 is invalid: allowed a number in \[0, 1_000_000_000\]",
    ):
        Scenario(basket_value=5e15)
    with pytest.raises(CRMSimError, match="basket_value=1e\\+308"):
        Scenario(basket_value=1e308)
    # at the largest size the bound is tighter; the message says it and why
    big = {"n_customers": 10**8, "weeks": 5200}
    limit = (2**63 - 2) / (100 * 10**8 * 5201)
    with pytest.raises(CRMSimError, match="fit in int64") as info:
        Scenario(basket_value=limit / 3 * 1.01, **big)
    assert "basket_value=" in str(info.value) and "n_customers=100000000" in str(
        info.value
    )
    ok = Scenario(
        basket_value=limit / 3 * 0.5,
        service_cost=0,
        structural_cost=0,
        contact_cost=0,
        acquisition_cost=0,
        **big,
    )
    # the worst-case total of a run, in cents, fits in int64
    assert 3 * ok.basket_value * 100 * ok.n_customers * (ok.weeks + 1) < 2**63


def test_preset_needs_a_name():
    with pytest.raises(CRMSimError, match="preset=3 is invalid: allowed a preset name"):
        preset(3)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("weeks = 10".encode("utf-16"), "UTF-16"),
        ("weeks = 10".encode("utf-16-le"), "UTF-16"),
        (b"weeks = 10\n# caf\xe9\n", "not UTF-8 (byte 0xe9"),
        (bytes(range(256)), "allowed a UTF-8 text scenario file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"x = " + b"[" * 5000 + b"]" * 5000, "nested"),
        (b"wallet_share = [[[[[0.1]]]]]", "nested 5 levels deep: allowed at most 4"),
        (b"a = 1\n" * 200_000, "allowed at most 1,000,000"),
    ],
)
def test_unreadable_toml_is_one_line(tmp_path, data, fragment):
    path = tmp_path / "bad.toml"
    path.write_bytes(data)
    with pytest.raises(CRMSimError) as info:
        load_scenario(path)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message and len(message) < 300


def test_utf8_bom_is_fine(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeffweeks = 12\n".encode())
    assert load_scenario(path).weeks == 12


# --- provenance: why each default (issue 10, item 3) --------------------------

_REASON_KIND = re.compile(
    r"^(seed 00[0-4]\b[^:]*"  # a figure from a seed text: "seed 004 ch.2 (A4)"
    r"|calibration|assumption"  # a calibration target, or honestly none
    r"|[A-Z][A-Za-z&' ]+ (19|20)\d\d[^:]*)"  # literature: "Jones & Sasser 1995"
    r": \S"
)
_CLAIM_ID = re.compile(r"\b[A-F]\d+-[a-z0-9*]+(?:-[a-z0-9*]+)*")
_DOC = Path(__file__).resolve().parents[2] / PARAMETERS_DOC


def _words(text):
    return " ".join(text.split())


def test_every_parameter_has_a_one_line_reason_of_a_known_kind():
    rows = describe_parameters()
    assert len(rows) == len(dataclasses.fields(Scenario))
    for row in rows:
        reason = row["reason"]
        assert isinstance(reason, str) and reason.strip(), row["name"]
        assert "\n" not in reason and reason == reason.strip(), row["name"]
        assert _REASON_KIND.match(reason), (row["name"], reason)


def test_the_figures_the_brief_names_are_cited_for_their_parameters():
    reason = {r["name"]: r["reason"] for r in describe_parameters()}
    assert reason["wom_positive_reach"].startswith("seed 004 ch.2")
    assert reason["wom_negative_reach"].startswith("seed 004 ch.2")
    assert "25" in reason["wom_negative_reach"] and "8" in reason["wom_positive_reach"]
    assert (
        reason["basket_value"].startswith("seed 001")
        and "$50" in reason["basket_value"]
    )
    assert reason["warmup_weeks"].startswith("calibration:")
    assert "C2-steady-state" in reason["warmup_weeks"]
    for name in ("return_chance", "intent_recovery_rate"):
        assert reason[name].startswith("assumption:"), name


def test_claims_named_in_reasons_exist_in_the_register():
    from crmsim.claims.register import CLAIMS

    ids = {c.id for c in CLAIMS}
    named = {m for r in describe_parameters() for m in _CLAIM_ID.findall(r["reason"])}
    assert named, "some reasons name the claim their default serves"
    for claim in named:
        if claim.endswith("*"):  # a family, e.g. B5-structural-*
            assert any(i.startswith(claim[:-1]) for i in ids), claim
        else:
            assert claim in ids, claim


@pytest.mark.parametrize("width", [100, 72])
def test_parameter_listing_fits_the_width_and_shows_every_reason(width):
    text = format_parameters(width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    flat = _words(text)
    for row in describe_parameters():
        assert f"{row['name']} = " in text
        assert _words(row["reason"]) in flat, row["name"]
        assert _words(row["meaning"]) in flat, row["name"]


def test_parameters_doc_is_up_to_date():
    assert _DOC.read_text(encoding="utf-8") == parameters_markdown(), (
        "docs/parameters.md is stale: run "
        "'crmsim parameters --markdown > docs/parameters.md'"
    )


def test_parameters_doc_has_one_row_of_six_cells_per_parameter():
    rows = [
        line for line in parameters_markdown().splitlines() if line.startswith("| `")
    ]
    expected = describe_parameters()
    assert len(rows) == len(expected)
    for line, row in zip(rows, expected, strict=True):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) == 6, line
        assert cells[0] == f"`{row['name']}`"
        assert cells[5] == row["reason"].replace("|", "\\|")


def test_cli_parameters_shows_reasons(capsys):
    from crmsim.cli import main

    assert main(["parameters"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out == format_parameters(width=100)
    assert "reason   seed 004 ch.2 (A4)" in out
    assert main(["parameters", "--markdown"]) == 0
    assert capsys.readouterr().out == parameters_markdown()
    assert main(["parameters", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(r["reason"] for r in rows)
