"""The SQLite disk cache when things go wrong: a writer killed midway, a file system out of room,
forked processes and threads writing at once. Each runs real SQLite on real files."""

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from toandan.building.diskcache import DiskCache

ROOT = str(Path(__file__).resolve().parents[3])
VALUE = "Công an xã trao quà cho hộ nghèo. " * 60


def _python(code: str, *args: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, **options)


def test_a_writer_killed_midway_leaves_every_stored_entry_whole_and_the_file_writable(tmp_path):
    writer = _python("""
        import sys
        from pathlib import Path
        from toandan.building.diskcache import DiskCache
        cache = DiskCache(Path(sys.argv[1]), "fp")
        for batch in range(400):  # bounded: killed long before the end
            cache._put_all({f"{batch}-{n}": (batch, n, sys.argv[2]) for n in range(600)})
            if batch == 1:
                print("written", flush=True)
        """, str(tmp_path), VALUE, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline() == "written\n"  # two transactions of 600 done, the third under way
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    cache = DiskCache(tmp_path, "fp")
    keys = cache.keys()
    assert len(keys) >= 1200
    assert all(cache.get(key) == (*map(int, key.split("-")), VALUE) for key in keys)
    with sqlite3.connect(cache.path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    cache.put("after", 1)
    assert DiskCache(tmp_path, "fp").get("after") == 1


def test_a_write_that_finds_no_room_keeps_the_entries_stored_before(tmp_path):
    """The file system refuses to grow the file (RLIMIT_FSIZE, as a full disk would): the write
    fails, but what the cache held before stays; it is not a damaged file to be made again."""
    run = _python("""
        import resource, signal, sys
        from pathlib import Path
        from toandan.building.diskcache import DiskCache
        cache = DiskCache(Path(sys.argv[1]), "fp")
        cache._put_all({f"old{n}": n for n in range(50)})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        stored = sum(path.stat().st_size for path in cache.folder.iterdir())
        resource.setrlimit(resource.RLIMIT_FSIZE, (stored + 20_000, resource.RLIM_INFINITY))
        try:
            cache.put("large", "x" * 200_000)
        except Exception as error:
            print(type(error).__name__)
        """, str(tmp_path), stdout=subprocess.PIPE, text=True)
    assert run.communicate(timeout=120)[0].strip()  # the write failed
    cache = DiskCache(tmp_path, "fp")
    assert [cache.get(f"old{n}") for n in range(50)] == list(range(50))


def _store(folder: str, name: str) -> None:
    cache = DiskCache(Path(folder), "fp")
    for n in range(300):
        cache.put(f"{name}-{n}", (name, n))


def test_forked_processes_and_threads_store_at_once_and_every_entry_is_read_back(tmp_path):
    first = DiskCache(tmp_path, "fp")
    first.put("before", 0)  # the parent's connection is open when it forks
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_store, args=(str(tmp_path), f"p{n}")) for n in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    threads = [threading.Thread(target=lambda name=f"t{n}": [first.put(f"{name}-{k}", (name, k)) for k in range(300)])
               for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    again = DiskCache(tmp_path, "fp")
    assert again.get("before") == 0
    assert all(again.get(f"{name}-{n}") == (name, n) for name in ("p0", "p1", "t0", "t1") for n in range(300))


def test_held_entries_written_behind_by_a_thread_are_all_stored_while_the_build_takes_them(tmp_path):
    """When the build cannot fork (another thread runs), write_held_behind writes from a thread of
    this process, while the build goes on taking each held entry once (get)."""
    running = threading.Event()
    other = threading.Thread(target=running.wait)  # the build cannot fork while it runs
    other.start()
    try:
        cache = DiskCache(tmp_path, "fp")
        cache.hold()
        for n in range(2000):
            cache.put(f"k{n}", (n, VALUE))
        writer = cache.write_held_behind()
        assert all(cache.get(f"k{n}") == (n, VALUE) for n in range(2000))
        assert not writer.forked
        writer.join()
    finally:
        running.set()
        other.join()
    assert len(DiskCache(tmp_path, "fp").keys()) == 2000
