"""MySQL and MariaDB on aiomysql."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

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
    import aiomysql

# Strict mode turns silent truncation and clamping into errors, so bad values never get stored.
# No notes: aiomysql would fetch them with an extra SHOW WARNINGS round trip (DROP IF EXISTS).
_SESSION_SETUP = (
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION', sql_notes = 0"
)
_CONNECTION_CODES = frozenset({1053, 1927, 2003, 2006, 2013, 2055})
_TIMEOUT_CODES = frozenset({1205, 1969, 3024})
_INTEGRITY: dict[int, type[IntegrityError]] = {
    1062: UniqueViolation,
    1451: ForeignKeyViolation,
    1452: ForeignKeyViolation,
    1048: NotNullViolation,
    1364: NotNullViolation,
}


class MySQLDatabase(Database):
    """``MySQLDatabase("mysql://user:pass@host:3306/db", debug=False, **pool_options)``.

    ``pool_options`` go to ``aiomysql.create_pool`` (``minsize``, ``maxsize``, ...). Connections
    run in autocommit mode with strict SQL mode, utf8mb4, and report matched (not changed) rows.
    """

    dialect = "mysql"
    schemes = ("mysql", "mariadb", "mysql+aiomysql")

    def __init__(self, url: str, *, debug: bool = False, **pool_options: Any) -> None:
        super().__init__(url, debug=debug)
        parts = self._parts
        self._pool_options: dict[str, Any] = {
            "host": parts.hostname or "localhost",
            "port": parts.port or 3306,
            "user": unquote(parts.username or "root"),
            "password": unquote(parts.password or ""),
            "db": self.database_name or None,
            "autocommit": True,
            "charset": "utf8mb4",
            "init_command": _SESSION_SETUP,
            "minsize": 1,
            "maxsize": 10,
            **pool_options,
        }
        self._pool: aiomysql.Pool | None = None
        self._lock = asyncio.Lock()

    async def _open(self) -> aiomysql.Pool:
        import aiomysql
        from pymysql.constants import CLIENT

        async with self._lock:
            if self._pool is None:
                options = dict(self._pool_options)
                options["client_flag"] = options.get("client_flag", 0) | CLIENT.FOUND_ROWS
                try:
                    self._pool = await aiomysql.create_pool(**options)
                except Exception as exc:
                    self._raise(exc)
                    raise
            return self._pool

    async def fetch(self, sql: str, params: Params = ()) -> Sequence[Row]:
        pool = self._pool or await self._open()
        started = time.perf_counter()
        try:
            async with pool.acquire() as conn, conn.cursor() as cur:
                await cur.execute(sql, params or None)
                rows: Sequence[Row] = await cur.fetchall()
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
            async with pool.acquire() as conn, conn.cursor() as cur:
                await cur.execute(sql, params or None)
                row: Row | None = await cur.fetchone()
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
            async with pool.acquire() as conn, conn.cursor() as cur:
                count: int = await cur.execute(sql, params or None)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return count

    async def insert(self, sql: str, params: Params = ()) -> Any:
        pool = self._pool or await self._open()
        started = time.perf_counter()
        try:
            async with pool.acquire() as conn, conn.cursor() as cur:
                await cur.execute(sql, params or None)
                key = cur.lastrowid
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return key

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
            await pool.wait_closed()

    def _translate(self, exc: BaseException) -> DatabaseError | None:
        import pymysql

        if isinstance(exc, OSError):
            return ConnectionLost(f"MySQL connection failed: {exc}")
        if isinstance(exc, asyncio.TimeoutError):
            return QueryTimeout(
                f"Timed out waiting for MySQL (a busy pool or a slow statement): {exc}. "
                "Raise the pool's maxsize, or shorten the work inside transactions."
            )
        if not isinstance(exc, pymysql.err.Error):
            return None
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else 0
        message = str(exc.args[1]) if len(exc.args) > 1 else str(exc)
        if code in _INTEGRITY:
            return _INTEGRITY[code](f"MySQL: {message}", constraint=_constraint(message))
        if isinstance(exc, pymysql.err.IntegrityError):
            return IntegrityError(f"MySQL: {message}", constraint=_constraint(message))
        if code in _CONNECTION_CODES or isinstance(exc, pymysql.err.InterfaceError):
            return ConnectionLost(f"MySQL connection lost: {message}")
        if code in _TIMEOUT_CODES:
            return QueryTimeout(f"MySQL: {message}")
        if isinstance(exc, pymysql.err.DataError) or code in (1264, 1366, 1406, 1292):
            return DataError(f"MySQL refused a value: {message}")
        if isinstance(exc, pymysql.err.ProgrammingError) or code in (1146, 1054, 1064):
            return ProgrammingError(f"MySQL rejected the statement: {message}")
        if isinstance(exc, pymysql.err.OperationalError):
            return OperationalError(f"MySQL: {message}")
        return DatabaseError(f"MySQL: {message}")


def _constraint(message: str) -> str | None:
    """The key or column name MySQL quotes in its message (``for key 'product.name'``)."""
    for marker in ("for key '", "CONSTRAINT `", "Column '", "Field '"):
        start = message.find(marker)
        if start >= 0:
            rest = message[start + len(marker) :]
            end = rest.find("`" if marker.endswith("`") else "'")
            return rest[:end] if end > 0 else None
    return None
