"""The game's rules over its database: create, join, submit, run a round, report.

:class:`GameService` is what the HTTP server and the CLI call; it knows no
HTTP. Every method that acts for somebody takes a :class:`Principal` (what
a key proved: this game's instructor, or this game's team in slot *k*) and
returns plain dicts ready for JSON.

Who sees what
-------------
- a team: its own decisions (pending and past), its own reports, the
  leaderboard (customer equity, market share, cumulative profit of every
  firm after the rounds run); never another team's decisions;
- the instructor: everything, including every team's pending decisions.

Determinism
-----------
The market of a game is built once from its seed (round 0, stored). A
round applies every firm's decisions in slot order -- the latest
submission of each team for that round, else what the team had in force --
to the market stored after the previous round, so the same seed and the
same decisions give the same market, whatever order the submissions came
in. A round is stored once (``rounds`` primary key).
"""

from __future__ import annotations

import io
import json
import math
import secrets
import sqlite3
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from crmsim.game import market as mk
from crmsim.game.decisions import DECISION_NAMES, RANGES, check_decisions
from crmsim.game.rivals import STRATEGIES, rival_decisions
from crmsim.game.store import GameStore, normalise_code
from crmsim.game.text import GAME_LANGUAGES, GameError, refuse, t
from crmsim.model.scenario import MAX_FIRMS, PRESETS

__all__ = ["GAME_PRESETS", "GameService", "Principal", "Settings"]

GAME_PRESETS = tuple(name for name in PRESETS if name != "cdnow")
"""Markets a game can be played in (not the closed CDNOW cohort: nobody to win)."""

_MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Settings:
    """What the instructor chooses when creating a game.

    ``budget`` ``None`` takes :func:`crmsim.game.market.default_budget`;
    ``seed`` ``None`` draws one (stored, so the game can be replayed).
    """

    preset: str = "default"
    n_teams: int = 4
    rounds: int = 6
    weeks_per_round: int = 8
    budget: float | None = None
    lang: str = "zh"
    rivals: tuple[str, ...] = ()
    n_customers: int | None = None
    seed: int | None = None
    warmup_weeks: int = 52

    @classmethod
    def from_mapping(cls, data: Any) -> Settings:
        """Checked settings from a mapping (a JSON body, CLI options).

        Raises
        ------
        GameError
            One line naming the first bad setting and what is allowed.
        """
        if not isinstance(data, Mapping):
            raise refuse("bad_json")
        names = {f for f in cls.__dataclass_fields__}
        for key in data:
            if key not in names:
                raise refuse(
                    "setting", name=key, shown="…", allowed=", ".join(sorted(names))
                )
        d = {k: v for k, v in data.items() if v is not None}
        preset_name = d.get("preset", "default")
        if preset_name not in GAME_PRESETS:
            raise _bad("preset", preset_name, ", ".join(GAME_PRESETS))
        lang = d.get("lang", "zh")
        if lang not in GAME_LANGUAGES:
            raise _bad("lang", lang, "zh, en")
        rivals = d.get("rivals", ())
        if isinstance(rivals, str):
            rivals = tuple(r for r in rivals.split(",") if r.strip())
        if not isinstance(rivals, (list, tuple)) or len(rivals) > 4:
            raise _bad("rivals", rivals, f"up to 4 of {', '.join(STRATEGIES)}")
        rivals = tuple(str(r).strip() for r in rivals)
        for r in rivals:
            if r not in STRATEGIES:
                raise _bad("rivals", r, f"up to 4 of {', '.join(STRATEGIES)}")
        n_teams = _whole(d, "n_teams", 4, 1, MAX_FIRMS - len(rivals))
        rounds = _whole(d, "rounds", 6, 1, 20)
        weeks = _whole(d, "weeks_per_round", 8, 1, 52)
        warmup = _whole(d, "warmup_weeks", 52, 0, 520)
        n_firms = n_teams + len(rivals)
        n_customers = _whole(d, "n_customers", max(1000, 150 * n_firms), 100, 50_000)
        seed = _whole(d, "seed", None, 0, _MAX_SEED)
        budget = d.get("budget")
        if budget is not None and not (
            isinstance(budget, (int, float))
            and not isinstance(budget, bool)
            and math.isfinite(budget)
            and 0 < budget <= 1e9
        ):
            raise _bad("budget", budget, "a number of money above 0, at most 1e9")
        return cls(
            preset=preset_name,
            n_teams=n_teams,
            rounds=rounds,
            weeks_per_round=weeks,
            budget=None if budget is None else float(budget),
            lang=lang,
            rivals=rivals,
            n_customers=n_customers,
            seed=seed,
            warmup_weeks=warmup,
        )


