"""Processes forked from a build: they start at once, with the build's memory shared until written."""

import gc
import multiprocessing
import sys
import threading


def can_fork() -> bool:
    """A fork copies only the thread that forks: with another thread running, a lock it held would
    stay held in the child. So a build forks only while it runs no other thread."""
    return threading.active_count() == 1


def start(target, *args, daemon: bool = True) -> multiprocessing.Process:
    """target(*args) in a forked process, started; what the build printed so far is printed once."""
    sys.stdout.flush()
    sys.stderr.flush()
    process = multiprocessing.get_context("fork").Process(target=_shared, args=(target, *args), daemon=daemon)
    process.start()
    return process


def _shared(target, *args) -> None:
    # The objects the process was forked with are left out of its collections: a full collection
    # writes to every object it walks, which would give the process its own copy of every page of
    # the build's memory (about 250 MB each for the search index's writers at 10,000 articles).
    gc.freeze()
    target(*args)


class Answer:
    """What target(*args) returns in a process forked by start_answering."""

    def __init__(self, process: multiprocessing.Process, receiver):
        self.process, self._receiver = process, receiver

    def get(self):
        """Waits for the process and answers what target returned, or raises what it raised."""
        try:
            answer = self._receiver.recv()
        except EOFError:  # killed, or exited before it answered
            answer = None
        finally:
            self._receiver.close()
        self.process.join()
        if answer is None:
            raise RuntimeError(f"a forked process ended without an answer (exit code {self.process.exitcode})")
        returned, value = answer
        if not returned:
            raise value
        return value


def start_answering(target, *args, daemon: bool = True) -> Answer:
    """start(target, *args), with what target returns or raises sent back to this process."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    process = start(_answering, sender, target, *args, daemon=daemon)
    sender.close()  # this process's copy: so that get() sees the end if the process dies
    return Answer(process, receiver)


def _answering(sender, target, *args) -> None:
    try:
        answer = (True, target(*args))
    except BaseException as failure:  # noqa: BLE001 - raised again by Answer.get
        answer = (False, failure)
    try:
        sender.send(answer)
    except Exception as unsent:  # noqa: BLE001 - what does not pickle goes as its text
        failure = answer[1] if not answer[0] else unsent
        sender.send((False, RuntimeError(f"{type(failure).__name__}: {failure}")))


class Claims:
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
