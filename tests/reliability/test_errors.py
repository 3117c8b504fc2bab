"""One error hierarchy, the same on every backend, each database error wrapping the driver's.

The tree drawn in riverorm.errors' docstring and in docs/errors.md is checked against the classes;
every class that a backend can raise is provoked on every backend where it applies.
"""

from __future__ import annotations

import asyncio
import re
import socket
import sqlite3
import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from examples.shop.models import Product
from riverorm import errors
from riverorm.db import Database, DatabaseRegistry, MySQLDatabase, PostgresDatabase, SQLiteDatabase
from tests import models as m
from tests.backends import MYSQL_URL, PG_URL
from tests.reliability.conftest import private_databases

DOCS = Path(__file__).resolve().parents[2] / "docs" / "errors.md"
_TREE_LINE = re.compile(r"^(?P<indent>[ │├└─]*)(?P<name>[A-Z][A-Za-z]+)\b")


def parse_tree(text: str) -> dict[str, str | None]:
    """``{class name: parent name}`` from a tree drawn with box characters, 4 columns per level."""
    parents: dict[str, str | None] = {}
    stack: list[str] = []
    for line in text.splitlines():
        match = _TREE_LINE.match(line.strip("\n"))
        if match is None or not line.strip():
            continue
        depth = len(match["indent"]) // 4
        stack[depth:] = [match["name"]]
        parents[match["name"]] = stack[depth - 1] if depth else None
    return parents


def _docstring_tree() -> str:
    doc = errors.__doc__ or ""
    return textwrap.dedent(doc.split("::", 1)[1].split("\n\n", 2)[1])


def _docs_tree() -> str:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```text\n(RiverORMError\n.*?)```", text, re.S)
    assert block is not None, "docs/errors.md must draw the tree in a ```text block"
    return block[1]


def _error_classes() -> dict[str, type[errors.RiverORMError]]:
    return {
        name: obj
        for name, obj in vars(errors).items()
        if isinstance(obj, type) and issubclass(obj, errors.RiverORMError)
    }


def _driver_module(exc: BaseException) -> str:
    cause = exc.__cause__
    assert cause is not None, f"{type(exc).__name__} does not carry the driver's error"
    return type(cause).__module__


# -- the tree --------------------------------------------------------------------------------------


def test_docstring_tree_matches_the_classes() -> None:
    drawn = parse_tree(_docstring_tree())
    classes = _error_classes()
    assert set(drawn) == set(classes)
    for name, cls in classes.items():
        parents: list[str | None] = [
            b.__name__ for b in cls.__bases__ if issubclass(b, errors.RiverORMError)
        ]
        assert [drawn[name]] == (parents or [None]), name  # exactly one riverorm parent


def test_docs_draw_the_same_tree_and_explain_every_class() -> None:
    assert parse_tree(_docs_tree()) == parse_tree(_docstring_tree())
    text = DOCS.read_text(encoding="utf-8")
    for name in _error_classes():
        assert f"`{name}`" in text, f"docs/errors.md does not say when {name} is raised"


def test_misuse_is_not_a_database_error() -> None:
    for cls in (errors.ConfigurationError, errors.UsageError):
        assert not issubclass(cls, errors.DatabaseError)
    # Catching a builtin still works where Python code would expect one.
    assert issubclass(errors.InvalidValue, ValueError)
    assert issubclass(errors.InvalidDSN, ValueError)
    assert issubclass(errors.UnknownLookup, TypeError)
    assert issubclass(errors.ModelDefinitionError, TypeError)
    assert issubclass(errors.FieldNotLoaded, AttributeError)
    assert issubclass(errors.PoolExhausted, errors.QueryTimeout)


# -- integrity -------------------------------------------------------------------------------------


async def test_duplicate_primary_key_is_a_unique_violation(db: str) -> None:
    await Product(id=1, name="first", price=1.0).save()
    with pytest.raises(errors.UniqueViolation) as info:
        await Product(id=1, name="second", price=2.0).save()
    expected = {"sqlite": "product.id", "postgres": "product_pkey", "mysql": "PRIMARY"}
    assert info.value.constraint == expected[db]
    assert _driver_module(info.value).startswith(("sqlite3", "asyncpg", "pymysql"))
    assert [p.name for p in await Product.all()] == ["first"]


async def test_duplicate_unique_column_names_the_constraint(db: str) -> None:
    await m.Customer(first_name="A", last_name="B", email="a@example.com").save()
    with pytest.raises(errors.UniqueViolation) as info:
        await m.Customer(first_name="C", last_name="D", email="a@example.com").save()
    assert info.value.constraint is not None and "email" in info.value.constraint
    assert [c.first_name for c in await m.Customer.all()] == ["A"]


