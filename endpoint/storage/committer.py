"""The writer process: it owns the write connection and commits each batch of writes the endpoint
sends (endpoint.storage.writer) in one transaction, answering each write its result or its error.

A lost connection is reconnected with a back-off while writes are refused (answered 503); a
COMMIT whose answer was lost is settled from the batch's number, recorded in the same transaction,
so that a batch is acknowledged only if it committed and never committed twice.
"""

import logging
import os
import pickle
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__package__ + ".writer")  # the writer process's log, under the name it always had


class Transactions:
    """How a backend opens a connection and brackets a transaction."""

    def connect(self) -> Any: ...
    def begin(self, connection) -> None: ...
    def commit(self, connection) -> None: ...
    def rollback(self, connection) -> None: ...
    def mark_batch(self, connection, writer: str, number: int) -> None: ...
    def last_batch(self, connection, writer: str) -> int | None: ...  # the writer's last committed batch

    def healthy(self, connection) -> bool:
        return True

    def unavailable(self, error: BaseException) -> bool:
        """Whether an error says the database cannot be reached or is locked, not that a write is bad."""
        return False


class StoreUnavailable(Exception):
    """The database could not take a write or answer a read."""


def combined(operation: Callable) -> Callable:
    """Mark an operation that takes every call of a batch at once: operation(connection, [args, ...])."""
    operation.combined = True
    return operation


class Failed:
    """A write's answer that is an error, raised where the write was submitted."""

    def __init__(self, error: BaseException):
        self.error = error


def serve(url: str, pipe) -> None:
    """The writer process: commit each batch the endpoint sends, answer it, until the pipe closes."""
    from . import open_writes

    committer = _Committer(open_writes(url))
    try:
        while True:
            try:
                batch = pickle.loads(pipe.recv_bytes())
            except (EOFError, OSError):
                return
            try:
                pipe.send_bytes(pickle.dumps(committer.commit(batch)))
            except OSError:
                return
    finally:
        committer.close()


class _Outage:
    """When the database stopped answering, and when to try it again: one log line as it starts, one as it ends."""

    # Seconds between reconnection attempts: doubling, capped well inside the 2 s in which writes are
    # answered again once the database is back (tests/endpoint/test_outage.py); a refused
    # connection costs next to nothing.
    FIRST_DELAY, MAX_DELAY = 0.05, 0.5

    def __init__(self):
        self.since: float | None = None  # monotonic time the outage began
        self.refused = 0  # writes answered 503 during it
        self._delay = 0.0
        self._next_attempt = 0.0

    def due(self) -> bool:
        """Whether to try connecting now: at once after a failure, then less often, never beyond MAX_DELAY."""
        return time.monotonic() >= self._next_attempt

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        if self.since is None:
            self.since, self.refused = now, 0
            logger.warning("the database is unavailable (%s); writes are answered 503 until it is back",
                           _one_line(error))
        self._next_attempt = now + self._delay
        self._delay = min(max(self._delay * 2, self.FIRST_DELAY), self.MAX_DELAY)

    def ended(self) -> None:
        if self.since is not None:
            logger.warning("the database is available again after %.1f s; %d writes were refused meanwhile",
                           time.monotonic() - self.since, self.refused)
        self.since, self._delay, self._next_attempt = None, 0.0, 0.0


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}"[:300]


class _InDoubt(Exception):
    """COMMIT failed: the batch may or may not be committed."""

    def __init__(self, results: list):
        super().__init__("the outcome of a COMMIT is unknown")
        self.results = results


