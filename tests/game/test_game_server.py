"""The game over HTTP: who may do what, refusals, rate limits, kill -9, 30 teams at once.

In-process tests use Starlette's test client; the kill and the crowd tests run
``crmsim game serve`` as a real process and talk to it over a socket.
"""

import json
import re
import threading
import urllib.error
import urllib.request
import warnings

import pytest

pytest.importorskip("starlette", reason="crmsim game needs: pip install 'crmsim[game]'")
pytest.importorskip("httpx", reason="starlette's test client needs httpx")

with warnings.catch_warnings():
    # starlette 0.52's test client names anyio.abc.BlockingPortal, which anyio
    # 4.12+ calls deprecated; only the import warns
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient  # noqa: E402

from crmsim.game.server import MAX_BODY_BYTES, MAX_FAILURES, RateLimiter, make_app  # noqa: E402
from crmsim.game.service import GameService  # noqa: E402
from crmsim.model.scenario import MAX_FIRMS  # noqa: E402

TOKEN = "setup-token-for-tests"


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def game(tmp_path, small):
    """A game over HTTP: the client, the instructor's key, three teams' keys."""
    client = TestClient(make_app(tmp_path / "g.sqlite", setup_token=TOKEN))
    made = client.post("/api/games", json=small, headers=bearer(TOKEN))
    assert made.status_code == 201
    made = made.json()
    keys = []
    for code in made["join_codes"]:
        r = client.post(
            "/api/join", json={"code": code["code"], "name": f"T{code['slot']}"}
        )
        assert r.status_code == 201
        keys.append(r.json()["key"])
    with client:
        yield client, made["instructor_key"], keys


def test_pages_and_words_are_served_with_strict_headers(game):
    client, *_ = game
    for path in ("/", "/team", "/instructor", "/static/game.js", "/static/game.css"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY"
    words = client.get("/api/text").json()
    assert words["stage.formation"] == ["formation", "形成期"]
    assert all(len(pair) == 2 for pair in words.values())
    assert client.get("/nowhere").json()["code"] == "not_found"


def test_only_the_setup_token_creates_games(game, small):
    client, boss, keys = game
    for key in (None, "wrong", boss, keys[0]):
        r = client.post("/api/games", json=small, headers=bearer(key) if key else {})
        assert r.status_code == 401


def test_without_a_setup_token_no_game_is_created_over_http(tmp_path, small):
    with TestClient(make_app(tmp_path / "x.sqlite")) as client:
        r = client.post("/api/games", json=small, headers=bearer("anything"))
        assert r.status_code == 401
        assert client.get("/api/options").json()["setup"] is False


def test_a_team_key_reads_and_changes_only_its_own_team(game):
    client, boss, keys = game
    secret_budget = 777.0  # team 1's pending decision, a value nobody else uses
    r = client.post(
        "/api/team/decisions",
        json={"marketing_budget": secret_budget},
        headers=bearer(keys[1]),
    )
    assert r.status_code == 200
    for k in (0, 2):
        seen = [
            client.get(path, headers=bearer(keys[k])).text
            for path in ("/api/team", "/api/leaderboard", "/api/me")
        ]
        assert all("777" not in text for text in seen)
        assert (
            client.get("/api/team", headers=bearer(keys[k])).json()["team"]["slot"] == k
        )
    # the instructor sees it
    view = client.get("/api/instructor", headers=bearer(boss)).json()
    assert view["teams"][1]["decisions"]["marketing_budget"] == secret_budget
    # after the round, still only the leaderboard's results reach other teams
    client.post("/api/instructor/run", headers=bearer(boss))
    other = client.get("/api/team", headers=bearer(keys[0])).json()
    assert "777" not in json.dumps(other)
    assert {row["slot"] for row in other["leaderboard"]} == {0, 1, 2}
    assert [rep["firm"] for rep in other["reports"]] == [0]


def test_a_team_key_cannot_act_as_instructor(game):
    client, boss, keys = game
    t = bearer(keys[0])
    assert client.get("/api/instructor", headers=t).status_code == 403
    assert client.post("/api/instructor/run", headers=t).status_code == 403
    assert (
        client.post(
            "/api/instructor/join-code", json={"slot": 1}, headers=t
        ).status_code
        == 403
    )
    assert client.get("/api/instructor/debrief.zip", headers=t).status_code == 403
    assert client.get("/api/instructor/figure.png?slot=1", headers=t).status_code == 403
    status = client.get("/api/me", headers=bearer(boss)).json()["game"]
    assert status["rounds_run"] == 0


def test_the_instructor_key_cannot_submit_for_a_team(game):
    client, boss, keys = game
    r = client.post(
        "/api/team/decisions", json={"service_quality": 0.7}, headers=bearer(boss)
    )
    assert r.status_code == 403 and r.json()["code"] == "team_only"


def test_a_team_figure_is_always_its_own(game):
    client, boss, keys = game
    client.post("/api/instructor/run", headers=bearer(boss))
    mine = client.get("/api/team/figure.png?slot=2", headers=bearer(keys[0]))
    assert mine.headers["content-type"] == "image/png"
    via_boss = client.get("/api/instructor/figure.png?slot=0", headers=bearer(boss))
    assert mine.content == via_boss.content


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Basic abc"}, bearer("x" * 60)]
)
def test_no_key_or_a_bad_key_gets_nothing(game, headers):
    client, *_ = game
    for path in ("/api/team", "/api/instructor", "/api/leaderboard"):
        r = client.get(path, headers=headers)
        assert r.status_code == 401 and "\n" not in r.json()["error"]


