"""The one schema every contender maps onto, created and seeded with the raw driver.

Each contender process starts by dropping and re-creating the tables and seeding them, so every
contender sees the same table definition (whatever DDL its library would emit), the same rows and
freshly analysed statistics. The contenders only map their models onto these tables.
"""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Sequence
from pathlib import Path

from bench.targets import Target
from bench.workload import CHILD_TABLE, PARENT_TABLE, PRODUCT_TABLE, Workload

_DROP = (
    f"DROP TABLE IF EXISTS {CHILD_TABLE}",
    f"DROP TABLE IF EXISTS {PARENT_TABLE}",
    f"DROP TABLE IF EXISTS {PRODUCT_TABLE}",
)

_CREATE: dict[str, tuple[str, ...]] = {
    "pg": (
        f"CREATE TABLE {PRODUCT_TABLE} (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, "
        "price DOUBLE PRECISION NOT NULL, in_stock BOOLEAN NOT NULL)",
        f"CREATE TABLE {PARENT_TABLE} (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL)",
        f"CREATE TABLE {CHILD_TABLE} (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, "
        f"parent_id INTEGER NOT NULL REFERENCES {PARENT_TABLE} (id))",
        f"CREATE INDEX {CHILD_TABLE}_parent_id ON {CHILD_TABLE} (parent_id)",
    ),
    "mysql": (
        f"CREATE TABLE {PRODUCT_TABLE} (id INT AUTO_INCREMENT PRIMARY KEY, "
        "name VARCHAR(100) NOT NULL, price DOUBLE NOT NULL, in_stock BOOLEAN NOT NULL) "
        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        f"CREATE TABLE {PARENT_TABLE} (id INT AUTO_INCREMENT PRIMARY KEY, "
        "name VARCHAR(100) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        f"CREATE TABLE {CHILD_TABLE} (id INT AUTO_INCREMENT PRIMARY KEY, "
        "name VARCHAR(100) NOT NULL, parent_id INT NOT NULL, "
        f"CONSTRAINT {CHILD_TABLE}_parent FOREIGN KEY (parent_id) REFERENCES {PARENT_TABLE} (id)) "
        "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    ),
    "sqlite": (
        f"CREATE TABLE {PRODUCT_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "name VARCHAR(100) NOT NULL, price DOUBLE NOT NULL, in_stock BOOLEAN NOT NULL)",
        f"CREATE TABLE {PARENT_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "name VARCHAR(100) NOT NULL)",
        f"CREATE TABLE {CHILD_TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "name VARCHAR(100) NOT NULL, "
        f"parent_id INTEGER NOT NULL REFERENCES {PARENT_TABLE} (id))",
        f"CREATE INDEX {CHILD_TABLE}_parent_id ON {CHILD_TABLE} (parent_id)",
    ),
}


async def reset_and_seed(target: Target, workload: Workload) -> str:
    """Drop, create and fill the tables; the server's version."""
    if target.backend == "pg":
        return await _seed_pg(target, workload)
    if target.backend == "mysql":
        return await _seed_mysql(target, workload)
    return _seed_sqlite(target, workload)


async def _seed_pg(target: Target, workload: Workload) -> str:
    import asyncpg

    conn = await asyncpg.connect(target.url)
    try:
        for statement in (*_DROP, *_CREATE["pg"]):
            await conn.execute(statement)
        await conn.copy_records_to_table(
            PRODUCT_TABLE, records=workload.seed_products, columns=["name", "price", "in_stock"]
        )
        await conn.copy_records_to_table(
            PARENT_TABLE, records=[(n,) for n in workload.parent_names], columns=["name"]
        )
        await conn.copy_records_to_table(
            CHILD_TABLE, records=workload.child_rows, columns=["parent_id", "name"]
        )
        await conn.execute(f"ANALYZE {PRODUCT_TABLE}, {PARENT_TABLE}, {CHILD_TABLE}")
        version: str = await conn.fetchval("SHOW server_version")
        return "PostgreSQL " + version.split()[0]
    finally:
        await conn.close()


