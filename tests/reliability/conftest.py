"""Helpers of the reliability suite: private pools, a statement recorder, session killers.

The ``db`` fixture of tests/conftest.py applies here too (every test runs on SQLite, PostgreSQL and
MariaDB, with empty tables). A test that needs a pool of its own size opens one with
:func:`private_databases`; fault tests kill only the server sessions of that pool, never those of
other clients of the same server.

The long load test is marked ``soak`` and skipped unless selected::

    pytest -m soak tests/reliability
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from riverorm.db import Database, DatabaseRegistry, MySQLDatabase, PostgresDatabase, SQLiteDatabase
from tests import models as m
from tests.backends import MYSQL_URL, PG_URL

SOAK_COMMAND = "pytest -m soak tests/reliability"

# Every way a Database sends SQL (some may arrive later); the recorder wraps those present.
_VERBS = (
    *("fetch", "fetchrow", "fetchval", "execute", "executemany", "insert", "execute_all"),
    *("stream", "_tx_execute"),
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"soak: long load test, skipped unless `{SOAK_COMMAND}`")


# Figures measured by the fault and load tests, printed at the end of the run.
FIGURES: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("riverorm reliability figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "soak" in (config.getoption("markexpr", "") or ""):
        return
    skip = pytest.mark.skip(reason=f"soak test: run it with `{SOAK_COMMAND}`")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def server_db(db: str) -> str:
    """Like ``db``, for tests of server sessions and pools, which SQLite has not."""
    if db == "sqlite":
        pytest.skip("SQLite has one in-process connection: no server session or pool to test")
    return db


@pytest.fixture
def sent(db: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL of every statement handed to a registered database from now on."""
    statements: list[str] = []
    wrapped: set[int] = set()
    for alias in DatabaseRegistry.aliases():
        database = DatabaseRegistry.get(alias)
        if id(database) in wrapped:
            continue
        wrapped.add(id(database))
        for verb in _VERBS:
            original = getattr(database, verb, None)
            if original is not None:
                monkeypatch.setattr(database, verb, _recording(original, statements))
    return statements


def _recording(original: Callable[..., Any], statements: list[str]) -> Callable[..., Any]:
    def record(*args: Any, **kwargs: Any) -> Any:
        texts = [a for a in (*args, *kwargs.values()) if isinstance(a, str)]
        statements.append(texts[0] if texts else repr(args))
        return original(*args, **kwargs)

    return record


def sample(**values: Any) -> m.Sample:
    """A valid Sample; ``values`` override fields."""
    fields: dict[str, Any] = {
        "key": uuid.uuid4(),
        "an_int": 1,
        "a_float": 1.5,
        "a_bool": True,
        "a_str": "text",
        "a_short_str": "short",
        "a_decimal": Decimal("1.2500"),
        "a_datetime": datetime(2024, 5, 6, 7, 8, 9, 123456),
        "an_aware_datetime": datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC),
        "a_date": date(2024, 5, 6),
        "a_time": time(7, 8, 9, 123456),
        "a_uuid": uuid.uuid4(),
        "some_bytes": b"\x00\x01",
        "a_color": m.Color.RED,
        "a_level": m.Level.HIGH,
    }
    fields.update(values)
    return m.Sample(**fields)


# -- private pools ---------------------------------------------------------------------------------


@dataclass
class Private:
    """Databases registered for one test: ``main`` is the default alias's."""

    backend: str
    main: Database
    databases: list[Database]
    tag: str  # PostgreSQL: the application_name of the pool's sessions


@asynccontextmanager
async def private_databases(backend: str, **pool_options: Any) -> AsyncIterator[Private]:
    """Fresh databases under every registered alias; the registry is restored afterwards.

    On a server one pool (built with ``pool_options``) serves every alias, so its size bounds the
    whole test; on SQLite each alias gets a new connection to the file the ``db`` fixture made.
    PostgreSQL sessions carry the pool's tag as ``application_name``.
    """
    saved = {alias: DatabaseRegistry.get(alias) for alias in DatabaseRegistry.aliases()}
    default = DatabaseRegistry.default_alias()
    assert default is not None, "request the `db` fixture first"
    tag = f"riverorm-test-{uuid.uuid4().hex[:12]}"
    made: dict[str, Database]
    if backend == "sqlite":
        made = {alias: SQLiteDatabase(db.url, **pool_options) for alias, db in saved.items()}
    elif backend == "postgres":
        settings = {"application_name": tag, **pool_options.pop("server_settings", {})}
        shared: Database = PostgresDatabase(PG_URL, server_settings=settings, **pool_options)
        made = dict.fromkeys(saved, shared)
    else:
        shared = MySQLDatabase(MYSQL_URL, **pool_options)
        made = dict.fromkeys(saved, shared)
    distinct = list({id(d): d for d in made.values()}.values())
    DatabaseRegistry.reset()
    for alias, database in made.items():
        DatabaseRegistry.register(alias, database)
    DatabaseRegistry.set_default(default)
    try:
        yield Private(backend, made[default], distinct, tag)
    finally:
        for database in distinct:
            await database.close()
        DatabaseRegistry.reset()
        for alias, database in saved.items():
            DatabaseRegistry.register(alias, database)
        DatabaseRegistry.set_default(default)