def test_bad_decisions_are_refused_in_one_line_in_the_asked_language(game):
    client, boss, keys = game
    t = bearer(keys[0])
    cases = [
        ({"service_quality": 5}, "service_quality"),
        ({"colour": "red"}, "colour"),
        ({"marketing_budget": 1e12}, "marketing_budget"),
        ({"relationship_level": 0, "contact_budget": 50}, "contact_budget"),
    ]
    for body, word in cases:
        en = client.post("/api/team/decisions", json=body, headers=t)
        zh = client.post("/api/team/decisions", json=body, headers=t | {"X-Lang": "zh"})
        assert en.status_code == zh.status_code == 400
        assert word in en.json()["error"] and "allowed" in en.json()["error"]
        assert "允许" in zh.json()["error"] or "只能" in zh.json()["error"]
    r = client.post("/api/team/decisions", content=b"[1, 2", headers=t)
    assert r.status_code == 400 and r.json()["code"] == "bad_json"
    big = b'{"a": "' + b"x" * MAX_BODY_BYTES + b'"}'
    assert client.post("/api/team/decisions", content=big, headers=t).status_code == 413
    # nothing refused was stored
    view = client.get("/api/instructor", headers=bearer(boss)).json()
    assert not any(team["submitted"] for team in view["teams"])


def test_over_budget_is_refused(game):
    client, boss, keys = game
    budget = client.get("/api/team", headers=bearer(keys[0])).json()["game"]["budget"]
    r = client.post(
        "/api/team/decisions",
        json={
            "relationship_level": 2,
            "marketing_budget": budget,
            "contact_budget": budget,
        },
        headers=bearer(keys[0]),
    )
    assert r.status_code == 400 and r.json()["code"] == "over_budget"


def test_join_attempts_are_rate_limited_per_address(game):
    client, boss, keys = game
    for _ in range(MAX_FAILURES):
        r = client.post("/api/join", json={"code": "AAAAA-AAAAA"})
        assert r.status_code == 403 and r.json()["code"] == "bad_code"
    r = client.post("/api/join", json={"code": "AAAAA-AAAAA"})
    assert r.status_code == 429 and "wait" in r.json()["error"]
    zh = client.post(
        "/api/join", json={"code": "AAAAA-AAAAA"}, headers={"X-Lang": "zh"}
    )
    assert "等待" in zh.json()["error"]
    # bad keys count too, and a blocked address is blocked for keys as well
    assert client.get("/api/team", headers=bearer(keys[0])).status_code == 429


