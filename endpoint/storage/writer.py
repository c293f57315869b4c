"""Group commit in a writer process: it owns the write connection; concurrent writes share one transaction.

Requests wait on the event loop. A batch of writes goes to the writer process over a pipe and the
loop watches the pipe for the answers, so the loop's thread never waits on the database and no
thread of the endpoint competes with it for the interpreter lock (a writer thread's share of the
lock cost view-hit throughput: docs/benchmarks.md). While one batch commits, the next one gathers.
A write is answered only after the transaction holding it has committed, so an acknowledged
write survives a kill -9 of the endpoint. The writer process ends when its pipe closes, that is
when the endpoint ends, however it ends.
"""

import asyncio
import logging
import multiprocessing
import pickle
from typing import Any

from .committer import Failed, StoreUnavailable, serve

logger = logging.getLogger(__name__)
MAX_BATCH = 512  # writes in one transaction at most


def _lost(count: int) -> list:
    """The answers to writes the writer process may not have committed: it ended before answering."""
    return [Failed(StoreUnavailable("the writer process ended"))] * count


def _answer(answer: Any) -> Any:
    if isinstance(answer, Failed):
        raise answer.error
    return answer


class GroupCommitWriter:
    """Runs the write operations of the database at url, by name, in batched transactions in a writer process."""

    def __init__(self, url: str, max_batch: int = MAX_BATCH):
        self._url = url
        self._max_batch = max_batch
        self._pending: list = []  # (operation name, args, future) waiting for the next batch
        self._in_flight: list | None = None  # the batch the writer process is committing
        self._scheduled = False
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop of the batch gathering or in flight
        self._watched_by: asyncio.AbstractEventLoop | None = None  # the loop watching the pipe for answers
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")  # a fork would copy the endpoint's threads' locks
        ours, theirs = context.Pipe()
        self._process = context.Process(target=serve, args=(self._url, theirs), name="toandan-writer", daemon=True)
        self._process.start()
        theirs.close()  # the writer's end lives only in the writer: when the endpoint ends, the pipe closes
        self._pipe = ours

    def submit(self, operation: str, *args) -> asyncio.Future:
        """Queue a write; the future is answered once its transaction has committed."""
        if self._in_flight is None and not self._scheduled:
            # Asked once per batch, not per write: get_running_loop() costs a getpid() system call.
            self._loop = asyncio.get_running_loop()
            self._scheduled = True  # the writes this loop turn brings go in the same batch
            self._loop.call_soon(self._send)
        future = self._loop.create_future()
        self._pending.append((operation, args, future))
        return future

    def call(self, operation: str, *args) -> Any:
        """The blocking form, for tasks and start-up, when no event loop is using the writer."""
        if self._in_flight is not None or (self._watched_by is not None and not self._watched_by.is_closed()):
            raise RuntimeError("a blocking write while an event loop uses the writer")
        try:
            self._pipe.send_bytes(pickle.dumps([(operation, args)]))
            [answer] = pickle.loads(self._pipe.recv_bytes())
        except (EOFError, OSError):
            self._restart()
            [answer] = _lost(1)
        return _answer(answer)

    def _send(self) -> None:
        self._scheduled = False
        if self._in_flight is not None or not self._pending:
            return
        batch, self._pending = self._pending[: self._max_batch], self._pending[self._max_batch:]
        message = pickle.dumps([(operation, args) for operation, args, _ in batch])
        try:
            self._pipe.send_bytes(message)
        except OSError:  # the writer process ended while idle: nothing of this batch reached it
            self._unwatch()
            self._restart()
            try:
                self._pipe.send_bytes(message)
            except OSError:
                self._settle(batch, _lost(len(batch)))
                return
        self._in_flight = batch
        if self._watched_by is not self._loop:  # the pipe stays watched: no system calls per batch
            self._unwatch()
            self._loop.add_reader(self._pipe.fileno(), self._answered)
            self._watched_by = self._loop

    def _answered(self) -> None:
        batch, self._in_flight = self._in_flight, None
        if batch is None:  # nothing was in flight: the writer process ended and its pipe reads as closed
            self._unwatch()
            self._restart()
            return
        try:
            answers = pickle.loads(self._pipe.recv_bytes())
        except (EOFError, OSError):
            logger.error("the writer process ended with %d writes in flight; starting another", len(batch))
            self._unwatch()
            self._restart()
            answers = _lost(len(batch))
        self._send()  # the next batch commits while this one is answered
        self._settle(batch, answers)

    def _unwatch(self) -> None:
        if self._watched_by is not None and not self._watched_by.is_closed():
            self._watched_by.remove_reader(self._pipe.fileno())
        self._watched_by = None

    @staticmethod
    def _settle(batch: list, answers: list) -> None:
        for (_, _, future), answer in zip(batch, answers):
            if future.done():  # the request was cancelled: its write is committed all the same
                continue
            if isinstance(answer, Failed):
                future.set_exception(answer.error)
            else:
                future.set_result(answer)

    @property
    def pid(self) -> int:
        """The writer process's id."""
        return self._process.pid

    def _restart(self) -> None:
        self._end(seconds=5)
        self._start()

    def close(self) -> None:
        self._unwatch()
        self._end(seconds=30)

    def _end(self, seconds: float) -> None:
        self._pipe.close()  # the writer finishes its batch, sees the pipe closed and ends
        self._process.join(timeout=seconds)
        if self._process.is_alive():  # it does not: never two writers at once
            self._process.kill()
            self._process.join()
