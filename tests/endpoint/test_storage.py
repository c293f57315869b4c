"""Visits, boundaries, legacy seeds and forgetting, with the clock under the test's control."""

import asyncio
import hashlib
import hmac
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from endpoint.identity import address_key, rater_key
from endpoint.storage import Boundaries, StoreUnavailable, open_store, open_writes
from endpoint.storage.secret_file import SecretFileError
from toandan.vietnamese import dates
from toandan.vietnamese.dates import TIMEZONE


@pytest.fixture
def secret_file(tmp_path) -> Path:
    return tmp_path / "endpoint-secret"


@pytest.fixture
def store(database, secret_file):
    opened = open_store(database, secret_file)
    yield opened
    opened.close()


def run(operation, *args):
    """Await a store operation on a loop of its own, whatever loop the test process already has."""
    async def awaited():
        return await operation(*args)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, awaited()).result()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)


def touch(store, visitor: str, moment: datetime, nonce: int) -> bool:
    return run(store.touch_visitor, visitor, nonce, moment)


def test_boundaries_are_in_ho_chi_minh_time():
    sunday_night = at("2021-12-26 23:50")
    assert Boundaries.at(sunday_night) == Boundaries(date(2021, 12, 26), date(2021, 12, 20),
                                                     date(2021, 12, 1), date(2021, 1, 1))
    utc_evening = datetime.fromisoformat("2021-12-31T17:30:00+00:00")
    assert Boundaries.at(utc_evening).day == date(2022, 1, 1)  # 00:30 on 1 January in Vietnam


@pytest.mark.slow
def test_a_visit_is_the_first_request_after_thirty_quiet_minutes(store):
    start = at("2022-03-01 08:00")
    assert touch(store, "a", start, 1) is True
    assert touch(store, "a", start + timedelta(minutes=10), 2) is False
    assert touch(store, "a", start + timedelta(minutes=39), 3) is False  # 29 minutes after the last
    assert touch(store, "a", start + timedelta(minutes=70), 4) is True  # 31 minutes after the last
    assert touch(store, "b", start + timedelta(minutes=70), 5) is True
    numbers = store.visitor_stats(start + timedelta(minutes=72))
    assert (numbers.today, numbers.total, numbers.online) == (3, 3, 2)
    assert store.visitor_stats(start + timedelta(minutes=76)).online == 0


def test_day_week_month_and_year_windows(store):
    touch(store, "a", at("2021-12-31 23:50"), 1)  # Friday, last day of the year
    touch(store, "b", at("2022-01-01 00:10"), 2)  # Saturday
    numbers = store.visitor_stats(at("2022-01-01 12:00"))
    assert (numbers.today, numbers.week, numbers.month, numbers.year, numbers.total) == (1, 2, 1, 1, 2)
    touch(store, "c", at("2022-01-03 09:00"), 3)  # Monday: a new week
    numbers = store.visitor_stats(at("2022-01-03 09:01"))
    assert (numbers.today, numbers.week, numbers.month, numbers.year, numbers.total) == (1, 1, 2, 2, 3)


def test_legacy_seeds_add_to_what_is_counted(store):
    store.import_legacy({"bai-viet-1": 297}, {date(2022, 1, 3): 2744}, 1398431)
    assert run(store.add_view, "bai-viet-1") == 298
    touch(store, "a", at("2022-01-03 09:00"), 1)
    numbers = store.visitor_stats(at("2022-01-03 10:00"))
    assert (numbers.today, numbers.month, numbers.total) == (2745, 2745, 1398432)
    store.import_legacy({"bai-viet-1": 300}, {}, 1400000)  # importing again replaces the seeds
    assert store.stats(["bai-viet-1"])["bai-viet-1"].views == 301
    assert store.visitor_stats(at("2022-01-03 10:00")).total == 1400001


def test_salts_are_shared_per_day_and_forgotten(store):
    today, tomorrow = at("2022-05-01 10:00"), at("2022-05-02 10:00")
    first = run(store.daily_salt, today.date())
    assert first == run(store.daily_salt, today.date()) and len(first) == 32
    other = run(store.daily_salt, tomorrow.date())
    assert other != first
    touch(store, "old", today, 1)
    run(store.forget, tomorrow + timedelta(hours=4))
    connection = store.reader()
    days = [row[0] for row in connection.execute("SELECT day FROM salts").fetchall()]
    assert days == ["2022-05-02"]
    assert connection.execute("SELECT COUNT(*) FROM visitors").fetchone()[0] == 0


@pytest.mark.slow
def test_schema_is_versioned_and_reopening_keeps_data(database, secret_file):
    first = open_store(database, secret_file)
    run(first.add_view, "bai-viet-1")
    secret = first.secret()
    first.close()
    again = open_store(database, secret_file)
    try:
        assert again.stats(["bai-viet-1"])["bai-viet-1"].views == 1
        assert again.secret() == secret
        assert again.writer.call("schema_version") == len(open_writes(database).migrations)
    finally:
        again.close()


@pytest.mark.slow
def test_a_writer_process_that_dies_is_replaced_and_keeps_what_it_committed(store):
    assert run(store.add_view, "bai-viet-1") == 1
    os.kill(store.writer.pid, signal.SIGKILL)
    while _state(store.writer.pid) not in ("Z", None):  # dead, not yet reaped: its pipe is closed
        time.sleep(0.01)
    assert run(store.add_view, "bai-viet-1") == 2  # a new writer process takes the write
    assert store.stats(["bai-viet-1"])["bai-viet-1"].views == 2


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def _meta(store) -> dict:
    return dict(store.reader().execute("SELECT key, value FROM meta").fetchall())