def test_the_rate_limiter_forgets_after_its_window():
    now = [0.0]
    limiter = RateLimiter(max_failures=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.wait("a") == 0
        limiter.failed("a")
    assert limiter.wait("a") > 0 and limiter.wait("b") == 0
    now[0] = 61.0
    assert limiter.wait("a") == 0


def test_a_second_run_click_does_not_run_a_second_round(game):
    client, boss, keys = game
    click = {"round": 1}
    r = client.post("/api/instructor/run", json=click, headers=bearer(boss))
    assert r.json()["rounds_run"] == 1
    again = client.post("/api/instructor/run", json=click, headers=bearer(boss))
    assert again.status_code == 409 and again.json()["code"] == "already_run"
    assert "round 1 has been run already" in again.json()["error"]
    bad = client.post("/api/instructor/run", json={"round": "2"}, headers=bearer(boss))
    assert bad.status_code == 400
    status = client.get("/api/me", headers=bearer(boss)).json()["game"]
    assert status["round"] == 2 and status["rounds_run"] == 1


def test_the_debrief_pack_holds_every_round(game):
    import io
    import zipfile

    client, boss, keys = game
    for _ in range(2):
        client.post("/api/instructor/run", headers=bearer(boss))
    r = client.get("/api/instructor/debrief.zip?lang=zh", headers=bearer(boss))
    names = set(zipfile.ZipFile(io.BytesIO(r.content)).namelist())
    expected = {"round_01.csv", "round_02.csv", "weekly.csv", "decisions.csv",
                "decisions_in_force.csv", "leaderboard.csv", "market.png",
                "team_01.png", "team_02.png", "team_03.png"}  # fmt: skip
    assert {n.split("/", 1)[1] for n in names} == expected


# --- a real server process --------------------------------------------------------------


def call(url, path, key=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        url + path, data=data, method="POST" if data else "GET"
    )
    if key:
        req.add_header("Authorization", f"Bearer {key}")
    if data:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=120) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_server_killed_mid_game_and_restarted_loses_nothing(tmp_path, small, serve):
    db = tmp_path / "game.sqlite"
    made = GameService(db).create_game(small)
    server = serve(db)
    # it says what it exposes (127.0.0.1: nobody else) and gives the setup link
    assert "this computer only" in server.printed()
    assert re.search(r"instructor#setup=\S{20,}", server.printed())
    url, boss = server.url, made["instructor_key"]
    keys = [call(url, "/api/join", body={"code": c["code"]})[1]["key"]
            for c in made["join_codes"]]  # fmt: skip
    plays = [
        {"marketing_budget": 300.0},
        {"service_quality": 0.8},
        {"expectation_level": 0.7},
    ]
    for key, play in zip(keys, plays, strict=True):
        assert call(url, "/api/team/decisions", key, play)[0] == 200
    assert call(url, "/api/instructor/run", boss, {})[0] == 200
    round1 = call(url, "/api/instructor", boss)[1]
    # round 2: two teams submit, then the server dies without any clean-up
    call(
        url,
        "/api/team/decisions",
        keys[0],
        {"relationship_level": 1, "price_discount": 0.1},
    )
    call(url, "/api/team/decisions", keys[2], {"service_quality": 0.55})
    server.kill()
    server = serve(db)
    url = server.url
    after = call(url, "/api/instructor", boss)[1]
    assert after["game"]["round"] == 2 and after["game"]["rounds_run"] == 1
    assert [t["submitted"] for t in after["teams"]] == [True, False, True]
    assert after["teams"][0]["decisions"]["price_discount"] == 0.1
    assert after["teams"][1]["decisions"] == round1["teams"][1]["decisions"]
    assert [t["report"] for t in after["teams"]] == [
        t["report"] for t in round1["teams"]
    ]
    assert call(url, "/api/team", keys[1])[0] == 200  # the teams' keys still work
    assert call(url, "/api/instructor/run", boss, {})[0] == 200
    resumed = call(url, "/api/instructor", boss)[1]
    # the same game played without the kill gives the same round 2
    replay_db = tmp_path / "replay.sqlite"
    service = GameService(replay_db)
    again = service.create_game(small)
    boss2 = service.authenticate(again["instructor_key"])
    teams = [
        service.authenticate(service.join(c["code"])["key"])
        for c in again["join_codes"]
    ]
    for team, play in zip(teams, plays, strict=True):
        service.submit(team, play)
    service.run_round(boss2)
    service.submit(teams[0], {"relationship_level": 1, "price_discount": 0.1})
    service.submit(teams[2], {"service_quality": 0.55})
    service.run_round(boss2)
    replay = service.instructor_view(boss2)
    assert [t["report"] for t in replay["teams"]] == [
        t["report"] for t in resumed["teams"]
    ]


def test_thirty_teams_submitting_at_once_are_all_recorded(tmp_path, small, serve):
    # one game of 30 teams (a class), all submitting at once
    assert MAX_FIRMS >= 30
    db = tmp_path / "crowd.sqlite"
    service = GameService(db)
    games = [service.create_game(dict(small, n_teams=30, n_customers=1000, rounds=2))]
    server = serve(db)
    url = server.url
    teams = [
        (g, code["slot"], call(url, "/api/join", body={"code": code["code"]})[1]["key"])
        for g in games
        for code in g["join_codes"]
    ]
    assert len(teams) == 30
    budget = call(url, "/api/team", teams[0][2])[1]["game"]["budget"]
    wanted = [round(budget * (i + 1) / 40) for i in range(30)]
    start = threading.Barrier(30)
    replies = [None] * 30

    def submit(i):
        start.wait()
        body = {"marketing_budget": wanted[i]}
        replies[i] = call(url, "/api/team/decisions", teams[i][2], body)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(30)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert [r[0] for r in replies] == [200] * 30, replies
    for g in games:
        view = call(url, "/api/instructor", g["instructor_key"])[1]
        assert all(t["submitted"] for t in view["teams"])
        got = {t["slot"]: t["decisions"]["marketing_budget"] for t in view["teams"]}
        assert got == {s: wanted[i] for i, (gg, s, _) in enumerate(teams) if gg is g}
        assert call(url, "/api/instructor/run", g["instructor_key"], {})[0] == 200
    for g in games:
        rows = service.store.all_decisions(g["game_id"])
        assert len(rows) == len(g["join_codes"])
        in_force = json.loads(service.store.round_row(g["game_id"], 1)["effective"])
        mine = [wanted[i] for i, (gg, _, _) in enumerate(teams) if gg is g]
        assert [d["marketing_budget"] for d in in_force] == mine
