"""The disk cache: entries held in memory are answered from there once, and written for the next build."""

import gc
import sqlite3

import pytest

from toandan.building.diskcache import DiskCache


def test_held_entries_are_answered_once_and_written_behind(tmp_path):
    cache = DiskCache(tmp_path, "abc")
    cache.hold()
    for number in range(100):
        cache.put(f"k{number}", {"n": number})
    assert not any(cache.folder.iterdir()) and cache.holds("k5")  # nothing on disk yet
    writer = cache.write_held_behind()  # a forked process, or a thread where the tests cannot fork
    value = cache.get("k5")
    assert value == {"n": 5}
    value["n"] = 6  # a taker may change what it took: the next get is the written entry
    writer.join()
    assert cache.get("k5") == {"n": 5}
    again = DiskCache(tmp_path, "abc")  # the next build's
    assert all(again.get(f"k{number}") == {"n": number} for number in range(100))
    cache.put("after", 1)  # holding ended: written at once
    assert again.get("after") == 1 and not list(cache.folder.glob(".*"))  # no temporary file left


def test_few_held_entries_are_written_here(tmp_path):
    cache = DiskCache(tmp_path, "abc")
    cache.hold()
    cache.put("one", 1)
    cache.write_held_behind()
    assert DiskCache(tmp_path, "abc").get("one") == 1


def _connections() -> dict:
    return {id(thing): thing for thing in gc.get_objects() if isinstance(thing, sqlite3.Connection)}


def test_a_caches_connections_are_closed_when_it_goes(tmp_path):
    # Python 3.13 and later warn of a connection collected open, which the suite's warnings make
    # an error: the cache closes its own. Held here past the cache, a closed one refuses to work.
    before = _connections()
    cache = DiskCache(tmp_path / "cache", "abc")
    cache.put("k", 1)
    opened = [connection for key, connection in _connections().items() if key not in before]
    assert len(opened) == 1
    del cache
    gc.collect()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")
