"""PostgreSQL on asyncpg."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

from riverorm.backends.base import Database, Params
from riverorm.errors import (
    ConnectionLost,
    DatabaseError,
    DataError,
    ForeignKeyViolation,
    IntegrityError,
    NotNullViolation,
    OperationalError,
    PoolExhausted,
    ProgrammingError,
    QueryTimeout,
    UniqueViolation,
)
from riverorm.runtime import Row

if TYPE_CHECKING:
    import asyncpg

# SQLSTATEs of the integrity errors riverorm has a class for; other 23xxx are IntegrityError.
_PG_INTEGRITY: dict[str, type[IntegrityError]] = {
    "23505": UniqueViolation,
    "23503": ForeignKeyViolation,
    "23502": NotNullViolation,
}
# The server turned the connection away: unknown database, bad credentials, too many clients.
_PG_REFUSED = frozenset({"3D000", "28000", "28P01", "53300"})
_PG_GONE = re.compile(r"released back to the pool|connection is closed")


async def _keep_session(connection: asyncpg.Connection) -> None:
    """Release without a reset round trip.

    asyncpg always rolls back an open transaction on release; its default reset additionally sends
    ``RESET ALL; UNLISTEN *; ...`` on every release, a second round trip per statement. riverorm
    changes no session state, so that query is skipped. Pass ``reset=`` to restore it.
    """


class PostgresDatabase(Database):
    """``PostgresDatabase("postgresql://user:pass@host:5432/db", debug=False, **pool_options)``.

    ``pool_options`` go to ``asyncpg.create_pool`` (``min_size``, ``max_size``, ``timeout``, ...).
    """

    dialect = "postgres"
    schemes = ("postgresql", "postgres")

    def __init__(
        self, url: str, *, debug: bool = False, pool_timeout: float = 30.0, **pool_options: Any
    ) -> None:
        super().__init__(url, debug=debug)
        self.pool_timeout = pool_timeout
        self._pool_options: dict[str, Any] = {
            "min_size": 1,
            "max_size": 10,
            "reset": _keep_session,
            **pool_options,
        }
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()
        # Connections this database has borrowed: below max_size one is free (or can be opened),
        # so a statement goes straight to the pool; at max_size it waits with pool_timeout.
        self._busy = 0
        self._max_size: int = self._pool_options["max_size"]

    async def _open(self) -> asyncpg.Pool:
        import asyncpg

        async with self._lock:
            if self._pool is None:
                try:
                    self._pool = await asyncpg.create_pool(self.url, **self._pool_options)
                except Exception as exc:
                    self._raise(exc)
                    raise
            return self._pool

    def _connection(self) -> Any | None:
        """The transaction's connection when this task has one open here, else None (the pool)."""
        tx = self._tx.get()
        return None if tx is None else tx.connection_for(self)

    async def _acquire(self, pool: asyncpg.Pool) -> Any:
        """A pooled connection, waiting at most ``pool_timeout`` for one to be released."""
        self._busy += 1
        try:
            return await pool.acquire(timeout=self.pool_timeout)
        except BaseException as exc:
            self._busy -= 1
            if not isinstance(exc, TimeoutError):
                raise
            raise PoolExhausted(
                f"All {pool.get_max_size()} connections of the pool to "
                f"{self._redacted(self.url)} stayed busy for {self.pool_timeout} s. Raise "
                "max_size or pool_timeout, or shorten the work done inside transactions."
            ) from exc

    async def _release(self, pool: asyncpg.Pool, conn: Any) -> None:
        try:
            await pool.release(conn)
        finally:
            self._busy -= 1

    async def _call(self, verb: str, sql: str, params: Params) -> Any:
        """One driver call: on this task's transaction, else on a pooled connection."""
        started = time.perf_counter()
        try:
            connection = self._connection()
            if connection is not None:
                result = await getattr(connection, verb)(sql, *params)
            else:
                pool = self._pool or await self._open()
                if self._busy < self._max_size:  # a connection is free: no wait, no timer
                    self._busy += 1
                    try:
                        result = await getattr(pool, verb)(sql, *params)
                    finally:
                        self._busy -= 1
                else:
                    conn = await self._acquire(pool)
                    try:
                        result = await getattr(conn, verb)(sql, *params)
                    finally:
                        await self._release(pool, conn)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return result

    async def fetch(self, sql: str, params: Params = ()) -> Sequence[Row]:
        rows: list[Row] = await self._call("fetch", sql, params)
        return rows

    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._call("fetchrow", sql, params)
        return row

    async def execute(self, sql: str, params: Params = ()) -> int:
        status: str = await self._call("execute", sql, params)
        last = status.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    async def insert(self, sql: str, params: Params = ()) -> Any:
        return await self._call("fetchval", sql, params)

    async def stream(self, sql: str, params: Params, chunk: int) -> AsyncIterator[Row]:
        try:
            connection = self._connection()
            if connection is not None:
                async for record in connection.cursor(sql, *params, prefetch=chunk):
                    yield record
                return
            pool = self._pool or await self._open()
            async with pool.acquire() as conn, conn.transaction(readonly=True):
                async for record in conn.cursor(sql, *params, prefetch=chunk):
                    yield record
        except Exception as exc:
            self._raise(exc)
            raise

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _tx_acquire(self) -> Any:
        try:
            return await self._acquire(self._pool or await self._open())
        except Exception as exc:
            self._raise(exc)
            raise

    async def _control(self, connection: Any, sql: str) -> None:
        await connection.execute(sql)

    async def _tx_release(self, connection: Any, *, broken: bool) -> None:
        import asyncpg

        if broken:
            with contextlib.suppress(asyncpg.InterfaceError):  # asyncpg already let it go
                connection.terminate()
        pool = self._pool
        if pool is not None:
            await self._release(pool, connection)
        elif not broken:
            await connection.close()

    def _translate(self, exc: BaseException) -> DatabaseError | None:
        import asyncpg

        # TimeoutError is an OSError since Python 3.11: test it first.
        if isinstance(exc, TimeoutError):
            return QueryTimeout(
                f"Timed out waiting for PostgreSQL (a busy pool or a slow statement): {exc}. "
                "Raise the pool's max_size or timeout, or shorten the work inside transactions."
            )
        # InternalClientError: the connection got a server message out of turn, e.g. the FATAL
        # notice of a terminated session; the connection is unusable and asyncpg closes it.
        # A pooled connection that died is detached by asyncpg: later calls on it raise an
        # InterfaceError ("released back to the pool", "connection is closed").
        lost = (asyncpg.ConnectionDoesNotExistError, asyncpg.InternalClientError, OSError)
        if isinstance(exc, lost) or (
            isinstance(exc, asyncpg.InterfaceError) and _PG_GONE.search(str(exc))
        ):
            return ConnectionLost(
                f"PostgreSQL connection to {self._redacted(self.url)} failed: {exc}. Nothing is "
                "retried: check that the server is up, then run the operation again (the pool "
                "opens a fresh connection)."
            )
        if not isinstance(exc, (asyncpg.PostgresError, asyncpg.InterfaceError)):
            return None
        state: str = getattr(exc, "sqlstate", None) or ""
        message = str(exc)
        constraint = getattr(exc, "constraint_name", None) or getattr(exc, "column_name", None)
        if state in _PG_INTEGRITY:
            return _PG_INTEGRITY[state](message, constraint=constraint)
        if state.startswith("23"):
            return IntegrityError(message, constraint=constraint)
        if state in _PG_REFUSED:
            return ConnectionLost(
                f"PostgreSQL refused the connection to {self._redacted(self.url)}: {message}. "
                "Check the URL's user, password and database name."
            )
        if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
            return ConnectionLost(f"PostgreSQL connection lost: {message}")
        if state in ("57014", "55P03"):  # statement_timeout / cancelled; lock_timeout, NOWAIT
            return QueryTimeout(f"PostgreSQL cancelled the statement: {message}")
        if state == "22021" and "0x00" in message:
            return DataError(
                "PostgreSQL text cannot hold the NUL character ('\\x00'); nothing was stored. "
                f"Remove it from the value, or store the data as bytes. ({message})"
            )
        if state.startswith("22"):
            return DataError(f"PostgreSQL refused a value: {message}")
        if state.startswith("42"):
            return ProgrammingError(f"PostgreSQL rejected the statement: {message}")
        if state.startswith(("53", "55", "57", "58")):
            return OperationalError(f"PostgreSQL: {message}")
        return DatabaseError(f"PostgreSQL: {message}")
