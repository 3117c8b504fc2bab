"""Faults survived, against the real servers.

* Server sessions killed in the middle of a workload: the statements in flight raise
  ``ConnectionLost`` (never another class, never a raw driver error); riverorm retries nothing; the
  pool drops the dead connections and the next operations succeed on fresh ones.
* A thousand cancellations (``asyncio.timeout``, ``Task.cancel``) in the middle of statements and
  transactions: the pool stays bounded, every connection comes back, none is left inside a
  transaction, and no later statement reads an answer meant for a cancelled one.
* A transaction cut off in the middle leaves nothing half-written.

Only the sessions of the test's own pool are killed (PostgreSQL: by ``application_name``; MariaDB:
by the thread ids of the pool's connections), so other clients of the same server are left alone.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from examples.shop.models import Product
from riverorm import errors, transaction
from riverorm.db import DatabaseRegistry
from tests.reliability.conftest import FIGURES, Private, Server, pool_stats, private_databases

POOL_SIZE = 10
SLEEP = {
    "postgres": "SELECT pg_sleep(0.05)",
    "mysql": "SELECT SLEEP(0.05)",
    # SQLite has no sleep(): a recursive count that takes a few milliseconds.
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 30000) "
    "SELECT count(*) FROM c",
}


def _pool_options(backend: str, size: int = POOL_SIZE) -> dict[str, Any]:
    if backend == "postgres":
        return {"min_size": 1, "max_size": size}
    return {"minsize": 1, "maxsize": size} if backend == "mysql" else {}


async def _assert_pool_healthy(private: Private, size: int = POOL_SIZE) -> None:
    """Every connection back in the pool, the pool within its size, and answers that match."""
    answers = await asyncio.gather(*(private.main.fetch(f"SELECT {n}") for n in range(50)))
    assert [int(rows[0][0]) for rows in answers] == list(range(50))
    stats = pool_stats(private.main)
    assert stats.size <= size
    assert stats.idle == stats.size, f"{stats.size - stats.idle} connection(s) not returned"


# -- killed sessions -------------------------------------------------------------------------------


async def test_sessions_killed_mid_workload(server_db: str) -> None:
    async with (
        private_databases(server_db, **_pool_options(server_db)) as private,
        Server(private) as server,
    ):
        for key in range(1, 21):
            await Product(id=key, name=f"p{key}", price=0.0).save()
        outcomes: Counter[str] = Counter()
        stop = asyncio.Event()

        async def worker(key: int) -> None:
            while not stop.is_set():
                try:
                    await private.main.fetch(SLEEP[server_db])
                    product = await Product.get(id=key)
                    product.price += 1
                    await product.save()
                    outcomes["ok"] += 1
                except errors.ConnectionLost:
                    outcomes["ConnectionLost"] += 1
                except Exception as exc:  # any other class is a failure, recorded by name
                    outcomes[f"{type(exc).__module__}.{type(exc).__name__}: {exc}"] += 1

        workers = [asyncio.create_task(worker(key)) for key in range(1, 21)]
        try:
            await asyncio.sleep(0.3)
            killed = await server.kill()
            await server.wait_gone(killed)
            await asyncio.sleep(0.3)
        finally:  # never leave workers running into the next test
            stop.set()
            await asyncio.gather(*workers)
        assert killed, "the pool had no session to kill"
        assert set(outcomes) <= {"ok", "ConnectionLost"}, outcomes
        assert outcomes["ConnectionLost"] >= 1, "nothing was in flight when the sessions died"
        started = time.perf_counter()
        await _assert_pool_healthy(private)
        products = await Product.filter(id__lte=20)
        assert len(products) == 20
        FIGURES.append(
            f"faults/{server_db}: killed {len(killed)} busy sessions; in flight -> "
            f"{outcomes['ConnectionLost']} ConnectionLost, {outcomes['ok']} workload rounds ok; "
            f"50 statements after recovery in {time.perf_counter() - started:.3f}s"
        )


async def test_idle_sessions_killed(server_db: str) -> None:
    """Dead idle connections are dropped by the pool once the driver has seen them close."""
    async with (
        private_databases(server_db, **_pool_options(server_db)) as private,
        Server(private) as server,
    ):
        await asyncio.gather(*(private.main.fetch(SLEEP[server_db]) for _ in range(POOL_SIZE)))
        killed = await server.kill()
        assert len(killed) >= 2
        await server.wait_gone(killed)
        await asyncio.sleep(0.05)  # the client reads the end of each socket
        for n in range(30):
            assert [tuple(r) for r in await private.main.fetch(f"SELECT {n}")] == [(n,)]
        await _assert_pool_healthy(private)


async def test_transaction_cut_off_leaves_nothing_half_written(server_db: str) -> None:
    async with (
        private_databases(server_db, **_pool_options(server_db)) as private,
        Server(private) as server,
    ):
        with pytest.raises(errors.ConnectionLost):
            async with private.main.transaction():
                await Product(id=1, name="a", price=1.0).save()
                killed = await server.kill()
                await server.wait_gone(killed)
                await Product(id=2, name="b", price=2.0).save()
        with pytest.raises(errors.ConnectionLost):
            async with transaction("db2"):  # Product's alias, the form the guide uses
                await Product(id=3, name="c", price=3.0).save()
                await server.wait_gone(await server.kill())
                await Product.filter(id=3).delete()
        assert await Product.all() == []
        await _assert_pool_healthy(private)
        assert await server.open_transactions() == 0


# -- cancellation ----------------------------------------------------------------------------------


async def test_a_thousand_cancellations_leave_the_pool_healthy(db: str) -> None:
    async with private_databases(db, **_pool_options(db)) as private:
        server = Server(private) if db != "sqlite" else None
        rng = random.Random(6)
        outcomes: Counter[str] = Counter()
        written: dict[int, str] = {}  # key -> "done" | "cancelled" | "committing"

        products = DatabaseRegistry.get(Product.Meta.db_alias)  # the same pool on a server

        async def statement(n: int) -> None:
            await products.fetch(SLEEP[db])

        async def in_transaction(n: int) -> None:
            written[n] = "cancelled"
            async with products.transaction():
                product = Product(id=n, name=f"tx{n}", price=1.0)
                await product.save()
                await products.fetch(SLEEP[db])
                product.price = 2.0
                await product.save()
                written[n] = "committing"
            written[n] = "done"

        async def run(job: Callable[[int], Awaitable[None]], n: int, limit: float) -> None:
            try:
                async with asyncio.timeout(limit):
                    await job(n)
                outcomes["completed"] += 1
            except TimeoutError:
                outcomes["timed out"] += 1

        started = time.perf_counter()
        key = 0
        while outcomes["timed out"] < 1000:
            batch = []
            for _ in range(20):
                key += 1
                job = in_transaction if key % 2 else statement
                batch.append(run(job, key, rng.uniform(0.0, 0.07)))
            await asyncio.gather(*batch)
        # Task.cancel() from outside, at random points.
        for _ in range(10):
            tasks = []
            for _ in range(20):
                key += 1
                job = in_transaction if key % 2 else statement
                tasks.append(asyncio.create_task(job(key)))
            await asyncio.sleep(rng.uniform(0.0, 0.05))
            for task in tasks:
                task.cancel()
            for result in await asyncio.gather(*tasks, return_exceptions=True):
                outcomes[type(result).__name__ if result is not None else "completed"] += 1
        elapsed = time.perf_counter() - started

        await _assert_pool_healthy(private)
        if server is not None:
            async with server:
                assert await server.open_transactions() == 0
        rows = {p.id: p.price for p in await Product.all()}
        for n, state in written.items():
            if state == "done":
                assert rows.get(n) == 2.0, f"transaction {n} completed but is not stored"
            elif state == "cancelled":
                assert n not in rows, f"transaction {n} was cancelled yet is (half) stored"
            else:  # cancelled while committing: all of it or nothing
                assert rows.get(n, 2.0) == 2.0
        assert set(outcomes) <= {"completed", "timed out", "CancelledError"}, outcomes
        FIGURES.append(
            f"cancel/{db}: {outcomes['timed out']} timeouts + {outcomes['CancelledError']} "
            f"Task.cancel() + {outcomes['completed']} completed in {elapsed:.1f}s; "
            f"pool {pool_stats(private.main)}"
        )


async def test_cancelled_waiters_do_not_leak_from_an_exhausted_pool(server_db: str) -> None:
    """Tasks cancelled while waiting for a connection take none with them."""
    async with private_databases(server_db, **_pool_options(server_db, 2)) as private:
        await private.main.fetch("SELECT 1")
        pool = private.main._pool  # type: ignore[attr-defined]
        held = [await pool.acquire() for _ in range(2)]
        for _ in range(50):
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.005):
                    await private.main.fetch("SELECT 1")
        for conn in held:
            released = pool.release(conn)
            if released is not None:
                await released
        await _assert_pool_healthy(private, 2)
