"""Results kept on disk between builds, pickled by key in one file, under a folder named for what
they depend on besides the key (code, settings, registries): a change there starts a fresh folder."""

import hashlib
import os
import pickle
import shutil
import sqlite3
import threading
import weakref
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

from toandan.building import forking

DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB")  # the errors of a file that is not a whole database


def fingerprint(*parts: bytes, libraries: tuple = (), files: list[Path] = ()) -> str:
    """A folder name for the given parts, library versions and files' names and bytes."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part + b"\n")
    for library in libraries:
        digest.update(f"{library}={version(library)}\n".encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def cache_folder(settings: dict, name: str) -> Path:
    """CACHE_PATH/name; a relative CACHE_PATH is beside the content folder, like the site's other files."""
    return Path(settings["PATH"]).parent / settings["CACHE_PATH"] / name


def sources(*folders: Path) -> list[Path]:
    """The Python files under folders."""
    return sorted(path for folder in folders for path in folder.rglob("*.py"))


class DiskCache:
    """Entries by key in one SQLite file, folder/<fingerprint>/entries.sqlite; other fingerprints'
    folders are removed. One file, not a file per entry: a build of thousands of articles would
    otherwise create (and a later one remove) thousands of files, which costs system time on every
    file system and most on some (docs/benchmarks.md). Each process uses a connection of its own: a
    build's forked readers put and get at once, each waiting for another's write (busy_timeout)."""

    FILE = "entries.sqlite"
    STORED_AT_ONCE = 256  # entries a transaction writes

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder / fingerprint
        if folder.is_dir():
            for other in folder.iterdir():
                if other.name != fingerprint:
                    shutil.rmtree(other, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / self.FILE
        self._connections: dict[tuple, sqlite3.Connection] = {}  # by process and thread
        # Closed when the cache goes, or at exit (Python 3.13 and later warn of a connection left
        # open): those of this process only, as _connection says.
        weakref.finalize(self, _close_own, self._connections)
        self._held: dict | None = None  # entries put while holding (hold), by key
        self._holding = False

    def _connection(self) -> sqlite3.Connection:
        # A connection is never used, nor closed, in a process forked after it was opened: SQLite's
        # locks belong to the process that took them. The parent's stays in the dict, unused. A thread
        # has its own too: a transaction belongs to its connection (forking's fallback is a thread).
        owner = (os.getpid(), threading.get_ident())
        connection = self._connections.get(owner)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            try:
                # Entries written once, into the file itself (a write-ahead log writes them twice),
                # with the rollback journal kept between transactions rather than made and removed
                # for each. No sync: a process killed midway is rolled back from the journal; a
                # machine's crash may damage the file, which is then made again (_started_again).
                connection.execute("PRAGMA journal_mode=PERSIST")
                connection.execute("PRAGMA synchronous=OFF")
                connection.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
                                   " WITHOUT ROWID")
            except sqlite3.DatabaseError:
                connection.close()
                raise
            self._connections[owner] = connection
        return connection

    def _started_again(self) -> None:
        """A damaged file is removed, with its companions, and made again empty."""
        connection = self._connections.pop((os.getpid(), threading.get_ident()), None)
        if connection is not None:
            connection.close()
        for suffix in ("", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def hold(self) -> None:
        """Keeps what is put from now on in memory, until write_held_behind."""
        self._held, self._holding = {}, True

    def write_held_behind(self, minimum: int = 64) -> "forking.Beside | None":
        """Writes what was held to disk beside the build (forking.beside), leaving this process's
        time to the build; fewer than minimum entries are written here at once. Each entry held is
        still answered once from memory after. Answers the writer beside, if one was started."""
        held, self._holding = self._held or {}, False
        if len(held) < minimum:
            self._put_all(held)
            return None
        # A build's process waits for it at exit (not a daemon).
        # A copy: get() takes entries out of the held dict while a thread (the fallback) writes.
        return forking.beside(self._put_all, dict(held), daemon=False, name="toandan-cache-writer")

    def _put_all(self, entries: dict) -> None:
        """Each entry whole or not at all, in few transactions."""
        rows = [(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for key, value in entries.items()]
        if rows:
            self._store(rows)

    def _store(self, rows: list[tuple[str, bytes]]) -> None:
        """rows in transactions of STORED_AT_ONCE: a reader of the file waits for one at most."""
        for attempt in (1, 2):
            try:
                for start in range(0, len(rows), self.STORED_AT_ONCE):
                    with self._transaction() as connection:
                        connection.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)",
                                               rows[start:start + self.STORED_AT_ONCE])
                return
            except sqlite3.DatabaseError as error:
                # Only a damaged file is made again: a full disk, a lock held too long or a file
                # that cannot be written leaves the entries stored before as they are.
                if attempt == 2 or getattr(error, "sqlite_errorname", "") not in DAMAGED:
                    raise
                self._started_again()

    @contextmanager
    def _transaction(self):
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    @staticmethod
    def key(*parts: bytes) -> str:
        digest = hashlib.blake2b(digest_size=24)
        for part in parts:
            digest.update(len(part).to_bytes(8, "little") + part)
        return digest.hexdigest()

    def _stored(self, key: str) -> bytes | None:
        try:
            row = self._connection().execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None  # a damaged file: every entry is read again, and the file made again by put
        return row[0] if row else None

    def holds(self, key: str) -> bool:
        if self._held and key in self._held:
            return True
        try:
            return self._connection().execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None
        except sqlite3.DatabaseError:
            return False

    def get(self, key: str):
        if self._held and key in self._held:
            return self._held.pop(key)  # once: whoever takes it may change it
        stored = self._stored(key)
        if stored is None:
            return None
        try:
            return pickle.loads(stored)
        except (EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None  # a damaged or outdated entry is read again, and replaced

    def put(self, key: str, value) -> None:
        if self._holding:
            self._held[key] = value
        else:
            self._put_all({key: value})

    def keys(self) -> set[str]:
        """The keys stored on disk (not those held)."""
        try:
            return {key for key, in self._connection().execute("SELECT key FROM entries")}
        except sqlite3.DatabaseError:
            return set()


def _close_own(connections: dict) -> None:
    """Closes the connections this process opened; a forked process leaves its parent's alone."""
    for (pid, _), connection in list(connections.items()):
        if pid == os.getpid():
            connection.close()
