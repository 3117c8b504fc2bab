"""The connection registry, and the Database classes users construct.

Drivers are imported when a pool first opens, so installing only the backend you use is enough.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from riverorm.backends.base import Database
from riverorm.backends.mysql import MySQLDatabase
from riverorm.backends.postgres import PostgresDatabase
from riverorm.backends.sqlite import SQLiteDatabase
from riverorm.errors import ConnectionNotRegistered

__all__ = [
    "Database",
    "DatabaseRegistry",
    "MySQLDatabase",
    "PostgresDatabase",
    "SQLiteDatabase",
]


class DatabaseRegistry:
    """Named connections. The first one registered is the default until ``set_default``.

    The registry is process-wide, as an application's connections are; ``reset()`` empties it
    (tests use it between cases).
    """

    _databases: ClassVar[dict[str, Database]] = {}
    _default: ClassVar[str | None] = None

    @classmethod
    def register(cls, alias: str, db: Database) -> None:
        if not isinstance(db, Database):
            raise TypeError(
                f"DatabaseRegistry.register({alias!r}, ...) takes a PostgresDatabase, "
                f"MySQLDatabase or SQLiteDatabase, not {type(db).__name__}."
            )
        cls._databases[alias] = db
        if cls._default is None:
            cls._default = alias

    @classmethod
    def set_default(cls, alias: str) -> None:
        if alias not in cls._databases:
            raise ConnectionNotRegistered(
                f"Cannot make {alias!r} the default: it is not registered. {cls._known()}"
            )
        cls._default = alias

    @classmethod
    def get(cls, alias: str | None = None) -> Database:
        """The database registered as ``alias``, or the default one for None."""
        if alias is None:
            alias = cls._default
            if alias is None:
                raise ConnectionNotRegistered(
                    "No database connection is registered. At start-up call e.g. "
                    "DatabaseRegistry.register('default', SQLiteDatabase('sqlite:///app.db'))."
                )
        try:
            return cls._databases[alias]
        except KeyError:
            raise ConnectionNotRegistered(
                f"No database is registered as {alias!r}. {cls._known()} Register it with "
                f"DatabaseRegistry.register({alias!r}, ...) or fix the model's Meta.db_alias."
            ) from None

    @classmethod
    def aliases(cls) -> tuple[str, ...]:
        return tuple(cls._databases)

    @classmethod
    def default_alias(cls) -> str | None:
        return cls._default

    @classmethod
    async def close_all(cls) -> None:
        """Close every pool. The registrations stay: the next use opens the pools again."""
        for db in cls._databases.values():
            await db.close()

    @classmethod
    @contextmanager
    def isolated(cls) -> Iterator[None]:
        """An empty registry inside the block, and exactly the previous one after it.

        For tests that register databases of their own. Closing their pools is the caller's.
        """
        saved, default = dict(cls._databases), cls._default
        cls.reset()
        try:
            yield
        finally:
            cls._databases.clear()
            cls._databases.update(saved)
            cls._default = default

    @classmethod
    def reset(cls) -> None:
        """Forget every registration (without closing: call ``close_all`` first)."""
        cls._databases.clear()
        cls._default = None

    @classmethod
    def _known(cls) -> str:
        if not cls._databases:
            return "No aliases are registered yet."
        names = ", ".join(repr(a) for a in cls._databases)
        return f"Registered aliases: {names} (default {cls._default!r})."
