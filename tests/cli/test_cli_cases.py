"""The case, classify, clv and value commands, run in process."""

import json

import numpy as np
import pytest

from crmsim import economics as ec
from crmsim.cli import main
from crmsim.course import cases


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    assert err == ""
    return json.loads(out)


# --- case smith ---------------------------------------------------------------


def test_smith_prints_every_step_at_both_ends(capsys):
    code, out, err = run(capsys, "case", "smith")
    assert code == 0, err
    assert 50 * 52 * 10 == 26_000
    assert "50 x 52 x 10" in out and "26,000" in out
    # 10 told: 5 + 25 influenced, 7.5 lost; 26,000 + 7.5 x 26,000 = 221,000
    assert 26_000 + (10 * 0.5 + 10 * 0.5 * 5) * 0.25 * 26_000 == 221_000
    # 20 told: 10 + 50 influenced, 15 lost; 26,000 + 15 x 26,000 = 416,000
    assert 26_000 + (20 * 0.5 + 20 * 0.5 * 5) * 0.25 * 26_000 == 416_000
    assert "she tells 10 people" in out and "she tells 20 people" in out
    assert "total loss 221,000 to 416,000" in out
    assert "195,000" in out and "390,000" in out
    for step in cases.smith_chain().steps():
        assert step["label"] in out
        assert step["label_zh"] in out
    assert "史密斯女士" in out and "Seed 001" in out


def test_smith_json_matches_python(capsys):
    data = run_json(capsys, "case", "smith")
    assert data == cases.smith_case().to_dict()
    assert data["low"]["direct_loss"] == 26_000
    assert data["low"]["total_loss"] == 221_000
    assert data["high"]["total_loss"] == 416_000
    assert [s["key"] for s in data["low"]["steps"]][-1] == "total_loss"


def test_smith_options_reach_the_chain(capsys):
    data = run_json(
        capsys,
        "case",
        "smith",
        "--people-told",
        "12",
        "16",
        "--weekly-spend",
        "40",
        "--years",
        "5",
        "--influenced-share",
        "1",
        "--further-influenced",
        "2",
        "--stop-share",
        "0.5",
        "--second-round-only",
    )
    # 40 x 52 x 5 = 10,400; 12 told -> 12 -> 24 further; 24 x 0.5 = 12 lost
    assert data["low"]["direct_loss"] == 40 * 52 * 5 == 10_400
    assert data["low"]["customers_lost"] == 12 * 1 * 2 * 0.5 == 12
    assert data["low"]["total_loss"] == 10_400 + 12 * 10_400
    assert data["high"]["people_told"] == 16
    assert data == (
        cases.smith_case(
            (12, 16),
            weekly_spend=40,
            years=5,
            influenced_share=1,
            further_influenced_each=2,
            stop_share=0.5,
            count_first_round=False,
        ).to_dict()
    )


# --- case reichheld -----------------------------------------------------------


def test_reichheld_table_source_and_readings(capsys):
    code, out, err = run(capsys, "case", "reichheld")
    assert code == 0, err
    for row in cases.REICHHELD_TABLE:
        assert row.industry in out and row.industry_zh in out
        assert f"+{row.npv_increase_pct:g}%" in out
    assert "Zero Defections" in out and "Seed 001" in out
    # constant margins, no AC: no base retention reproduces +75..+95 %
    assert "none" in out
    # advertising: AC at r 0.9 = 2.63 years of margin
    assert "2.63" in out


def test_reichheld_json_matches_python(capsys):
    data = run_json(capsys, "case", "reichheld")
    assert data["source"] == cases.REICHHELD_SOURCE
    assert data["rows"] == cases.reichheld_readings()
    assert [r["npv_increase_pct"] for r in data["rows"]] == [95, 90, 85, 84, 81, 75]
    assert all(r["base_retention_rate"] is None for r in data["rows"])


def test_reichheld_options(capsys):
    data = run_json(
        capsys,
        "case",
        "reichheld",
        "--years",
        "20",
        "--margin-growth",
        "0.05",
        "--discount-rate",
        "0.08",
        "--retention",
        "0.85",
        "--acquisition-cost",
        "2",
    )
    expected = cases.reichheld_readings(
        ec.growing_margins(1.0, 0.05, 20),
        annual_discount_rate=0.08,
        retention_rate=0.85,
        acquisition_cost=2,
    )
    assert data["rows"] == expected
    assert all(r["base_retention_rate"] is not None for r in data["rows"])
    data = run_json(capsys, "case", "reichheld", "--margins", "1", "2", "3")
    assert data["rows"][0]["assumptions"]["margins"] == [1.0, 2.0, 3.0]


