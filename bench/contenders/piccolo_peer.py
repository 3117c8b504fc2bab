"""Piccolo (PostgreSQL only here), through its objects API on a connection pool.

The engine is ``PostgresEngine(config={"dsn": ...})`` with ``start_connection_pool()`` as Piccolo's
documentation advises (without the pool every query opens a connection). Piccolo's objects API
has no prefetch of a reverse foreign key, so ``prefetch`` is n/a.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from piccolo.columns import Boolean, DoublePrecision, Serial, Varchar
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from bench.contenders.base import Contender
from bench.workload import PRODUCT_TABLE, SMALL_PRICE_HIGH, SMALL_PRICE_LOW, NewRow


class PProduct(Table, tablename=PRODUCT_TABLE):
    id = Serial(primary_key=True)
    name = Varchar(length=100)
    price = DoublePrecision()
    in_stock = Boolean(default=True)


class PiccoloORM(Contender):
    _engine: PostgresEngine

    async def open(self) -> None:
        self.unavailable["prefetch"] = "no reverse foreign-key prefetch in Piccolo's objects API"
        self._engine = PostgresEngine(config={"dsn": self.target.url})
        PProduct._meta.db = self._engine
        await self._engine.start_connection_pool()

    async def close(self) -> None:
        await self._engine.close_connection_pool()

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        found = 0
        for pk in ids:
            obj = await PProduct.objects().get(PProduct.id == pk)
            found += obj is not None and obj.id == pk
        return found

    async def filter_small(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            rows = await PProduct.objects().where(
                (PProduct.in_stock == True)  # noqa: E712 - SQL, not a Python comparison
                & (PProduct.price >= SMALL_PRICE_LOW)
                & (PProduct.price < SMALL_PRICE_HIGH)
            )
            total += len(rows)
        return total

    async def filter_large(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            total += len(await PProduct.objects())
        return total

    async def prefetch(self, calls: int) -> int:
        raise NotImplementedError(self.unavailable["prefetch"])

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        return [await PProduct.objects().get(PProduct.id == pk) for pk in ids]

    async def update_one(self, objects: list[Any]) -> int:
        for obj in objects:
            obj.price = obj.price + 1.0
            await obj.save()
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        got = 0
        for name, price, in_stock in rows:
            obj = PProduct(name=name, price=price, in_stock=in_stock)
            await obj.save()
            got += obj.id is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        total = 0
        for batch in batches:
            objs = [PProduct(name=n, price=p, in_stock=s) for n, p, s in batch]
            await PProduct.insert(*objs)
            total += len(objs)
        return total
