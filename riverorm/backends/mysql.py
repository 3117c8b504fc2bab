"""MySQL and MariaDB on aiomysql."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Literal
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
    PoolExhausted,
    ProgrammingError,
    QueryTimeout,
    UniqueViolation,
)
from riverorm.runtime import Row

if TYPE_CHECKING:
    import aiomysql

# Strict mode turns silent truncation and clamping into errors, so bad values never get stored.
# No notes: aiomysql would fetch them with an extra SHOW WARNINGS round trip (DROP IF EXISTS).
_SESSION_SETUP = "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION', sql_notes = 0"
# The collations of generated tables (codegen.sqlgen.MYSQL_COLLATION and its MySQL 8 twin).
MARIADB_COLLATION = "utf8mb4_nopad_bin"
MYSQL8_COLLATION = "utf8mb4_0900_bin"
_CONNECTION_CODES = frozenset({1053, 1927, 2003, 2006, 2013, 2055})
_TIMEOUT_CODES = frozenset({1205, 1969, 3024})
# The server turned the connection away: too many connections, access denied, unknown database.
_REFUSED_CODES = frozenset({1040, 1044, 1045, 1049})
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

    def __init__(
        self, url: str, *, debug: bool = False, pool_timeout: float = 30.0, **pool_options: Any
    ) -> None:
        super().__init__(url, debug=debug)
        self.pool_timeout = pool_timeout
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
        self._consecutive_ids: bool | None = None
        self._mysql8: bool | None = None

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

    @asynccontextmanager
    async def _cursor(self, cursor_class: Any = None) -> AsyncIterator[Any]:
        """A cursor on this task's transaction connection, or on one borrowed from the pool
        (for streaming; single statements take the inlined path of :meth:`_call`).

        A statement interrupted before the server's answer was read (a cancelled task, a lost
        connection) leaves the connection mid-protocol: it is closed, never returned for reuse.
        """
        kind = (cursor_class,) if cursor_class is not None else ()
        tx = self._tx.get()
        if tx is not None:
            async with tx.connection_for(self).cursor(*kind) as cur:
                yield cur
            return
        pool = self._pool or await self._open()
        conn = await self._acquire(pool)
        try:
            async with conn.cursor(*kind) as cur:
                yield cur
        except BaseException as exc:
            if not _answered(exc):
                conn.close()
            raise
        finally:
            await pool.release(conn)

    async def _acquire(self, pool: aiomysql.Pool) -> Any:
        """A pooled connection, waiting at most ``pool_timeout`` for one to be released."""
        if pool.freesize or pool.size < pool.maxsize:
            return await pool.acquire()  # one is free, or the pool may open another
        try:
            async with asyncio.timeout(self.pool_timeout):
                return await pool.acquire()
        except TimeoutError as exc:
            raise PoolExhausted(
                f"All {pool.maxsize} connections of the pool to {self._redacted(self.url)} "
                f"stayed busy for {self.pool_timeout} s. Raise maxsize or pool_timeout, or "
                "shorten the work done inside transactions."
            ) from exc

    async def _call(self, sql: str, params: Params, take: _Take) -> Any:
        """One statement on this task's transaction connection, or on a pooled one; ``take``
        says what to hand back. The same steps as :meth:`_cursor`, written out: this is every
        statement's path, and a generator-based context manager costs microseconds on it."""
        started = time.perf_counter()
        try:
            tx = self._tx.get()
            if tx is not None:
                async with tx.connection_for(self).cursor() as cur:
                    result = await _run(cur, sql, params, take)
            else:
                pool = self._pool or await self._open()
                conn = await self._acquire(pool)
                try:
                    async with conn.cursor() as cur:
                        result = await _run(cur, sql, params, take)
                except BaseException as exc:
                    if not _answered(exc):
                        conn.close()  # interrupted mid-protocol: never reused
                    raise
                finally:
                    pool.release(conn)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return result

    async def fetch(self, sql: str, params: Params = ()) -> Sequence[Row]:
        rows: Sequence[Row] = await self._call(sql, params, "all")
        return rows

    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._call(sql, params, "one")
        return row

    async def execute(self, sql: str, params: Params = ()) -> int:
        count: int = await self._call(sql, params, "count")
        return count

    async def insert(self, sql: str, params: Params = ()) -> Any:
        return await self._call(sql, params, "key")

    async def stream(self, sql: str, params: Params, chunk: int) -> AsyncIterator[Row]:
        import aiomysql

        try:
            async with self._cursor(aiomysql.SSCursor) as cur:
                await cur.execute(sql, params or None)
                while rows := await cur.fetchmany(chunk):
                    for row in rows:
                        yield row
        except Exception as exc:
            self._raise(exc)
            raise

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
            await pool.wait_closed()

    async def execute_all(self, statements: Sequence[str]) -> None:
        """DDL as generated, with MySQL 8's binary NO PAD collation where the server is MySQL."""
        if self._mysql8 is None:
            row = await self.fetchrow("SELECT VERSION()")
            self._mysql8 = row is not None and "mariadb" not in str(row[0]).lower()
        if self._mysql8:
            statements = [s.replace(MARIADB_COLLATION, MYSQL8_COLLATION) for s in statements]
        await super().execute_all(statements)

    async def consecutive_insert_ids(self) -> bool:
        """InnoDB's interleaved lock mode (2) may hand one INSERT non-consecutive ids."""
        if self._consecutive_ids is None:
            row = await self.fetchrow("SELECT @@innodb_autoinc_lock_mode")
            self._consecutive_ids = row is None or int(row[0]) != 2
        return self._consecutive_ids

    async def _tx_acquire(self) -> Any:
        try:
            return await self._acquire(self._pool or await self._open())
        except Exception as exc:
            self._raise(exc)
            raise

    async def _control(self, connection: Any, sql: str) -> None:
        async with connection.cursor() as cur:
            await cur.execute(sql)

    async def _tx_release(self, connection: Any, *, broken: bool) -> None:
        if broken:
            connection.close()
        pool = self._pool
        if pool is not None:
            released = pool.release(connection)
            if released is not None:
                await released
        else:
            connection.close()

    def _translate(self, exc: BaseException) -> DatabaseError | None:
        import pymysql

        # TimeoutError is an OSError since Python 3.11: test it first.
        if isinstance(exc, TimeoutError):
            return QueryTimeout(
                f"Timed out waiting for MySQL (a busy pool or a slow statement): {exc}. "
                "Raise the pool's maxsize, or shorten the work inside transactions."
            )
        if isinstance(exc, OSError):
            return ConnectionLost(
                f"MySQL connection to {self._redacted(self.url)} failed: {exc}. Check that the "
                "server is up, then run the operation again."
            )
        if isinstance(exc, UnicodeEncodeError):
            return DataError(
                f"MySQL cannot store a string that is not valid Unicode text: {exc}. Nothing was "
                "sent; remove the lone surrogate characters from the value."
            )
        if not isinstance(exc, pymysql.err.Error):
            return None
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else 0
        message = str(exc.args[1]) if len(exc.args) > 1 else str(exc)
        if code in _INTEGRITY:
            return _INTEGRITY[code](f"MySQL: {message}", constraint=_constraint(message))
        if isinstance(exc, pymysql.err.IntegrityError):
            return IntegrityError(f"MySQL: {message}", constraint=_constraint(message))
        if code in _REFUSED_CODES:
            return ConnectionLost(
                f"MySQL refused the connection to {self._redacted(self.url)}: {message}. Check "
                "the URL's user, password and database name."
            )
        if (
            code in _CONNECTION_CODES
            or isinstance(exc, pymysql.err.InterfaceError)
            or (isinstance(exc, pymysql.err.InternalError) and "sequence number" in message)
        ):
            return ConnectionLost(
                f"MySQL connection lost: {message}. Nothing is retried: run the operation again "
                "(the pool opens a fresh connection)."
            )
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


def _answered(exc: BaseException) -> bool:
    """True when the server answered with an error, leaving the connection ready for reuse.

    InternalError is left out: pymysql raises it for a protocol out of step (packet sequence).
    """
    import pymysql

    answered = (
        pymysql.err.IntegrityError,
        pymysql.err.ProgrammingError,
        pymysql.err.DataError,
        pymysql.err.NotSupportedError,
    )
    return isinstance(exc, answered)


_Take = Literal["all", "one", "count", "key"]


async def _run(cur: Any, sql: str, params: Params, take: _Take) -> Any:
    count = await cur.execute(sql, params or None)
    if take == "all":
        return await cur.fetchall()
    if take == "one":
        return await cur.fetchone()
    return count if take == "count" else cur.lastrowid