# --- case tarp / wom ----------------------------------------------------------


def test_tarp_8_versus_25(capsys):
    code, out, err = run(capsys, "case", "tarp")
    assert code == 0, err
    # one satisfied: 8 deals; one dissatisfied: 25 people; 8 - 25 = -17
    assert "-17" in out and "8 potential deals" in out and "affects 25 people" in out
    assert "满意客户引发的潜在生意" in out
    data = run_json(capsys, "case", "wom", "--satisfied", "100", "--dissatisfied", "10")
    assert data == cases.word_of_mouth_balance(100, 10).to_dict()
    assert data["potential_deals"] == 100 * 8
    assert data["people_affected"] == 10 * 25
    assert data["net_customers"] == 800 - 250


def test_tarp_probabilities_and_value(capsys):
    data = run_json(
        capsys,
        "case",
        "tarp",
        "--satisfied",
        "10",
        "--dissatisfied",
        "2",
        "--conversion",
        "0.5",
        "--loss-prob",
        "0.2",
        "--customer-value",
        "300",
    )
    # 10 x 8 x 0.5 = 40 won; 2 x 25 x 0.2 = 10 lost; (40 - 10) x 300 = 9,000
    assert data["new_customers"] == 40
    assert data["prospects_lost"] == 10
    assert data["net_value"] == 9_000


# --- case kotler ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("customers", "margin", "name", "zh"),
    [
        ("20", "0.4", "partnership", "伙伴式"),
        ("1000000", "0.05", "basic", "基本型"),
        ("5000", "0.2", "accountable", "负责式"),
    ],
)
def test_kotler(capsys, customers, margin, name, zh):
    code, out, err = run(
        capsys, "case", "kotler", "--customers", customers, "--margin-rate", margin
    )
    assert code == 0, err
    assert f"-> {name} relationship ({zh})" in out
    data = run_json(
        capsys, "case", "kotler", "--customers", customers, "--margin-rate", margin
    )
    kind = cases.recommended_relationship(float(customers), float(margin))
    assert data["relationship"] == kind.name.lower() == name
    assert data["relationship_zh"] == kind.chinese == zh
    assert data["code"] == int(kind)


def test_kotler_thresholds(capsys):
    # 500 customers is "many" once many starts at 500: medium margin -> reactive
    data = run_json(
        capsys,
        "case",
        "kotler",
        "--customers",
        "500",
        "--margin-rate",
        "0.2",
        "--many-min",
        "500",
    )
    assert data["relationship"] == "reactive"
    assert data["thresholds"]["many_customers_min"] == 500


# --- case jones-sasser ----------------------------------------------------------


def test_jones_sasser_curves(capsys):
    code, out, err = run(capsys, "case", "jones-sasser")
    assert code == 0, err
    # high: 0.05 + 0.9 * (3/4)**4 = 0.335 at level 4; low: 0.75 + 0.2 * 3/4 = 0.9
    assert "0.335" in out and "0.900" in out
    assert "high competition" in out and "low competition" in out
    data = run_json(capsys, "case", "jones-sasser")
    assert data["levels"] == [1, 2, 3, 4, 5]
    for comp in ("high", "low"):
        expected = cases.satisfaction_loyalty(np.arange(1, 6), comp)
        assert data["loyalty"][comp] == expected.tolist()
    assert data["loyalty"]["high"][3] == pytest.approx(0.05 + 0.9 * 0.75**4)
    assert data["loyalty"]["low"][0] == 0.75 and data["loyalty"]["low"][4] == 0.95


def test_jones_sasser_one_curve_with_own_shape(capsys):
    data = run_json(
        capsys,
        "case",
        "jones-sasser",
        "--competition",
        "high",
        "--levels",
        "1",
        "3",
        "5",
        "--exponent",
        "2",
    )
    assert list(data["loyalty"]) == ["high"]
    # 0.05 + 0.9 * (2/4)**2 = 0.275
    assert data["loyalty"]["high"] == pytest.approx([0.05, 0.275, 0.95])


