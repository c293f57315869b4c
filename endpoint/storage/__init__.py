"""Storage behind one small interface, with SQLite and PostgreSQL implementations."""

from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol

from toandan.vietnamese.dates import TIMEZONE

from .committer import StoreUnavailable

VISIT_GAP_MS = 30 * 60 * 1000  # a visit is a visitor's first request after 30 minutes without one
ONLINE_MS = 5 * 60 * 1000  # 'online now': active in the last 5 minutes
KEEP_VISITORS_MS = 26 * 60 * 60 * 1000  # activity rows outlive their daily hash by two hours, then go


@dataclass(frozen=True)
class ArticleStats:
    views: int
    rating_sum: int
    rating_count: int
    mine: int | None = None

    @property
    def rating_average(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 2) if self.rating_count else None


@dataclass(frozen=True)
class VisitorStats:
    online: int
    today: int
    week: int
    month: int
    year: int
    total: int


@dataclass(frozen=True)
class Boundaries:
    """Day, week (from Monday), month and year starts in Asia/Ho_Chi_Minh."""

    day: date
    week: date
    month: date
    year: date

    @classmethod
    def at(cls, now: datetime) -> "Boundaries":
        today = now.astimezone(TIMEZONE).date()
        return cls(today, today - timedelta(days=today.weekday()), today.replace(day=1),
                   today.replace(month=1, day=1))


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class Store(Protocol):
    """What the endpoint needs of a database."""

    def add_view(self, article_id: str) -> Awaitable[int]: ...
    async def rate(self, article_id: str, rater: str, address: str, stars: int, now: datetime,
                   new_votes_cap: int) -> ArticleStats | None: ...
    async def touch_visitor(self, visitor: str, nonce: int, now: datetime) -> bool: ...
    async def daily_salt(self, day: date) -> bytes: ...
    async def forget(self, now: datetime) -> None: ...
    def stats(self, ids: list[str], rater: str | None = None) -> dict[str, ArticleStats]: ...
    def visitor_stats(self, now: datetime) -> VisitorStats: ...
    def secret(self) -> bytes: ...
    def check(self) -> None: ...
    def import_legacy(self, views: dict[str, int], visit_days: dict[date, int], visit_total: int | None) -> None: ...
    def readership(self) -> dict[str, ArticleStats]: ...
    def close(self) -> None: ...


def _backend(url: str) -> tuple[type, type]:
    """The store and the writes of a database URL: sqlite:///path/to/file.sqlite3 or postgresql://user@host/db."""
    if url.startswith("sqlite:///"):
        from .sqlite import SQLiteStore, SQLiteWrites
        return SQLiteStore, SQLiteWrites
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore, PostgresWrites
        return PostgresStore, PostgresWrites
    raise ValueError(f"TOANDAN_DATABASE must start with sqlite:/// or postgresql://, not {url!r}")


def open_store(url: str, secret_file: Path | None = None) -> Store:
    """The store of a database URL, with its writer process started.

    secret_file holds the key of rater hashes; by default the one TOANDAN_SECRET_FILE names.
    """
    if secret_file is None:
        from ..config import Config
        secret_file = Config.from_env().secret_file
    return _backend(url)[0](url, secret_file)


def open_writes(url: str):
    """The write operations of a database URL, for the writer process."""
    return _backend(url)[1](url)


__all__ = ["ArticleStats", "Boundaries", "Store", "StoreUnavailable", "VisitorStats", "open_store"]
