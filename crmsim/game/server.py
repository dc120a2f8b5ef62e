"""The game's web server: a JSON API and three pages, on Starlette.

Pages (``/``, ``/team``, ``/instructor``) are static HTML with one script
(``/static/game.js``) that talks to the JSON API below; every word comes
from ``/api/text`` (:data:`crmsim.game.text.TEXT` and the course's labels),
in Chinese or English.

API (keys go in ``Authorization: Bearer <key>``, never in a URL)

====================================  ==========================  ===================
request                               needs                       does
====================================  ==========================  ===================
``GET  /api/text``                    nothing                     every word, zh, en
``GET  /api/options``                 nothing                     presets, strategies
``POST /api/games``                   the server's setup token    create a game
``POST /api/join``                    a join code (rate-limited)  a new team key
``GET  /api/me``                      any key                     who the key is
``GET  /api/team``                    a team key                  the team's page
``POST /api/team/decisions``          a team key                  submit decisions
``GET  /api/team/figure.png``         a team key                  its own figure
``GET  /api/leaderboard``             any key of the game         the board
``GET  /api/instructor``              the instructor key          all teams
``POST /api/instructor/run``          the instructor key          run the round
``POST /api/instructor/join-code``    the instructor key          a team's new code
``GET  /api/instructor/figure.png``   the instructor key          a team's, the market's
``GET  /api/instructor/debrief.zip``  the instructor key          the debrief pack
====================================  ==========================  ===================

Refusals are JSON ``{"error": one line, "code": ...}`` in the language the
request asks for (``X-Lang: zh`` / ``?lang=zh``), with a 4xx status. Failed
joins and failed keys are counted per client address: past
:data:`MAX_FAILURES` in :data:`WINDOW_SECONDS`, the address waits (429).
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections import deque
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from crmsim.game.rivals import STRATEGIES
from crmsim.game.service import GAME_PRESETS, GameService, Principal
from crmsim.game.text import TEXT, GameError, refuse

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_FAILURES",
    "WINDOW_SECONDS",
    "RateLimiter",
    "make_app",
]

MAX_BODY_BYTES = 16_384
"""Largest request body read (a team's decisions are some 300 bytes)."""

MAX_FAILURES = 10
"""Failed joins or keys one client address may make in :data:`WINDOW_SECONDS`."""

WINDOW_SECONDS = 60.0
"""The rate limiter's window."""

_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; "
        "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class RateLimiter:
    """Failures per client address in a sliding window (in memory)."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window: float = WINDOW_SECONDS,
        clock=time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        q = self._failures.setdefault(client, deque())
        cutoff = self.clock() - self.window
        while q and q[0] <= cutoff:
            q.popleft()
        return q

    def wait(self, client: str) -> int:
        """Seconds ``client`` must wait before trying again (0: go ahead)."""
        with self._lock:
            q = self._recent(client)
            if len(q) < self.max_failures:
                return 0
            return max(1, int(q[0] + self.window - self.clock()) + 1)

    def failed(self, client: str) -> None:
        """Count a failure of ``client``."""
        with self._lock:
            self._recent(client).append(self.clock())


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.headers.get("x-lang") or ""
    return "zh" if lang.lower().startswith("zh") else "en"


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=_HEADERS)


def _error(exc: GameError, lang: str) -> JSONResponse:
    return _json({"error": exc.message(lang), "code": exc.code}, exc.status)


def _static(name: str) -> bytes:
    return resources.files("crmsim.game").joinpath("static", name).read_bytes()


def make_app(db: str | Path, setup_token: str | None = None) -> Starlette:
    """The game's web application over the database ``db``.

    Parameters
    ----------
    db : str or Path
        The SQLite file (created if missing). Rounds a killed server was
        running are reopened (:meth:`GameStore.recover`).
    setup_token : str, optional
        The secret that may create games over HTTP (``crmsim game serve``
        prints a link with it); ``None``: games are created only with
        ``crmsim game new``.
    """
    service = GameService(db)
    service.store.recover()
    limiter = RateLimiter()

    async def body(request: Request) -> Any:
        declared = request.headers.get("content-length")
        if (
            declared is not None
            and declared.isdigit()
            and int(declared) > MAX_BODY_BYTES
        ):
            raise refuse("too_big", 413, limit=MAX_BODY_BYTES)
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY_BYTES:
                raise refuse("too_big", 413, limit=MAX_BODY_BYTES)
        try:
            data = json.loads(raw or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise refuse("bad_json") from None
        if not isinstance(data, dict):
            raise refuse("bad_json")
        return data

    def client(request: Request) -> str:
        return request.client.host if request.client else "?"

    def bearer(request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None

    def checked_wait(request: Request) -> None:
        wait = limiter.wait(client(request))
        if wait:
            raise refuse("rate_limited", 429, seconds=wait)

    async def principal(request: Request) -> Principal:
        checked_wait(request)
        key = bearer(request)
        if key is None:
            raise refuse("no_key", 401)
        try:
            return await run_in_threadpool(service.authenticate, key)
        except GameError:
            limiter.failed(client(request))
            raise

    def endpoint(handler):
        async def wrapped(request: Request) -> Response:
            try:
                return await handler(request)
            except GameError as exc:
                return _error(exc, _lang(request))

        return wrapped

    # --- pages ---------------------------------------------------------------------

    def page(name: str):
        # the three pages are one HTML shell; game.js builds the named one
        html = _static("page.html").replace(b"{page}", name.encode())

        async def serve(request: Request) -> Response:
            return Response(
                html, media_type="text/html; charset=utf-8", headers=_HEADERS
            )

        return serve

    def asset(name: str, media: str):
        async def serve(request: Request) -> Response:
            return Response(_static(name), media_type=media, headers=_HEADERS)

        return serve

    # --- open to everyone --------------------------------------------------------

    async def text(request: Request) -> Response:
        from crmsim.model.rules import ACTIVE_STAGES
        from crmsim.presentation.labels import label

        words = {key: list(pair) for key, pair in TEXT.items()}
        for stage in ACTIVE_STAGES:
            words[f"stage.{stage.name.lower()}"] = [
                label(stage, "en"),
                label(stage, "zh"),
            ]
        for kind in ("none", "inertia", "latent", "absolute"):
            words[f"loyalty.{kind}"] = [label(kind, "en"), label(kind, "zh")]
        return _json(words)

    async def options(request: Request) -> Response:
        return _json(
            {
                "presets": list(GAME_PRESETS),
                "strategies": list(STRATEGIES),
                "setup": setup_token is not None,
            }
        )

    async def create(request: Request) -> Response:
        checked_wait(request)
        token = bearer(request) or ""
        if setup_token is None or not hmac.compare_digest(
            token.encode(), setup_token.encode()
        ):
            limiter.failed(client(request))
            raise refuse("bad_key", 401)
        data = await body(request)
        made = await run_in_threadpool(service.create_game, data)
        return _json(made, 201)

    async def join(request: Request) -> Response:
        checked_wait(request)
        data = await body(request)
        try:
            joined = await run_in_threadpool(
                service.join, data.get("code"), data.get("name")
            )
        except GameError as exc:
            if exc.code == "bad_code":
                limiter.failed(client(request))
            raise
        return _json(joined, 201)

    # --- any key ---------------------------------------------------------------------

    async def me(request: Request) -> Response:
        who = await principal(request)
        status = await run_in_threadpool(service._status, who.game_id)
        return _json(
            {"role": who.role, "game_id": who.game_id, "slot": who.slot, "game": status}
        )

    async def leaderboard(request: Request) -> Response:
        who = await principal(request)
        return _json(await run_in_threadpool(service.leaderboard, who))

    # --- a team -----------------------------------------------------------------------

    async def team(request: Request) -> Response:
        who = await principal(request)
        return _json(await run_in_threadpool(service.team_view, who))

    async def submit(request: Request) -> Response:
        who = await principal(request)
        data = await body(request)
        return _json(await run_in_threadpool(service.submit, who, data))

    async def team_figure(request: Request) -> Response:
        who = await principal(request)
        if who.role != "team":
            raise refuse("team_only", 403)
        png = await run_in_threadpool(service.figure, who, None, _lang(request))
        return Response(png, media_type="image/png", headers=_HEADERS)

    # --- the instructor ---------------------------------------------------------

    async def console(request: Request) -> Response:
        who = await principal(request)
        return _json(await run_in_threadpool(service.instructor_view, who))

    async def run(request: Request) -> Response:
        who = await principal(request)
        data = await body(request)
        return _json(await run_in_threadpool(service.run_round, who, data.get("round")))

    async def join_code(request: Request) -> Response:
        who = await principal(request)
        data = await body(request)
        return _json(
            await run_in_threadpool(service.new_join_code, who, data.get("slot"))
        )

    async def figure(request: Request) -> Response:
        who = await principal(request)
        if not who.is_instructor:
            raise refuse("instructor_only", 403)
        raw = request.query_params.get("slot")
        slot: Any = None
        if raw not in (None, ""):
            slot = int(raw) if raw.isdigit() else raw
        png = await run_in_threadpool(service.figure, who, slot, _lang(request))
        return Response(png, media_type="image/png", headers=_HEADERS)

    async def debrief(request: Request) -> Response:
        who = await principal(request)
        data = await run_in_threadpool(service.debrief_zip, who, _lang(request))
        headers = _HEADERS | {
            "Content-Disposition": (
                f'attachment; filename="game_{who.game_id}_debrief.zip"'
            )
        }
        return Response(data, media_type="application/zip", headers=headers)

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(
            refuse("not_found", 404, path=request.url.path[:80]), _lang(request)
        )

    routes = [
        Route("/", page("index")),
        Route("/team", page("team")),
        Route("/instructor", page("instructor")),
        Route("/static/game.js", asset("game.js", "text/javascript; charset=utf-8")),
        Route("/static/game.css", asset("game.css", "text/css; charset=utf-8")),
        Route("/api/text", endpoint(text)),
        Route("/api/options", endpoint(options)),
        Route("/api/games", endpoint(create), methods=["POST"]),
        Route("/api/join", endpoint(join), methods=["POST"]),
        Route("/api/me", endpoint(me)),
        Route("/api/leaderboard", endpoint(leaderboard)),
        Route("/api/team", endpoint(team)),
        Route("/api/team/decisions", endpoint(submit), methods=["POST"]),
        Route("/api/team/figure.png", endpoint(team_figure)),
        Route("/api/instructor", endpoint(console)),
        Route("/api/instructor/run", endpoint(run), methods=["POST"]),
        Route("/api/instructor/join-code", endpoint(join_code), methods=["POST"]),
        Route("/api/instructor/figure.png", endpoint(figure)),
        Route("/api/instructor/debrief.zip", endpoint(debrief)),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    app.state.service = service
    app.state.limiter = limiter
    return app
