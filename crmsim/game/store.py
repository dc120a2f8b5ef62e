"""The game's SQLite database: games, teams, hashed keys, decisions, rounds.

Everything the game knows lives in one SQLite file (the standard library's
:mod:`sqlite3`, write-ahead log, ``synchronous=FULL``). Each change is one
transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), so a server killed at any
moment leaves the file as it was before the change or after it, never half
way; a restarted server reads the game back at the same round with every
decision kept.

- ``rounds`` has the primary key ``(game_id, round)``: a round is stored
  once; round 0 is the market before the first round.
- ``decisions`` keeps every submission (never updated or deleted); the
  latest one of a team for a round is the one that counts.
- ``keys`` keeps a key's id and the SHA-256 of its secret, never the secret.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "JOIN_ALPHABET",
    "GameStore",
    "hash_secret",
    "new_join_code",
    "new_key",
    "normalise_code",
    "split_key",
]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS games (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL,
    settings TEXT NOT NULL,
    current_round INTEGER NOT NULL DEFAULT 1,
    running INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS teams (
    id INTEGER PRIMARY KEY,
    game_id INTEGER NOT NULL REFERENCES games(id),
    slot INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('student', 'computer')),
    strategy TEXT,
    join_code TEXT UNIQUE,
    joined INTEGER NOT NULL DEFAULT 0,
    UNIQUE (game_id, slot)
);
CREATE TABLE IF NOT EXISTS keys (
    key_id TEXT PRIMARY KEY,
    game_id INTEGER NOT NULL REFERENCES games(id),
    team_id INTEGER REFERENCES teams(id),
    role TEXT NOT NULL CHECK (role IN ('instructor', 'team')),
    secret_hash TEXT NOT NULL,
    created TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    game_id INTEGER NOT NULL REFERENCES games(id),
    team_id INTEGER NOT NULL REFERENCES teams(id),
    round INTEGER NOT NULL,
    payload TEXT NOT NULL,
    submitted TEXT NOT NULL,
    key_id TEXT
);
CREATE INDEX IF NOT EXISTS decisions_by_round ON decisions (game_id, round, team_id);
CREATE TABLE IF NOT EXISTS rounds (
    game_id INTEGER NOT NULL REFERENCES games(id),
    round INTEGER NOT NULL,
    computed TEXT NOT NULL,
    effective TEXT NOT NULL,
    reports TEXT NOT NULL,
    weekly TEXT NOT NULL,
    state BLOB NOT NULL,
    PRIMARY KEY (game_id, round)
);
CREATE TABLE IF NOT EXISTS figures (
    game_id INTEGER NOT NULL,
    slot INTEGER NOT NULL,
    round INTEGER NOT NULL,
    lang TEXT NOT NULL,
    png BLOB NOT NULL,
    PRIMARY KEY (game_id, slot, round, lang)
);
"""

JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits of join codes: no 0/O, 1/I to mistype."""

_JOIN_LENGTH = 10  # 32**10 = 2**50 codes, and join attempts are rate-limited


def now() -> str:
    """The time now, UTC, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_key() -> tuple[str, str, str]:
    """A new random key: ``(key, key_id, secret_hash)``.

    The key is ``<id>.<secret>``: 64 random bits of id (to find the row) and
    256 random bits of secret (:func:`secrets.token_urlsafe`), of which only
    the hash is stored.
    """
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return f"{key_id}.{secret}", key_id, hash_secret(secret)


def split_key(key: Any) -> tuple[str, str] | None:
    """``(key_id, secret)`` of a well-formed key, else ``None``."""
    if not isinstance(key, str) or len(key) > 200:
        return None
    key_id, sep, secret = key.strip().partition(".")
    if not sep or len(key_id) != 16 or not secret:
        return None
    return key_id, secret


def hash_secret(secret: str) -> str:
    """SHA-256 of a key's secret, hex (the secret is random: no salt needed)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_join_code() -> str:
    """A new join code, ``XXXXX-XXXXX`` from :data:`JOIN_ALPHABET`."""
    code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(_JOIN_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: Any) -> str | None:
    """A typed join code in its stored form, or ``None`` if it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = "".join(ch for ch in text.upper() if ch not in " -")
    if len(code) != _JOIN_LENGTH or any(ch not in JOIN_ALPHABET for ch in code):
        return None
    return f"{code[:5]}-{code[5:]}"


