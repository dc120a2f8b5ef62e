"""The game's database and rules: atomic, computed once, deterministic, resumable."""

import json
import sqlite3

import pandas as pd
import pytest

from crmsim.game.service import GameService, Settings
from crmsim.game.store import (
    JOIN_ALPHABET,
    GameStore,
    hash_secret,
    new_join_code,
    new_key,
    normalise_code,
    split_key,
)
from crmsim.game.text import GameError


def make_game(tmp_path, small, name="g.sqlite", **changes):
    service = GameService(tmp_path / name)
    made = service.create_game(dict(small, **changes))
    boss = service.authenticate(made["instructor_key"])
    teams = [
        service.authenticate(service.join(c["code"], f"team {c['slot']}")["key"])
        for c in made["join_codes"]
    ]
    return service, made, boss, teams


# --- keys and codes ------------------------------------------------------------------


def test_keys_are_long_random_and_only_their_hash_is_kept(tmp_path, small):
    keys = {new_key()[0] for _ in range(200)}
    assert len(keys) == 200
    key, key_id, digest = new_key()
    kid, secret = split_key(key)
    assert kid == key_id and len(secret) >= 43 and digest == hash_secret(secret)
    service, made, boss, teams = make_game(tmp_path, small)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("g.sqlite*"))
    assert split_key(made["instructor_key"])[1].encode() not in raw
    assert hash_secret(split_key(made["instructor_key"])[1]).encode() in raw


@pytest.mark.parametrize(
    "bad", [None, 3, "", "x", "a.b", "0123456789abcdef.", "x" * 500]
)
def test_malformed_keys_are_nobody(tmp_path, small, bad):
    service, *_ = make_game(tmp_path, small)
    with pytest.raises(GameError) as info:
        service.authenticate(bad)
    assert info.value.status == 401


def test_a_key_with_a_known_id_and_a_wrong_secret_is_nobody(tmp_path, small):
    service, made, *_ = make_game(tmp_path, small)
    kid, secret = split_key(made["instructor_key"])
    with pytest.raises(GameError):
        service.authenticate(f"{kid}.{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}")


def test_join_codes_are_typed_forgivingly():
    code = new_join_code()
    assert len(code) == 11 and all(c in JOIN_ALPHABET for c in code.replace("-", ""))
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert normalise_code("O0I1O-0I1O0") is None  # letters that are never in a code
    assert normalise_code(12345) is None


def test_a_new_join_code_locks_out_the_old_code_and_keys(tmp_path, small):
    service, made, boss, teams = make_game(tmp_path, small)
    old = made["join_codes"][0]["code"]
    old_key = service.join(old)["key"]
    new = service.new_join_code(boss, 0)["code"]
    assert new != old
    with pytest.raises(GameError):
        service.join(old)
    with pytest.raises(GameError):
        service.authenticate(old_key)
    key = service.join(new)["key"]
    assert service.authenticate(key).slot == 0
    with pytest.raises(GameError):
        service.new_join_code(teams[1], 1)  # a team cannot


# --- atomic and once ------------------------------------------------------------------


def test_a_failed_transaction_stores_nothing(tmp_path):
    store = GameStore(tmp_path / "s.sqlite")
    with pytest.raises(RuntimeError), store.transaction() as db:
        db.execute("INSERT INTO games (created, settings) VALUES ('now', '{}')")
        raise RuntimeError("killed half way")
    assert store.games() == []


def test_a_round_is_stored_once(tmp_path, small):
    service, made, boss, teams = make_game(tmp_path, small)
    service.run_round(boss)
    row = service.store.round_row(made["game_id"], 1, state=True)
    again = {k: row[k] for k in ("effective", "reports", "weekly", "state")}
    again["effective"] = json.loads(again["effective"])
    again["reports"] = json.loads(again["reports"])
    with pytest.raises(sqlite3.IntegrityError):
        service.store.finish_round(made["game_id"], 1, again)


def test_no_submission_while_the_round_is_being_run(tmp_path, small):
    service, made, boss, teams = make_game(tmp_path, small)
    assert service.store.start_round(made["game_id"], 1)
    assert not service.store.start_round(made["game_id"], 1)  # a second click
    with pytest.raises(GameError) as info:
        service.submit(teams[0], {"service_quality": 0.7})
    assert info.value.code == "round_closed"
    with pytest.raises(GameError) as info:
        service.run_round(boss)
    assert info.value.code == "round_busy"
    # a restarted server reopens the round; nothing was lost
    assert GameStore(tmp_path / "g.sqlite").recover() == 1
    service.submit(teams[0], {"service_quality": 0.7})
    assert service.run_round(boss)["rounds_run"] == 1


def test_every_submission_is_kept_and_the_latest_counts(tmp_path, small):
    service, made, boss, teams = make_game(tmp_path, small)
    for q in (0.6, 0.7, 0.8):
        service.submit(teams[1], {"service_quality": q})
    rows = service.store.all_decisions(made["game_id"])
    assert [json.loads(r["payload"])["service_quality"] for r in rows] == [
        0.6,
        0.7,
        0.8,
    ]
    service.run_round(boss)
    in_force = json.loads(service.store.round_row(made["game_id"], 1)["effective"])
    assert in_force[1]["service_quality"] == 0.8


