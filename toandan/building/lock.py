"""One build of a site at a time, across processes.

./dev build, publish, publish-due (a timer, every minute), livereload and the desk's publishing
each write .output-builds/, swap the output link and update the search index. Each holds the
site's build lock (an flock on var/build.lock beside the settings file) while it builds; another
waits for it, saying so, rather than failing. A build about to wait first takes the waiting lock
(var/build-waiting.lock): a caller that would rather not queue behind a build already waiting
(publish-due, which runs again a minute later) asks with queue=False and is told to skip.

The lock is the process's: nested calls in one process (build_or_update, then the full build it
runs) hold it once; a process forked by the build does not keep it, so a killed build frees it.
"""

import contextlib
import fcntl
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

FOLDER = "var"  # beside the settings file, as the site's other run-time files
LOCK_NAME = "build.lock"
WAITING_NAME = "build-waiting.lock"


@dataclass
class Turn:
    """What taking the lock came to."""

    held: bool  # False: another build already waited, and the caller asked not to queue
    waited: bool = False  # another build held the lock when asked


def lock_folder(settings_file: Path | str) -> Path:
    return Path(os.path.abspath(settings_file)).parent / FOLDER


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# The lock files this process holds, by path, with their descriptors. Process-wide by nature: an
# flock belongs to an open file, so to the process that opened it, and a build is one per process.
_held: dict[str, int] = {}
_guard = threading.Lock()


def _forget_in_child() -> None:
    """A forked process closes its copies of the descriptors: the lock stays with the build."""
    for descriptor in _held.values():
        os.close(descriptor)
    _held.clear()


os.register_at_fork(after_in_child=_forget_in_child)


@contextlib.contextmanager
def build_turn(settings_file: Path | str, queue: bool = True,
               say: Callable[[str], None] = _say) -> Iterator[Turn]:
    """Holds the site's build lock inside; waits while another process holds it. With queue=False
    and another build already waiting, yields Turn(held=False) at once, holding nothing."""
    folder = lock_folder(settings_file)
    path = str(folder / LOCK_NAME)
    with _guard:
        nested = path in _held
    if nested:  # inside this process's build: held already, until the outer call ends
        yield Turn(held=True)
        return
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = _open(path)
    try:
        turn = _take(descriptor, folder / WAITING_NAME, queue, say)
        if not turn.held:
            yield turn
            return
        with _guard:
            _held[path] = descriptor
        try:
            _write_holder(descriptor)
            yield turn
        finally:
            with _guard:
                del _held[path]
    finally:
        os.close(descriptor)  # releases the lock


def _take(descriptor: int, waiting: Path, queue: bool, say: Callable[[str], None]) -> Turn:
    """Locks descriptor at once if free; otherwise waits in line: first for the waiting lock (or
    gives up, queue=False), then for the lock."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return Turn(held=True)
    except BlockingIOError:
        pass
    holder = _read_holder(descriptor)
    in_line = _open(str(waiting))
    try:
        try:
            fcntl.flock(in_line, fcntl.LOCK_EX | (0 if queue else fcntl.LOCK_NB))
        except BlockingIOError:
            say(f"Một lần dựng trang khác{holder} đang chạy và đã có một lần dựng chờ sau nó: "
                "lần này bỏ qua.")
            return Turn(held=False, waited=False)
        say(f"Một lần dựng trang khác{holder} đang chạy: chờ nó xong rồi dựng.")
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    finally:
        os.close(in_line)  # the next in line may wait now
    return Turn(held=True, waited=True)


def _open(path: str) -> int:
    """A descriptor to lock the file by; read-only when another account made it (an flock needs no more)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError:
        return os.open(path, os.O_RDONLY)


def _write_holder(descriptor: int) -> None:
    """The holder's process number, for the line another build says while it waits."""
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode(), 0)
    except OSError:
        pass  # opened read-only: the waiting line names no process


def _read_holder(descriptor: int) -> str:
    try:
        number = int(os.pread(descriptor, 32, 0).decode() or "0")
    except (OSError, ValueError):
        return ""
    return f" (tiến trình {number})" if number else ""
