"""``crmsim export transactions``, in process."""

import pandas as pd

from crmsim.cli import main


def test_export_writes_three_files(tmp_path, capsys):
    out = tmp_path / "base"
    code = main(
        ["export", "transactions", "default", "--weeks", "30", "--customers", "300",
         "--seed", "2", "--calibration-weeks", "20", "--start-date", "2024-01-01",
         "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    assert "purchases by" in capsys.readouterr().out
    log = pd.read_csv(out / "transactions.csv", parse_dates=["date"])
    assert log["date"].min() == pd.Timestamp("2024-01-01")
    rfm = pd.read_csv(out / "rfm.csv")
    assert {"recency_weeks", "T_weeks", "holdout_purchases"} <= set(rfm.columns)
    assert rfm["T_weeks"].max() <= 20
    truth = pd.read_csv(out / "truth.csv")
    assert set(truth["customer_id"]) == set(log["customer_id"])


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    args = ["export", "transactions", "--weeks", "10", "--out", str(tmp_path / "x")]
    assert main([*args, "--calibration-weeks", "11"]) == 2
    err = capsys.readouterr().err
    assert "--calibration-weeks" in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()
    assert main([*args, "--start-date", "soon"]) == 2
    assert "--start-date" in capsys.readouterr().err
    assert main(["export", "transactions", "nosuch", "--out", str(tmp_path)]) == 2
    assert "nosuch" in capsys.readouterr().err


def test_out_is_a_file(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["export", "transactions", "--weeks", "5", "--out", str(f)]) == 2
    assert "--out" in capsys.readouterr().err


def test_trace_is_written_on_request(tmp_path):
    out = tmp_path / "t"
    args = ["export", "transactions", "--weeks", "12", "--customers", "200"]
    assert main([*args, "--trace", "--out", str(out)]) == 0
    trace = pd.read_csv(out / "trace.csv")
    assert trace["purchase_chance"].between(0, 1).all()
    truth = pd.read_csv(out / "truth.csv")
    # a customer won in the last week has no week as a customer to average
    # over: NaN, and only then
    traced = truth["customer_id"].isin(trace["customer_id"])
    assert truth.loc[traced, "purchase_chance_mean"].between(0, 1).all()
    assert truth.loc[~traced, "purchase_chance_mean"].isna().all()
    assert (truth.loc[~traced, "acquired_week"] == 12).all()
    assert not (tmp_path / "u" / "trace.csv").exists()
    assert main([*args, "--out", str(tmp_path / "u")]) == 0
    assert not (tmp_path / "u" / "trace.csv").exists()