async def test_foreign_key_to_a_missing_row(db: str) -> None:
    with pytest.raises(errors.ForeignKeyViolation) as info:
        await m.Album(title="Orphan", artist=m.Artist(id=999)).save()
    # SQLite does not say which foreign key failed.
    expected = {"sqlite": None, "postgres": "album_artist_id_fkey", "mysql": "album_ibfk_1"}
    assert info.value.constraint == expected[db]
    assert await m.Album.all() == []


async def test_deleting_a_referenced_row_is_a_foreign_key_violation(db: str) -> None:
    artist = m.Artist(name="Kept")
    await artist.save()
    await m.Album(title="Keeps it", artist=artist).save()
    with pytest.raises(errors.ForeignKeyViolation):
        await artist.delete()
    assert [a.name for a in await m.Artist.all()] == ["Kept"]


async def test_null_in_a_not_null_column(db: str) -> None:
    artist = m.Artist(name="X")
    await artist.save()
    with pytest.raises(errors.NotNullViolation) as info:
        await DatabaseRegistry.get().execute(
            f"INSERT INTO album (title, artist_id) VALUES (NULL, {artist.id})"
        )
    assert info.value.constraint is not None and "title" in info.value.constraint
    assert await m.Album.all() == []


async def test_too_long_for_its_column_is_a_data_error_on_every_backend(db: str) -> None:
    """The server's own net: SQLite's CHECK (length) is reported like VARCHAR(n) elsewhere."""
    artist = m.Artist(name="X")
    await artist.save()
    with pytest.raises(errors.DataError):
        await DatabaseRegistry.get().execute(
            f"INSERT INTO album (title, artist_id) VALUES ('{'x' * 161}', {artist.id})"
        )
    assert await m.Album.all() == []


async def test_missing_table_is_a_programming_error(db: str) -> None:
    with pytest.raises(errors.ProgrammingError) as info:
        await DatabaseRegistry.get().fetch("SELECT id FROM no_such_table")
    assert _driver_module(info.value).startswith(("sqlite3", "asyncpg", "pymysql"))


async def test_get_errors_are_per_model_and_database_errors(db: str) -> None:
    await Product(id=1, name="same", price=1.0).save()
    await Product(id=2, name="same", price=1.0).save()
    with pytest.raises(Product.DoesNotExist) as missing:
        await Product.get(id=3)
    assert isinstance(missing.value, errors.DoesNotExist)
    with pytest.raises(Product.MultipleObjectsReturned) as several:
        await Product.get(name="same")
    assert isinstance(several.value, errors.MultipleObjectsReturned)
    assert not issubclass(m.Artist.DoesNotExist, Product.DoesNotExist)


# -- connections -----------------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _unreachable(backend: str, tmp_path: Path) -> Database:
    port = _closed_port()
    if backend == "sqlite":
        return SQLiteDatabase(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'x.db'}")
    if backend == "postgres":
        return PostgresDatabase(f"postgresql://postgres:s3cret@127.0.0.1:{port}/test")
    return MySQLDatabase(f"mysql://root:s3cret@127.0.0.1:{port}/test")


async def test_connection_refused_is_connection_lost(db: str, tmp_path: Path) -> None:
    database = _unreachable(db, tmp_path)
    try:
        with pytest.raises(errors.ConnectionLost) as info:
            await asyncio.wait_for(database.fetch("SELECT 1"), 30)
    finally:
        await database.close()
    assert "s3cret" not in str(info.value)
    assert info.value.__cause__ is not None


@pytest.mark.parametrize("what", ["database", "user"])
async def test_server_turning_the_connection_away_is_connection_lost(
    server_db: str, what: str
) -> None:
    parts = urlsplit(PG_URL if server_db == "postgres" else MYSQL_URL)
    if what == "database":
        parts = parts._replace(path="/riverorm_no_such_database")
    else:
        parts = parts._replace(
            netloc=f"riverorm_no_such_user:s3cret@{parts.hostname}:{parts.port or ''}".rstrip(":")
        )
    url = parts.geturl()
    database: Database = (
        PostgresDatabase(url) if server_db == "postgres" else MySQLDatabase(url, minsize=0)
    )
    try:
        with pytest.raises(errors.ConnectionLost) as info:
            await asyncio.wait_for(database.fetch("SELECT 1"), 30)
    finally:
        await database.close()
    assert "s3cret" not in str(info.value)