# --- classify -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attitude", "behaviour", "name", "zh"),
    [
        ("0.8", "0.9", "absolute", "绝对忠诚"),
        ("0.8", "0.3", "latent", "潜在忠诚"),
        ("0.2", "0.9", "inertia", "惯性忠诚"),
        ("0.2", "0.3", "none", "非忠诚"),
    ],
)
def test_classify_loyalty(capsys, attitude, behaviour, name, zh):
    argv = ["classify", "loyalty", "--attitude", attitude, "--behaviour", behaviour]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert f"loyalty type: {name} ({zh})" in out
    data = run_json(capsys, *argv)
    assert data["loyalty_type"] == name and data["loyalty_type_zh"] == zh
    assert data["code"] == int(
        cases.classify_loyalty(float(attitude), float(behaviour))
    )


def test_classify_attachment(capsys):
    argv = ["classify", "attachment", "--preference", "0.9", "--differentiation"]
    code, out, _ = run(capsys, *argv, "0.8")
    assert code == 0 and "attachment: strong (强烈依恋)" in out
    assert run_json(capsys, *argv, "0.1")["attachment"] == "high"
    data = run_json(
        capsys,
        "classify",
        "attachment",
        "--preference",
        "0.4",
        "--differentiation",
        "0.9",
        "--preference-cut",
        "0.3",
    )
    assert data["attachment"] == "strong" and data["code"] == 3


def test_classify_ladder(capsys):
    code, out, err = run(capsys, "classify", "ladder")
    assert code == 0, err
    for k in range(8):
        info = cases.ladder_rung_info(k)
        assert info["name"] in out and info["name_zh"] in out
    assert "客户保留" in out and "客户争取" in out
    assert run_json(capsys, "classify", "ladder", "advocate") == cases.ladder_rung_info(
        "advocate"
    )
    assert run_json(capsys, "classify", "ladder", "2")["focus"] == "acquisition"
    data = run_json(
        capsys,
        "classify",
        "ladder",
        "--stage",
        "stability",
        "--purchases",
        "12",
        "--attitude",
        "0.8",
        "--referrals",
        "2",
        "--bond",
        "1",
    )
    assert data["rung"]["name"] == "advocate" and data["rung"]["index"] == 6
    data = run_json(capsys, "classify", "ladder", "--stage", "prospect", "--referred")
    assert data["rung"]["name"] == "potential buyer"


# --- clv --------------------------------------------------------------------------


def test_clv_closed_form(capsys):
    code, out, err = run(
        capsys, "clv", "--margin", "100", "--retention", "0.8", "--discount-rate", "0.1"
    )
    assert code == 0, err
    # 100 x 0.8 / (1 + 0.1 - 0.8) = 80 / 0.3 = 266.67; multiple 0.8 / 0.3 = 2.67
    assert round(100 * 0.8 / (1 + 0.1 - 0.8), 2) == 266.67
    assert "CLV = m * r / (1 + i - r) - AC" in out
    assert "= 266.67" in out
    assert "margin multiple r / (1 + i - r) = 2.67" in out


def test_clv_closed_form_json(capsys):
    argv = ["clv", "--margin", "100", "--retention", "0.8", "--discount-rate", "0.1"]
    data = run_json(capsys, *argv, "--acquisition-cost", "50")
    assert data["method"] == "closed_form"
    assert data["clv"] == ec.lifetime_value_closed_form(100, 0.8, 0.1, 50)
    assert data["clv"] == pytest.approx(80 / 0.3 - 50)
    assert data["margin_multiple"] == ec.margin_multiple(0.8, 0.1)


def test_clv_finite_horizon(capsys):
    argv = ["clv", "--margin", "100", "--retention", "0.8", "--discount-rate", "0.1"]
    code, out, err = run(capsys, *argv, "--periods", "3")
    assert code == 0, err
    # 100*0.8/1.1 + 100*0.64/1.21 + 100*0.512/1.331 = 164.09
    assert round(80 / 1.1 + 64 / 1.21 + 51.2 / 1.331, 2) == 164.09
    assert "= 164.09" in out and "T = 3" in out
    data = run_json(capsys, *argv, "--periods", "3", "--growth", "0.5")
    assert data["method"] == "finite_horizon"
    # margins 100, 150, 225
    assert data["clv"] == pytest.approx(
        80 / 1.1 + 150 * 0.64 / 1.21 + 225 * 0.512 / 1.331
    )
    assert data["clv"] == ec.lifetime_value([100, 150, 225], 0.8, 0.1)


