"""SQLite on aiosqlite: the embedded default, no server needed."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
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
    import aiosqlite

_INTEGRITY: dict[str, type[IntegrityError]] = {
    "SQLITE_CONSTRAINT_UNIQUE": UniqueViolation,
    "SQLITE_CONSTRAINT_PRIMARYKEY": UniqueViolation,
    "SQLITE_CONSTRAINT_FOREIGNKEY": ForeignKeyViolation,
    "SQLITE_CONSTRAINT_NOTNULL": NotNullViolation,
}
# A STRICT table refused a value's type. By code: Python 3.11's sqlite3 does not know its name.
_SQLITE_CONSTRAINT_DATATYPE = 3091
# The CHECKs riverorm generates in place of a column type: VARCHAR(n) and BOOLEAN.
_TYPE_CHECK = re.compile(r'^(length\("\w+"\) <= \d+|"\w+" IN \(0, 1\))$')


class SQLiteDatabase(Database):
    """``SQLiteDatabase("sqlite:///app.db")`` (relative path), ``"sqlite:////abs/app.db"`` or
    ``"sqlite:///:memory:"``.

    One connection, opened on first use, in autocommit mode with foreign keys enforced. aiosqlite
    runs it on a thread of its own, so statements from concurrent tasks are serialised.
    """

    dialect = "sqlite"
    schemes = ("sqlite", "sqlite+aiosqlite")

    def __init__(self, url: str, *, debug: bool = False, **connect_options: Any) -> None:
        super().__init__(url, debug=debug)
        path = self._parts.path[1:] if self._parts.path.startswith("/") else self._parts.path
        self.path = path or ":memory:"
        self._connect_options = connect_options
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._gate = asyncio.Lock()  # held by the open transaction, if any

    async def _open(self) -> aiosqlite.Connection:
        import aiosqlite

        async with self._lock:
            if self._conn is None:
                try:
                    pending = aiosqlite.connect(
                        self.path, isolation_level=None, **self._connect_options
                    )
                    # aiosqlite runs the connection on a thread that would keep a program that
                    # never calls close_all() from exiting; statements are autocommitted, so a
                    # daemon thread loses nothing. (aiosqlite keeps the thread in _thread.)
                    thread = getattr(pending, "_thread", None)
                    if thread is not None and not thread.is_alive():
                        thread.daemon = True
                    conn = await pending
                    await conn.execute("PRAGMA foreign_keys = ON")
                except Exception as exc:
                    self._raise(exc)
                    raise
                self._conn = conn
            return self._conn

    async def _connection(self) -> aiosqlite.Connection:
        """The connection, once no other task's transaction holds it.

        SQLite has one connection here: a transaction holds the gate until it ends, and
        statements from other tasks wait for it instead of running inside that transaction.
        """
        conn = self._conn or await self._open()
        tx = self._tx.get()
        if tx is not None:
            tx.connection_for(self)
        elif self._gate.locked():
            async with self._gate:
                pass  # statements are queued in order: ours runs after the transaction ended
        return conn

    async def fetch(self, sql: str, params: Params = ()) -> Sequence[Row]:
        started = time.perf_counter()
        try:
            conn = await self._connection()
            rows: Sequence[Row] = list(await conn.execute_fetchall(sql, params))
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        return rows

    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetch(sql, params)
        return rows[0] if rows else None

    async def execute(self, sql: str, params: Params = ()) -> int:
        started = time.perf_counter()
        try:
            conn = await self._connection()
            cursor = await conn.execute(sql, params)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, params, started)
        count: int = cursor.rowcount
        return max(count, 0)

    async def insert(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchrow(sql, params)
        return row[0] if row is not None else None

    async def stream(self, sql: str, params: Params, chunk: int) -> AsyncIterator[Row]:
        try:
            conn = await self._connection()
            async with conn.execute(sql, params) as cursor:
                while rows := await cursor.fetchmany(chunk):
                    for row in rows:
                        yield row
        except Exception as exc:
            self._raise(exc)
            raise

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    async def _tx_acquire(self) -> Any:
        conn = self._conn or await self._open()
        await self._gate.acquire()
        return conn

    async def _control(self, connection: Any, sql: str) -> None:
        await connection.execute(sql)

    async def _tx_release(self, connection: Any, *, broken: bool) -> None:
        try:
            if broken:  # e.g. a cancelled BEGIN that still ran: never leave the connection in it
                with contextlib.suppress(sqlite3.Error):
                    await asyncio.shield(connection.execute("ROLLBACK"))
        finally:
            self._gate.release()

    def _translate(self, exc: BaseException) -> DatabaseError | None:
        if isinstance(exc, OverflowError):
            return DataError(
                f"SQLite cannot store the value: {exc}. INTEGER columns hold -2**63 to 2**63 - 1."
            )
        if isinstance(exc, UnicodeEncodeError):
            return DataError(
                f"SQLite cannot store a string that is not valid Unicode text: {exc}. Nothing was "
                "stored; remove the lone surrogate characters from the value."
            )
        if isinstance(exc, ValueError) and "closed" in str(exc):
            return ConnectionLost(f"SQLite connection is closed: {exc}")
        if not isinstance(exc, sqlite3.Error):
            return None
        name = getattr(exc, "sqlite_errorname", "") or ""
        message = str(exc)
        if isinstance(exc, sqlite3.IntegrityError):
            detail = message.split(": ", 1)[1] if ": " in message else None
            if getattr(exc, "sqlite_errorcode", 0) == _SQLITE_CONSTRAINT_DATATYPE or (
                name == "SQLITE_CONSTRAINT_CHECK" and detail and _TYPE_CHECK.match(detail)
            ):
                # STRICT tables and riverorm's own CHECKs stand in for the column types other
                # backends have (VARCHAR(n), BOOLEAN): refusing a value is a DataError there too.
                return DataError(f"SQLite refused a value: {message}")
            cls = _INTEGRITY.get(name, IntegrityError)
            return cls(f"SQLite: {message}", constraint=detail)
        if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
            return QueryTimeout(f"SQLite database is locked: {message}")
        if name == "SQLITE_CANTOPEN":
            return ConnectionLost(
                f"SQLite cannot open the database file {self.path!r}: {message}. Check that its "
                "directory exists and is writable."
            )
        if isinstance(exc, sqlite3.ProgrammingError) and "closed" in message:
            return ConnectionLost(f"SQLite connection is closed: {message}")
        if isinstance(exc, sqlite3.ProgrammingError) and "binding parameter" in message:
            return DataError(f"SQLite cannot store the value: {message}")
        if isinstance(exc, sqlite3.OperationalError) and (
            "no such" in message or "syntax" in message
        ):
            return ProgrammingError(f"SQLite rejected the statement: {message}")
        if isinstance(exc, sqlite3.DataError):
            return DataError(f"SQLite refused a value: {message}")
        if isinstance(exc, sqlite3.OperationalError):
            return OperationalError(f"SQLite: {message}")
        return DatabaseError(f"SQLite: {message}")
