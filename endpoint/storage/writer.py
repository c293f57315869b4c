"""Group commit: one thread owns the write connection; concurrent writes share one transaction.

Requests wait on the event loop; one flush at a time hands the whole pending batch to the
writer thread, so a batch costs one thread hop, not one per request. A caller's write is
answered only after the transaction holding it has committed, so an acknowledged write
survives a kill -9 of the process.
"""

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

logger = logging.getLogger(__name__)


class Transactions:
    """How a backend opens a connection and brackets a transaction."""

    def connect(self) -> Any: ...
    def begin(self, connection) -> None: ...
    def commit(self, connection) -> None: ...
    def rollback(self, connection) -> None: ...
    def healthy(self, connection) -> bool:
        return True


class StoreUnavailable(Exception):
    """The database could not take a write or answer a read."""


def combined(operation: Callable) -> Callable:
    """Mark an operation that takes every call of a batch at once: operation(connection, [args, ...])."""
    operation.combined = True
    return operation


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


class GroupCommitWriter:
    """Runs write operations `operation(connection, *args)` in batched transactions on one thread."""

    def __init__(self, transactions: Transactions, max_batch: int = 512):
        self._transactions = transactions
        self._max_batch = max_batch
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="toandan-writer")
        self._connection = self._thread.submit(transactions.connect).result()
        self._pending: list = []
        self._flushing: asyncio.Task | None = None

    async def submit(self, operation: Callable, *args) -> Any:
        """Queue a write and wait until its transaction has committed."""
        future = asyncio.get_running_loop().create_future()
        self._pending.append((operation, args, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush())
        return await future

    def call(self, operation: Callable, *args) -> Any:
        """The blocking form, for tasks and start-up (no event loop needed)."""
        [answer] = self._thread.submit(self._commit, [(operation, args)]).result()
        if isinstance(answer, _Failed):
            raise answer.error
        return answer

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending[: self._max_batch], self._pending[self._max_batch:]
            answers = await loop.run_in_executor(self._thread, self._commit, [(op, args) for op, args, _ in batch])
            for (_, _, future), answer in zip(batch, answers):
                if future.done():
                    continue
                if isinstance(answer, _Failed):
                    future.set_exception(answer.error)
                else:
                    future.set_result(answer)

    def close(self) -> None:
        self._thread.submit(self._close).result()
        self._thread.shutdown(wait=True)

    def _close(self) -> None:
        try:
            self._connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail too
            pass

    # -- on the writer thread ---------------------------------------------------------------
    def _commit(self, batch: list) -> list:
        """Answers one result (or _Failed) per write; one bad write does not sink the others."""
        try:
            return self._transaction(batch)
        except Exception as error:  # noqa: BLE001 - reported per write below
            if len(batch) == 1:
                logger.exception("write failed")
                return [_Failed(StoreUnavailable(str(error)))]
            return [answer for item in batch for answer in self._commit([item])]

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
        together: dict = {}
        for index, (operation, args) in enumerate(batch):
            if getattr(operation, "combined", False):
                together.setdefault(operation, []).append(index)
            else:
                results[index] = operation(connection, *args)
        for operation, indexes in together.items():
            for index, answer in zip(indexes, operation(connection, [batch[i][1] for i in indexes])):
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
