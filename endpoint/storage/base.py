"""The SQL both backends share; they differ only in connections, transactions and DDL."""

import contextlib
import os
import threading
import time
from collections import Counter
from collections.abc import Awaitable
from datetime import date, datetime
from pathlib import Path

from toandan.vietnamese import dates

from . import (
    KEEP_VISITORS_MS, ONLINE_MS, VISIT_GAP_MS, ArticleStats, Boundaries, VisitorStats, epoch_ms,
)
from .committer import StoreUnavailable, Transactions, combined
from .secret_file import read_secret, store_secret
from .writer import GroupCommitWriter

BATCHES = "CREATE TABLE batches (writer TEXT PRIMARY KEY, number BIGINT NOT NULL, committed_at BIGINT NOT NULL)"
# Schema 3: per day, article and address key, the new votes counted (kept only for that day).
NEW_VOTES = ("CREATE TABLE new_votes (day TEXT NOT NULL, article_id TEXT NOT NULL, address TEXT NOT NULL, "
             "votes INTEGER NOT NULL, PRIMARY KEY (day, article_id, address))")


def move_secret_out(writes: "SQLWrites", connection, secret_file: Path) -> None:
    """Schema 2: the rater secret moves from meta to the secret file, the same value so rater keys stay."""
    row = connection.execute("SELECT value FROM meta WHERE key = 'rating_secret'").fetchone()
    if row:
        store_secret(secret_file, row[0])
        connection.execute("DELETE FROM meta WHERE key = 'rating_secret'")


class Dialect:
    """The mark a backend's driver takes for a bound parameter; SQL here is written with '?'."""

    placeholder = "?"

    def q(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)