def test_a_team_that_does_not_submit_keeps_last_rounds_decisions(tmp_path, small):
    service, made, boss, teams = make_game(tmp_path, small)
    service.submit(teams[2], {"relationship_level": 2, "contact_budget": 100})
    service.run_round(boss)
    service.run_round(boss)  # team 2 submitted nothing for round 2
    r1, r2 = (
        json.loads(service.store.round_row(made["game_id"], r)["effective"])
        for r in (1, 2)
    )
    assert r2[2] == r1[2] and r1[2]["contact_budget"] == 100
    assert service.current_decisions(teams[2])["decisions"] == r1[2]


def test_a_finished_game_takes_nothing_more(tmp_path, small):
    service, made, boss, teams = make_game(tmp_path, small, rounds=1)
    service.run_round(boss)
    for act in (lambda: service.run_round(boss), lambda: service.submit(teams[0], {})):
        with pytest.raises(GameError) as info:
            act()
        assert info.value.code == "game_over"


# --- deterministic ----------------------------------------------------------------------

PLAYS = [
    {"relationship_level": 3, "service_quality": 0.75, "marketing_budget": 200},
    {"relationship_level": 1, "price_discount": 0.2, "marketing_budget": 600},
    {"expectation_level": 0.7, "marketing_budget": 400},
]


def _play(tmp_path, small, name, order, **changes):
    service, made, boss, teams = make_game(tmp_path, small, name=name, **changes)
    for _ in range(2):
        for k in order:
            service.submit(teams[k], PLAYS[k])
        service.run_round(boss)
    rows = service.store.round_rows(made["game_id"])
    return [(r["weekly"], json.loads(r["reports"])) for r in rows[1:]]


def test_same_seed_same_market_whatever_the_order_of_submissions(tmp_path, small):
    a = _play(tmp_path, small, "a.sqlite", [0, 1, 2])
    b = _play(tmp_path, small, "b.sqlite", [2, 0, 1])
    assert a == b
    c = _play(tmp_path, small, "c.sqlite", [0, 1, 2], seed=small["seed"] + 1)
    assert c != a


def test_reports_add_up(tmp_path, small):
    service, made, boss, teams = make_game(
        tmp_path, small, rivals=["discounter", "builder"]
    )
    for _ in range(2):
        service.run_round(boss)
    weekly = pd.concat(
        pd.read_csv(__import__("io").StringIO(r["weekly"]))
        for r in service.store.round_rows(made["game_id"])[1:]
    )
    n_firms = small["n_teams"] + 2
    assert sorted(weekly["firm"].unique()) == list(range(n_firms))
    shares = weekly.groupby("week")["market_share"].sum()
    assert shares.to_numpy() == pytest.approx(1.0)
    view = service.instructor_view(boss)
    profits = []
    for team in view["teams"]:
        rep = team["report"]
        assert sum(rep["by_stage"].values()) == rep["customers"]
        assert sum(rep["loyalty_mix"].values()) == rep["customers"]
        assert rep["revenue"] - rep["costs"] == pytest.approx(rep["profit"], abs=0.02)
        assert rep["retention"] is None or 0 <= rep["retention"] <= 1
        profits.append(rep["cumulative_profit"])
    board = view["leaderboard"]
    assert [r["rank"] for r in board] == list(range(1, n_firms + 1))
    equity = [r["customer_equity"] for r in board]
    assert equity == sorted(equity, reverse=True)


def test_a_restarted_service_resumes_at_the_same_round(tmp_path, small):
    service, made, boss, teams = make_game(tmp_path, small)
    service.submit(teams[0], PLAYS[0])
    service.run_round(boss)
    service.submit(teams[1], PLAYS[1])
    again = GameService(tmp_path / "g.sqlite")
    boss2 = again.authenticate(made["instructor_key"])
    view = again.instructor_view(boss2)
    assert view["game"]["round"] == 2
    assert [t["submitted"] for t in view["teams"]] == [False, True, False]
    assert view["teams"][1]["decisions"]["price_discount"] == 0.2


def test_settings_are_checked_in_one_line(tmp_path):
    for bad, word in [
        ({"n_teams": 0}, "n_teams"),
        ({"rounds": 2.5}, "rounds"),
        ({"preset": "cdnow"}, "preset"),
        ({"lang": "fr"}, "lang"),
        ({"rivals": ["robot"]}, "rivals"),
        ({"budget": -1}, "budget"),
        ({"budget": True}, "budget"),
        ({"colour": 1}, "colour"),
    ]:
        with pytest.raises(GameError) as info:
            Settings.from_mapping(bad)
        assert word in str(info.value) and "\n" not in str(info.value)


def test_figures_draw_any_printable_team_name(tmp_path, small):
    service = GameService(tmp_path / "f.sqlite")
    made = service.create_game(dict(small, n_teams=2, rounds=1))
    boss = service.authenticate(made["instructor_key"])
    for code, name in zip(made["join_codes"], ["$x^2$ & {y}", "团队 <b>"], strict=True):
        service.join(code["code"], name)
    service.run_round(boss)
    for slot in (0, 1, None):
        png = service.figure(boss, slot, "en")
        assert png.startswith(b"\x89PNG")
