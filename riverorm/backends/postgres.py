"""PostgreSQL on asyncpg."""

from __future__ import annotations

import asyncio
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

    def __init__(self, url: str, *, debug: bool = False, **pool_options: Any) -> None:
        super().__init__(url, debug=debug)
        self._pool_options: dict[str, Any] = {
            "min_size": 1,
            "max_size": 10,
            "reset": _keep_session,
            **pool_options,
        }
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()

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

    async def fetch(self, sql: str, params: Params = ()) -> Sequence[Row]:
        started = time.perf_counter()
        try:
            target = self._connection() or self._pool or await self._open()
            rows: list[Row] = await target.fetch(sql, *params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return rows

    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None:
        started = time.perf_counter()
        try:
            target = self._connection() or self._pool or await self._open()
            row: Row | None = await target.fetchrow(sql, *params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return row

    async def execute(self, sql: str, params: Params = ()) -> int:
        started = time.perf_counter()
        try:
            target = self._connection() or self._pool or await self._open()
            status: str = await target.execute(sql, *params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        last = status.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    async def insert(self, sql: str, params: Params = ()) -> Any:
        started = time.perf_counter()
        try:
            target = self._connection() or self._pool or await self._open()
            key = await target.fetchval(sql, *params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return key

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
            pool = self._pool or await self._open()
            return await pool.acquire()
        except Exception as exc:
            self._raise(exc)
            raise

    async def _tx_execute(self, connection: Any, sql: str) -> None:
        started = time.perf_counter()
        try:
            await connection.execute(sql)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, (), started)

    async def _tx_release(self, connection: Any, *, broken: bool) -> None:
        if broken:
            connection.terminate()
        pool = self._pool
        if pool is not None:
            await pool.release(connection)
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
        lost = (asyncpg.ConnectionDoesNotExistError, asyncpg.InternalClientError, OSError)
        if isinstance(exc, lost):
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
        if state == "57014":
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