def test_the_rater_secret_is_a_private_file_not_in_the_database(store, secret_file):
    assert "rating_secret" not in _meta(store)
    assert secret_file.stat().st_mode & 0o777 == 0o600
    assert store.secret() == secret_file.read_text().strip().encode() and len(store.secret()) == 64


def test_a_secret_file_others_can_read_is_refused(database, secret_file):
    secret_file.write_text("c" * 64)
    secret_file.chmod(0o644)
    with pytest.raises(SecretFileError, match="chmod 600"):
        open_store(database, secret_file)


def _address_rater(secret: bytes, address: str) -> str:
    """The rater key of schema 1 and 2: the address, keyed by the secret (a vote per address)."""
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


def test_migration_moves_the_secret_out_keeps_votes_and_forgets_past_salts(database, secret_file):
    old_secret, reader = os.urandom(32).hex(), "203.0.113.9"
    writes = open_writes(database)
    connection = writes.connect()  # a database as schema 1 left it
    writes.schema_version(connection)
    for statement in writes.migrations[0]:
        connection.execute(statement)
    writes.set_schema_version(connection, 1)
    connection.execute(writes.q("INSERT INTO meta (key, value) VALUES ('rating_secret', ?)"), (old_secret,))
    for day in ("2022-05-01", dates.now().date().isoformat()):
        connection.execute(writes.q("INSERT INTO salts (day, salt) VALUES (?, ?)"), (day, os.urandom(32)))
    connection.execute(writes.q("INSERT INTO ratings (article_id, rater, stars, rated_at) VALUES (?, ?, ?, ?)"),
                       ("bai-viet-1", _address_rater(old_secret.encode(), reader), 2, 0))
    connection.close()

    store = open_store(database, secret_file)
    try:
        assert store.writer.call("schema_version") == len(writes.migrations) == 3
        assert "rating_secret" not in _meta(store)
        assert secret_file.read_text().strip() == old_secret and secret_file.stat().st_mode & 0o777 == 0o600
        days = [row[0] for row in store.reader().execute("SELECT day FROM salts").fetchall()]
        assert days == [dates.now().date().isoformat()]  # no past day's salt
        # The vote given per address keeps counting; a browser's vote from that address adds to it.
        secret = store.secret()
        summary = run(store.rate, "bai-viet-1", rater_key(secret, "t" * 43), address_key(secret, reader), 5,
                      dates.now(), 30)
        assert (summary.rating_count, summary.rating_sum) == (2, 7)
    finally:
        store.close()


def test_new_votes_are_capped_per_address_article_and_day(store):
    secret, day = store.secret(), at("2022-06-01 23:00")
    office, home = address_key(secret, "203.0.113.7"), address_key(secret, "198.51.100.7")

    def vote(browser: str, address: str, stars: int, moment: datetime = day, article: str = "bai-viet-1"):
        return run(store.rate, article, rater_key(secret, browser * 43), address, stars, moment, 2)

    assert vote("a", office, 5).rating_count == 1
    assert vote("b", office, 4).rating_count == 2
    assert vote("c", office, 3) is None  # the third new vote of the day from the office
    assert vote("a", office, 1).rating_sum == 5  # a change is not a new vote
    assert vote("c", home, 3).rating_count == 3
    assert vote("c", office, 3, article="bai-viet-2").rating_count == 1
    assert vote("d", office, 2, moment=day + timedelta(hours=1)).rating_count == 4  # a new day in Vietnam
    counts = store.reader().execute("SELECT day, votes FROM new_votes WHERE article_id = 'bai-viet-1'").fetchall()
    assert sorted(counts) == [("2022-06-01", 1), ("2022-06-01", 2), ("2022-06-02", 1)]

    run(store.forget, day + timedelta(hours=1))
    assert store.reader().execute("SELECT DISTINCT day FROM new_votes").fetchall() == [("2022-06-02",)]
    assert store.stats(["bai-viet-1"])["bai-viet-1"].rating_count == 4  # the votes stay


def test_an_sqlite_file_that_cannot_be_opened_is_unavailable_not_an_error(tmp_path, secret_file):
    folder = tmp_path / "data"
    store = open_store(f"sqlite:///{folder / 'endpoint.sqlite3'}", secret_file)
    try:
        store.check()
        folder.rename(tmp_path / "moved")
        with ThreadPoolExecutor(1) as pool:  # a thread of its own opens a read connection of its own
            with pytest.raises(StoreUnavailable):
                pool.submit(store.check).result()
            with pytest.raises(StoreUnavailable):
                pool.submit(store.stats, ["bai-viet-1"]).result()
            (tmp_path / "moved").rename(folder)
            pool.submit(store.check).result()  # back: served again
    finally:
        store.close()


def test_a_conflict_between_two_instances_batches_is_not_an_outage():
    """A deadlock or serialization failure between two writers' batches is retried write by write;
    only a lost connection or a pool that waited in vain means the database is away (answered 503)."""
    import psycopg
    from psycopg_pool import PoolTimeout

    from endpoint.storage.postgres import _unavailable

    for conflict in (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure,
                     psycopg.errors.LockNotAvailable):
        assert not _unavailable(conflict("conflict")), conflict
    for away in (psycopg.errors.AdminShutdown, psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout):
        assert _unavailable(away("away")), away
