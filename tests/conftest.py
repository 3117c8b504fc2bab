"""Fixtures: every database test runs on SQLite, PostgreSQL and MariaDB.

A server that cannot be reached is skipped with a loud summary line; with CI=true the run fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import generated_example  # noqa: F401 - binds the example models to their generated modules
from examples.shop.models import Order, Product, User
from riverorm import Model
from riverorm.db import DatabaseRegistry
from tests import models as m
from tests.backends import BACKENDS, IN_CI, Backend, make_backend, unreachable

# Creation order: every table after the tables it refers to.
ALL_MODELS: tuple[type[Model], ...] = (
    m.Artist,
    m.Album,
    m.Genre,
    m.MediaType,
    m.Track,
    m.Customer,
    m.Invoice,
    m.InvoiceLine,
    m.Sample,
    User,
    Product,
    Order,
)

_UNREACHABLE: dict[str, str] = {}
_BACKENDS: dict[str, Backend] = {}


def pytest_configure(config: pytest.Config) -> None:
    _UNREACHABLE.update(unreachable())
    if _UNREACHABLE and IN_CI:
        lines = "; ".join(f"{k}: {v}" for k, v in _UNREACHABLE.items())
        raise pytest.UsageError(f"CI=true and a database server cannot be reached: {lines}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for name, reason in _UNREACHABLE.items():
        terminalreporter.write_line(
            f"!!! BACKEND NOT TESTED: {name} could not be reached ({reason}); its tests were "
            "skipped. Start the server or set RIVERORM_PG_URL / RIVERORM_MYSQL_URL.",
            red=True,
            bold=True,
        )


def _register(backend: Backend) -> None:
    DatabaseRegistry.reset()
    for alias, db in backend.databases.items():
        DatabaseRegistry.register(alias, db)


async def _prepare(backend: Backend) -> None:
    """Tables exist (made fresh once per run) and hold no rows."""
    if not backend.tables_ready:
        for model in reversed(ALL_MODELS):
            await model.drop_table()
        for model in ALL_MODELS:
            await model.create_table()
        backend.tables_ready = True
        return
    for model in reversed(ALL_MODELS):
        await model.all().delete()


@pytest.fixture(params=BACKENDS)
def backend_name(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name in _UNREACHABLE:
        pytest.skip(f"{name} is not reachable: {_UNREACHABLE[name]}")
    return name


@pytest.fixture
async def db(backend_name: str) -> AsyncIterator[str]:
    """Registers the backend under every alias, with empty tables; yields the backend name."""
    backend = _BACKENDS.get(backend_name)
    if backend is None:
        backend = _BACKENDS[backend_name] = make_backend(backend_name)
    _register(backend)
    await _prepare(backend)
    yield backend_name
    _register(backend)  # a test may have reset the registry


@pytest.fixture(scope="session", autouse=True)
async def _close_pools() -> AsyncIterator[None]:
    yield
    for backend in _BACKENDS.values():
        for database in backend.databases.values():
            await database.close()