class _Committer:
    """Commits batches on the writer's one connection, reconnecting after the database comes back.

    Each transaction also records the batch's number under this writer's id (a row in the same
    transaction), so when a COMMIT's answer is lost the writer can tell whether it committed:
    a committed batch is acknowledged, an uncommitted one is run once more, never both.
    """

    IN_DOUBT_WAIT = 5.0  # seconds to wait for the database to settle a lost COMMIT before answering 503

    def __init__(self, transactions: Transactions):
        self._transactions = transactions
        self._writer_id = os.urandom(8).hex()
        self._batch_number = 0
        self._outage = _Outage()
        self._connection = None  # connected by the first batch (at start-up, the migration)

    def commit(self, batch: list) -> list:
        """Answers one result (or Failed) per write; one bad write does not sink the others."""
        if self._connection is None and not self._reconnect():
            return self._refused(batch)
        try:
            return self._transaction(batch)
        except _InDoubt as doubt:
            return self._settle(batch, doubt.results)
        except Exception as error:  # noqa: BLE001 - reported per write below
            if self._unavailable(error):
                return self._refused(batch)
            if len(batch) == 1:
                logger.exception("write failed")
                return [Failed(StoreUnavailable(str(error)))]
            return [answer for item in batch for answer in self.commit([item])]

    def _transaction(self, batch: list) -> list:
        connection = self._connection
        self._batch_number += 1
        try:
            self._transactions.begin(connection)
            results = self._run_all(connection, batch)
            self._transactions.mark_batch(connection, self._writer_id, self._batch_number)
        except BaseException as error:
            self._rollback(error)
            raise
        try:
            self._transactions.commit(connection)
        except Exception as error:
            self._rollback(error)
            raise _InDoubt(results) from error
        self._outage.ended()
        return results

    def _settle(self, batch: list, results: list) -> list:
        """After a lost COMMIT: acknowledge the batch if it committed, otherwise run it once more."""
        committed = self._committed(self._batch_number)
        if committed is None:
            return self._in_doubt(batch)
        if committed:
            return results
        try:
            return self._transaction(batch)
        except _InDoubt as doubt:  # lost again: acknowledge only what is known to be committed
            committed = self._committed(self._batch_number)
            if committed is None:
                return self._in_doubt(batch)
            return doubt.results if committed else self._refused(batch)
        except Exception as error:  # noqa: BLE001
            if not self._unavailable(error):
                logger.exception("a batch run again after a lost COMMIT failed")
            return self._refused(batch)

    def _committed(self, number: int) -> bool | None:
        """Whether this writer's batch `number` committed; None if the database does not say in time."""
        deadline = time.monotonic() + self.IN_DOUBT_WAIT
        while True:
            try:
                if self._connection is not None or self._reconnect():
                    return self._transactions.last_batch(self._connection, self._writer_id) == number
            except Exception as error:  # noqa: BLE001 - the database went away again
                self._lose(error)
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)

    def _in_doubt(self, batch: list) -> list:
        # The lost transaction may still hold this writer's batch row on the server: mark the next
        # batches under a new id, so they never wait on it.
        self._writer_id, self._batch_number = os.urandom(8).hex(), 0
        logger.error("%d writes are in doubt: their COMMIT's answer was lost and the database did not "
                     "say within %.0f s whether it committed; they are answered 503", len(batch), self.IN_DOUBT_WAIT)
        return self._refused(batch)

    def _run_all(self, connection, batch: list) -> list:
        """Run each write; a `combined` operation takes all its calls in the batch at once."""
        results: list = [None] * len(batch)
        together: dict = {}
        for index, (name, args) in enumerate(batch):
            operation = getattr(self._transactions, name)
            if getattr(operation, "combined", False):
                together.setdefault(name, []).append(index)
            else:
                results[index] = operation(connection, *args)
        for name, indexes in together.items():
            operation = getattr(self._transactions, name)
            for index, answer in zip(indexes, operation(connection, [batch[i][1] for i in indexes])):
                results[index] = answer
        return results

    def _unavailable(self, error: BaseException) -> bool:
        """Whether the error is the database's state rather than a bad write; a lost connection is dropped."""
        if self._connection is None:  # lost during the attempt, and already dropped
            return True
        if not self._transactions.healthy(self._connection):
            self._lose(error)
            return True
        if self._transactions.unavailable(error):
            self._outage.failed(error)
            return True
        return False

    def _refused(self, batch: list) -> list:
        self._outage.refused += len(batch)
        return [Failed(StoreUnavailable("the database is unavailable"))] * len(batch)

    def _lose(self, error: BaseException) -> None:
        self._close()
        self._connection = None
        self._outage.failed(error)

    def _reconnect(self) -> bool:
        """A new connection, if one is due under the back-off and the database answers."""
        if not self._outage.due():
            return False
        try:
            self._connection = self._transactions.connect()
        except Exception as error:  # noqa: BLE001 - the database is still away
            self._connection = None
            self._outage.failed(error)
            return False
        return True

    def _rollback(self, error: BaseException) -> None:
        try:
            self._transactions.rollback(self._connection)
        except Exception:  # noqa: BLE001 - the connection may be gone
            pass
        if not self._transactions.healthy(self._connection):
            self._lose(error)

    def _close(self) -> None:
        try:
            if self._connection is not None:
                self._connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail too
            pass

    def close(self) -> None:
        self._close()
