"""DatabaseRegistry and the Database classes: aliases, defaults, lazy pools, logging, DSNs.

Tests that empty the registry put the previous registrations back (the ``db`` fixture and the rest
of the suite rely on them).
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from examples.shop.models import Order, Product, User
from riverorm import errors
from riverorm.db import (
    Database,
    DatabaseRegistry,
    MySQLDatabase,
    PostgresDatabase,
    SQLiteDatabase,
)


@pytest.fixture
def empty_registry() -> Iterator[None]:
    """An empty registry for the test; the registrations before it are restored afterwards."""
    with DatabaseRegistry.isolated():
        yield


def _memory() -> SQLiteDatabase:
    return SQLiteDatabase("sqlite:///:memory:")


# -- registering -----------------------------------------------------------------------------------


def test_first_registered_is_the_default(empty_registry: None) -> None:
    first, second = _memory(), _memory()
    DatabaseRegistry.register("first", first)
    DatabaseRegistry.register("second", second)
    assert DatabaseRegistry.default_alias() == "first"
    assert DatabaseRegistry.get() is first
    assert DatabaseRegistry.get(None) is first
    assert DatabaseRegistry.get("first") is first
    assert DatabaseRegistry.get("second") is second
    assert DatabaseRegistry.aliases() == ("first", "second")


def test_set_default(empty_registry: None) -> None:
    first, second = _memory(), _memory()
    DatabaseRegistry.register("first", first)
    DatabaseRegistry.register("second", second)
    DatabaseRegistry.set_default("second")
    assert DatabaseRegistry.get() is second
    assert DatabaseRegistry.get("first") is first
    DatabaseRegistry.register("third", _memory())  # registering more keeps the chosen default
    assert DatabaseRegistry.get() is second


def test_set_default_to_an_unknown_alias(empty_registry: None) -> None:
    DatabaseRegistry.register("first", _memory())
    with pytest.raises(errors.ConnectionNotRegistered) as info:
        DatabaseRegistry.set_default("missing")
    assert "'missing'" in str(info.value)
    assert "'first'" in str(info.value)
    assert DatabaseRegistry.default_alias() == "first"


def test_register_again_replaces(empty_registry: None) -> None:
    old, new = _memory(), _memory()
    DatabaseRegistry.register("main", old)
    DatabaseRegistry.register("main", new)
    assert DatabaseRegistry.get("main") is new
    assert DatabaseRegistry.aliases() == ("main",)


def test_register_refuses_what_is_not_a_database(empty_registry: None) -> None:
    with pytest.raises(TypeError, match="PostgresDatabase, MySQLDatabase or SQLiteDatabase"):
        DatabaseRegistry.register("main", "sqlite:///app.db")  # type: ignore[arg-type]
    assert DatabaseRegistry.aliases() == ()


def test_reset_forgets_everything(empty_registry: None) -> None:
    DatabaseRegistry.register("main", _memory())
    DatabaseRegistry.reset()
    assert DatabaseRegistry.aliases() == ()
    assert DatabaseRegistry.default_alias() is None


# -- missing connections ---------------------------------------------------------------------------


async def test_no_connection_registered(empty_registry: None) -> None:
    with pytest.raises(errors.ConnectionNotRegistered) as info:
        DatabaseRegistry.get()
    assert "No database connection is registered" in str(info.value)
    assert "DatabaseRegistry.register(" in str(info.value)  # says what to do
    with pytest.raises(errors.ConnectionNotRegistered, match="No database connection"):
        await Order.get(id=1)  # Order uses the default connection
    with pytest.raises(errors.ConnectionNotRegistered) as info:
        await Product.filter(id=1)  # Product uses db2
    assert "'db2'" in str(info.value)
    assert "No aliases are registered yet" in str(info.value)
    with pytest.raises(errors.ConnectionNotRegistered):
        await User(id=1, username="alice").save()


async def test_unknown_db_alias_names_the_missing_and_the_known(empty_registry: None) -> None:
    DatabaseRegistry.register("default", _memory())
    DatabaseRegistry.register("db1", _memory())
    with pytest.raises(errors.ConnectionNotRegistered) as info:
        await Product.get(id=1)
    message = str(info.value)
    assert "'db2'" in message
    assert "'default'" in message and "'db1'" in message
    assert "Meta.db_alias" in message
    assert isinstance(info.value, errors.ConfigurationError)
    with pytest.raises(errors.ConnectionNotRegistered, match="'nowhere'"):
        DatabaseRegistry.get("nowhere")


# -- pools -----------------------------------------------------------------------------------------


async def test_close_all_then_reuse_reopens(db: str) -> None:
    await Product(id=1, name="Laptop", price=999.99).save()
    await User(id=1, username="alice").save()
    for _ in range(2):
        await DatabaseRegistry.close_all()
        assert (await Product.get(id=1)).name == "Laptop"
        assert (await User.get(id=1)).username == "alice"
    await DatabaseRegistry.close_all()
    await DatabaseRegistry.close_all()  # closing closed pools is harmless


@pytest.mark.parametrize(
    "make",
    [
        lambda: PostgresDatabase("postgresql://nobody@127.0.0.1:1/nowhere"),
        lambda: MySQLDatabase("mysql://nobody@127.0.0.1:1/nowhere"),
        lambda: SQLiteDatabase("sqlite:////nonexistent-riverorm-dir/sub/app.db"),
    ],
    ids=["postgres", "mysql", "sqlite"],
)
async def test_pools_open_lazily(make: Callable[[], Database], empty_registry: None) -> None:
    started = time.perf_counter()
    database = make()  # nothing listens there: constructing must not try
    assert time.perf_counter() - started < 0.5
    DatabaseRegistry.register("default", database)
    with pytest.raises(errors.OperationalError) as info:
        await Order.get(id=1)  # the first use connects, and says why it could not
    assert isinstance(info.value, errors.DatabaseError)
    await database.close()


def test_constructing_a_database_imports_no_driver() -> None:
    code = (
        "import sys\n"
        "from riverorm.db import MySQLDatabase, PostgresDatabase, SQLiteDatabase\n"
        "PostgresDatabase('postgresql://u@127.0.0.1:1/x', debug=True)\n"
        "MySQLDatabase('mysql://u@127.0.0.1:1/x')\n"
        "SQLiteDatabase('sqlite:///:memory:')\n"
        "loaded = sorted({'asyncpg', 'aiomysql', 'pymysql', 'aiosqlite'} & set(sys.modules))\n"
        "assert not loaded, loaded\n"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# -- logging ---------------------------------------------------------------------------------------

_LOG_LINE = re.compile(r"-- params=\(.*\) \(\d+\.\d{3} ms\) \[(postgres|mysql|sqlite)\]$", re.S)


async def test_debug_logs_every_statement(db: str, caplog: pytest.LogCaptureFixture) -> None:
    current = DatabaseRegistry.get("db2")  # Product's connection
    debug = type(current)(current.url, debug=True)
    assert debug.debug is True
    try:
        DatabaseRegistry.register("db2", debug)
        with caplog.at_level(logging.DEBUG, logger="riverorm"):
            await Product(id=1, name="Laptop", price=999.99).save()
            await Product.get(id=1)
            await Product.filter(price__gte=500, name__in=["Laptop", "Desk"])
        records = [r for r in caplog.records if r.name == "riverorm"]
        messages = [r.getMessage() for r in records]
        assert len(records) == 3, messages
        assert all(r.levelno == logging.DEBUG for r in records)
        assert all(_LOG_LINE.search(message) for message in messages), messages
        assert all(f"[{db}]" in message for message in messages)
        insert, get, select = messages
        assert "-- riverorm: Product.insert" in insert and "'Laptop'" in insert
        assert "999.99" in insert
        assert "-- riverorm: Product.get" in get and "params=(1,)" in get
        assert "-- riverorm: Product.select" in select and "500" in select and "'Desk'" in select
    finally:
        DatabaseRegistry.register("db2", current)
        await debug.close()


async def test_no_log_without_debug(db: str, caplog: pytest.LogCaptureFixture) -> None:
    assert DatabaseRegistry.get("db2").debug is False
    with caplog.at_level(logging.DEBUG, logger="riverorm"):
        await Product(id=1, name="Laptop", price=999.99).save()
        await Product.get(id=1)
    assert [r for r in caplog.records if r.name == "riverorm"] == []


# -- DSNs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "url"),
    [
        (PostgresDatabase, "mysql://user@localhost/db"),
        (PostgresDatabase, "postgresql://user@localhost:port/db"),
        (PostgresDatabase, "postgresql://user@[::1/db"),
        (PostgresDatabase, ""),
        (PostgresDatabase, "localhost/db"),
        (MySQLDatabase, "postgresql://user@localhost/db"),
        (MySQLDatabase, "mysql://user@localhost:99999/db"),
        (SQLiteDatabase, "postgres://localhost/db"),
        (SQLiteDatabase, "app.db"),
    ],
    ids=repr,
)
def test_invalid_dsn(cls: type[Database], url: str) -> None:
    with pytest.raises(errors.InvalidDSN) as info:
        cls(url)
    assert cls.__name__ in str(info.value) or "Cannot parse" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, errors.ConfigurationError)


def test_invalid_dsn_message_hides_the_password() -> None:
    with pytest.raises(errors.InvalidDSN) as info:
        PostgresDatabase("mysql://admin:s3cret@localhost/db")
    assert "s3cret" not in str(info.value)
    assert "***" in str(info.value)


def test_repr_hides_the_password() -> None:
    database = MySQLDatabase("mysql://admin:s3cret@localhost:3306/shop")
    assert "s3cret" not in repr(database)
    assert database.database_name == "shop"


@pytest.mark.parametrize(
    ("cls", "url"),
    [
        (PostgresDatabase, "postgresql://user:pass@localhost/db1"),
        (PostgresDatabase, "postgres://localhost:5433/db1"),
        (MySQLDatabase, "mysql://user:pass@localhost/db2"),
        (MySQLDatabase, "mariadb://localhost/db2"),
        (SQLiteDatabase, "sqlite:///app.db"),
        (SQLiteDatabase, "sqlite:////var/lib/app.db"),
        (SQLiteDatabase, "sqlite:///:memory:"),
    ],
    ids=repr,
)
def test_valid_dsn(cls: type[Database], url: str) -> None:
    database = cls(url)
    assert database.url == url
    assert database.debug is False


def test_a_program_that_never_closes_sqlite_still_exits(tmp_path: Path) -> None:
    """Forgetting close_all() must not keep the interpreter alive after the program is done."""
    code = (
        "import asyncio\n"
        "import generated_example\n"
        "from examples.shop.models import Order\n"
        "from riverorm.db import DatabaseRegistry, SQLiteDatabase\n"
        "async def main():\n"
        f"    DatabaseRegistry.register('default', SQLiteDatabase('sqlite:///{tmp_path}/x.db'))\n"
        "    await Order.create_table()\n"
        "    print(len(await Order.all()))\n"
        "asyncio.run(main())\n"
    )
    root = Path(__file__).resolve().parents[1]
    try:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the process did not exit: an unclosed SQLite connection keeps it alive")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0\n"


def test_isolated_gives_an_empty_registry_and_restores_the_previous_one() -> None:
    before = DatabaseRegistry.aliases(), DatabaseRegistry.default_alias()
    with DatabaseRegistry.isolated():
        assert DatabaseRegistry.aliases() == ()
        DatabaseRegistry.register("mine", SQLiteDatabase("sqlite:///:memory:"))
        assert DatabaseRegistry.default_alias() == "mine"
    assert (DatabaseRegistry.aliases(), DatabaseRegistry.default_alias()) == before
