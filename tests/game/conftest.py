"""Shared helpers of the game's tests: small games, and a real server process."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import crmsim

ROOT = Path(crmsim.__file__).resolve().parent.parent

# a small market and short rounds, so that every test runs in seconds
SMALL = dict(
    n_teams=3,
    rounds=3,
    weeks_per_round=3,
    n_customers=300,
    warmup_weeks=10,
    seed=11,
    lang="en",
)


@pytest.fixture
def small():
    return dict(SMALL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``crmsim game serve`` in its own process group, and what it printed."""

    def __init__(self, db, tmp, extra=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tmp) / f"server-{self.port}.log"
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONUNBUFFERED="1")
        cmd = [sys.executable, "-m", "crmsim", "game", "serve", "--db", str(db)]
        cmd += ["--port", str(self.port), *extra]
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                cmd,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text())
            try:
                with urllib.request.urlopen(self.url + "/api/options", timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start: " + self.log.read_text())

    def printed(self) -> str:
        return self.log.read_text()

    def kill(self):
        """SIGKILL: no clean-up of any kind."""
        self.proc.kill()
        self.proc.wait(10)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def serve(tmp_path):
    """Start ``crmsim game serve`` on a database; every server stops at the end."""
    servers = []

    def start(db, extra=()):
        server = Server(db, tmp_path, extra)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
