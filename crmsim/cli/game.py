"""``crmsim game``: the classroom market game (:mod:`crmsim.game`).

``crmsim game new`` creates a game in a SQLite file and prints the
instructor key and each team's join code; ``crmsim game serve`` serves it
to the class's browsers; ``crmsim game status`` lists the games of a file;
``crmsim game export`` writes a game's debrief pack.
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import socket
import sys
from pathlib import Path

from crmsim.errors import CRMSimError

__all__ = ["DEFAULT_DB", "DEFAULT_HOST", "DEFAULT_PORT", "exposure", "register"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8766
DEFAULT_DB = "crmsim-game.sqlite"

_NEEDS = "needs: pip install 'crmsim[game]'"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the game commands to the ``crmsim`` parser."""
    game = sub.add_parser(
        "game",
        help="the classroom market game: student teams run rival firms in one market",
        description="A browser game for a class: the instructor creates a game, "
        "teams join from their laptops or phones with a join code, submit "
        "decisions each round, and see their report and the leaderboard. "
        "Everything is kept in one SQLite file. " + _NEEDS.capitalize() + ".",
    )
    cmds = game.add_subparsers(dest="game_command", metavar="ACTION")
    game.set_defaults(func=lambda args: _help(game))

    def db_option(p):
        p.add_argument(
            "--db",
            default=DEFAULT_DB,
            help=f"the game's SQLite file (default {DEFAULT_DB}; created if missing)",
        )

    new = cmds.add_parser(
        "new",
        help="create a game; print the instructor key and the join codes",
        description="Create a game and print its instructor key (shown once) and "
        "one join code per student team.",
    )
    db_option(new)
    new.add_argument(
        "--preset", default="default", help="the market (a scenario preset)"
    )
    new.add_argument("--teams", type=int, default=4, help="student teams (1-40)")
    new.add_argument("--rounds", type=int, default=6, help="rounds (1-20)")
    new.add_argument("--weeks", type=int, default=8, help="weeks per round (1-52)")
    new.add_argument(
        "--budget",
        type=float,
        help="budget per round (default: from the market's costs)",
    )
    new.add_argument("--lang", choices=("zh", "en"), default="zh", help="game language")
    new.add_argument(
        "--rivals",
        default="",
        help="computer-played rivals, comma-separated: discounter, builder",
    )
    new.add_argument("--customers", type=int, help="people in the market")
    new.add_argument("--seed", type=int, help="seed of the market (default: drawn)")
    new.add_argument("--warmup", type=int, default=52, help="warm-up weeks (0-520)")
    new.set_defaults(func=_cmd_new)

    serve = cmds.add_parser(
        "serve",
        help="serve the game to the class's browsers",
        description="Serve the game. Binds 127.0.0.1 (this computer only) unless "
        "--host is given. Prints the address teams open and a private "
        "instructor link that can create games. Stop with Ctrl-C; a restarted "
        "server resumes every game at the round it was in.",
    )
    db_option(serve)
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this computer only; "
        "0.0.0.0: every network this computer is on, e.g. the classroom's)",
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (1-65535)")
    serve.add_argument(
        "--no-setup",
        action="store_true",
        help="no instructor link to create games over HTTP (use 'crmsim game new')",
    )
    serve.set_defaults(func=_cmd_serve)

    status = cmds.add_parser(
        "status", help="list the games of a file, and their rounds"
    )
    db_option(status)
    status.set_defaults(func=_cmd_status)

    export = cmds.add_parser(
        "export",
        help="write a game's debrief pack (per-round CSVs, figures)",
        description="Write the debrief pack of a game: round_NN.csv, weekly.csv, "
        "decisions.csv, decisions_in_force.csv, leaderboard.csv, a figure per "
        "team and one for the market.",
    )
    db_option(export)
    export.add_argument("--game", type=int, required=True, help="the game's number")
    export.add_argument("--out", required=True, help="output folder")
    export.add_argument(
        "--lang", choices=("zh", "en"), default="en", help="figure language"
    )
    export.set_defaults(func=_cmd_export)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def _service(db: str, must_exist: bool = False):
    try:
        from crmsim.game.service import GameService
    except ImportError as exc:  # pragma: no cover - the extra is missing
        raise CRMSimError(f"crmsim game {_NEEDS} ({exc.name} is missing)") from None
    if must_exist and not Path(db).is_file():
        raise CRMSimError(f"--db {db!r} is invalid: allowed an existing game file")
    return GameService(db)


