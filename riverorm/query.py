"""The query object ``filter()`` returns, and WHERE clauses assembled once per shape.

A filter's *shape* is the sequence of its lookup keys plus, per value, what changes the SQL: None
(``IS NULL``), a bool (``isnull``) or the length of a list (``IN (?, ?)``). The first call of a
shape joins the generated fragments and numbers the placeholders; later calls of the same shape
find the statement in the model's per-dialect cache and only convert the values.
"""

from __future__ import annotations

import difflib
from collections.abc import Generator, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from riverorm.errors import UnknownLookup
from riverorm.runtime import DialectQueries, Lookup, ParamStyle

if TYPE_CHECKING:
    from riverorm.model import Model

M = TypeVar("M", bound="Model")

LOOKUP_SEPARATOR = "__"
_SHAPE_CACHE_LIMIT = 2048
_NOTHING = "1 = 0"  # what `in` with an empty list compiles to: valid SQL that matches no row
_COLLECTIONS = (list, tuple, set, frozenset)

Items = Sequence[tuple[str, Any]]


def _variant(value: Any) -> object:
    if value is None:
        return None
    if value is True or value is False:
        return value
    if isinstance(value, _COLLECTIONS):
        return len(value)
    return 0


def _placeholders(style: ParamStyle, start: int, count: int) -> list[str]:
    if style == "numeric":
        return [f"${n}" for n in range(start, start + count)]
    return ["%s" if style == "format" else "?"] * count


def _unknown(q: DialectQueries[Any], key: str) -> UnknownLookup:
    fields = sorted({k.split(LOOKUP_SEPARATOR, 1)[0] for k in q.lookups})
    suffixes = sorted({k.split(LOOKUP_SEPARATOR, 1)[1] for k in q.lookups if LOOKUP_SEPARATOR in k})
    close = difflib.get_close_matches(key, list(q.lookups), n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    return UnknownLookup(
        f"{q.model_name} has no field or lookup {key!r}.{hint} Fields: {', '.join(fields)}. "
        f"Lookups (field__lookup): {', '.join(suffixes)}; a bare field name means exact."
    )


def _compile(q: DialectQueries[Any], items: Items, shape: object) -> tuple[str, tuple[Lookup, ...]]:
    fragments: list[str] = []
    plan: list[Lookup] = []
    position = 1
    for key, value in items:
        lookup = q.lookups.get(key)
        if lookup is None:
            raise _unknown(q, key)
        plan.append(lookup)
        if lookup.kind == "isnull":
            fragments.append(lookup.sql if value else str(lookup.null_sql))
        elif value is None and lookup.null_sql is not None:
            fragments.append(lookup.null_sql)
        elif lookup.kind == "in":
            count = len(value) if isinstance(value, _COLLECTIONS) else 1
            if q.param_style == "numeric":
                fragments.append(lookup.sql.format(f"${position}"))
                position += 1
            elif count == 0:
                fragments.append(_NOTHING)
            else:
                marks = _placeholders(q.param_style, position, count)
                fragments.append(lookup.sql.format(", ".join(marks)))
                position += count
        else:
            fragments.append(lookup.sql.format(_placeholders(q.param_style, position, 1)[0]))
            position += 1
    where = " AND ".join(fragments)
    compiled = (where, tuple(plan))
    if len(q.shapes) >= _SHAPE_CACHE_LIMIT:
        q.shapes.clear()
    q.shapes[shape] = compiled
    return compiled


def where_clause(q: DialectQueries[Any], items: Items) -> tuple[str, list[Any]]:
    """The WHERE condition and its parameters for ``items``, compiled at most once per shape."""
    shape = (q.dialect, *((key, _variant(value)) for key, value in items))
    cached = q.shapes.get(shape)
    where, plan = cached if cached is not None else _compile(q, items, shape)
    params: list[Any] = []
    for (_, value), lookup in zip(items, plan, strict=True):
        if lookup.kind == "isnull" or (value is None and lookup.null_sql is not None):
            continue
        convert = lookup.convert
        if lookup.kind == "in":
            values = list(value) if isinstance(value, _COLLECTIONS) else [value]
            if convert is not None:
                values = [convert(v) for v in values]
            if q.param_style == "numeric":
                params.append(values)
            else:
                params.extend(values)
        else:
            params.append(value if convert is None else convert(value))
    return where, params


def select_statement(q: DialectQueries[Any], items: Items, suffix: str = "") -> tuple[str, list[Any]]:
    if not items:
        return q.select + suffix, []
    where, params = where_clause(q, items)
    return f"{q.select} WHERE {where}{suffix}", params


class Query(Generic[M]):
    """``Model.filter(...)``: awaiting it gives ``list[Model]``. ``.filter()`` narrows it (AND)."""

    __slots__ = ("_items", "_model")

    def __init__(self, model: type[M], items: Iterable[tuple[str, Any]] = ()) -> None:
        self._model = model
        self._items: tuple[tuple[str, Any], ...] = tuple(items)

    def filter(self, **lookups: Any) -> Query[M]:
        return Query(self._model, (*self._items, *lookups.items()))

    def __await__(self) -> Generator[Any, None, list[M]]:
        return self._fetch().__await__()

    async def _fetch(self) -> list[M]:
        db, q = self._model._rv_queries()
        sql, params = select_statement(q, self._items)
        hydrate = q.hydrate
        return [hydrate(row) for row in await db.fetch(sql, params)]

    async def delete(self) -> int:
        """DELETE every matching row in one statement; the number of rows deleted."""
        db, q = self._model._rv_queries()
        if not self._items:
            return await db.execute(q.delete_where)
        where, params = where_clause(q, self._items)
        return await db.execute(f"{q.delete_where} WHERE {where}", params)

    def __repr__(self) -> str:
        lookups = ", ".join(f"{k}={v!r}" for k, v in self._items)
        return f"<Query {self._model.__name__}.filter({lookups})>"
