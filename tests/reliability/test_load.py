"""Load held: many tasks through a small pool, no error, no lost or duplicated write.

Each task owns a counter row (a Product it increments with get + save) and the customers it
inserts (their ``city`` names the task). It mixes get, filter, insert and update, checking as it
goes that it reads its own writes; at the end the rows must equal the counts the test kept, and
every connection must be back in the pool. Throughput is printed at the end of the run, never
asserted.

The CI-sized run is 200 tasks x 50 operations through a pool of 10 (SQLite: one connection). The
soak is longer and selected explicitly::

    pytest -m soak tests/reliability
    RIVERORM_SOAK_TASKS=1000 RIVERORM_SOAK_OPS=500 pytest -m soak tests/reliability
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass, field

import pytest

from examples.shop.models import Product
from tests import models as m
from tests.reliability.conftest import FIGURES, pool_stats, private_databases

POOL_SIZE = 10


@dataclass
class Ledger:
    """What one task wrote, as the test counts it."""

    task: int
    increments: int = 0
    customers: dict[int, str | None] = field(default_factory=dict)  # id -> company
    operations: int = 0

    @property
    def city(self) -> str:
        return f"task-{self.task}"


async def _task(ledger: Ledger, operations: int) -> None:
    rng = random.Random(ledger.task)
    counter = Product(id=ledger.task, name=f"counter-{ledger.task}", price=0.0)
    await counter.save()
    ledger.operations += 1
    for n in range(operations - 1):
        choice = rng.random()
        if choice < 0.25 or not ledger.customers:
            customer = m.Customer(
                first_name=f"t{ledger.task}",
                last_name=f"n{n}",
                email=f"t{ledger.task}-{n}@load.invalid",
                city=ledger.city,
            )
            await customer.save()
            assert customer.id is not None and customer.id not in ledger.customers
            ledger.customers[customer.id] = None
        elif choice < 0.5:
            counter = await Product.get(id=ledger.task)
            assert counter.price == ledger.increments
            counter.price += 1
            await counter.save()
            ledger.increments += 1
        elif choice < 0.65:
            key = rng.choice(sorted(ledger.customers))
            customer = await m.Customer.get(id=key)
            customer.company = f"updated-{n}"
            await customer.save()
            ledger.customers[key] = customer.company
        elif choice < 0.85:
            found = await m.Customer.filter(city=ledger.city)
            assert {c.id for c in found} == set(ledger.customers)
        else:
            key = rng.choice(sorted(ledger.customers))
            customer = await m.Customer.get(id=key)
            assert (customer.city, customer.company) == (ledger.city, ledger.customers[key])
        ledger.operations += 1


async def _run(backend: str, tasks: int, operations: int) -> None:
    options = {
        "postgres": {"min_size": 1, "max_size": POOL_SIZE},
        "mysql": {"minsize": 1, "maxsize": POOL_SIZE},
        "sqlite": {},
    }[backend]
    async with private_databases(backend, **options) as private:
        ledgers = [Ledger(task) for task in range(1, tasks + 1)]
        started = time.perf_counter()
        await asyncio.gather(*(_task(ledger, operations) for ledger in ledgers))
        elapsed = time.perf_counter() - started

        counters = {p.id: p.price for p in await Product.all()}
        assert counters == {ledger.task: float(ledger.increments) for ledger in ledgers}
        customers = await m.Customer.all()
        assert len(customers) == sum(len(ledger.customers) for ledger in ledgers)
        by_task: dict[str, dict[int, str | None]] = {}
        for customer in customers:
            assert customer.id is not None and customer.city is not None
            by_task.setdefault(customer.city, {})[customer.id] = customer.company
        assert by_task == {ledger.city: ledger.customers for ledger in ledgers if ledger.customers}
        for database in private.databases:
            stats = pool_stats(database)
            assert stats.idle == stats.size <= POOL_SIZE, stats
        done = sum(ledger.operations for ledger in ledgers)
        assert done == tasks * operations
        FIGURES.append(
            f"load/{backend}: {tasks} tasks x {operations} ops = {done} ops in {elapsed:.2f}s "
            f"= {done / elapsed:,.0f} ops/s (pool {POOL_SIZE if backend != 'sqlite' else 1})"
        )


async def test_load(db: str) -> None:
    await _run(db, tasks=200, operations=50)


@pytest.mark.soak
async def test_soak(db: str) -> None:
    tasks = int(os.environ.get("RIVERORM_SOAK_TASKS", "1000"))
    operations = int(os.environ.get("RIVERORM_SOAK_OPS", "200"))
    await _run(db, tasks, operations)
