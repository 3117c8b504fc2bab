"""Transactions and savepoints.

``async with transaction("db1"):`` (or ``DatabaseRegistry.get("db1").transaction()``) runs every
model call on that database, in this task, on one connection inside ``BEGIN ... COMMIT``. An
exception rolls back; a nested block is a savepoint, rolled back alone when it fails.

A transaction belongs to the task that opened it. A task spawned inside the block inherits the
context but not the transaction: its statements on that database raise
:class:`~riverorm.errors.TransactionError` instead of silently running on the parent's connection
(interleaved with the parent) or outside it (escaping its atomicity). Such a task opens a
transaction of its own, or runs after the block.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any

from riverorm.errors import TransactionError

if TYPE_CHECKING:
    from riverorm.backends.base import Database


@dataclass(slots=True)
class TransactionState:
    """The connection a transaction runs on and the task it belongs to."""

    connection: Any
    owner: asyncio.Task[Any] | None
    depth: int = 0

    def connection_for(self, db: Database) -> Any:
        if asyncio.current_task() is not self.owner:
            raise TransactionError(
                f"This task was started inside a transaction on {db!r} that belongs to another "
                "task; it cannot share that connection. Open its own with `async with "
                "transaction(alias):`, or run it after the transaction block ends."
            )
        return self.connection


class Transaction:
    """``async with db.transaction():`` — see the module documentation."""

    __slots__ = ("_db", "_savepoint", "_state", "_token")

    def __init__(self, db: Database) -> None:
        self._db = db
        self._state: TransactionState | None = None
        self._savepoint: str | None = None
        self._token: Any = None

    async def __aenter__(self) -> Transaction:
        db = self._db
        current = db._tx.get()
        task = asyncio.current_task()
        if current is not None and current.owner is task:
            current.depth += 1
            self._savepoint = f"riverorm_savepoint_{current.depth}"
            try:
                await db._tx_execute(current.connection, f"SAVEPOINT {self._savepoint}")
            except BaseException:
                current.depth -= 1
                raise
            self._state = current
            return self
        connection = await db._tx_acquire()
        try:
            await db._tx_execute(connection, "BEGIN")
        except BaseException:
            await db._tx_release(connection, broken=True)
            raise
        self._state = TransactionState(connection, task)
        self._token = db._tx.set(self._state)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        db, state = self._db, self._state
        assert state is not None, "transaction exited without being entered"
        if self._savepoint is not None:
            try:
                if exc_type is not None:
                    await db._tx_execute(
                        state.connection, f"ROLLBACK TO SAVEPOINT {self._savepoint}"
                    )
                await db._tx_execute(state.connection, f"RELEASE SAVEPOINT {self._savepoint}")
            finally:
                state.depth -= 1
            return
        db._tx.reset(self._token)
        # A cancelled statement may leave the connection mid-protocol: drop it instead (the server
        # rolls back a transaction whose connection goes away).
        broken = exc_type is not None and issubclass(exc_type, asyncio.CancelledError)
        try:
            if not broken or db.dialect == "sqlite":
                await db._tx_execute(state.connection, "COMMIT" if exc_type is None else "ROLLBACK")
        except BaseException:
            broken = True
            raise
        finally:
            await db._tx_release(state.connection, broken=broken)


def transaction(alias: str | None = None) -> Transaction:
    """A transaction on the database registered as ``alias`` (the default one for None)."""
    from riverorm.db import DatabaseRegistry

    return DatabaseRegistry.get(alias).transaction()