def _bad(name: str, value: Any, allowed: str) -> GameError:
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return refuse("setting", name=name, shown=shown, allowed=allowed)


def _whole(d: Mapping, name: str, default, lo: int, hi: int):
    value = d.get(name, default)
    if value is None:
        return None
    ok = (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and float(value).is_integer()
        and lo <= value <= hi
    )
    if not ok:
        raise _bad(name, value, f"a whole number from {lo} to {hi}")
    return int(value)


@dataclass(frozen=True)
class Principal:
    """Who a key proved to be."""

    game_id: int
    role: str  # "instructor" or "team"
    team_id: int | None = None
    slot: int | None = None
    key_id: str | None = None

    @property
    def is_instructor(self) -> bool:
        """True for the game's instructor key."""
        return self.role == "instructor"


@dataclass
class _Game:
    """A game's settings and the scenario they make (cached per game)."""

    id: int
    settings: dict[str, Any]
    scenario: Any = field(repr=False)

    @property
    def weeks(self) -> int:
        return int(self.settings["weeks_per_round"])

    @property
    def budget(self) -> float:
        return float(self.settings["budget"])


class GameService:
    """The game's rules over a :class:`~crmsim.game.store.GameStore`.

    Parameters
    ----------
    path : str or Path
        The SQLite file of the games.
    """

    def __init__(self, path: str | Path) -> None:
        self.store = GameStore(path)
        self._games: dict[int, _Game] = {}
        self._lock = threading.Lock()

    # --- games ----------------------------------------------------------------

    def _game(self, game_id: int) -> _Game:
        cached = self._games.get(game_id)
        if cached is not None:
            return cached
        row = self.store.game(game_id)
        if row is None:
            raise refuse("no_game", 404, game=game_id)
        s = json.loads(row["settings"])
        scenario = mk.game_scenario(
            s["preset"],
            s["firm_names"],
            n_customers=s["n_customers"],
            rounds=s["rounds"],
            weeks_per_round=s["weeks_per_round"],
            warmup_weeks=s["warmup_weeks"],
        )
        game = _Game(game_id, s, scenario)
        self._games[game_id] = game
        return game

    def create_game(self, settings: Settings | Mapping[str, Any]) -> dict[str, Any]:
        """Create a game: its market (round 0), teams, keys and join codes.

        Returns
        -------
        dict
            ``game_id``, ``instructor_key`` (shown once: only its hash is
            kept), ``join_codes`` (``[{"slot", "name", "code"}]``) and the
            settings in force (budget and seed filled in).
        """
        if not isinstance(settings, Settings):
            settings = Settings.from_mapping(settings)
        lang = settings.lang
        names = [f"{t('team', lang)} {k + 1}" for k in range(settings.n_teams)]
        names += [
            f"{t('computer', lang)}: {t('strategy.' + r, lang)}"
            for r in settings.rivals
        ]
        seed = settings.seed if settings.seed is not None else secrets.randbits(32)
        s = asdict(settings) | {"seed": seed, "firm_names": names}
        s["rivals"] = list(settings.rivals)
        scenario = mk.game_scenario(
            settings.preset,
            names,
            n_customers=settings.n_customers,
            rounds=settings.rounds,
            weeks_per_round=settings.weeks_per_round,
            warmup_weeks=settings.warmup_weeks,
        )
        if settings.budget is None:
            s["budget"] = mk.default_budget(
                scenario, len(names), settings.weeks_per_round
            )
        market = mk.Market(scenario, seed, settings.weeks_per_round)
        positions = market.positions()
        game = _Game(0, s, scenario)
        effective = [
            self._starting_decisions(game, k, positions[k]) for k in range(len(names))
        ]
        teams = [
            {"slot": k, "name": names[k], "kind": "student"}
            for k in range(settings.n_teams)
        ] + [
            {"slot": settings.n_teams + j, "name": names[settings.n_teams + j],
             "kind": "computer", "strategy": r}
            for j, r in enumerate(settings.rivals)
        ]  # fmt: skip
        round0 = {
            "effective": effective,
            "reports": {"teams": [], "positions": [_pos(p) for p in positions]},
            "weekly": "",
            "state": market.dumps(),
        }
        game_id, key, codes = self.store.add_game(s, teams, round0)
        return {
            "game_id": game_id,
            "instructor_key": key,
            "join_codes": [
                {"slot": k, "name": names[k], "code": codes[k]} for k in sorted(codes)
            ],
            "settings": s,
        }

    def _starting_decisions(self, game: _Game, slot: int, position) -> dict:
        rivals = game.settings["rivals"]
        n_teams = game.settings["n_teams"]
        if slot >= n_teams:
            return rival_decisions(
                rivals[slot - n_teams], position, game.scenario, game.weeks, game.budget
            )
        return mk.default_decisions(game.scenario, position, game.weeks, game.budget)

    # --- keys -------------------------------------------------------------------

    def join(self, code: Any, name: Any = None) -> dict[str, Any]:
        """A team member's device joins with the team's join code.

        Returns ``{"key", "game_id", "slot", "name"}``; the key is shown once.

        Raises
        ------
        GameError
            ``bad_code`` (403) for a code that is no team's (the server
            rate-limits these), ``bad_name`` for a bad team name.
        """
        normal = normalise_code(code)
        team = self.store.team_by_code(normal) if normal else None
        if team is None:
            raise refuse("bad_code", 403)
        if name is not None and name != "":
            name = _check_name(name)
        else:
            name = None
        key = self.store.add_team_key(team, name)
        return {
            "key": key,
            "game_id": team["game_id"],
            "slot": team["slot"],
            "name": name or team["name"],
        }

    def authenticate(self, key: Any) -> Principal:
        """What ``key`` proves; ``bad_key`` (401) if nothing."""
        row = self.store.key_row(key)
        if row is None:
            raise refuse("bad_key", 401)
        return Principal(
            game_id=row["game_id"],
            role=row["role"],
            team_id=row["team_id"],
            slot=row["slot"],
            key_id=row["key_id"],
        )

    def new_join_code(self, who: Principal, slot: Any) -> dict[str, Any]:
        """Instructor: a new join code for a team (its old code and keys stop)."""
        _instructor(who)
        team = self._team(who.game_id, slot)
        code = self.store.replace_join_code(team["id"])
        return {"slot": team["slot"], "code": code}

    def _team(self, game_id: int, slot: Any) -> sqlite3.Row:
        teams = self.store.teams(game_id)
        for team in teams:
            if (
                isinstance(slot, int)
                and not isinstance(slot, bool)
                and team["slot"] == slot
            ):
                if team["kind"] != "student":
                    raise refuse("computer_team")
                return team
        raise _bad("slot", slot, f"a team number from 0 to {len(teams) - 1}")

    # --- rounds and decisions ------------------------------------------------------

    def _status(self, game_id: int) -> dict[str, Any]:
        row = self.store.game(game_id)
        game = self._game(game_id)
        rounds = int(game.settings["rounds"])
        current = int(row["current_round"])
        return {
            "id": game_id,
            "lang": game.settings["lang"],
            "preset": game.settings["preset"],
            "rounds": rounds,
            "weeks_per_round": game.weeks,
            "budget": game.budget,
            "round": min(current, rounds),
            "rounds_run": current - 1,
            "finished": current > rounds,
            "running": bool(row["running"]),
        }

    def _in_force(
        self, game_id: int, round_: int
    ) -> tuple[list[dict], list[mk.Position]]:
        """Decisions in force for ``round_`` before any submission, and positions."""
        prev = self.store.round_row(game_id, round_ - 1)
        effective = json.loads(prev["effective"])
        positions = [mk.Position(**p) for p in json.loads(prev["reports"])["positions"]]
        return effective, positions

    def current_decisions(self, who: Principal) -> dict[str, Any]:
        """A team's decisions for the open round: submitted, or in force."""
        status = self._status(who.game_id)
        effective, positions = self._in_force(who.game_id, status["round"])
        latest = self.store.latest_decisions(who.game_id, status["round"])
        submitted = who.team_id in latest and not status["finished"]
        decisions = latest[who.team_id] if submitted else effective[who.slot]
        game = self._game(who.game_id)
        return {
            "round": status["round"],
            "submitted": submitted,
            "decisions": decisions,
            "plan": mk.plan(decisions, positions[who.slot], game.scenario, game.weeks),
            "position": _pos(positions[who.slot]),
        }

    def submit(self, who: Principal, payload: Any) -> dict[str, Any]:
        """A team submits (some of) its decisions for the open round.

        Checked here, whatever the browser checked: names, ranges, the
        bonds a discount or contacts need, and the round's budget.

        Raises
        ------
        GameError
            The first problem, in one line.
        """
        if who.role != "team":
            raise refuse("team_only", 403)
        status = self._status(who.game_id)
        if status["finished"]:
            raise refuse("game_over", 409, rounds=status["rounds"])
        if status["running"]:
            raise refuse("round_closed", 409, n=status["round"])
        game = self._game(who.game_id)
        current = self.current_decisions(who)
        decisions = check_decisions(payload, current["decisions"], game.budget)
        position = mk.Position(**current["position"])
        planned = mk.check_budget(
            decisions, position, game.scenario, game.weeks, game.budget
        )
        ok = self.store.add_decision(
            who.game_id, who.team_id, status["round"], decisions, who.key_id
        )
        if not ok:
            raise refuse("round_closed", 409, n=status["round"])
        return {"round": status["round"], "decisions": decisions, "plan": planned}

    def run_round(self, who: Principal, expected: Any = None) -> dict[str, Any]:
        """Instructor: run the open round (once) and open the next one.

        ``expected``, if given, is the round the instructor means: a click
        made on a page that was showing round *n* never runs round *n + 1*
        (a double click, a second console).

        Raises
        ------
        GameError
            ``game_over`` once every round is run; ``round_busy`` while the
            round is being run; ``already_run`` when ``expected`` has been run.
        """
        _instructor(who)
        status = self._status(who.game_id)
        if status["finished"]:
            raise refuse("game_over", 409, rounds=status["rounds"])
        r = status["round"]
        if expected is not None and expected != r:
            if not (isinstance(expected, int) and not isinstance(expected, bool)):
                raise _bad("round", expected, f"the open round, {r}")
            raise refuse("already_run", 409, n=expected, open=r)
        if not self.store.start_round(who.game_id, r):
            raise refuse("round_busy", 409, n=r)
        try:
            result = self._compute(who.game_id, r)
            self.store.finish_round(who.game_id, r, result)
        except BaseException:
            self.store.abandon_round(who.game_id)
            raise
        return self._status(who.game_id)

    def _compute(self, game_id: int, r: int) -> dict[str, Any]:
        game = self._game(game_id)
        prev = self.store.round_row(game_id, r - 1, state=True)
        market = mk.Market.loads(bytes(prev["state"]))
        effective, positions = self._in_force(game_id, r)
        latest = self.store.latest_decisions(game_id, r)
        n_teams = int(game.settings["n_teams"])
        for team in self.store.teams(game_id):  # by slot: arrival order never counts
            k = team["slot"]
            if k >= n_teams:
                effective[k] = self._starting_decisions(game, k, positions[k])
            elif team["id"] in latest:
                effective[k] = latest[team["id"]]
        weekly, reports = market.run_round(effective)
        return {
            "effective": effective,
            "reports": {
                "teams": reports,
                "positions": [_pos(p) for p in market.positions()],
            },
            "weekly": weekly.to_csv(index=False),
            "state": market.dumps(),
        }

    # --- what people see ------------------------------------------------------------

    def _reports(self, game_id: int) -> list[list[dict]]:
        """Every run round's reports, with cumulative profit: ``[round][slot]``."""
        out: list[list[dict]] = []
        total: dict[int, float] = {}
        for row in self.store.round_rows(game_id)[1:]:
            teams = json.loads(row["reports"])["teams"]
            for rep in teams:
                total[rep["firm"]] = total.get(rep["firm"], 0.0) + rep["profit"]
                rep["cumulative_profit"] = round(total[rep["firm"]], 2)
            out.append(teams)
        return out

    def leaderboard(self, who: Principal) -> list[dict[str, Any]]:
        """Every firm after the last run round, best customer equity first.

        Public to the game (any of its keys): no decisions, only results.
        """
        return self._leaderboard(who.game_id, self._reports(who.game_id))

    def _leaderboard(self, game_id: int, reports: list[list[dict]]) -> list[dict]:
        teams = self.store.teams(game_id)
        if not reports:
            return []
        last = {rep["firm"]: rep for rep in reports[-1]}
        rows = [
            {
                "slot": team["slot"],
                "name": team["name"],
                "kind": team["kind"],
                "strategy": team["strategy"],
                "customer_equity": last[team["slot"]]["customer_equity"],
                "market_share": last[team["slot"]]["market_share"],
                "cumulative_profit": last[team["slot"]]["cumulative_profit"],
            }
            for team in teams
        ]
        rows.sort(key=lambda row: (-row["customer_equity"], row["slot"]))
        for rank, row in enumerate(rows, 1):
            row["rank"] = rank
        return rows

    def team_view(self, who: Principal) -> dict[str, Any]:
        """A team's page: its open round, decisions, reports, the leaderboard."""
        if who.role != "team":
            raise refuse("team_only", 403)
        status = self._status(who.game_id)
        team = next(x for x in self.store.teams(who.game_id) if x["id"] == who.team_id)
        reports = self._reports(who.game_id)
        return {
            "game": status,
            "team": {"slot": who.slot, "name": team["name"]},
            "ranges": _ranges(self._game(who.game_id).budget),
            **self.current_decisions(who),
            "reports": [rounds[who.slot] for rounds in reports],
            "leaderboard": self._leaderboard(who.game_id, reports),
        }

    def instructor_view(self, who: Principal) -> dict[str, Any]:
        """The console: every team side by side, pending decisions included."""
        _instructor(who)
        status = self._status(who.game_id)
        reports = self._reports(who.game_id)
        latest = self.store.latest_decisions(who.game_id, status["round"])
        effective, _ = self._in_force(who.game_id, status["round"])
        teams = []
        for team in self.store.teams(who.game_id):
            k = team["slot"]
            teams.append(
                {
                    "slot": k,
                    "name": team["name"],
                    "kind": team["kind"],
                    "strategy": team["strategy"],
                    "joined": bool(team["joined"]),
                    "join_code": team["join_code"],
                    "submitted": team["id"] in latest,
                    "decisions": latest.get(team["id"], effective[k]),
                    "report": reports[-1][k] if reports else None,
                }
            )
        return {
            "game": status,
            "teams": teams,
            "leaderboard": self._leaderboard(who.game_id, reports),
        }

    # --- figures and the debrief pack ------------------------------------------------

    def _weekly(self, game_id: int) -> pd.DataFrame:
        frames = [
            pd.read_csv(io.StringIO(row["weekly"]))
            for row in self.store.round_rows(game_id)[1:]
        ]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def _names(self, game_id: int, lang: str) -> list[str]:
        """Firm names by slot: as the teams named themselves; rivals in ``lang``."""
        return [
            _rival_name(team["strategy"], lang)
            if team["kind"] == "computer"
            else team["name"]
            for team in self.store.teams(game_id)
        ]

    def figure(self, who: Principal, slot: Any = None, lang: str = "en") -> bytes:
        """PNG of a team's game so far (``slot``; a team: its own) or the market.

        A team asking for another team's figure gets its own: nobody sees
        another firm's stages or loyalty mix before the debrief.
        """
        from crmsim.game import figures

        if lang not in GAME_LANGUAGES:
            raise _bad("lang", lang, "zh, en")
        if who.role == "team":
            slot = who.slot
        elif slot is not None:
            if not (
                isinstance(slot, int) and 0 <= slot < len(self.store.teams(who.game_id))
            ):
                raise _bad("slot", slot, "a team number, or nothing for the market")
        key = -1 if slot is None else slot
        status = self._status(who.game_id)
        cached = self.store.figure(who.game_id, key, status["rounds_run"], lang)
        if cached is not None:
            return cached
        names = self._names(who.game_id, lang)
        weekly = self._weekly(who.game_id)
        reports = self._reports(who.game_id)
        if slot is None:
            png = figures.market_png(weekly, names, lang)
        else:
            png = figures.team_png(weekly, reports, slot, names[slot], lang)
        self.store.add_figure(who.game_id, key, status["rounds_run"], lang, png)
        return png

    def debrief_files(self, who: Principal, lang: str = "en") -> dict[str, bytes]:
        """Instructor: the debrief pack, ``{file name: contents}``.

        ``round_NN.csv`` (every team's report of round NN), ``weekly.csv``
        (every firm, every week), ``decisions.csv`` (every submission, in
        the order it came), ``decisions_in_force.csv`` (what each firm played
        each round), ``leaderboard.csv``, ``team_NN.png`` and ``market.png``.
        """
        _instructor(who)
        names = self._names(who.game_id, lang)
        files: dict[str, bytes] = {}
        reports = self._reports(who.game_id)
        for r, teams in enumerate(reports, 1):
            rows = [_flat(rep, names) for rep in teams]
            files[f"round_{r:02d}.csv"] = (
                pd.DataFrame(rows).to_csv(index=False).encode()
            )
        weekly = self._weekly(who.game_id)
        if len(weekly):  # the names the teams gave themselves
            weekly["firm_name"] = [names[k] for k in weekly["firm"]]
        files["weekly.csv"] = weekly.to_csv(index=False).encode()
        subs = [
            {"id": row["id"], "round": row["round"], "slot": row["slot"],
             "team": row["name"], "submitted": row["submitted"],
             **json.loads(row["payload"])}
            for row in self.store.all_decisions(who.game_id)
        ]  # fmt: skip
        files["decisions.csv"] = (
            pd.DataFrame(
                subs,
                columns=["id", "round", "slot", "team", "submitted", *DECISION_NAMES],
            )
            .to_csv(index=False)
            .encode()
        )
        in_force = [
            {"round": row["round"], "slot": k, "firm_name": names[k], **d}
            for row in self.store.round_rows(who.game_id)[1:]
            for k, d in enumerate(json.loads(row["effective"]))
        ]
        files["decisions_in_force.csv"] = (
            pd.DataFrame(in_force).to_csv(index=False).encode()
        )
        board = self._leaderboard(who.game_id, reports)
        files["leaderboard.csv"] = pd.DataFrame(board).to_csv(index=False).encode()
        if reports:
            for k in range(len(names)):
                files[f"team_{k + 1:02d}.png"] = self.figure(who, k, lang)
            files["market.png"] = self.figure(who, None, lang)
        return files

    def debrief_zip(self, who: Principal, lang: str = "en") -> bytes:
        """Instructor: the debrief pack as one zip file."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.debrief_files(who, lang).items():
                z.writestr(f"game_{who.game_id}/{name}", data)
        return buffer.getvalue()

    def export(
        self, who: Principal, folder: str | Path, lang: str = "en"
    ) -> list[Path]:
        """Instructor: write the debrief pack into ``folder`` (each file atomically)."""
        from crmsim.io import check_output_folder, write_atomic

        out = check_output_folder(folder, "--out")
        files = self.debrief_files(who, lang)
        out.mkdir(parents=True, exist_ok=True)
        return [write_atomic(out / name, data) for name, data in files.items()]

    def instructor_of(self, game_id: int) -> Principal:
        """The instructor of a game, for the local CLI (no key crosses a network)."""
        self._game(game_id)
        return Principal(game_id=game_id, role="instructor")


def _rival_name(strategy: str, lang: str) -> str:
    return f"{t('computer', lang)}: {t('strategy.' + strategy, lang)}"


def _instructor(who: Principal) -> None:
    if not who.is_instructor:
        raise refuse("instructor_only", 403)


def _check_name(name: Any) -> str:
    ok = isinstance(name, str) and 1 <= len(name.strip()) <= 40 and name.isprintable()
    if not ok:
        shown = repr(name) if len(repr(name)) <= 40 else repr(name)[:37] + "..."
        raise refuse("bad_name", shown=shown)
    return name.strip()


def _pos(p: mk.Position) -> dict[str, int]:
    return {"customers": p.customers, "prospects": p.prospects}


def _ranges(budget: float) -> dict[str, dict[str, Any]]:
    return {
        name: {"lo": lo, "hi": budget if hi is None else hi, "whole": whole}
        for name, (lo, hi, whole) in RANGES.items()
    }


def _flat(rep: dict, names: list[str]) -> dict[str, Any]:
    row = {"round": rep["round"], "slot": rep["firm"], "firm_name": names[rep["firm"]]}
    for key in (
        "customers", "acquired", "lost", "retention", "satisfaction", "market_share",
        "revenue", "costs", "quality_cost", "profit", "cumulative_profit",
        "customer_equity",
    ):  # fmt: skip
        row[key] = rep.get(key)
    row |= {f"stage_{k}": v for k, v in rep["by_stage"].items()}
    row |= {f"loyalty_{k}": v for k, v in rep["loyalty_mix"].items()}
    row |= {f"decision_{k}": v for k, v in rep["decisions"].items()}
    row |= {f"planned_{k}": v for k, v in rep["planned"].items()}
    return row
