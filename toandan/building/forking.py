"""Processes forked from a build: they start at once, with the build's memory shared until written.

The one place that decides how a build's work is spread over processes: how many share a list
(processes_for), and whether work runs in a forked process or, the fallback when the build cannot
fork (another thread is running), in this process: in a thread beside the build (beside), or at
once (detached, whose work reads what the caller goes on to change). Every place that forks goes
through here.
"""

import multiprocessing
import os
import pickle
import sys
import tempfile
import threading

from toandan.accelerate import collector


def can_fork() -> bool:
    """A fork copies only the thread that forks: with another thread running, a lock it held would
    stay held in the child. So a build forks only while it runs no other thread."""
    return threading.active_count() == 1


def processes_for(count: int, minimum_share: int = 1) -> int:
    """How many processes share `count` items: one per core, each with minimum_share items at the
    least; 1 (this process alone) when the build cannot fork."""
    if not can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, count // max(1, minimum_share)))


class Beside:
    """Work started beside the build: a forked process, or a thread of this process."""

    def __init__(self, process: multiprocessing.Process | None = None, thread: threading.Thread | None = None,
                 answer: "ForkedResult | list | None" = None):
        self.process, self.thread = process, thread
        self._answer = answer  # started answering: the process's ForkedResult, or the thread's (returned, value)

    @property
    def forked(self) -> bool:
        return self.process is not None

    def join(self) -> None:
        (self.process or self.thread).join()

    def get(self):
        """Waits for the work and answers what target returned, or raises what it raised (work
        started with answering=True)."""
        if self.process is not None:
            return self._answer.get()
        self.thread.join()
        [(returned, value)] = self._answer
        if not returned:
            raise value
        return value


def beside(target, *args, worth_forking: bool = True, daemon: bool = True, name: str = "toandan-beside",
           niceness: int = 0, answering: bool = False) -> Beside:
    """target(*args) started beside the caller: in a forked process when worth_forking and the build
    can fork, otherwise in a thread of this process. niceness is added to the forked process's (a
    thread shares this process's). What target changes in memory is seen by the caller only in the
    thread; work that must come back goes through files, a WorkList, or answering=True: then the
    Beside's get() answers what target returned, or raises what it raised, either way."""
    if worth_forking and can_fork():
        work = (_niced, niceness, target, *args) if niceness else (target, *args)
        if answering:
            answer = start_answering(*work, daemon=daemon)
            return Beside(process=answer.process, answer=answer)
        return Beside(process=start(*work, daemon=daemon))
    kept: list | None = [] if answering else None  # the thread's (returned, value), once it ends
    work = (_kept_in, kept, target, *args) if answering else (target, *args)
    thread = threading.Thread(target=work[0], args=work[1:], name=name, daemon=daemon)
    thread.start()
    return Beside(thread=thread, answer=kept)


def _niced(niceness: int, target, *args):
    os.nice(niceness)
    return target(*args)


def _kept_in(kept: list, target, *args) -> None:
    try:
        kept.append((True, target(*args)))
    except BaseException as failure:  # noqa: BLE001 - raised again by Beside.get
        kept.append((False, failure))


def detached(target, *args) -> bool:
    """target(*args) in a process that outlives this one and is nobody's child to wait for (forked
    twice), so that the build ends without waiting for it; answers True. Where the build cannot
    fork, target(*args) runs here before this returns False."""
    if not can_fork():
        target(*args)
        return False
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:  # forks the worker and ends
        try:
            if os.fork() == 0:
                status = 1
                try:
                    status = 0 if target(*args) is not False else 1
                finally:
                    os._exit(status)
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    return True


def start(target, *args, daemon: bool = True) -> multiprocessing.Process:
    """target(*args) in a forked process, started; what the build printed so far is printed once."""
    sys.stdout.flush()
    sys.stderr.flush()
    process = multiprocessing.get_context("fork").Process(target=_shared, args=(target, *args), daemon=daemon)
    process.start()
    return process


def _shared(target, *args) -> None:
    # The objects the process was forked with are left out of its collections (where the build
    # steers its collector): a full collection writes to every object it walks, which would give
    # the process its own copy of every page of the build's memory.
    collector.freeze_forked()
    target(*args)


class ForkedResult:
    """What target(*args) returns in a process forked by start_answering. The answer comes through
    a file read once the process has ended, not a pipe: a process whose answer outgrew the pipe's
    buffer would wait for a reader, and a build that failed before asking for the answer would
    wait for that process forever when it exits."""

    def __init__(self, process: multiprocessing.Process, answer_file):
        self.process, self._file = process, answer_file

    def get(self):
        """Waits for the process and answers what target returned, or raises what it raised."""
        self.process.join()
        try:
            self._file.seek(0)
            answer = pickle.load(self._file)
        except (EOFError, pickle.UnpicklingError):  # killed, or exited before it answered
            answer = None
        finally:
            self._file.close()
        if answer is None:
            raise RuntimeError(f"a forked process ended without an answer (exit code {self.process.exitcode})")
        returned, value = answer
        if not returned:
            raise value
        return value


def start_answering(target, *args, daemon: bool = True) -> ForkedResult:
    """start(target, *args), with what target returns or raises sent back to this process."""
    answer_file = tempfile.TemporaryFile()  # no name: gone with the last descriptor
    process = start(_answering, answer_file, target, *args, daemon=daemon)
    return ForkedResult(process, answer_file)


def _answering(answer_file, target, *args) -> None:
    try:
        answer = (True, target(*args))
    except BaseException as failure:  # noqa: BLE001 - raised again by ForkedResult.get
        answer = (False, failure)
    try:
        data = pickle.dumps(answer)
    except Exception as unpicklable:  # noqa: BLE001 - what does not pickle goes as its text
        failure = answer[1] if not answer[0] else unpicklable
        data = pickle.dumps((False, RuntimeError(f"{type(failure).__name__}: {failure}")))
    answer_file.write(data)
    answer_file.flush()


class WorkList:
    """The items of a list handed out in turn, a chunk at a time, to the forked processes (and
    threads) that share them, through a counter in shared memory: whoever is free takes the next,
    so they finish together whatever each one's pace. Made before the processes fork."""

    def __init__(self, items: list, chunk: int = 1, start: int = 0):
        """start: items before it are not handed out (their takers were given them beforehand)."""
        self.items, self.chunk = items, chunk
        self._next = multiprocessing.get_context("fork").Value("q", start)

    def take(self) -> list:
        """The next chunk of items; empty when none are left."""
        with self._next.get_lock():
            start = self._next.value
            self._next.value = start + self.chunk
        return self.items[start:start + self.chunk]

    def __iter__(self):
        while chunk := self.take():
            yield from chunk
