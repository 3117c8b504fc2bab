"""ormar (PostgreSQL only here), in its own virtual environment.

ormar pins ``pydantic<2.14`` and ``asyncpg<0.32``, so it runs from ``bench/.venv-ormar``. Its
``DatabaseConnection`` (SQLAlchemy's async engine on asyncpg, default pool) must connect before
the first query; the URL is given with the ``postgresql+asyncpg`` scheme as ormar requires.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ormar
import sqlalchemy

from bench.contenders.base import Contender
from bench.workload import (
    CHILD_TABLE,
    PARENT_TABLE,
    PRODUCT_TABLE,
    SMALL_PRICE_HIGH,
    SMALL_PRICE_LOW,
    NewRow,
)

# The models are declared at import time; the URL is only known in open(), so the connection
# object is replaced there before anything connects.
_CONFIG = ormar.OrmarConfig(
    metadata=sqlalchemy.MetaData(),
    database=ormar.DatabaseConnection("postgresql+asyncpg://placeholder/none"),
)


class OProduct(ormar.Model):
    ormar_config = _CONFIG.copy(tablename=PRODUCT_TABLE)

    id: int = ormar.Integer(primary_key=True)
    name: str = ormar.String(max_length=100)
    price: float = ormar.Float()
    in_stock: bool = ormar.Boolean(default=True)


class OParent(ormar.Model):
    ormar_config = _CONFIG.copy(tablename=PARENT_TABLE)

    id: int = ormar.Integer(primary_key=True)
    name: str = ormar.String(max_length=100)


class OChild(ormar.Model):
    ormar_config = _CONFIG.copy(tablename=CHILD_TABLE)

    id: int = ormar.Integer(primary_key=True)
    name: str = ormar.String(max_length=100)
    parent: OParent = ormar.ForeignKey(
        OParent, name="parent_id", related_name="children", nullable=False
    )


class OrmarORM(Contender):
    _database: ormar.DatabaseConnection

    async def open(self) -> None:
        self._database = ormar.DatabaseConnection(self.target.with_scheme("postgresql+asyncpg"))
        for model in (OProduct, OParent, OChild):
            model.ormar_config.database = self._database
        await self._database.connect()

    async def close(self) -> None:
        await self._database.disconnect()

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        found = 0
        for pk in ids:
            obj = await OProduct.objects.get(id=pk)
            found += obj.id == pk
        return found

    async def filter_small(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            rows = await OProduct.objects.filter(
                in_stock=True, price__gte=SMALL_PRICE_LOW, price__lt=SMALL_PRICE_HIGH
            ).all()
            total += len(rows)
        return total

    async def filter_large(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            total += len(await OProduct.objects.all())
        return total

    async def prefetch(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            parents = await OParent.objects.prefetch_related("children").all()
            total += sum(len(p.children) for p in parents)
        return total

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        return [await OProduct.objects.get(id=pk) for pk in ids]

    async def update_one(self, objects: list[Any]) -> int:
        for obj in objects:
            obj.price = obj.price + 1.0
            await obj.update()
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        got = 0
        for name, price, in_stock in rows:
            obj = OProduct(name=name, price=price, in_stock=in_stock)
            await obj.save()
            got += obj.id is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        total = 0
        for batch in batches:
            objs = [OProduct(name=n, price=p, in_stock=s) for n, p, s in batch]
            await OProduct.objects.bulk_create(objs)
            total += len(objs)
        return total