class SQLWrites(Dialect, Transactions):
    """The write operations both backends share, run by the writer process on its connection."""

    # migrations[n] takes the schema from version n to n + 1: SQL, or a step(writes, connection, secret_file)
    migrations: list[list] = []

    def schema_version(self, connection) -> int: ...
    def set_schema_version(self, connection, version: int) -> None: ...

    def migrate(self, connection, secret_file: str) -> int:
        version = self.schema_version(connection)
        for target in range(version, len(self.migrations)):
            for step in self.migrations[target]:
                if callable(step):
                    step(self, connection, Path(secret_file))
                else:
                    connection.execute(step)
            self.set_schema_version(connection, target + 1)
        return len(self.migrations)

    def mark_batch(self, connection, writer: str, number: int) -> None:
        connection.execute(self.q(
            "INSERT INTO batches (writer, number, committed_at) VALUES (?, ?, ?) ON CONFLICT (writer) "
            "DO UPDATE SET number = excluded.number, committed_at = excluded.committed_at"),
            (writer, number, int(time.time() * 1000)))

    def last_batch(self, connection, writer: str) -> int | None:
        # An upsert, not a SELECT: it waits until a transaction of this writer's that the server still
        # holds (its client's connection lost, its COMMIT perhaps still on the way) has ended.
        return connection.execute(self.q(
            "INSERT INTO batches (writer, number, committed_at) VALUES (?, 0, ?) ON CONFLICT (writer) "
            "DO UPDATE SET number = batches.number RETURNING number"),
            (writer, int(time.time() * 1000))).fetchone()[0]

    @combined
    def add_views(self, connection, calls: list) -> list[int]:
        """Every view of a batch: one statement per article, each caller answered its own running total."""
        per_article = Counter(article_id for (article_id,) in calls)
        totals = {}
        for article_id, count in sorted(per_article.items()):  # one lock order for every instance: no deadlock
            totals[article_id] = connection.execute(self.q(
                "INSERT INTO views (article_id, counted) VALUES (?, ?) ON CONFLICT (article_id) "
                "DO UPDATE SET counted = views.counted + excluded.counted RETURNING counted + legacy"),
                (article_id, count)).fetchone()[0] - count
        answers = []
        for (article_id,) in calls:
            totals[article_id] += 1
            answers.append(totals[article_id])
        return answers

    def rate(self, connection, article_id: str, rater: str, address: str, stars: int, now_ms: int, day: str,
             new_votes_cap: int) -> ArticleStats | None:
        """A rater's new stars; None, with nothing stored, when it would be a new vote past the day's cap
        for this address and article. Changing a vote never counts against the cap."""
        changed = connection.execute(self.q(
            "UPDATE ratings SET stars = ?, rated_at = ? WHERE article_id = ? AND rater = ? RETURNING stars"),
            (stars, now_ms, article_id, rater)).fetchone()
        if changed is None:
            # One conditional upsert counts the new vote, or refuses it at the cap, atomically.
            counted = connection.execute(self.q(
                "INSERT INTO new_votes (day, article_id, address, votes) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (day, article_id, address) DO UPDATE SET votes = new_votes.votes + 1 "
                "WHERE new_votes.votes < ? RETURNING votes"), (day, article_id, address, new_votes_cap)).fetchone()
            if counted is None:
                return None
            # An upsert: another instance may have stored this rater's first vote since the UPDATE.
            connection.execute(self.q(
                "INSERT INTO ratings (article_id, rater, stars, rated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (article_id, rater) DO UPDATE SET stars = excluded.stars, rated_at = excluded.rated_at"),
                (article_id, rater, stars, now_ms))
        total, count = connection.execute(self.q(
            "SELECT COALESCE(SUM(stars), 0), COUNT(*) FROM ratings WHERE article_id = ?"), (article_id,)).fetchone()
        return ArticleStats(views=0, rating_sum=int(total), rating_count=int(count), mine=stars)

    def touch(self, connection, visitor: str, nonce: int, now_ms: int, day: str) -> bool:
        # One atomic upsert decides whether this request starts a visit, even when several
        # endpoint instances see the same visitor at once: the visit belongs to the nonce that set it.
        (visit_id,) = connection.execute(self.q(
            "INSERT INTO visitors (visitor, last_seen, visit_id) VALUES (?, ?, ?) "
            "ON CONFLICT (visitor) DO UPDATE SET "
            "visit_id = CASE WHEN excluded.last_seen - visitors.last_seen > ? "
            "THEN excluded.visit_id ELSE visitors.visit_id END, "
            "last_seen = CASE WHEN excluded.last_seen > visitors.last_seen "
            "THEN excluded.last_seen ELSE visitors.last_seen END "
            "RETURNING visit_id"), (visitor, now_ms, nonce, VISIT_GAP_MS)).fetchone()
        started = visit_id == nonce
        if started:
            connection.execute(self.q(
                "INSERT INTO visit_days (day, visits) VALUES (?, 1) "
                "ON CONFLICT (day) DO UPDATE SET visits = visit_days.visits + 1"), (day,))
        return started

    def salt(self, connection, day: str) -> bytes:
        connection.execute(self.q("DELETE FROM salts WHERE day < ?"), (day,))  # a day's salt goes when it is over
        connection.execute(self.q("INSERT INTO salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING"),
                           (day, os.urandom(32)))
        return bytes(connection.execute(self.q("SELECT salt FROM salts WHERE day = ?"), (day,)).fetchone()[0])

    def forget(self, connection, today: str, now_ms: int) -> None:
        connection.execute(self.q("DELETE FROM salts WHERE day < ?"), (today,))
        connection.execute(self.q("DELETE FROM new_votes WHERE day < ?"), (today,))
        connection.execute(self.q("DELETE FROM visitors WHERE last_seen < ?"), (now_ms - KEEP_VISITORS_MS,))
        # A writer that ended leaves its last batch's row; a live one rewrites it with every batch.
        connection.execute(self.q("DELETE FROM batches WHERE committed_at < ?"), (now_ms - KEEP_VISITORS_MS,))

    def import_counters(self, connection, views: dict, days: dict, total: int | None) -> None:
        for article_id, count in views.items():
            connection.execute(self.q(
                "INSERT INTO views (article_id, legacy) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET legacy = excluded.legacy"), (article_id, count))
        for day, count in days.items():
            connection.execute(self.q(
                "INSERT INTO visit_days (day, legacy) VALUES (?, ?) "
                "ON CONFLICT (day) DO UPDATE SET legacy = excluded.legacy"), (day.isoformat(), count))
        if total is not None:
            connection.execute(self.q(
                "INSERT INTO meta (key, value) VALUES ('legacy_visit_total', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"), (str(total),))


