"""SQLite, the embedded default: WAL, synchronous=FULL, one writer process, read-only readers."""

import sqlite3
import threading
from pathlib import Path

from .base import SQLStore, SQLWrites

SCHEMA_1 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE views (article_id TEXT PRIMARY KEY, counted INTEGER NOT NULL DEFAULT 0, "
    "legacy INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE ratings (article_id TEXT NOT NULL, rater TEXT NOT NULL, "
    "stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5), rated_at INTEGER NOT NULL, "
    "PRIMARY KEY (article_id, rater)) WITHOUT ROWID",
    "CREATE INDEX ratings_rater ON ratings (rater)",
    "CREATE TABLE visitors (visitor TEXT PRIMARY KEY, last_seen INTEGER NOT NULL, "
    "visit_id INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE INDEX visitors_last_seen ON visitors (last_seen)",
    "CREATE TABLE visit_days (day TEXT PRIMARY KEY, visits INTEGER NOT NULL DEFAULT 0, "
    "legacy INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID",
    "CREATE TABLE salts (day TEXT PRIMARY KEY, salt BLOB NOT NULL)",
]


def database_path(url: str) -> Path:
    """The file of sqlite:///path/to/file.sqlite3."""
    return Path(url.removeprefix("sqlite:///"))


class SQLiteWrites(SQLWrites):
    migrations = [SCHEMA_1]

    def __init__(self, url: str):
        self.path = database_path(url)

    def connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")  # an acknowledged write survives power loss too
        connection.execute("PRAGMA busy_timeout = 30000")
        return connection

    def begin(self, connection) -> None:
        connection.execute("BEGIN IMMEDIATE")

    def commit(self, connection) -> None:
        connection.execute("COMMIT")

    def rollback(self, connection) -> None:
        if connection.in_transaction:
            connection.execute("ROLLBACK")

    def schema_version(self, connection) -> int:
        return connection.execute("PRAGMA user_version").fetchone()[0]

    def set_schema_version(self, connection, version: int) -> None:
        connection.execute(f"PRAGMA user_version = {int(version)}")


class SQLiteStore(SQLStore):
    def __init__(self, url: str):
        self.path = database_path(url)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        super().__init__(url)

    def reader(self) -> sqlite3.Connection:
        """A read-only connection for the calling thread."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            connection.execute("PRAGMA busy_timeout = 5000")
            self._local.connection = connection
        return connection
