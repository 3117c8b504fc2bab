"""Tortoise ORM, configured from a database URL as its documentation shows.

Drivers: asyncpg on PostgreSQL; aiomysql on MariaDB (Tortoise prefers asyncmy when it is
installed; the benchmark environment does not install it, so every MariaDB contender shares the
raw baseline's driver); aiosqlite on SQLite. Pools keep Tortoise's defaults.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise import Tortoise, fields
from tortoise.models import Model

from bench.contenders.base import Contender
from bench.workload import (
    CHILD_TABLE,
    PARENT_TABLE,
    PRODUCT_TABLE,
    SMALL_PRICE_HIGH,
    SMALL_PRICE_LOW,
    NewRow,
)


class TProduct(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    price = fields.FloatField()
    in_stock = fields.BooleanField(default=True)

    class Meta:
        table = PRODUCT_TABLE


class TParent(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    children: fields.ReverseRelation[TChild]

    class Meta:
        table = PARENT_TABLE


class TChild(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    parent: fields.ForeignKeyRelation[TParent] = fields.ForeignKeyField(
        "models.TParent", related_name="children"
    )

    class Meta:
        table = CHILD_TABLE


class TortoiseORM(Contender):
    def _url(self) -> str:
        if self.backend == "pg":
            return self.target.with_scheme("postgres")
        if self.backend == "mysql":
            return self.target.url
        return "sqlite://" + self.target.sqlite_path

    async def open(self) -> None:
        await Tortoise.init(
            db_url=self._url(), modules={"models": [__name__]}, use_tz=False, timezone="UTC"
        )

    async def close(self) -> None:
        await Tortoise.close_connections()

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        get = TProduct.get
        found = 0
        for pk in ids:
            obj = await get(id=pk)
            found += obj.id == pk
        return found

    async def filter_small(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            rows = await TProduct.filter(
                in_stock=True, price__gte=SMALL_PRICE_LOW, price__lt=SMALL_PRICE_HIGH
            )
            total += len(rows)
        return total

    async def filter_large(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            total += len(await TProduct.all())
        return total

    async def prefetch(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            parents = await TParent.all().prefetch_related("children")
            total += sum(len(p.children) for p in parents)
        return total

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        return [await TProduct.get(id=pk) for pk in ids]

    async def update_one(self, objects: list[Any]) -> int:
        for obj in objects:
            obj.price = obj.price + 1.0
            await obj.save()
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        got = 0
        for name, price, in_stock in rows:
            obj = TProduct(name=name, price=price, in_stock=in_stock)
            await obj.save()
            got += obj.id is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        total = 0
        for batch in batches:
            objs = [TProduct(name=n, price=p, in_stock=s) for n, p, s in batch]
            await TProduct.bulk_create(objs)
            total += len(objs)
        return total
