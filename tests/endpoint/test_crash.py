"""kill -9 during a write load: every acknowledged write is there after a restart."""

import os
import signal
import threading
import time
from pathlib import Path

import pytest

import httpx

from endpoint_harness import ORIGIN, Endpoint, rater_cookie
from bench.processes import process_tree

HEADERS = {"Origin": ORIGIN, "Content-Type": "application/json"}


def test_sigkill_loses_no_acknowledged_write(endpoint):
    acknowledged_views = []
    acknowledged_raters = []
    stop = threading.Event()

    def load(number: int) -> None:
        with httpx.Client(base_url=endpoint.base, timeout=5) as http:
            sent = 0
            while not stop.is_set() and sent < 5000:
                sent += 1
                try:
                    view = http.post("/api/views/bai-viet-1", headers=HEADERS)
                    rater = f"10.3.{number}.{sent % 250}"
                    rating = http.post("/api/ratings/bai-viet-2", content='{"stars": 4}',
                                       headers={**HEADERS, "X-Forwarded-For": rater, **rater_cookie(rater)})
                except httpx.TransportError:
                    return  # the server is gone; what it answered before counts
                if view.status_code == 200:
                    acknowledged_views.append(view.json()["views"])
                if rating.status_code == 200:
                    acknowledged_raters.append(rater)

    threads = [threading.Thread(target=load, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged_views) < 300 and time.monotonic() < deadline:
        time.sleep(0.05)
    endpoint.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    assert len(acknowledged_views) >= 300, "the load did not get going"
    endpoint.start()
    stored = endpoint.stats("bai-viet-1")
    assert stored["views"] >= len(acknowledged_views)
    assert stored["views"] >= max(acknowledged_views)
    ratings = endpoint.stats("bai-viet-2")
    assert ratings["rating_count"] >= len(set(acknowledged_raters))


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # an exited child nobody reaped yet is not running


def _wait_until(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while not (found := condition()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


@pytest.mark.slow
def test_search_workers_end_when_the_endpoint_is_killed(tmp_path):
    endpoint = Endpoint(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    try:
        workers = _wait_until(endpoint.helpers, 10)
        assert workers, "the endpoint starts a search worker when it starts"
        endpoint.kill()
        assert _wait_until(lambda: not any(_running(pid) for pid in workers), 10)
    finally:
        endpoint.stop()


def _holding(pid: int, path: Path) -> bool:
    """Whether the process has the file open."""
    try:
        return any(Path(link).resolve() == path for link in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # it has just ended, or one of its files has
        return False


def _writer(endpoint) -> int | None:
    database = Path(endpoint.database.removeprefix("sqlite:///")).resolve()
    found = [pid for pid in process_tree(endpoint.process.pid)[1:] if _running(pid) and _holding(pid, database)]
    return found[0] if found else None


@pytest.mark.slow
def test_the_writer_process_ends_when_the_endpoint_is_killed(tmp_path):
    endpoint = Endpoint(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    try:
        writer = _wait_until(lambda: _writer(endpoint), 10)
        assert writer, "the endpoint's writer process holds the database"
        endpoint.kill()
        assert _wait_until(lambda: not _running(writer), 10)
    finally:
        endpoint.stop()


@pytest.mark.slow
def test_a_killed_writer_process_loses_no_acknowledged_write_and_is_replaced(tmp_path):
    endpoint = Endpoint(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    acknowledged, refused = [], []
    stop = threading.Event()

    def load() -> None:
        # Generous: a request waiting for the replacement writer must not end the thread unseen.
        with httpx.Client(base_url=endpoint.base, timeout=60) as http:
            for _ in range(3000):
                if stop.is_set():
                    return
                answer = http.post("/api/views/bai-viet-1", headers=HEADERS)
                (acknowledged if answer.status_code == 200 else refused).append(answer)

    try:
        writer = _wait_until(lambda: _writer(endpoint), 10)
        threads = [threading.Thread(target=load) for _ in range(8)]
        for thread in threads:
            thread.start()
        assert _wait_until(lambda: len(acknowledged) >= 300, 20), "the load did not get going"
        os.kill(writer, signal.SIGKILL)
        before = len(acknowledged)
        assert _wait_until(lambda: len(acknowledged) >= before + 300, 60), "views are counted again"
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
        assert {answer.status_code for answer in refused} <= {503}  # in flight when it died: not acknowledged
        assert all(answer.json()["error"]["code"] == "unavailable" for answer in refused)
        assert _writer(endpoint) not in (None, writer)
        # A batch in flight may have committed before its answers were lost: counted, not acknowledged.
        assert len(acknowledged) <= endpoint.stats("bai-viet-1")["views"] <= len(acknowledged) + len(refused)
    finally:
        stop.set()
        endpoint.stop()


@pytest.mark.slow
def test_sigterm_stops_cleanly_with_nothing_leaked(tmp_path):
    endpoint = Endpoint(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)
    try:
        assert endpoint.post("/api/views/bai-viet-1").status_code == 200
        children = _wait_until(endpoint.helpers, 10)
        assert len(children) >= 2, "the writer and a search worker run beside the endpoint"
        endpoint.process.send_signal(signal.SIGTERM)
        assert endpoint.process.wait(timeout=20) == 0
        assert _wait_until(lambda: not any(_running(pid) for pid in children), 10)
    finally:
        endpoint.stop()
    time.sleep(1)  # the resource tracker reports leaks as it ends, after the endpoint
    log = (tmp_path / "endpoint.log").read_text()
    assert "leaked" not in log and "Traceback" not in log
