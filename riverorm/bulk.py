"""``bulk_create``: many rows per statement, generated keys read back on every backend.

PostgreSQL binds one array per column (``INSERT ... SELECT * FROM unnest(...)``); MySQL and SQLite
send a multi-row ``VALUES``. Keys come back through ``RETURNING`` (PostgreSQL, SQLite) or, on
MySQL, from the first generated id of the statement: InnoDB hands a multi-row INSERT consecutive
ids unless ``innodb_autoinc_lock_mode = 2`` (interleaved), which riverorm checks once and then
inserts row by row instead. Explicit keys inserted into a PostgreSQL table whose key the database
generates move its sequence past them (``sync_keys``), as MySQL and SQLite do by themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from riverorm.compiler import cached

if TYPE_CHECKING:
    from riverorm.backends.base import Database
    from riverorm.runtime import DialectQueries

SQLITE_MAX_VARIABLES = 32766


async def bulk_insert(
    db: Database, q: DialectQueries[Any], pk: str, objects: list[Any], batch_size: int | None
) -> None:
    auto = [obj for obj in objects if obj.__dict__.get(pk) is None]
    given = [obj for obj in objects if obj.__dict__.get(pk) is not None]
    if auto and (q.insert_auto_params is None or q.bulk_insert_auto is None):
        from riverorm.errors import InvalidValue

        raise InvalidValue(
            f"{q.model_name}.{pk} is None on {len(auto)} instance(s) and the database does not "
            "generate it; set it."
        )
    if given:
        await _insert(db, q, given, q.insert_params, q.bulk_insert, q.bulk_row, None, batch_size)
        if q.sync_keys is not None:
            await db.execute(q.sync_keys)
    if auto:
        assert q.insert_auto_params is not None and q.bulk_insert_auto is not None
        await _insert(
            db,
            q,
            auto,
            q.insert_auto_params,
            q.bulk_insert_auto,
            q.bulk_row_auto or "",
            pk,
            batch_size,
        )
    for obj in objects:
        object.__setattr__(obj, "_rv_persisted", True)


async def _insert(
    db: Database,
    q: DialectQueries[Any],
    objects: list[Any],
    params_of: Callable[[Any], tuple[Any, ...]],
    statement: str,
    row: str,
    pk: str | None,
    batch_size: int | None,
) -> None:
    rows = [params_of(obj) for obj in objects]
    width = max(len(rows[0]), 1)
    size = batch_size or len(rows)
    if q.dialect == "sqlite":
        size = min(size, SQLITE_MAX_VARIABLES // width)
    for start in range(0, len(rows), size):
        batch, targets = rows[start : start + size], objects[start : start + size]
        if q.dialect == "postgres":
            await _postgres(db, q, statement, batch, targets, pk)
        else:
            await _values(db, q, statement, row, batch, targets, pk)


def _assign(q: DialectQueries[Any], targets: Sequence[Any], pk: str, keys: list[Any]) -> None:
    """Generated keys rise in insertion order within one statement: pair them up sorted."""
    for obj, key in zip(targets, sorted(keys), strict=True):
        obj.__dict__[pk] = q.pk_from_db(key)
        obj.__pydantic_fields_set__.add(pk)


async def _postgres(
    db: Database,
    q: DialectQueries[Any],
    statement: str,
    batch: list[tuple[Any, ...]],
    targets: Sequence[Any],
    pk: str | None,
) -> None:
    columns = [list(column) for column in zip(*batch, strict=True)]
    if pk is None:
        await db.execute(statement, columns)
        return
    found = await db.fetch(statement, columns)
    _assign(q, targets, pk, [r[0] for r in found])


async def _values(
    db: Database,
    q: DialectQueries[Any],
    statement: str,
    row: str,
    batch: list[tuple[Any, ...]],
    targets: Sequence[Any],
    pk: str | None,
) -> None:
    count = len(batch)
    sql: str = cached(
        q, ("bulk", statement, count), lambda: statement.format(", ".join([row] * count))
    )
    params = [value for values in batch for value in values]
    if pk is None:
        await db.execute(sql, params)
    elif q.dialect == "sqlite":
        found = await db.fetch(sql, params)
        _assign(q, targets, pk, [r[0] for r in found])
    elif await db.consecutive_insert_ids():
        first = await db.insert(sql, params)
        _assign(q, targets, pk, [first + i for i in range(count)])
    else:
        for obj, values in zip(targets, batch, strict=True):
            key = await db.insert(statement.format(row), list(values))
            _assign(q, [obj], pk, [key])
