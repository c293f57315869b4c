"""Group commit: one thread owns the write connection; concurrent writes share one transaction.

A caller's write is answered only after the transaction holding it has
committed, so an acknowledged write survives a kill -9 of the process.
"""

import asyncio
import concurrent.futures
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)
_STOP = object()


class Transactions:
    """How a backend opens a connection and brackets a transaction."""

    def connect(self) -> Any: ...
    def begin(self, connection) -> None: ...
    def commit(self, connection) -> None: ...
    def rollback(self, connection) -> None: ...
    def healthy(self, connection) -> bool:
        return True


def combined(operation: Callable) -> Callable:
    """Mark an operation that takes every call of a batch at once: operation(connection, [args, ...])."""
    operation.combined = True
    return operation


class GroupCommitWriter:
    """Runs write operations `operation(connection, *args)` in batched transactions."""

    def __init__(self, transactions: Transactions, max_batch: int = 512):
        self._transactions = transactions
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._connection = transactions.connect()
        self._thread = threading.Thread(target=self._run, name="toandan-writer", daemon=True)
        self._thread.start()

    async def submit(self, operation: Callable, *args) -> Any:
        """Queue a write and wait until its transaction has committed."""
        return await asyncio.wrap_future(self.submit_nowait(operation, *args))

    def submit_nowait(self, operation: Callable, *args) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._queue.put((operation, args, future))
        return future

    def call(self, operation: Callable, *args) -> Any:
        """The blocking form of submit, for tasks and start-up."""
        return self.submit_nowait(operation, *args).result()

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                break
            batch = [item]
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    break
                batch.append(item)
            self._commit(batch)
        try:
            self._connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail too
            pass

    def _transaction(self, batch: list) -> list:
        connection = self._connection
        self._transactions.begin(connection)
        try:
            results = self._run_all(connection, batch)
            self._transactions.commit(connection)
        except BaseException:
            self._rollback()
            raise
        return results

    @staticmethod
    def _run_all(connection, batch: list) -> list:
        """Run each write; a `combined` operation takes all its calls in the batch at once."""
        results: list = [None] * len(batch)
        combined: dict = {}
        for index, (operation, args, _) in enumerate(batch):
            if getattr(operation, "combined", False):
                combined.setdefault(operation, []).append(index)
            else:
                results[index] = operation(connection, *args)
        for operation, indexes in combined.items():
            answers = operation(connection, [batch[i][1] for i in indexes])
            for index, answer in zip(indexes, answers):
                results[index] = answer
        return results

    def _rollback(self) -> None:
        try:
            self._transactions.rollback(self._connection)
        except Exception:  # noqa: BLE001 - the connection may be gone
            pass
        if not self._transactions.healthy(self._connection):
            try:
                self._connection = self._transactions.connect()
            except Exception:
                logger.exception("the database is unreachable")

    def _commit(self, batch: list) -> None:
        try:
            results = self._transaction(batch)
        except Exception:
            if len(batch) == 1:
                _, _, future = batch[0]
                logger.exception("write failed")
                future.set_exception(StoreUnavailable())
                return
            # One bad write must not sink the others: retry each on its own.
            for item in batch:
                self._commit([item])
            return
        for (_, _, future), result in zip(batch, results):
            future.set_result(result)


class StoreUnavailable(Exception):
    """The database could not take a write or answer a read."""
