"""aiosqlite with hand-written SQL: the floor on SQLite.

One ``aiosqlite`` connection in autocommit mode (``isolation_level=None``), as riverorm's SQLite
backend uses. Each call is one hop to aiosqlite's thread: ``execute_fetchall`` for reads,
``execute_insert`` for an insert with its new rowid, ``execute`` for an update. ``bulk_insert`` is
``executemany`` inside ``BEGIN``/``COMMIT`` (without the transaction every row would be a commit of
its own), the baseline of riverorm's SQLite bulk target. An update writes every column of the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiosqlite

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
GET = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE} WHERE id = ?"
SMALL = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE} WHERE in_stock = ? AND price >= ? AND price < ?"
ALL = f"SELECT {COLUMNS} FROM {PRODUCT_TABLE}"
INSERT = f"INSERT INTO {PRODUCT_TABLE} (name, price, in_stock) VALUES (?, ?, ?)"
UPDATE = f"UPDATE {PRODUCT_TABLE} SET name = ?, price = ?, in_stock = ? WHERE id = ?"
PARENTS = f"SELECT id, name FROM {PARENT_TABLE}"
CHILDREN = f"SELECT id, name, parent_id FROM {CHILD_TABLE} WHERE parent_id IN ({{}})"


class RawAiosqlite(Contender):
    _conn: aiosqlite.Connection

    async def open(self) -> None:
        self._conn = await aiosqlite.connect(self.target.sqlite_path, isolation_level=None)

    async def close(self) -> None:
        await self._conn.close()

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        fetchall = self._conn.execute_fetchall
        found = 0
        for pk in ids:
            rows = list(await fetchall(GET, (pk,)))
            found += rows[0][0] == pk
        return found

    async def filter_small(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            rows = await self._conn.execute_fetchall(
                SMALL, (True, SMALL_PRICE_LOW, SMALL_PRICE_HIGH)
            )
            total += len(list(rows))
        return total

    async def filter_large(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            total += len(list(await self._conn.execute_fetchall(ALL)))
        return total

    async def prefetch(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            parents = await self._conn.execute_fetchall(PARENTS)
            children: dict[int, list[Any]] = {p[0]: [] for p in parents}
            sql = CHILDREN.format(", ".join(["?"] * len(children)))
            for child in await self._conn.execute_fetchall(sql, list(children)):
                children[child[2]].append(child)
            total += sum(len(c) for c in children.values())
        return total

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        return [next(iter(await self._conn.execute_fetchall(GET, (pk,)))) for pk in ids]

    async def update_one(self, objects: list[Any]) -> int:
        execute = self._conn.execute
        for row in objects:
            await execute(UPDATE, (row[1], row[2] + 1.0, row[3], row[0]))
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        execute_insert = self._conn.execute_insert
        got = 0
        for row in rows:
            got += await execute_insert(INSERT, row) is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        for batch in batches:
            await self._conn.execute("BEGIN")
            await self._conn.executemany(INSERT, batch)
            await self._conn.execute("COMMIT")
        return sum(len(b) for b in batches)
