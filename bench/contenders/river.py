"""riverorm, through its public API only.

The orchestrator runs ``riverorm generate`` for ``bench.river_models`` (into
``bench/_river_product``) and ``bench.river_relations`` (into ``bench/_river_relations``) before
the first round; importing those packages binds the models. An operation whose API is missing
from the riverorm being measured (``Model.bulk_create``, ``Query.prefetch``: both arrived after
the benchmark) is reported as n/a instead of failing the run.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from bench.contenders.base import Contender
from bench.river_models import Product
from bench.river_relations import Parent
from bench.workload import SMALL_PRICE_HIGH, SMALL_PRICE_LOW, NewRow
from riverorm.db import DatabaseRegistry, MySQLDatabase, PostgresDatabase, SQLiteDatabase
from riverorm.query import Query


class RiverORM(Contender):
    async def open(self) -> None:
        importlib.import_module("bench._river_product")
        try:
            importlib.import_module("bench._river_relations")
        except ImportError as exc:
            self.unavailable["prefetch"] = f"relation models not generated ({exc})"
        if not hasattr(Query, "prefetch"):
            self.unavailable["prefetch"] = "Query.prefetch() not available yet"
        if not hasattr(Product, "bulk_create"):
            self.unavailable["bulk_insert"] = "Model.bulk_create() not available yet"

        DatabaseRegistry.reset()
        if self.backend == "pg":
            DatabaseRegistry.register("default", PostgresDatabase(self.target.url))
        elif self.backend == "mysql":
            DatabaseRegistry.register("default", MySQLDatabase(self.target.url))
        else:
            DatabaseRegistry.register("default", SQLiteDatabase(self.target.url))

    async def close(self) -> None:
        await DatabaseRegistry.close_all()

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        get = Product.get
        found = 0
        for pk in ids:
            obj = await get(id=pk)
            found += obj.id == pk
        return found

    async def filter_small(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            rows = await Product.filter(
                in_stock=True, price__gte=SMALL_PRICE_LOW, price__lt=SMALL_PRICE_HIGH
            )
            total += len(rows)
        return total

    async def filter_large(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            total += len(await Product.all())
        return total

    async def prefetch(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            parents = await Parent.all().prefetch("children")
            total += sum(len(p.children) for p in parents)
        return total

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        return [await Product.get(id=pk) for pk in ids]

    async def update_one(self, objects: list[Any]) -> int:
        for obj in objects:
            obj.price = obj.price + 1.0
            await obj.save()
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        got = 0
        for name, price, in_stock in rows:
            obj = Product(name=name, price=price, in_stock=in_stock)
            await obj.save()
            got += obj.id is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        total = 0
        for batch in batches:
            objs = [Product(name=n, price=p, in_stock=s) for n, p, s in batch]
            await Product.bulk_create(objs)
            total += len(objs)
        return total