class GameStore:
    """The database of one or more games, safe to use from many threads.

    Parameters
    ----------
    path : str or Path
        The SQLite file; created with its tables if it does not exist.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        with contextlib.closing(self._connect()) as con:
            con.execute("PRAGMA journal_mode=WAL")  # kept by the file
            con.executescript(_SCHEMA)
            con.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    # --- connections and transactions ---------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # one connection per transaction or read: threads share nothing, and
        # nothing is left open (opening one costs some 0.1 ms)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA synchronous=FULL")
        con.execute("PRAGMA foreign_keys=ON")
        return con

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is stored, or none of it."""
        with contextlib.closing(self._connect()) as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def read(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        """Rows of a query (one consistent snapshot)."""
        with contextlib.closing(self._connect()) as con:
            return con.execute(sql, args).fetchall()

    # --- games and teams ------------------------------------------------------

    def add_game(
        self,
        settings: dict[str, Any],
        teams: list[dict[str, Any]],
        round0: dict[str, Any],
    ) -> tuple[int, str, dict[int, str]]:
        """Store a new game, its teams, its instructor key and round 0, at once.

        Returns ``(game_id, instructor_key, {slot: join_code})``.
        """
        key, key_id, digest = new_key()
        codes: dict[int, str] = {}
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO games (created, settings) VALUES (?, ?)",
                (now(), json.dumps(settings)),
            )
            game_id = int(cur.lastrowid)
            for team in teams:
                code = None
                if team["kind"] == "student":
                    code = self._unused_code(db)
                    codes[team["slot"]] = code
                db.execute(
                    "INSERT INTO teams (game_id, slot, name, kind, strategy, join_code)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        game_id,
                        team["slot"],
                        team["name"],
                        team["kind"],
                        team.get("strategy"),
                        code,
                    ),
                )
            db.execute(
                "INSERT INTO keys (key_id, game_id, team_id, role, secret_hash,"
                " created)"
                " VALUES (?, ?, NULL, 'instructor', ?, ?)",
                (key_id, game_id, digest, now()),
            )
            self._insert_round(db, game_id, 0, round0)
        return game_id, key, codes

    @staticmethod
    def _unused_code(db: sqlite3.Connection) -> str:
        while True:
            code = new_join_code()
            if (
                db.execute(
                    "SELECT 1 FROM teams WHERE join_code = ?", (code,)
                ).fetchone()
                is None
            ):
                return code

    def game(self, game_id: int) -> sqlite3.Row | None:
        """The game's row (settings as JSON text)."""
        rows = self.read("SELECT * FROM games WHERE id = ?", (game_id,))
        return rows[0] if rows else None

    def games(self) -> list[sqlite3.Row]:
        """Every game, oldest first."""
        return self.read("SELECT * FROM games ORDER BY id")

    def teams(self, game_id: int) -> list[sqlite3.Row]:
        """The game's teams, by slot."""
        return self.read(
            "SELECT * FROM teams WHERE game_id = ? ORDER BY slot", (game_id,)
        )

    def team_by_code(self, code: str) -> sqlite3.Row | None:
        """The team whose join code is ``code`` (compared in constant time)."""
        found = None
        for row in self.read("SELECT * FROM teams WHERE join_code IS NOT NULL"):
            if hmac.compare_digest(row["join_code"].encode(), code.encode()):
                found = row
        return found

    def add_team_key(self, team: sqlite3.Row, name: str | None) -> str:
        """A new key for a team member's device (and the team's name, if given)."""
        key, key_id, digest = new_key()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO keys (key_id, game_id, team_id, role, secret_hash,"
                " created)"
                " VALUES (?, ?, ?, 'team', ?, ?)",
                (key_id, team["game_id"], team["id"], digest, now()),
            )
            if name:
                db.execute(
                    "UPDATE teams SET name = ?, joined = 1 WHERE id = ?",
                    (name, team["id"]),
                )
                # figures show the names: draw them again
                db.execute("DELETE FROM figures WHERE game_id = ?", (team["game_id"],))
            else:
                db.execute("UPDATE teams SET joined = 1 WHERE id = ?", (team["id"],))
        return key

    def replace_join_code(self, team_id: int) -> str:
        """A new join code for a team; the old code and every team key stop working."""
        with self.transaction() as db:
            code = self._unused_code(db)
            db.execute("UPDATE teams SET join_code = ? WHERE id = ?", (code, team_id))
            db.execute("UPDATE keys SET revoked = 1 WHERE team_id = ?", (team_id,))
        return code

    def key_row(self, key: Any) -> sqlite3.Row | None:
        """The live key row of ``key``, if its secret matches (constant time)."""
        parts = split_key(key)
        if parts is None:
            return None
        key_id, secret = parts
        rows = self.read(
            "SELECT k.*, t.slot AS slot FROM keys k"
            " LEFT JOIN teams t ON t.id = k.team_id"
            " WHERE k.key_id = ? AND k.revoked = 0",
            (key_id,),
        )
        # hash and compare even for an unknown id, so both cases take as long
        stored = rows[0]["secret_hash"] if rows else "0" * 64
        ok = hmac.compare_digest(stored.encode(), hash_secret(secret).encode())
        return rows[0] if rows and ok else None

    # --- decisions and rounds ------------------------------------------------------

    def add_decision(
        self, game_id: int, team_id: int, round_: int, payload: dict, key_id: str | None
    ) -> int:
        """Store a submission for ``round_`` if that round is still open.

        Returns the decision's id, or 0 if the round is closed (being run,
        or run): checked inside the same transaction as the insert.
        """
        with self.transaction() as db:
            game = db.execute(
                "SELECT current_round, running FROM games WHERE id = ?", (game_id,)
            ).fetchone()
            if game["current_round"] != round_ or game["running"]:
                return 0
            cur = db.execute(
                "INSERT INTO decisions (game_id, team_id, round, payload, submitted,"
                " key_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (game_id, team_id, round_, json.dumps(payload), now(), key_id),
            )
            return int(cur.lastrowid)

    def latest_decisions(self, game_id: int, round_: int) -> dict[int, dict]:
        """Each team's latest submission for ``round_``: ``{team_id: decisions}``."""
        rows = self.read(
            "SELECT team_id, payload FROM decisions WHERE id IN ("
            " SELECT MAX(id) FROM decisions WHERE game_id = ? AND round = ?"
            " GROUP BY team_id)",
            (game_id, round_),
        )
        return {row["team_id"]: json.loads(row["payload"]) for row in rows}

    def all_decisions(self, game_id: int) -> list[sqlite3.Row]:
        """Every submission of the game, in the order they arrived."""
        return self.read(
            "SELECT d.*, t.slot, t.name FROM decisions d"
            " JOIN teams t ON t.id = d.team_id"
            " WHERE d.game_id = ? ORDER BY d.id",
            (game_id,),
        )

    def start_round(self, game_id: int, round_: int) -> bool:
        """Mark ``round_`` as being run; ``False`` if it is not the open round."""
        with self.transaction() as db:
            cur = db.execute(
                "UPDATE games SET running = 1 WHERE id = ? AND current_round = ?"
                " AND running = 0",
                (game_id, round_),
            )
            return cur.rowcount == 1

    def abandon_round(self, game_id: int) -> None:
        """Reopen the round after a failed run (decisions are kept)."""
        with self.transaction() as db:
            db.execute("UPDATE games SET running = 0 WHERE id = ?", (game_id,))

    def finish_round(self, game_id: int, round_: int, result: dict[str, Any]) -> None:
        """Store a run round and open the next one, in one transaction.

        Raises
        ------
        sqlite3.IntegrityError
            If the round was stored already (a round is computed once).
        """
        with self.transaction() as db:
            self._insert_round(db, game_id, round_, result)
            db.execute(
                "UPDATE games SET current_round = ?, running = 0 WHERE id = ?",
                (round_ + 1, game_id),
            )

    @staticmethod
    def _insert_round(db, game_id: int, round_: int, result: dict[str, Any]) -> None:
        db.execute(
            "INSERT INTO rounds (game_id, round, computed, effective, reports, weekly,"
            " state) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                game_id,
                round_,
                now(),
                json.dumps(result["effective"]),
                json.dumps(result["reports"]),
                result["weekly"],
                result["state"],
            ),
        )

    def round_row(
        self, game_id: int, round_: int, state: bool = False
    ) -> sqlite3.Row | None:
        """A stored round (with its market state only if ``state``)."""
        cols = "*" if state else "game_id, round, computed, effective, reports, weekly"
        rows = self.read(
            f"SELECT {cols} FROM rounds WHERE game_id = ? AND round = ?",
            (game_id, round_),
        )
        return rows[0] if rows else None

    def round_rows(self, game_id: int) -> list[sqlite3.Row]:
        """Every stored round of the game without market states, round 0 first."""
        return self.read(
            "SELECT game_id, round, computed, effective, reports, weekly FROM rounds"
            " WHERE game_id = ? ORDER BY round",
            (game_id,),
        )

    def recover(self) -> int:
        """After a restart: reopen rounds a killed server was running.

        The decisions are all kept and the round was not stored, so running
        it again gives what the killed run would have given.
        """
        with self.transaction() as db:
            return db.execute("UPDATE games SET running = 0 WHERE running = 1").rowcount

    # --- figures (a cache: drawn once per team, round and language) -----------------

    def figure(self, game_id: int, slot: int, round_: int, lang: str) -> bytes | None:
        """A cached figure, if drawn before."""
        rows = self.read(
            "SELECT png FROM figures WHERE game_id = ? AND slot = ? AND round = ?"
            " AND lang = ?",
            (game_id, slot, round_, lang),
        )
        return bytes(rows[0]["png"]) if rows else None

    def add_figure(
        self, game_id: int, slot: int, round_: int, lang: str, png: bytes
    ) -> None:
        """Cache a figure."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO figures VALUES (?, ?, ?, ?, ?)",
                (game_id, slot, round_, lang, png),
            )