@dataclass(frozen=True)
class PoolStats:
    size: int  # connections open
    idle: int  # of which waiting in the pool


def pool_stats(database: Database) -> PoolStats:
    """How many connections the database holds open, and how many are back in its pool."""
    if isinstance(database, PostgresDatabase):
        pg = database._pool
        return PoolStats(pg.get_size(), pg.get_idle_size()) if pg else PoolStats(0, 0)
    if isinstance(database, MySQLDatabase):
        my = database._pool
        return PoolStats(my.size, my.freesize) if my else PoolStats(0, 0)
    assert isinstance(database, SQLiteDatabase)
    n = int(database._conn is not None)
    return PoolStats(n, n)


# -- the server's view: sessions, and killing them -------------------------------------------------


def _mysql_connect_options() -> dict[str, Any]:
    parts = urlsplit(MYSQL_URL)
    return {
        "host": parts.hostname or "localhost",
        "port": parts.port or 3306,
        "user": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
        "db": unquote(parts.path.lstrip("/")) or None,
        "autocommit": True,
    }


def _mysql_thread_ids(private: Private) -> set[int]:
    """The server ids of the connections in the private MySQL pool (aiomysql's own bookkeeping)."""
    pool = private.main._pool  # type: ignore[attr-defined]
    if pool is None:
        return set()
    return {int(c.thread_id()) for c in (*pool._free, *pool._used) if not c.closed}


class Server:
    """A separate, raw driver connection that watches and kills a private pool's sessions."""

    def __init__(self, private: Private) -> None:
        self.private = private
        self._conn: Any = None

    async def __aenter__(self) -> Server:
        if self.private.backend == "postgres":
            import asyncpg

            self._conn = await asyncpg.connect(PG_URL)
        else:
            import aiomysql

            self._conn = await aiomysql.connect(**_mysql_connect_options())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.private.backend == "postgres":
            await self._conn.close()
        else:
            self._conn.close()

    async def _mysql(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        async with self._conn.cursor() as cur:
            await cur.execute(sql, params or None)
            return list(await cur.fetchall())

    async def sessions(self) -> set[int]:
        """The server ids of the pool's live sessions."""
        if self.private.backend == "postgres":
            rows = await self._conn.fetch(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1", self.private.tag
            )
            return {int(r["pid"]) for r in rows}
        ids = _mysql_thread_ids(self.private)
        if not ids:
            return set()
        marks = ", ".join(["%s"] * len(ids))
        found = await self._mysql(
            f"SELECT id FROM information_schema.processlist WHERE id IN ({marks}) "
            "AND id <> CONNECTION_ID()",
            tuple(ids),
        )
        return {int(r[0]) for r in found}

    async def kill(self) -> set[int]:
        """Terminate every session of the pool (busy or idle); the ids that were killed."""
        if self.private.backend == "postgres":
            # In the select list, not the WHERE clause: PostgreSQL may evaluate WHERE conditions
            # in any order, and this one must only ever see the pool's sessions.
            rows = await self._conn.fetch(
                "SELECT pid, pg_terminate_backend(pid) AS killed FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND application_name = $1",
                self.private.tag,
            )
            return {int(r["pid"]) for r in rows if r["killed"]}
        killed = set()
        for session in await self.sessions():
            try:
                await self._mysql(f"KILL {int(session)}")
                killed.add(session)
            except Exception as exc:  # 1094: the session ended on its own meanwhile
                if getattr(exc, "args", (0,))[0] != 1094:
                    raise
        return killed

    async def wait_gone(self, ids: set[int], timeout: float = 10.0) -> None:
        """Until the server has ended every session in ``ids``."""
        async with asyncio.timeout(timeout):
            while ids:
                if self.private.backend == "postgres":
                    rows = await self._conn.fetch(
                        "SELECT pid FROM pg_stat_activity WHERE pid = ANY($1::int[])", list(ids)
                    )
                    ids = {int(r["pid"]) for r in rows}
                else:
                    marks = ", ".join(["%s"] * len(ids))
                    rows = await self._mysql(
                        f"SELECT id FROM information_schema.processlist WHERE id IN ({marks})",
                        tuple(ids),
                    )
                    ids = {int(r[0]) for r in rows}
                if ids:
                    await asyncio.sleep(0.02)

    async def open_transactions(self) -> int:
        """How many of the pool's sessions sit inside a transaction."""
        if self.private.backend == "postgres":
            count = await self._conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 "
                "AND state LIKE 'idle in transaction%'",
                self.private.tag,
            )
            return int(count)
        ids = _mysql_thread_ids(self.private)
        if not ids:
            return 0
        marks = ", ".join(["%s"] * len(ids))
        rows = await self._mysql(
            f"SELECT count(*) FROM information_schema.innodb_trx "
            f"WHERE trx_mysql_thread_id IN ({marks})",
            tuple(ids),
        )
        return int(rows[0][0])