class SQLStore(Dialect):
    """Counters, ratings and visits: reads on the endpoint's connections, writes through group commit."""

    def __init__(self, url: str, secret_file: Path):
        self._salts: dict[date, bytes] = {}
        self._salt_lock = threading.Lock()
        self.writer = GroupCommitWriter(url)
        try:
            self.writer.call("migrate", str(secret_file))
            self._secret = read_secret(secret_file)
            now = dates.now()
            self.writer.call("forget", Boundaries.at(now).day.isoformat(), epoch_ms(now))  # no past day's salt
        except BaseException:
            self.writer.close()
            raise

    def reader(self): ...

    def unavailable(self, error: BaseException) -> bool:
        """Whether a read's error says the database cannot be reached or is locked."""
        return False

    @contextlib.contextmanager
    def reading(self):
        """Reads answer StoreUnavailable (a 503), not a 500, when the database cannot serve them."""
        try:
            yield self.reader()
        except Exception as error:
            if self.unavailable(error):
                raise StoreUnavailable(str(error)) from error
            raise

    def check(self) -> None:
        """Raise StoreUnavailable unless the database answers a read."""
        with self.reading() as connection:
            connection.execute("SELECT 1 FROM meta LIMIT 1").fetchone()

    def add_view(self, article_id: str) -> Awaitable[int]:
        return self.writer.submit("add_views", article_id)  # every page view comes here: no coroutine around it

    async def rate(self, article_id: str, rater: str, address: str, stars: int, now: datetime,
                   new_votes_cap: int) -> ArticleStats | None:
        """The rater's vote stored; None (nothing stored) when the address has had new_votes_cap new
        votes on this article today."""
        day = Boundaries.at(now).day.isoformat()
        return await self.writer.submit("rate", article_id, rater, address, stars, epoch_ms(now), day, new_votes_cap)

    async def touch_visitor(self, visitor: str, nonce: int, now: datetime) -> bool:
        day = Boundaries.at(now).day.isoformat()
        return await self.writer.submit("touch", visitor, nonce, epoch_ms(now), day)

    async def daily_salt(self, day: date) -> bytes:
        if (salt := self._salts.get(day)) is None:
            salt = await self.writer.submit("salt", day.isoformat())
            with self._salt_lock:
                self._salts = {day: salt}  # yesterday's salt is forgotten here too
        return salt

    async def forget(self, now: datetime) -> None:
        await self.writer.submit("forget", Boundaries.at(now).day.isoformat(), epoch_ms(now))

    def secret(self) -> bytes:
        return self._secret

    def import_legacy(self, views: dict[str, int], visit_days: dict[date, int], visit_total: int | None) -> None:
        self.writer.call("import_counters", views, visit_days, visit_total)

    def stats(self, ids: list[str], rater: str | None = None) -> dict[str, ArticleStats]:
        with self.reading() as connection:
            return self._stats(connection, ids, rater)

    def _stats(self, connection, ids: list[str], rater: str | None) -> dict[str, ArticleStats]:
        marks = ", ".join([self.placeholder] * len(ids))
        views = dict(connection.execute(
            f"SELECT article_id, counted + legacy FROM views WHERE article_id IN ({marks})", ids).fetchall())
        ratings = {row[0]: row[1:] for row in connection.execute(
            f"SELECT article_id, SUM(stars), COUNT(*) FROM ratings WHERE article_id IN ({marks}) "
            "GROUP BY article_id", ids).fetchall()}
        mine = {}
        if rater:
            mine = dict(connection.execute(self.q(
                f"SELECT article_id, stars FROM ratings WHERE rater = ? AND article_id IN ({marks})"),
                [rater, *ids]).fetchall())
        return self._merge(ids, views, ratings, mine)

    def visitor_stats(self, now: datetime) -> VisitorStats:
        with self.reading() as connection:
            return self._visitor_stats(connection, now)

    def _visitor_stats(self, connection, now: datetime) -> VisitorStats:
        at = Boundaries.at(now)
        row = connection.execute(self.q(
            "SELECT "
            "COALESCE(SUM(visits + legacy) FILTER (WHERE day = ?), 0), "
            "COALESCE(SUM(visits + legacy) FILTER (WHERE day >= ?), 0), "
            "COALESCE(SUM(visits + legacy) FILTER (WHERE day >= ?), 0), "
            "COALESCE(SUM(visits + legacy) FILTER (WHERE day >= ?), 0), "
            "COALESCE(SUM(visits), 0) FROM visit_days"),
            (at.day.isoformat(), at.week.isoformat(), at.month.isoformat(), at.year.isoformat())).fetchone()
        legacy = connection.execute("SELECT value FROM meta WHERE key = 'legacy_visit_total'").fetchone()
        (online,) = connection.execute(self.q("SELECT COUNT(*) FROM visitors WHERE last_seen >= ?"),
                                       (epoch_ms(now) - ONLINE_MS,)).fetchone()
        today, week, month, year, counted = (int(value) for value in row)
        return VisitorStats(int(online), today, week, month, year, counted + int(legacy[0] if legacy else 0))

    @staticmethod
    def _merge(ids, views: dict, ratings: dict, mine: dict) -> dict[str, ArticleStats]:
        """Views (article_id -> total) and ratings (article_id -> (sum, count)) as ArticleStats."""
        merged = {}
        for article_id in ids:
            total, count = ratings.get(article_id, (0, 0))
            merged[article_id] = ArticleStats(int(views.get(article_id, 0)), int(total), int(count),
                                              mine.get(article_id))
        return merged

    def readership(self) -> dict[str, ArticleStats]:
        with self.reading() as connection:
            views = dict(connection.execute("SELECT article_id, counted + legacy FROM views").fetchall())
            ratings = {row[0]: row[1:] for row in connection.execute(
                "SELECT article_id, SUM(stars), COUNT(*) FROM ratings GROUP BY article_id").fetchall()}
        return self._merge(views.keys() | ratings.keys(), views, ratings, {})

    def close(self) -> None:
        self.writer.close()
