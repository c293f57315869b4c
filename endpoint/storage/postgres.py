"""PostgreSQL, the shared store for sites that run several endpoint instances."""

import psycopg
from psycopg_pool import ConnectionPool

from .base import SQLStore, SQLWrites

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
    migrations = [SCHEMA_1]

    def __init__(self, url: str):
        self.url = url

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True)

    def begin(self, connection) -> None:
        connection.execute("BEGIN")

    def commit(self, connection) -> None:
        connection.execute("COMMIT")

    def rollback(self, connection) -> None:
        connection.execute("ROLLBACK")

    def healthy(self, connection) -> bool:
        return not connection.closed and not connection.broken

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

    def __init__(self, url: str):
        self._pool = ConnectionPool(url, min_size=1, max_size=8, kwargs={"autocommit": True}, open=True)
        try:
            super().__init__(url)
        except BaseException:
            self._pool.close()
            raise

    def reader(self):
        return _PooledReader(self._pool)

    def close(self) -> None:
        super().close()
        self._pool.close()


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
