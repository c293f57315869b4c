"""SQLite, the embedded default: WAL, synchronous=FULL, one writer process, read-only readers."""

import sqlite3
import threading
from pathlib import Path

from .base import BATCHES, NEW_VOTES, SQLStore, SQLWrites, move_secret_out

WRITE_WAIT = 5  # seconds a write waits for a lock another process holds, within nginx's 10 s
READ_WAIT_MS = 1000  # the same for a read (WAL readers wait only for exclusive locks)
# Errors that say the file cannot be opened, read or locked now, not that a statement is wrong.
UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_READONLY")

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
    migrations = [SCHEMA_1, [BATCHES, move_secret_out], [NEW_VOTES]]

    def __init__(self, url: str):
        self.path = database_path(url)

    def connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, timeout=WRITE_WAIT)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")  # an acknowledged write survives power loss too
        return connection

    def begin(self, connection) -> None:
        connection.execute("BEGIN IMMEDIATE")

    def commit(self, connection) -> None:
        connection.execute("COMMIT")

    def rollback(self, connection) -> None:
        if connection.in_transaction:
            connection.execute("ROLLBACK")

    def unavailable(self, error: BaseException) -> bool:
        return _unavailable(error)

    def schema_version(self, connection) -> int:
        return connection.execute("PRAGMA user_version").fetchone()[0]

    def set_schema_version(self, connection, version: int) -> None:
        connection.execute(f"PRAGMA user_version = {int(version)}")


def _unavailable(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and getattr(error, "sqlite_errorname", "").startswith(
        UNAVAILABLE)


class SQLiteStore(SQLStore):
    def __init__(self, url: str, secret_file):
        self.path = database_path(url)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        super().__init__(url, secret_file)

    def unavailable(self, error: BaseException) -> bool:
        if not _unavailable(error):
            return False
        self._local.connection = None  # opened afresh next time: the file may have been put back
        return True

    def reader(self) -> sqlite3.Connection:
        """A read-only connection for the calling thread."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            connection.execute(f"PRAGMA busy_timeout = {READ_WAIT_MS}")
            self._local.connection = connection
        return connection