def _cmd_new(args: argparse.Namespace) -> int:
    service = _service(args.db)
    made = service.create_game(
        {
            "preset": args.preset,
            "n_teams": args.teams,
            "rounds": args.rounds,
            "weeks_per_round": args.weeks,
            "budget": args.budget,
            "lang": args.lang,
            "rivals": args.rivals,
            "n_customers": args.customers,
            "seed": args.seed,
            "warmup_weeks": args.warmup,
        }
    )
    s = made["settings"]
    print(
        f"game {made['game_id']} in {args.db}: {s['preset']} market, "
        f"{s['n_teams']} teams + {len(s['rivals'])} computer rivals, "
        f"{s['rounds']} rounds of {s['weeks_per_round']} weeks, budget "
        f"{s['budget']:,.0f} a round, seed {s['seed']}"
    )
    print(f"instructor key (shown once; keep it private): {made['instructor_key']}")
    print("join codes (one per team):")
    for code in made["join_codes"]:
        print(f"  {code['name']}: {code['code']}")
    return 0


def exposure(host: str, port: int) -> str:
    """One sentence on who can reach a server listening on ``host``."""
    try:
        address = ipaddress.ip_address(host)
        loopback = address.is_loopback
        everything = address.is_unspecified
    except ValueError:  # a host name
        loopback = host == "localhost"
        everything = False
    if loopback:
        return (
            f"listening on {host}:{port}: this computer only (give --host 0.0.0.0 "
            "to let the classroom network in)"
        )
    where = "every network this computer is on" if everything else f"address {host}"
    return (
        f"--host {host} exposes the game on {where}, port {port}: anyone who can "
        "reach it can open the pages; joining a team needs its join code, running "
        "rounds the instructor key (traffic is plain HTTP: use it on a network "
        "you trust)"
    )


def _addresses(host: str, port: int) -> list[str]:
    if host not in ("0.0.0.0", "::"):
        shown = f"[{host}]" if ":" in host else host
        return [f"http://{shown}:{port}/"]
    found = set()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: picks the outgoing address
            found.add(s.getsockname()[0])
    except OSError:
        pass
    found.add("127.0.0.1")
    return [f"http://{a}:{port}/" for a in sorted(found)]


def _cmd_serve(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise CRMSimError(f"--port {args.port} is invalid: allowed 1 to 65535")
    try:
        import uvicorn

        from crmsim.game.server import make_app
    except ImportError as exc:
        raise CRMSimError(
            f"crmsim game serve {_NEEDS} ({exc.name} is missing)"
        ) from None
    token = None if args.no_setup else secrets.token_urlsafe(24)
    app = make_app(args.db, setup_token=token)
    local = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    shown = f"[{local}]" if ":" in local else local
    print(f"crmsim game: {args.db}; {exposure(args.host, args.port)}")
    for url in _addresses(args.host, args.port):
        print(f"  teams join at: {url}")
    print(f"  instructor console: http://{shown}:{args.port}/instructor")
    if token:
        print(
            f"  create a game (private link): http://{shown}:{args.port}/instructor#setup={token}"
        )
    sys.stdout.flush()
    try:
        uvicorn.run(
            app, host=args.host, port=args.port, log_level="warning", access_log=False
        )
    except OSError as exc:
        raise CRMSimError(
            f"--port {args.port} cannot be used ({exc.strerror}): allowed a free port"
        ) from None
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    import json

    service = _service(args.db, must_exist=True)
    games = service.store.games()
    if not games:
        print(f"{args.db}: no games yet ('crmsim game new --db {args.db}' creates one)")
    for row in games:
        s = json.loads(row["settings"])
        run = row["current_round"] - 1
        teams = service.store.teams(row["id"])
        joined = sum(1 for t in teams if t["kind"] == "student" and t["joined"])
        state = (
            "finished" if run >= s["rounds"] else f"round {row['current_round']} open"
        )
        print(
            f"game {row['id']}: {s['preset']}, {run} of {s['rounds']} rounds run "
            f"({state}), {joined} of {s['n_teams']} teams joined, "
            f"created {row['created']}"
        )
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    service = _service(args.db, must_exist=True)
    paths = service.export(service.instructor_of(args.game), args.out, args.lang)
    print(f"wrote {len(paths)} files to {args.out}")
    return 0
