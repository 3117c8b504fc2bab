"""asyncpg with hand-written SQL: the floor on PostgreSQL, and the same plus pydantic per row.

Every call goes through an ``asyncpg`` pool (``min_size=1, max_size=10``) whose reset on release
is disabled, as riverorm's is: calls are awaited one after another, so one connection serves all
of them. Reads return asyncpg ``Record`` objects; ``bulk_insert`` is ``copy_records_to_table``
(COPY), the baseline of riverorm's PostgreSQL bulk target. An update writes every column of the
row, as an ORM's save of a loaded object does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg
from pydantic import BaseModel, Field

from bench.contenders.base import Contender
from bench.workload import (
    CHILD_TABLE,
    PARENT_TABLE,
    PRODUCT_TABLE,
    SMALL_PRICE_HIGH,
    SMALL_PRICE_LOW,
    NewRow,
)

COLUMNS = "id, name, price, in_stock"
GET = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE} WHERE id = $1"
SMALL = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE} WHERE in_stock = $1 AND price >= $2 AND price < $3"
ALL = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE}"
INSERT = f"INSERT INTO {PRODUCT_TABLE} (name, price, in_stock) VALUES ($1, $2, $3) RETURNING id"
UPDATE = f"UPDATE {PRODUCT_TABLE} SET name = $2, price = $3, in_stock = $4 WHERE id = $1"
PARENTS = f"SELECT id, name FROM {PARENT_TABLE}"
CHILDREN = f"SELECT id, name, parent_id FROM {CHILD_TABLE} WHERE parent_id = ANY($1::int[])"
COPY_COLUMNS = ["name", "price", "in_stock"]


async def _no_reset(connection: asyncpg.Connection) -> None:
    """Release without asyncpg's reset query (one round trip saved per call, as riverorm does)."""


class RawAsyncpg(Contender):
    _pool: asyncpg.Pool

    async def open(self) -> None:
        self._pool = await asyncpg.create_pool(
            self.target.url, min_size=1, max_size=10, reset=_no_reset
        )

    async def close(self) -> None:
        await self._pool.close()

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        fetchrow = self._pool.fetchrow
        found = 0
        for pk in ids:
            row = await fetchrow(GET, pk)
            found += row[0] == pk
        return found

    async def filter_small(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            rows = await self._pool.fetch(SMALL, True, SMALL_PRICE_LOW, SMALL_PRICE_HIGH)
            total += len(rows)
        return total

    async def filter_large(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            total += len(await self._pool.fetch(ALL))
        return total

    async def prefetch(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            parents = await self._pool.fetch(PARENTS)
            children: dict[int, list[asyncpg.Record]] = {p[0]: [] for p in parents}
            for child in await self._pool.fetch(CHILDREN, list(children)):
                children[child[2]].append(child)
            total += sum(len(c) for c in children.values())
        return total

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        return [await self._pool.fetchrow(GET, pk) for pk in ids]

    async def update_one(self, objects: list[Any]) -> int:
        execute = self._pool.execute
        for row in objects:
            await execute(UPDATE, row[0], row[1], row[2] + 1.0, row[3])
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        fetchval = self._pool.fetchval
        got = 0
        for name, price, in_stock in rows:
            got += await fetchval(INSERT, name, price, in_stock) is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        for batch in batches:
            await self._pool.copy_records_to_table(
                PRODUCT_TABLE, records=batch, columns=COPY_COLUMNS
            )
        return sum(len(b) for b in batches)


class Product(BaseModel):
    id: int | None = None
    name: str = Field(max_length=100)
    price: float
    in_stock: bool = True


class Child(BaseModel):
    id: int
    name: str = Field(max_length=100)
    parent_id: int


class Parent(BaseModel):
    id: int
    name: str = Field(max_length=100)
    children: list[Child] = []


class AsyncpgPydantic(RawAsyncpg):
    """The same statements, with every row validated into a pydantic model (and back out)."""

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        fetchrow = self._pool.fetchrow
        validate = Product.model_validate
        found = 0
        for pk in ids:
            obj = validate(dict(await fetchrow(GET, pk)))
            found += obj.id == pk
        return found

    async def filter_small(self, calls: int) -> int:
        validate = Product.model_validate
        total = 0
        for _ in range(calls):
            rows = await self._pool.fetch(SMALL, True, SMALL_PRICE_LOW, SMALL_PRICE_HIGH)
            total += len([validate(dict(r)) for r in rows])
        return total

    async def filter_large(self, calls: int) -> int:
        validate = Product.model_validate
        total = 0
        for _ in range(calls):
            total += len([validate(dict(r)) for r in await self._pool.fetch(ALL)])
        return total

    async def prefetch(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            rows = await self._pool.fetch(PARENTS)
            children: dict[int, list[Child]] = {p[0]: [] for p in rows}
            for child in await self._pool.fetch(CHILDREN, list(children)):
                children[child[2]].append(Child.model_validate(dict(child)))
            parents = [Parent.model_validate({**dict(p), "children": children[p[0]]}) for p in rows]
            total += sum(len(p.children) for p in parents)
        return total

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        return [Product.model_validate(dict(await self._pool.fetchrow(GET, pk))) for pk in ids]

    async def update_one(self, objects: list[Any]) -> int:
        execute = self._pool.execute
        for obj in objects:
            obj.price = obj.price + 1.0
            await execute(UPDATE, obj.id, obj.name, obj.price, obj.in_stock)
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        fetchval = self._pool.fetchval
        got = 0
        for name, price, in_stock in rows:
            obj = Product(name=name, price=price, in_stock=in_stock)
            obj.id = await fetchval(INSERT, obj.name, obj.price, obj.in_stock)
            got += obj.id is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        total = 0
        for batch in batches:
            objs = [Product(name=n, price=p, in_stock=s) for n, p, s in batch]
            await self._pool.copy_records_to_table(
                PRODUCT_TABLE,
                records=[(o.name, o.price, o.in_stock) for o in objs],
                columns=COPY_COLUMNS,
            )
            total += len(objs)
        return total