def test_clv_weekly_margins_with_annual_rates(capsys):
    data = run_json(
        capsys,
        "clv",
        "--margin",
        "10",
        "--retention",
        "0.6",
        "--discount-rate",
        "0.1",
        "--periods",
        "104",
        "--periods-per-year",
        "52",
        "--acquisition-cost",
        "50",
    )
    r = ec.period_retention_rate(0.6, 52)
    i = ec.period_discount_rate(0.1, 52)
    assert data["period_retention_rate"] == r and r**52 == pytest.approx(0.6)
    assert data["period_discount_rate"] == i
    assert data["clv"] == ec.lifetime_value([10.0] * 104, r, i, 50)


def test_clv_full_retention_needs_a_horizon(capsys):
    argv = ["clv", "--margin", "100", "--retention", "1", "--discount-rate", "0.1"]
    data = run_json(capsys, *argv, "--periods", "2")
    # 100 / 1.1 + 100 / 1.21 = 173.55; no infinite-horizon multiple at r = 1
    assert data["clv"] == pytest.approx(100 / 1.1 + 100 / 1.21)
    assert data["margin_multiple"] is None
    code, out, err = run(capsys, *argv)
    assert code == 2 and "--retention=1.0 is invalid" in err and out == ""


# --- value ------------------------------------------------------------------------


def test_value_delivered(capsys):
    argv = [
        "value",
        "delivered",
        "--product-value",
        "100",
        "--service-value",
        "30",
        "--image-value",
        "10",
        "--money-cost",
        "80",
        "--time-cost",
        "15",
    ]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    # (100 + 30 + 10) - (80 + 15) = 140 - 95 = 45
    assert "delivered value = 140 - 95 = 45" in out
    assert "顾客让渡价值" in out and "形象价值" in out
    data = run_json(capsys, *argv)
    expected = ec.delivered_value(
        product_value=100, service_value=30, image_value=10, money_cost=80, time_cost=15
    )
    assert data == expected.to_dict()
    assert data["delivered_value"] == 45


