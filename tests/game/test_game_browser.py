"""The game in real browsers: one instructor and three teams play three rounds.

Headless Chromium (Debian's, never ``playwright install``) with four browser
contexts -- four people with their own storage -- against ``crmsim game
serve`` in its own process. The instructor creates the game from the
private setup link, the teams join with their codes (one in Chinese, one on
a phone-sized screen), submit, see their reports and the leaderboard; a bad
decision is refused on the page; the debrief pack downloads.

``CRMSIM_SCREENSHOT_DIR=docs/img`` keeps the README's screenshots.
"""

import io
import os
import re
import zipfile
from pathlib import Path

TIMEOUT_MS = 90_000
SHOTS = os.environ.get("CRMSIM_SCREENSHOT_DIR")
ENGLISH_WORDS = re.compile(
    r"\b(Round|Submit|Customers|Leaderboard|Team|Market share)\b"
)


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def setup_link(server) -> str:
    match = re.search(r"create a game \(private link\): (\S+)", server.printed())
    assert match, server.printed()
    return match.group(1)


def test_an_instructor_and_three_teams_play_three_rounds(browser, tmp_path, serve):
    play(browser, serve(tmp_path / "class.sqlite"))


def play(browser, server):
    # bypass_csp: Playwright's own waiting code is evaluated from strings, which
    # the pages' Content-Security-Policy (script-src 'self') rightly forbids
    boss_ctx = browser.new_context(
        viewport={"width": 1400, "height": 900}, locale="en-GB", bypass_csp=True
    )
    boss = boss_ctx.new_page()
    boss.set_default_timeout(TIMEOUT_MS)
    boss.goto(setup_link(server))
    boss.wait_for_selector("#setup")
    assert "#setup=" not in boss.url  # the token leaves the address bar at once
    boss.fill("#s-n_teams", "3")
    boss.fill("#s-rounds", "3")
    boss.fill("#s-weeks_per_round", "3")
    boss.fill("#s-n_customers", "300")
    boss.select_option("#s-lang", "en")
    boss.check("#s-rivals input[value=builder]")
    boss.click("#create-btn")
    boss.wait_for_selector("#instructor-key-out")
    codes = [c.inner_text() for c in boss.locator("#codes .secret").all()]
    assert len(codes) == 3 and all(
        re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", c) for c in codes
    )
    assert "Round 1 of 3" in boss.inner_text("#status")
    teams_table = boss.inner_text("#teams")
    assert "relationship builder" in teams_table

    # three team members, each on their own device
    sizes = [{"width": 1280, "height": 900}, {"width": 1280, "height": 900},
             {"width": 390, "height": 844}]  # fmt: skip
    names = ["Alpha", "北京队", "Gamma"]
    teams = []
    for k in range(3):
        ctx = browser.new_context(viewport=sizes[k], bypass_csp=True)
        page = ctx.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server.url + "/")
        page.wait_for_selector("#join-form")
        if k == 1:  # this team reads Chinese
            page.click("#lang-btn")
            page.wait_for_function(
                # the page is drawn again in Chinese: the button may be absent a moment
                "document.getElementById('join-btn')?.textContent === '加入'"
            )
        if k == 0:  # a mistyped code first: refused on the page, in one line
            page.fill("#join-code", "AAAAA-AAAAA")
            page.click("#join-btn")
            page.wait_for_selector("#message.error")
            assert "join code not recognised" in page.inner_text("#message")
        page.fill("#join-code", codes[k].lower())
        page.fill("#team-name", names[k])
        page.click("#join-btn")
        page.wait_for_url("**/team")
        page.wait_for_selector("#decisions")
        teams.append(page)
    assert "北京队" in teams[1].inner_text("#team-title")
    assert ENGLISH_WORDS.search(teams[1].inner_text("body")) is None

    # a decision out of range is refused by the server, on the page
    teams[0].fill("#d-service_quality", "2")
    teams[0].click("#submit-btn")
    teams[0].wait_for_selector("#message.error")
    assert "service_quality" in teams[0].inner_text("#message")
    assert "0.4 to 0.9" in teams[0].inner_text("#message")

    plays = [
        [
            {"relationship_level": "3", "service_quality": "0.75"},
            {"marketing_budget": "100"},
            None,
        ],
        [
            {"relationship_level": "1", "price_discount": "0.15"},
            None,
            {"price_discount": "0.05"},
        ],
        [None, {"expectation_level": "0.7"}, {"service_quality": "0.6"}],
    ]
    for r in range(3):
        for k, page in enumerate(teams):
            play = plays[k][r]
            if play is None:
                continue  # this team keeps last round's decisions
            for name, value in play.items():
                if name.endswith("_level") and name != "expectation_level":
                    page.select_option(f"#d-{name}", value)
                else:
                    page.fill(f"#d-{name}", value)
            page.click("#submit-btn")
            page.wait_for_selector("#message.ok")
            assert ("saved" in page.inner_text("#message")) or (
                "已保存" in page.inner_text("#message")
            )
        boss.reload()
        boss.wait_for_selector("#teams")
        submitted = boss.inner_text("#teams")
        assert submitted.count("keeps last decisions") == sum(
            p[r] is None for p in plays
        )
        if r == 0:
            shot(boss, "game_console_round1.png")
        boss.click("#run-btn")
        done = f"Round {r + 2} of 3" if r < 2 else "The game is over"
        boss.wait_for_function(
            f"document.getElementById('status') && "
            f"document.getElementById('status').textContent.includes({done!r})"
        )
        for k, page in enumerate(teams):
            page.wait_for_function(
                "document.getElementById('history') && "
                f"document.querySelectorAll('#history tr').length === {r + 2}"
            )
            board = page.inner_text("#leaderboard")
            for name in names:
                assert name in board
            assert names[(k + 1) % 3] not in page.inner_text("#report")

    # the end: reports, the board, figures; Chinese stays Chinese
    for page in teams:
        page.wait_for_function("document.getElementById('figure')?.naturalWidth > 0")
    assert "游戏已结束" in teams[1].inner_text("#status")
    assert ENGLISH_WORDS.search(teams[1].inner_text("body")) is None
    assert "形成期" in teams[1].inner_text("#report")
    assert "Customer equity" in teams[0].inner_text("#report")
    boss.wait_for_function("document.getElementById('market-figure')?.naturalWidth > 0")
    shot(teams[0], "game_team_en.png")
    shot(teams[1], "game_team_zh.png")
    shot(teams[2], "game_team_phone.png")
    shot(boss, "game_console_end.png")
    with boss.expect_download() as info:
        boss.click("#export-btn")
    pack = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    files = {name.split("/", 1)[1] for name in pack.namelist()}
    assert {"round_01.csv", "round_02.csv", "round_03.csv", "market.png"} <= files
    assert {f"team_{k:02d}.png" for k in range(1, 5)} <= files
    decisions = pack.read(
        next(n for n in pack.namelist() if n.endswith("/decisions.csv"))
    )
    # every submission kept: 6 plays (the refused one is not a submission)
    assert decisions.decode().count("\n") == 1 + sum(
        p is not None for row in plays for p in row
    )