# -- timeouts --------------------------------------------------------------------------------------


async def test_statement_timeout_is_query_timeout_and_the_pool_goes_on(db: str) -> None:
    if db == "sqlite":
        await _sqlite_busy()
        return
    if db == "postgres":
        options = {"command_timeout": 0.2}
        slow = "SELECT pg_sleep(5)"
    else:
        options = {}
        # 1969: the statement ran past max_statement_time (seconds).
        slow = (
            "SET STATEMENT max_statement_time = 0.2 FOR "
            "SELECT SLEEP(5) FROM information_schema.schemata"
        )
    async with private_databases(db, **options) as private:
        with pytest.raises(errors.QueryTimeout) as info:
            await asyncio.wait_for(private.main.fetch(slow), 30)
        assert not isinstance(info.value, errors.PoolExhausted)
        assert [tuple(r) for r in await private.main.fetch("SELECT 1")] == [(1,)]


async def _sqlite_busy() -> None:
    """SQLite's form of a timeout: another connection holds the write lock past busy_timeout."""
    path = DatabaseRegistry.get().path  # type: ignore[attr-defined]
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        async with private_databases("sqlite", timeout=0.1) as private:
            with pytest.raises(errors.QueryTimeout):
                await private.main.execute("DELETE FROM artist")
            holder.execute("ROLLBACK")
            assert await private.main.execute("DELETE FROM artist") == 0
    finally:
        holder.close()


async def test_lock_wait_timeout_is_query_timeout(server_db: str) -> None:
    """A row locked by another session past the lock timeout (PostgreSQL 55P03, MySQL 1205)."""
    await Product(id=1, name="locked", price=1.0).save()
    size = {"min_size": 2, "max_size": 2} if server_db == "postgres" else {"maxsize": 2}
    async with private_databases(server_db, **size) as private:
        let_go = await asyncio.wait_for(_hold_row_lock(private.main), 10)
        try:
            # The pool has one connection left: both statements run on it.
            if server_db == "postgres":
                await private.main.execute("SET lock_timeout = '200ms'")
            else:
                await private.main.execute("SET SESSION innodb_lock_wait_timeout = 1")
            with pytest.raises(errors.QueryTimeout):
                await asyncio.wait_for(
                    private.main.fetch("SELECT id FROM product WHERE id = 1 FOR UPDATE"), 30
                )
        finally:
            await let_go()
    assert [p.name for p in await Product.all()] == ["locked"]


def _one(backend: str) -> dict[str, int]:
    return {"min_size": 1, "max_size": 1} if backend == "postgres" else {"minsize": 1, "maxsize": 1}


async def _hold_row_lock(database: Database) -> Callable[[], Awaitable[None]]:
    """Lock product 1 from a connection taken out of the pool; returns what lets it go."""
    pool = database._pool or await database._open()  # type: ignore[attr-defined]
    conn = await pool.acquire()
    if isinstance(database, PostgresDatabase):
        tx = conn.transaction()
        await tx.start()
        await conn.fetch("SELECT id FROM product WHERE id = 1 FOR UPDATE")

        async def let_go_pg() -> None:
            await tx.rollback()
            await pool.release(conn)

        return let_go_pg
    await conn.begin()
    async with conn.cursor() as cur:
        await cur.execute("SELECT id FROM product WHERE id = 1 FOR UPDATE")

    async def let_go_mysql() -> None:
        await conn.rollback()
        pool.release(conn)

    return let_go_mysql


async def test_pool_exhausted(server_db: str) -> None:
    """Every connection held: the next statement waits ``pool_timeout`` seconds, then gives up.

    Needs the ``pool_timeout=`` option on PostgresDatabase and MySQLDatabase (see docs/errors.md).
    """
    size = _one(server_db)
    async with private_databases(server_db, pool_timeout=0.3, **size) as private:
        await private.main.fetch("SELECT 1")
        holding, release = asyncio.Event(), asyncio.Event()

        async def hold_the_only_connection() -> None:
            async with private.main.transaction():
                holding.set()
                await release.wait()

        holder = asyncio.create_task(hold_the_only_connection())
        await holding.wait()
        try:
            with pytest.raises(errors.PoolExhausted) as info:
                await asyncio.wait_for(private.main.fetch("SELECT 1"), 10)
            assert "pool" in str(info.value).lower()
        finally:
            release.set()
            await holder
        assert [tuple(r) for r in await private.main.fetch("SELECT 1")] == [(1,)]
