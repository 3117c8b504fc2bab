"""What every backend offers: the same few verbs, statement logging and error translation."""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Sequence
from contextvars import ContextVar
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

from riverorm.errors import DatabaseError, InvalidDSN
from riverorm.runtime import Dialect, Row
from riverorm.transactions import Transaction, TransactionState

logger = logging.getLogger("riverorm")

Params = Sequence[Any]


class Database(ABC):
    """A connection (pool) to one database. Construct a subclass and register it.

    The pool opens on first use. Every statement is one driver call; with ``debug=True`` each is
    logged at DEBUG level on the ``riverorm`` logger with its parameters and duration.
    """

    dialect: Dialect
    schemes: tuple[str, ...]

    def __init__(self, url: str, *, debug: bool = False) -> None:
        self.url = url
        self.debug = debug
        self._parts = self._parse(url)
        # The transaction this task has open on this database, if any (see riverorm.transactions).
        self._tx: ContextVar[TransactionState | None] = ContextVar(
            f"riverorm_transaction_{id(self)}", default=None
        )

    def _parse(self, url: str) -> SplitResult:
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError on a malformed port
        except ValueError as exc:
            raise InvalidDSN(f"Cannot parse database URL {self._redacted(url)!r}: {exc}") from exc
        if parts.scheme not in self.schemes:
            raise InvalidDSN(
                f"{type(self).__name__} takes a URL starting with "
                f"{' or '.join(s + '://' for s in self.schemes)}; got {self._redacted(url)!r}."
            )
        return parts

    @staticmethod
    def _redacted(url: str) -> str:
        try:
            parts = urlsplit(url)
        except ValueError:
            return "<unparsable URL>"
        if parts.password:
            netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
            return parts._replace(netloc=netloc).geturl()
        return url

    @property
    def database_name(self) -> str:
        return unquote(self._parts.path.lstrip("/"))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._redacted(self.url)!r})"

    # -- the verbs -------------------------------------------------------------------------------

    @abstractmethod
    async def fetch(self, sql: str, params: Params = ()) -> Sequence[Row]:
        """All rows of a query."""

    @abstractmethod
    async def fetchrow(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query, or None."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; the number of rows it affected."""

    @abstractmethod
    async def insert(self, sql: str, params: Params = ()) -> Any:
        """Run an INSERT and return the key the database generated."""

    @abstractmethod
    def stream(self, sql: str, params: Params, chunk: int) -> AsyncIterator[Row]:
        """Rows of a query, fetched ``chunk`` at a time through a server-side cursor."""

    @abstractmethod
    async def close(self) -> None:
        """Close the pool; the next use opens it again."""

    async def consecutive_insert_ids(self) -> bool:
        """Whether a multi-row INSERT gets consecutive generated keys (see riverorm.bulk)."""
        return True

    def transaction(self) -> Transaction:
        """``async with db.transaction():`` — see :mod:`riverorm.transactions`."""
        return Transaction(self)

    @abstractmethod
    async def _tx_acquire(self) -> Any:
        """A connection of its own for a new transaction."""

    async def _tx_execute(self, connection: Any, sql: str) -> None:
        """Run a transaction-control statement (BEGIN, COMMIT, SAVEPOINT ...)."""
        started = time.perf_counter()
        try:
            await self._control(connection, sql)
        except Exception as exc:
            self._raise(exc)
            raise
        if self.debug:
            self._log(sql, (), started)

    @abstractmethod
    async def _control(self, connection: Any, sql: str) -> None:
        """Send a parameterless statement on a transaction's connection, as the driver does."""

    @abstractmethod
    async def _tx_release(self, connection: Any, *, broken: bool) -> None:
        """Give a transaction's connection back; a broken one is closed, not reused."""

    async def execute_all(self, statements: Sequence[str]) -> None:
        """Run parameterless statements (DDL) one after another."""
        for statement in statements:
            await self.execute(statement)

    # -- helpers for subclasses --------------------------------------------------------------------

    def _log(self, sql: str, params: Params, started: float) -> None:
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.debug("%s -- params=%r (%.3f ms) [%s]", sql, tuple(params), elapsed_ms, self.dialect)

    @abstractmethod
    def _translate(self, exc: BaseException) -> DatabaseError | None:
        """The riverorm error for a driver exception, or None if it is not a driver error."""

    def _raise(self, exc: BaseException) -> None:
        translated = self._translate(exc)
        if translated is not None:
            raise translated from exc
