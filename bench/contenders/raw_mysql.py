"""aiomysql with hand-written SQL: the floor on MariaDB / MySQL.

Every call acquires a connection from an ``aiomysql`` pool (``minsize=1, maxsize=10``, autocommit,
utf8mb4) and uses one cursor, as riverorm's MySQL backend does. Rows are the driver's tuples.
``bulk_insert`` is one multi-row ``INSERT ... VALUES (...), (...), ...`` per batch, the baseline of
riverorm's MySQL bulk target. An update writes every column of the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiomysql

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
GET = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE} WHERE id = %s"
SMALL = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE} WHERE in_stock = %s AND price >= %s AND price < %s"
ALL = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE}"
INSERT = f"INSERT INTO {PRODUCT_TABLE} (name, price, in_stock) VALUES (%s, %s, %s)"
UPDATE = f"UPDATE {PRODUCT_TABLE} SET name = %s, price = %s, in_stock = %s WHERE id = %s"
PARENTS = f"SELECT id, name FROM {PARENT_TABLE}"
CHILDREN = f"SELECT id, name, parent_id FROM {CHILD_TABLE} WHERE parent_id IN ({{}})"
BULK_HEAD = f"INSERT INTO {PRODUCT_TABLE} (name, price, in_stock) VALUES "


class RawAiomysql(Contender):
    _pool: aiomysql.Pool

    async def open(self) -> None:
        self._pool = await aiomysql.create_pool(
            **self.target.mysql_params(), minsize=1, maxsize=10, autocommit=True, charset="utf8mb4"
        )

    async def close(self) -> None:
        self._pool.close()
        await self._pool.wait_closed()

    async def _fetch(self, sql: str, params: Sequence[Any] | None = None) -> Sequence[Any]:
        async with self._pool.acquire() as conn, conn.cursor() as cur:
            await cur.execute(sql, params)
            rows: Sequence[Any] = await cur.fetchall()
            return rows

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        acquire = self._pool.acquire
        found = 0
        for pk in ids:
            async with acquire() as conn, conn.cursor() as cur:
                await cur.execute(GET, (pk,))
                row = await cur.fetchone()
            found += row[0] == pk
        return found

    async def filter_small(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            total += len(await self._fetch(SMALL, (True, SMALL_PRICE_LOW, SMALL_PRICE_HIGH)))
        return total

    async def filter_large(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            total += len(await self._fetch(ALL))
        return total

    async def prefetch(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            parents = await self._fetch(PARENTS)
            children: dict[int, list[Any]] = {p[0]: [] for p in parents}
            sql = CHILDREN.format(", ".join(["%s"] * len(children)))
            for child in await self._fetch(sql, list(children)):
                children[child[2]].append(child)
            total += sum(len(c) for c in children.values())
        return total

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        return [(await self._fetch(GET, (pk,)))[0] for pk in ids]

    async def update_one(self, objects: list[Any]) -> int:
        acquire = self._pool.acquire
        for row in objects:
            async with acquire() as conn, conn.cursor() as cur:
                await cur.execute(UPDATE, (row[1], row[2] + 1.0, row[3], row[0]))
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        acquire = self._pool.acquire
        got = 0
        for row in rows:
            async with acquire() as conn, conn.cursor() as cur:
                await cur.execute(INSERT, row)
                got += cur.lastrowid is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        for batch in batches:
            sql = BULK_HEAD + ", ".join(["(%s, %s, %s)"] * len(batch))
            async with self._pool.acquire() as conn, conn.cursor() as cur:
                await cur.execute(sql, [value for row in batch for value in row])
        return sum(len(b) for b in batches)
