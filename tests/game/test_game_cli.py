"""``crmsim game``: new, status, export in process; what --host exposes."""

import re

import pytest

from crmsim.cli.game import exposure
from crmsim.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_status_export(tmp_path, capsys):
    db = str(tmp_path / "c.sqlite")
    code, out, _ = run(
        capsys, "game", "new", "--db", db, "--teams", "2", "--rounds", "1", "--weeks", "2",
        "--customers", "200", "--warmup", "5", "--rivals", "discounter", "--seed", "4",
        "--lang", "en",
    )  # fmt: skip
    assert code == 0
    key = re.search(r"instructor key .*: (\S+)", out).group(1)
    codes = re.findall(r"Team \d: ([A-Z2-9]{5}-[A-Z2-9]{5})", out)
    assert len(codes) == 2 and "2 teams + 1 computer rivals" in out and "seed 4" in out
    code, out, _ = run(capsys, "game", "status", "--db", db)
    assert code == 0 and "0 of 1 rounds run" in out and "0 of 2 teams joined" in out
    from crmsim.game.service import GameService

    service = GameService(db)
    service.run_round(service.authenticate(key))
    code, out, _ = run(capsys, "game", "status", "--db", db)
    assert "1 of 1 rounds run (finished)" in out
    code, out, _ = run(
        capsys,
        "game",
        "export",
        "--db",
        db,
        "--game",
        "1",
        "--out",
        str(tmp_path / "pack"),
    )
    assert code == 0
    files = {p.name for p in (tmp_path / "pack").iterdir()}
    assert {"round_01.csv", "weekly.csv", "decisions.csv", "leaderboard.csv",
            "market.png", "team_01.png", "team_02.png", "team_03.png"} <= files  # fmt: skip
    assert not [p for p in (tmp_path / "pack").iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(
    "argv, word",
    [
        (["--teams", "0"], "n_teams"),
        (["--rounds", "99"], "rounds"),
        (["--rivals", "robot"], "rivals"),
        (["--preset", "nope"], "preset"),
        (["--budget", "-5"], "budget"),
        (["--teams", "40", "--rivals", "builder"], "n_teams"),
    ],
)
def test_bad_settings_exit_2_with_one_line(tmp_path, capsys, argv, word):
    code, out, err = run(
        capsys, "game", "new", "--db", str(tmp_path / "x.sqlite"), *argv
    )
    assert code == 2 and word in err and err.count("\n") == 1 and "allowed" in err


def test_missing_files_and_bad_ports_exit_2(tmp_path, capsys):
    missing = str(tmp_path / "none.sqlite")
    for argv in (
        ["game", "status", "--db", missing],
        [
            "game",
            "export",
            "--db",
            missing,
            "--game",
            "1",
            "--out",
            str(tmp_path / "o"),
        ],
        ["game", "serve", "--db", missing, "--port", "70000"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == 2 and err.count("\n") == 1, argv
    assert not (tmp_path / "none.sqlite").exists()


def test_export_of_an_unknown_game_exits_2(tmp_path, capsys):
    db = str(tmp_path / "c.sqlite")
    run(
        capsys,
        "game",
        "new",
        "--db",
        db,
        "--teams",
        "1",
        "--customers",
        "100",
        "--warmup",
        "0",
    )
    code, _, err = run(
        capsys,
        "game",
        "export",
        "--db",
        db,
        "--game",
        "9",
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 2 and "no such game: 9" in err


def test_what_host_exposes_is_said():
    assert "this computer only" in exposure("127.0.0.1", 8766)
    assert "this computer only" in exposure("localhost", 8766)
    wide = exposure("0.0.0.0", 8766)
    assert "every network this computer is on" in wide and "join code" in wide
    assert "address 192.168.1.5" in exposure("192.168.1.5", 8766)
