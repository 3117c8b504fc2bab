"""Transactions: commit, rollback, savepoints, and tasks that never share one by accident."""

from __future__ import annotations

import asyncio

import pytest

from riverorm import transaction
from riverorm.db import DatabaseRegistry
from riverorm.errors import TransactionError, UniqueViolation
from tests.models import Artist, Genre


class Boom(Exception):
    pass


async def stored() -> list[str | None]:
    return sorted(a.name or "" for a in await Artist.all())


async def test_commit(db: str) -> None:
    async with transaction():
        await Artist.create(name="a")
        await Artist.create(name="b")
    assert await stored() == ["a", "b"]


async def test_exception_rolls_back(db: str) -> None:
    with pytest.raises(Boom):
        async with DatabaseRegistry.get().transaction():
            await Artist.create(name="a")
            assert await stored() == ["a"]  # visible inside
            raise Boom
    assert await stored() == []


async def test_database_error_rolls_back_the_whole_block(db: str) -> None:
    first = await Genre.create(name="Rock")
    with pytest.raises(UniqueViolation):
        async with transaction():
            await Artist.create(name="kept?")
            await Genre(id=first.id, name="duplicate").save()
    assert await stored() == []


async def test_nested_block_rolls_back_to_its_savepoint(db: str) -> None:
    async with transaction():
        await Artist.create(name="outer")
        with pytest.raises(Boom):
            async with transaction():
                await Artist.create(name="inner")
                raise Boom
        async with transaction():
            await Artist.create(name="second inner")
    assert await stored() == ["outer", "second inner"]


async def test_two_concurrent_transactions(db: str) -> None:
    both_inside = asyncio.Event()
    entered = 0

    async def work(name: str, fail: bool) -> None:
        nonlocal entered
        async with transaction():
            await Artist.create(name=name)
            entered += 1
            if db != "sqlite":  # SQLite runs transactions one after the other
                if entered == 2:
                    both_inside.set()
                await asyncio.wait_for(both_inside.wait(), 5)
            if fail:
                raise Boom

    results = await asyncio.gather(
        work("kept", False), work("dropped", True), return_exceptions=True
    )
    assert isinstance(results[1], Boom) and results[0] is None
    assert await stored() == ["kept"]


async def test_a_child_task_does_not_share_the_transaction(db: str) -> None:
    async with transaction():
        await Artist.create(name="parent")
        child = asyncio.create_task(Artist.all().count())
        with pytest.raises(TransactionError, match="belongs to another task"):
            await child
    assert await stored() == ["parent"]


async def test_a_child_task_may_open_its_own_transaction(db: str) -> None:
    async def child() -> None:
        async with transaction():
            await Artist.create(name="child")

    if db == "sqlite":
        async with transaction():
            await Artist.create(name="parent")
        await child()
    else:
        async with transaction():
            await Artist.create(name="parent")
            await asyncio.create_task(child())  # its own connection: commits on its own
    assert await stored() == ["child", "parent"]


@pytest.mark.parametrize("backend_name", ["sqlite"])  # one connection shared by every task
async def test_statements_outside_wait_for_a_sqlite_transaction(db: str) -> None:
    inside, release = asyncio.Event(), asyncio.Event()

    async def holder() -> None:
        async with transaction():
            await Artist.create(name="inside")
            inside.set()
            await release.wait()

    holding = asyncio.create_task(holder())
    await inside.wait()
    outside = asyncio.create_task(Artist.create(name="outside"))  # not a child of the block
    await asyncio.sleep(0.05)
    assert not outside.done()  # it waits instead of joining that transaction
    release.set()
    await holding
    await outside
    assert await stored() == ["inside", "outside"]