async def _seed_mysql(target: Target, workload: Workload) -> str:
    import aiomysql

    conn = await aiomysql.connect(**target.mysql_params(), autocommit=True, charset="utf8mb4")
    try:
        async with conn.cursor() as cur:
            with warnings.catch_warnings():  # "Unknown table" notes of DROP TABLE IF EXISTS
                warnings.simplefilter("ignore")
                for statement in _DROP:
                    await cur.execute(statement)
            for statement in _CREATE["mysql"]:
                await cur.execute(statement)
            await _insert_chunks(
                cur,
                f"INSERT INTO {PRODUCT_TABLE} (name, price, in_stock) VALUES ",
                "(%s, %s, %s)",
                workload.seed_products,
            )
            await _insert_chunks(
                cur,
                f"INSERT INTO {PARENT_TABLE} (name) VALUES ",
                "(%s)",
                [(n,) for n in workload.parent_names],
            )
            await _insert_chunks(
                cur,
                f"INSERT INTO {CHILD_TABLE} (parent_id, name) VALUES ",
                "(%s, %s)",
                workload.child_rows,
            )
            await cur.execute(f"ANALYZE TABLE {PRODUCT_TABLE}, {PARENT_TABLE}, {CHILD_TABLE}")
            await cur.fetchall()
            await cur.execute("SELECT VERSION()")
            (version,) = await cur.fetchone()
        name = "MariaDB " if "mariadb" in str(version).lower() else "MySQL "
        return name + str(version).split("-")[0]
    finally:
        conn.close()


async def _insert_chunks(
    cur: object, head: str, group: str, rows: Sequence[tuple[object, ...]], size: int = 1000
) -> None:
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        sql = head + ", ".join([group] * len(chunk))
        await cur.execute(sql, [v for row in chunk for v in row])  # type: ignore[attr-defined]


def _seed_sqlite(target: Target, workload: Workload) -> str:
    # A new file for every process, in WAL mode (a setting stored in the file, so every contender
    # runs on it; Tortoise would switch the file to WAL itself and leave it so for the next one).
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(target.sqlite_path + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(target.sqlite_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        for statement in _CREATE["sqlite"]:
            conn.execute(statement)
        conn.execute("BEGIN")
        conn.executemany(
            f"INSERT INTO {PRODUCT_TABLE} (name, price, in_stock) VALUES (?, ?, ?)",
            workload.seed_products,
        )
        conn.executemany(
            f"INSERT INTO {PARENT_TABLE} (name) VALUES (?)", [(n,) for n in workload.parent_names]
        )
        conn.executemany(
            f"INSERT INTO {CHILD_TABLE} (parent_id, name) VALUES (?, ?)", workload.child_rows
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        return "SQLite " + sqlite3.sqlite_version
    finally:
        conn.close()


# -- checks after the timed work ------------------------------------------------------------------


async def product_state(target: Target, ids: Sequence[int]) -> tuple[int, dict[int, float]]:
    """The number of product rows, and the price of each of ``ids``."""
    count_sql = f"SELECT COUNT(*) FROM {PRODUCT_TABLE}"
    if target.backend == "pg":
        import asyncpg

        conn = await asyncpg.connect(target.url)
        try:
            count = int(await conn.fetchval(count_sql))
            rows = await conn.fetch(
                f"SELECT id, price FROM {PRODUCT_TABLE} WHERE id = ANY($1::int[])", list(ids)
            )
            return count, {int(r[0]): float(r[1]) for r in rows}
        finally:
            await conn.close()
    marks = ", ".join(["%s" if target.backend == "mysql" else "?"] * len(ids)) or "NULL"
    prices_sql = f"SELECT id, price FROM {PRODUCT_TABLE} WHERE id IN ({marks})"
    if target.backend == "mysql":
        import aiomysql

        mconn = await aiomysql.connect(**target.mysql_params(), autocommit=True)
        try:
            async with mconn.cursor() as cur:
                await cur.execute(count_sql)
                (count,) = await cur.fetchone()
                await cur.execute(prices_sql, list(ids))
                found = await cur.fetchall()
            return int(count), {int(r[0]): float(r[1]) for r in found}
        finally:
            mconn.close()
    sconn = sqlite3.connect(target.sqlite_path)
    try:
        (count,) = sconn.execute(count_sql).fetchone()
        found = sconn.execute(prices_sql, list(ids)).fetchall()
        return int(count), {int(r[0]): float(r[1]) for r in found}
    finally:
        sconn.close()
