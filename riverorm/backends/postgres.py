"""PostgreSQL on asyncpg."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
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

    async def fetch(self, sql: str, params: Params = ()) -> Sequence[Row]:
        pool = self._pool or await self._open()
        started = time.perf_counter()
        try:
            rows: list[Row] = await pool.fetch(sql, *params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return rows

    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None:
        pool = self._pool or await self._open()
        started = time.perf_counter()
        try:
            row: Row | None = await pool.fetchrow(sql, *params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return row

    async def execute(self, sql: str, params: Params = ()) -> int:
        pool = self._pool or await self._open()
        started = time.perf_counter()
        try:
            status: str = await pool.execute(sql, *params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        last = status.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    async def insert(self, sql: str, params: Params = ()) -> Any:
        pool = self._pool or await self._open()
        started = time.perf_counter()
        try:
            key = await pool.fetchval(sql, *params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return key

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    def _translate(self, exc: BaseException) -> DatabaseError | None:
        import asyncpg

        if isinstance(exc, (OSError, asyncpg.exceptions.ConnectionDoesNotExistError)):
            return ConnectionLost(f"PostgreSQL connection failed: {exc}")
        if isinstance(exc, asyncio.TimeoutError):
            return QueryTimeout(
                f"Timed out waiting for PostgreSQL (a busy pool or a slow statement): {exc}. "
                "Raise the pool's max_size or timeout, or shorten the work inside transactions."
            )
        if not isinstance(exc, (asyncpg.PostgresError, asyncpg.InterfaceError)):
            return None
        state: str = getattr(exc, "sqlstate", None) or ""
        message = str(exc)
        constraint = getattr(exc, "constraint_name", None) or getattr(exc, "column_name", None)
        integrity: dict[str, type[IntegrityError]] = {
            "23505": UniqueViolation,
            "23503": ForeignKeyViolation,
            "23502": NotNullViolation,
        }
        if state in integrity:
            return integrity[state](message, constraint=constraint)
        if state.startswith("23"):
            return IntegrityError(message, constraint=constraint)
        if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
            return ConnectionLost(f"PostgreSQL connection lost: {message}")
        if state == "57014":
            return QueryTimeout(f"PostgreSQL cancelled the statement: {message}")
        if state.startswith("22"):
            return DataError(f"PostgreSQL refused a value: {message}")
        if state.startswith("42"):
            return ProgrammingError(f"PostgreSQL rejected the statement: {message}")
        if state.startswith(("53", "55", "57", "58")):
            return OperationalError(f"PostgreSQL: {message}")
        return DatabaseError(f"PostgreSQL: {message}")