def test_value_base(capsys):
    argv = ["value", "base", "--customers", "5000", "--lost-per-year", "1000"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    # T = 5000 / 1000 = 5 years; churn 1000 / 5000 = 20 %
    assert "T = N / M = 5,000 / 1,000 = 5 years" in out
    assert "20.0%" in out and "80.0%" in out
    data = run_json(capsys, *argv)
    assert data["base_lifecycle_years"] == 5.0 == ec.base_lifecycle_years(5000, 1000)
    assert data["annual_churn_rate"] == 0.2
    assert data["annual_retention_rate"] == 0.8
    # losing more than N a year: T < 1 year, no churn *rate*
    data = run_json(
        capsys, "value", "base", "--customers", "10", "--lost-per-year", "20"
    )
    assert data["base_lifecycle_years"] == 0.5 and data["annual_churn_rate"] is None


# --- bad input --------------------------------------------------------------------


def clv(margin="100", retention="0.8", rate="0.1"):
    return [
        "clv",
        "--margin",
        margin,
        "--retention",
        retention,
        "--discount-rate",
        rate,
    ]


CLV = clv()


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["case", "nope"], "invalid choice: 'nope' (choose from 'smith', 'reichheld'"),
        (["case"], "the following arguments are required: NAME"),
        (["case", "smith", "--weekly-spend", "-1"], "--weekly-spend=-1.0 is invalid"),
        (["case", "smith", "--stop-share", "1.5"], "--stop-share=1.5 is invalid"),
        (["case", "smith", "--stop-share", "lots"], "invalid float value: 'lots'"),
        (["case", "smith", "--further-influenced", "-2"], "--further-influenced=-2.0"),
        (["case", "smith", "--people-told", "20", "10"], "with low <= high"),
        (["case", "smith", "--people-told", "20"], "expected 2 arguments"),
        (["case", "reichheld", "--retention", "0.96"], "allowed a number in [0, 0.95]"),
        (["case", "reichheld", "--discount-rate", "-0.1"], "--discount-rate=-0.1"),
        (["case", "reichheld", "--years", "0"], "--years=0 is invalid"),
        (["case", "reichheld", "--margins", "1", "--years", "3"], "one or the other"),
        (["case", "tarp", "--conversion", "2"], "--conversion=2.0 is invalid"),
        (["case", "wom", "--satisfied", "-1"], "--satisfied=-1.0 is invalid"),
        (["case", "kotler", "--customers", "10"], "required: --margin-rate"),
        (
            ["case", "kotler", "--customers", "-5", "--margin-rate", "0.1"],
            "--customers=-5.0 is invalid",
        ),
        (
            ["case", "kotler", "--customers", "5", "--margin-rate", "2"],
            "--margin-rate=2.0 is invalid: allowed a number in [-1, 1]",
        ),
        (["case", "jones-sasser", "--levels", "0"], "--levels[0]=0.0 is invalid"),
        (["case", "jones-sasser", "--exponent", "0"], "--exponent=0.0 is invalid"),
        (["case", "jones-sasser", "--competition", "mid"], "invalid choice: 'mid'"),
        (["classify", "nope"], "invalid choice: 'nope'"),
        (
            ["classify", "loyalty", "--attitude", "2", "--behaviour", "0"],
            "--attitude=2.0 is invalid: allowed a number in [0, 1]",
        ),
        (
            [
                "classify",
                "attachment",
                "--preference",
                "0.5",
                "--differentiation",
                "-1",
            ],
            "--differentiation=-1.0 is invalid",
        ),
        (["classify", "ladder", "chief"], "RUNG='chief' is invalid"),
        (["classify", "ladder", "9"], "RUNG=9 is invalid"),
        (["classify", "ladder", "--stage", "martian"], "invalid choice: 'martian'"),
        (["classify", "ladder", "--stage", "decline", "--bond", "4"], "--bond=4.0"),
        (["clv", "--margin", "100"], "required: --retention, --discount-rate"),
        (clv(rate="-0.1"), "--discount-rate=-0.1 is invalid"),
        (clv(retention="1"), "allowed a number in [0, 1)"),
        (clv(margin="inf"), "--margin=inf is invalid"),
        ([*CLV, "--acquisition-cost", "-1"], "--acquisition-cost=-1.0 is invalid"),
        ([*CLV, "--periods", "0"], "--periods=0 is invalid: allowed an integer >= 1"),
        ([*CLV, "--periods", "2.5"], "invalid int value: '2.5'"),
        ([*CLV, "--periods", "3", "--growth", "-1"], "--growth=-1.0 is invalid"),
        ([*CLV, "--growth", "0.1"], "--growth was given without --periods"),
        ([*CLV, "--periods-per-year", "0"], "--periods-per-year=0.0 is invalid"),
        (clv(retention="1.2"), "--retention=1.2 is invalid"),
        (["value"], "the following arguments are required: KIND"),
        (["value", "delivered", "--money-cost", "-5"], "--money-cost=-5.0 is invalid"),
        (
            ["value", "base", "--customers", "0", "--lost-per-year", "1"],
            "--customers=0.0 is invalid: allowed a number > 0",
        ),
        (
            ["value", "base", "--customers", "10", "--lost-per-year", "0"],
            "--lost-per-year=0.0 is invalid",
        ),
    ],
)
def test_bad_input_one_line_exit_2(capsys, argv, fragment):
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, *argv, *extra)
        assert code == 2
        assert fragment in err, err
        assert len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
        assert out == ""


def test_annual_retention_validated_before_conversion(capsys):
    code, out, err = run(capsys, *clv(retention="1.2"), "--periods-per-year", "52")
    assert code == 2 and out == ""
    assert err.strip() == (
        "crmsim: error: --retention=1.2 is invalid: allowed a number in [0, 1]"
    )


def test_help_lists_the_groups(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for group in ("case", "classify", "clv", "value"):
        assert f"\n    {group} " in out
    code, out, _ = run(capsys, "case", "--help")
    assert code == 0
    for name in ("smith", "reichheld", "tarp (wom)", "kotler", "jones-sasser"):
        assert name in out
