"""PostgreSQL, the shared store for sites that run several endpoint instances."""

import logging

import psycopg
from psycopg_pool import ConnectionPool

from .base import BATCHES, NEW_VOTES, SQLStore, SQLWrites, move_secret_out

CONNECT_TIMEOUT = 3  # seconds to reach the server before a connection attempt fails
# The pool would log every failed connection attempt; an outage is logged once, by the writer process.
logging.getLogger("psycopg.pool").setLevel(logging.ERROR)
POOL_WAIT = 1.0  # seconds a read waits for a pooled connection before answering 503

SCHEMA_1 = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE views (article_id TEXT PRIMARY KEY, counted BIGINT NOT NULL DEFAULT 0, "
    "legacy BIGINT NOT NULL DEFAULT 0)",
    "CREATE TABLE ratings (article_id TEXT NOT NULL, rater TEXT NOT NULL, "
    "stars SMALLINT NOT NULL CHECK (stars BETWEEN 1 AND 5), rated_at BIGINT NOT NULL, "
    "PRIMARY KEY (article_id, rater))",
    "CREATE INDEX ratings_rater ON ratings (rater)",
    "CREATE TABLE visitors (visitor TEXT PRIMARY KEY, last_seen BIGINT NOT NULL, visit_id BIGINT NOT NULL)",
    "CREATE INDEX visitors_last_seen ON visitors (last_seen)",
    "CREATE TABLE visit_days (day TEXT PRIMARY KEY, visits BIGINT NOT NULL DEFAULT 0, "
    "legacy BIGINT NOT NULL DEFAULT 0)",
    "CREATE TABLE salts (day TEXT PRIMARY KEY, salt BYTEA NOT NULL)",
]


class PostgresWrites(SQLWrites):
    placeholder = "%s"
    migrations = [SCHEMA_1, [BATCHES, move_secret_out], [NEW_VOTES]]

    def __init__(self, url: str):
        self.url = url

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)

    def begin(self, connection) -> None:
        connection.execute("BEGIN")

    def commit(self, connection) -> None:
        connection.execute("COMMIT")

    def rollback(self, connection) -> None:
        connection.execute("ROLLBACK")

    def healthy(self, connection) -> bool:
        return not connection.closed and not connection.broken

    def unavailable(self, error: BaseException) -> bool:
        return _unavailable(error)

    def last_batch(self, connection, writer: str) -> int | None:
        # The server may not notice a lost client for a long time: waiting on its locks is bounded.
        connection.execute("SET lock_timeout = '5s'")
        try:
            return super().last_batch(connection, writer)
        finally:
            connection.execute("RESET lock_timeout")

    def schema_version(self, connection) -> int:
        # Several instances may start together: the first to take the lock migrates.
        connection.execute("SELECT pg_advisory_xact_lock(727274)")
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = connection.execute("SELECT version FROM schema_version").fetchone()
        return row[0] if row else 0

    def set_schema_version(self, connection, version: int) -> None:
        connection.execute("DELETE FROM schema_version")
        connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))


class PostgresStore(SQLStore):
    placeholder = "%s"

    def __init__(self, url: str, secret_file):
        # Each connection is checked as it is handed out, so the first read after an outage gets a
        # live one; a failed reconnection is given up after a second and tried again on demand, so
        # reads come back as soon as the server does, not after the pool's growing back-off.
        self._pool = ConnectionPool(url, min_size=1, max_size=8, open=True, timeout=POOL_WAIT,
                                    check=ConnectionPool.check_connection, reconnect_timeout=POOL_WAIT,
                                    kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT})
        try:
            super().__init__(url, secret_file)
        except BaseException:
            self._pool.close()
            raise

    def reader(self):
        return _PooledReader(self._pool)

    def unavailable(self, error: BaseException) -> bool:
        return _unavailable(error)

    def close(self) -> None:
        super().close()
        self._pool.close()


def _unavailable(error: BaseException) -> bool:
    """Connection failures, a pool wait that timed out (PoolTimeout is one) and server shutdowns; not a
    deadlock or serialization failure between two instances' batches, which is retried write by write."""
    if not isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
        return False
    # Raised by the client (no SQLSTATE), or the server's connection (08), resources (53) and shutdown (57P) classes.
    state = getattr(error, "sqlstate", None)
    return state is None or state.startswith(("08", "53", "57P"))


class _PooledReader:
    """execute() on a pooled autocommit connection, returned to the pool after fetching."""

    def __init__(self, pool: ConnectionPool):
        self._pool = pool

    def execute(self, sql: str, params=()):
        with self._pool.connection() as connection:
            rows = connection.execute(sql, params).fetchall()
        return _Rows(rows)


class _Rows:
    def __init__(self, rows):
        self._rows = rows

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return self._rows
