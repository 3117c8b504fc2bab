"""The query object ``filter()`` and ``all()`` return: chain it, then await it or a terminal.

``await Model.filter(...)`` gives a list; ``async for obj in query`` streams in bounded memory.
Every statement comes from :mod:`riverorm.compiler`, assembled once per shape from the generated
fragments and cached.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from riverorm import compiler
from riverorm.compiler import Builder, bind, cached, leaves, shape_of
from riverorm.errors import InvalidValue, UnknownLookup, UsageError
from riverorm.loading import Joined, check_prefetch, hydrate_joined, prefetch, select_list
from riverorm.q import Leaf, Q
from riverorm.runtime import DialectQueries
from riverorm.validation import validate_field

if TYPE_CHECKING:
    from riverorm.backends.base import Database
    from riverorm.model import Model

M = TypeVar("M", bound="Model")

STREAM_CHUNK = 500


@dataclass(frozen=True, slots=True)
class _Select:
    sql: str
    binders: tuple[Any, ...]
    joined: tuple[Joined, ...]


@dataclass(frozen=True, slots=True)
class _Statement:
    sql: str
    binders: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class _State:
    where: Q
    order: tuple[str, ...] = ()
    limit: int | None = None
    offset: int | None = None
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()


def _count(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidValue(f"{what} takes a whole number >= 0, not {value!r}.")
    return value


class Query(Generic[M]):
    """Rows of ``model`` matching every condition. Immutable: each method returns a new query."""

    __slots__ = ("_model", "_state")

    def __init__(
        self, model: type[M], conditions: Sequence[Q | Leaf] = (), state: _State | None = None
    ) -> None:
        self._model = model
        self._state = state or _State(Q._make("AND", tuple(conditions), False))

    def _with(self, **changes: Any) -> Query[M]:
        return Query(self._model, state=replace(self._state, **changes))

    # -- chaining --------------------------------------------------------------------------------

    def filter(self, *conditions: Q, **lookups: Any) -> Query[M]:
        """Narrow the query: every condition must hold (AND)."""
        added = Q(*conditions, **lookups)
        return self._with(where=Q._make("AND", (self._state.where, added), False))

    def exclude(self, *conditions: Q, **lookups: Any) -> Query[M]:
        """Leave out rows for which all of these conditions hold."""
        return self.filter(~Q(*conditions, **lookups))

    def order_by(self, *fields: str) -> Query[M]:
        """Sort by fields (``"-price"`` descending; ``"album__title"`` across a relation)."""
        return self._with(order=tuple(fields))

    def limit(self, count: int) -> Query[M]:
        return self._with(limit=_count(count, "limit()"))

    def offset(self, count: int) -> Query[M]:
        return self._with(offset=_count(count, "offset()"))

    def select_related(self, *paths: str) -> Query[M]:
        """Load these foreign keys (``"album"``, ``"album__artist"``) in the same query (JOIN)."""
        return self._with(related=(*self._state.related, *paths))

    def prefetch(self, *paths: str) -> Query[M]:
        """Load these relations (``"tracks"``, ``"tracks__genre"``, foreign keys too) with one
        extra query each, after the main one. Works across databases."""
        for path in paths:
            check_prefetch(self._model, path)
        return self._with(prefetch=(*self._state.prefetch, *paths))

    # -- running ----------------------------------------------------------------------------------

    def _context(self) -> tuple[Database, DialectQueries[M], list[Any]]:
        db, q = self._model._rv_queries()
        return db, q, leaves(self._state.where, [])

    def _select(self, q: DialectQueries[M]) -> _Select:
        st = self._state
        shape = shape_of(st.where)
        key = ("select", shape, st.order, st.limit is not None, st.offset is not None, st.related)

        def build() -> _Select:
            b = Builder(q)
            columns, joined = select_list(b, st.related) if st.related else ("", ())
            where = compiler.where_sql(b, shape)
            order = compiler.order_sql(b, st.order)
            limit = compiler.limit_sql(b, st.limit is not None, st.offset is not None)
            if b.joins:  # the generated select, qualified, with the joins the query needs
                columns = columns or q.select_columns.format(t=q.table)
                head = f"-- riverorm: {q.model_name}.select\nSELECT {columns}\nFROM {q.table}"
                head += b.join_sql()
            else:
                head = q.select
            return _Select(head + where + order + limit, tuple(b.binders), joined)

        return cached(q, key, build)  # type: ignore[no-any-return]

    def _params(self, binders: Sequence[Any], values: list[Any]) -> list[Any]:
        params = bind(binders, values)
        if self._state.limit is not None:
            params.append(self._state.limit)
        if self._state.offset is not None:
            params.append(self._state.offset)
        return params

    def __await__(self) -> Generator[Any, None, list[M]]:
        return self._fetch().__await__()

    async def _fetch(self) -> list[M]:
        db, q, values = self._context()
        select = self._select(q)
        rows = await db.fetch(select.sql, self._params(select.binders, values))
        if select.joined:
            objects = [hydrate_joined(q, select.joined, row) for row in rows]
        else:
            objects = q.hydrate_all(rows)
        if self._state.prefetch and objects:
            await prefetch(self._model, objects, self._state.prefetch)
        return objects

    async def __aiter__(self) -> AsyncIterator[M]:
        """Stream the rows in chunks (a server-side cursor), never holding them all at once."""
        if self._state.prefetch:
            raise UsageError("prefetch() needs all parents at once: await the query instead.")
        db, q, values = self._context()
        select = self._select(q)
        params = self._params(select.binders, values)
        async for row in db.stream(select.sql, params, STREAM_CHUNK):
            if select.joined:
                yield hydrate_joined(q, select.joined, row)
            else:
                yield q.hydrate(row)

    async def first(self) -> M | None:
        """The first row (by the query's ordering, else by primary key), or None."""
        query = self if self._state.order else self.order_by(self._model._rv_pk())
        found = await query.limit(1)._fetch()
        return found[0] if found else None

    async def get(self, **lookups: Any) -> M:
        """The one matching row; raises ``Model.DoesNotExist`` / ``MultipleObjectsReturned``."""
        query = self.filter(**lookups) if lookups else self
        found = await query.limit(2)._fetch()
        model = self._model
        if not found:
            raise model.DoesNotExist(f"No {model.__name__} matches {query._describe()}.")
        if len(found) > 1:
            raise model.MultipleObjectsReturned(
                f"More than one {model.__name__} matches {query._describe()}; narrow the "
                "lookups, or use filter()."
            )
        return found[0]

    def _wrapped(self, q: DialectQueries[M], kind: str, head: str) -> _Statement:
        """``head`` over the matching rows: ``SELECT COUNT(*)`` and ``SELECT 1`` style queries."""
        st = self._state
        shape = shape_of(st.where)
        key = (kind, shape, st.order, st.limit is not None, st.offset is not None)

        def build() -> _Statement:
            b = Builder(q)
            where = compiler.where_sql(b, shape)
            limit = compiler.limit_sql(b, st.limit is not None, st.offset is not None)
            comment = f"-- riverorm: {q.model_name}.{kind}\n"
            inner = f"FROM {q.table}{b.join_sql()}{where}"
            if limit:
                inner = f"FROM (SELECT 1 AS one {inner}{limit}) AS sliced"
            return _Statement(f"{comment}{head} {inner}", tuple(b.binders))

        return cached(q, key, build)  # type: ignore[no-any-return]

    async def count(self) -> int:
        db, q, values = self._context()
        statement = self._wrapped(q, "count", "SELECT COUNT(*)")
        row = await db.fetchrow(statement.sql, self._params(statement.binders, values))
        return int(row[0]) if row is not None else 0

    async def exists(self) -> bool:
        """Whether any row matches (the database stops at the first one)."""
        query = self if self._state.limit is not None else self.limit(1)
        return await query.count() > 0

    # -- writing ----------------------------------------------------------------------------------

    def _check_writable(self, kind: str) -> None:
        st = self._state
        if st.order or st.limit is not None or st.offset is not None or st.related:
            raise UsageError(
                f"{kind}() works on filters only: drop order_by/limit/offset/select_related."
            )

    def _condition(self, q: DialectQueries[M], b: Builder, shape: object) -> str:
        """The WHERE of an UPDATE/DELETE; conditions that join go into a primary-key subquery."""
        condition = compiler.where(b, shape)
        if b.joins:
            pk = q.columns[self._model._rv_pk()]
            inner = f"SELECT {pk.expr.format(t=q.table)} FROM {q.table}{b.join_sql()}"
            condition = f"{pk.name} IN (SELECT * FROM ({inner}\nWHERE {condition}) AS matched)"
        return "" if condition == compiler.ALWAYS else f"\nWHERE {condition}"

    async def delete(self) -> int:
        """DELETE every matching row in one statement; the number of rows deleted."""
        self._check_writable("delete")
        db, q, values = self._context()
        shape = shape_of(self._state.where)

        def build() -> _Statement:
            b = Builder(q)
            condition = self._condition(q, b, shape)
            return _Statement(q.delete_where + condition, tuple(b.binders))

        statement: _Statement = cached(q, ("delete", shape), build)
        return await db.execute(statement.sql, bind(statement.binders, values))

    async def update(self, **values: Any) -> int:
        """UPDATE every matching row in one statement; the number of rows matched.

        Each value is validated as the field's type first; a bad one sends nothing."""
        self._check_writable("update")
        if not values:
            raise UsageError("update() needs at least one field=value.")
        db, q, where_values = self._context()
        names = tuple(values)
        for name in names:
            if name not in q.columns:
                raise UnknownLookup(
                    f"{self._model.__name__} has no stored field {name!r} to update "
                    f"(fields: {', '.join(q.columns)})."
                )
        params = [
            _to_param(q, name, validate_field(self._model, name, values[name])) for name in names
        ]
        shape = shape_of(self._state.where)

        def build() -> _Statement:
            b = Builder(q)
            marks = b.placeholders(len(names))
            sets = ", ".join(
                f"{q.columns[n].name} = {m}" for n, m in zip(names, marks, strict=True)
            )
            condition = self._condition(q, b, shape)
            comment = f"-- riverorm: {q.model_name}.update_where\n"
            return _Statement(f"{comment}UPDATE {q.table}\nSET {sets}{condition}", tuple(b.binders))

        statement: _Statement = cached(q, ("update", names, shape), build)
        return await db.execute(statement.sql, params + bind(statement.binders, where_values))

    # -- rows without models ----------------------------------------------------------------------

    async def values(self, *fields: str) -> list[dict[str, Any]]:
        """Matching rows as dicts of the named fields (all stored fields by default)."""
        names, rows = await self._values(fields)
        return [dict(zip(names, row, strict=True)) for row in rows]

    async def values_list(self, *fields: str, flat: bool = False) -> list[Any]:
        """Matching rows as tuples; with ``flat=True`` and one field, the bare values."""
        names, rows = await self._values(fields)
        if flat:
            if len(names) != 1:
                raise UsageError("values_list(flat=True) takes exactly one field.")
            return [row[0] for row in rows]
        return rows

    async def _values(self, fields: Sequence[str]) -> tuple[tuple[str, ...], list[Any]]:
        db, q, values = self._context()
        st = self._state
        names = tuple(fields) or tuple(q.columns)
        shape = shape_of(st.where)
        key = ("values", names, shape, st.order, st.limit is not None, st.offset is not None)

        def build() -> tuple[str, tuple[Any, ...], tuple[Any, ...]]:
            b = Builder(q)
            picked = [compiler.column_path(b, name) for name in names]
            where = compiler.where_sql(b, shape)
            order = compiler.order_sql(b, st.order)
            limit = compiler.limit_sql(b, st.limit is not None, st.offset is not None)
            columns = ", ".join(f"{alias}.{column.name}" for alias, column, _ in picked)
            comment = f"-- riverorm: {q.model_name}.values\n"
            sql = f"{comment}SELECT {columns}\nFROM {q.table}{b.join_sql()}{where}{order}{limit}"
            return sql, tuple(b.binders), tuple(column.read for _, column, _ in picked)

        sql, binders, readers = cached(q, key, build)
        rows = await db.fetch(sql, self._params(binders, values))
        return names, [
            tuple(
                value if read is None or value is None else read(value)
                for read, value in zip(readers, row, strict=True)
            )
            for row in rows
        ]

    def _describe(self) -> str:
        return repr(self._state.where)

    def __repr__(self) -> str:
        return f"<Query {self._model.__name__} where {self._state.where!r}>"


def _to_param(q: DialectQueries[Any], name: str, value: Any) -> Any:
    convert = q.columns[name].param
    return value if convert is None or value is None else convert(value)
