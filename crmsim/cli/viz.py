"""``crmsim viz``: serve the SolaraViz app (:mod:`crmsim.presentation.app`)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from importlib import util

from crmsim.errors import CRMSimError

__all__ = ["register", "solara_command"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def register(sub: argparse._SubParsersAction) -> None:
    """Add the viz command to the ``crmsim`` parser."""
    viz = sub.add_parser(
        "viz",
        help="serve the interactive network app in the browser (Mesa SolaraViz)",
        description="Serve the classroom app: the customer network coloured by "
        "lifecycle stage, live stage counts and profit, the parameters as "
        "controls. Open the address it prints; stop it with Ctrl-C. Works "
        "without internet. Needs: pip install 'crmsim[viz]'.",
    )
    viz.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this computer only; "
        "0.0.0.0 lets a classroom network reach it)",
    )
    viz.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    viz.add_argument(
        "--lang",
        choices=("en", "zh"),
        help="label language (default: $CRMSIM_LANG or English)",
    )
    viz.set_defaults(func=_cmd_viz)


def solara_command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The command that serves the app with Solara, as an argument list."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        "crmsim.presentation.app",
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
    ]


def _environment(lang: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if lang:
        env["CRMSIM_LANG"] = lang
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    # Solara's own English banner would be the one English line of a zh page
    env.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    return env


def _cmd_viz(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise CRMSimError(f"--port {args.port} is invalid: allowed 0 to 65535")
    missing = [
        name
        for name in ("solara", "altair", "solara_assets")
        if util.find_spec(name) is None
    ]
    if missing:
        raise CRMSimError(
            f"crmsim viz needs {', '.join(missing)}: pip install 'crmsim[viz]'"
        )
    print(f"crmsim viz: serving on http://{args.host}:{args.port} (Ctrl-C stops)")
    sys.stdout.flush()
    try:
        return subprocess.call(
            solara_command(args.host, args.port), env=_environment(args.lang)
        )
    except KeyboardInterrupt:
        return 0
