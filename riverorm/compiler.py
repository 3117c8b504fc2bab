"""SQL assembled from generated fragments, once per query *shape*, then cached.

A shape is everything that changes the SQL text: the filter tree with its lookup keys and, per
value, what alters the statement (None for ``IS NULL``, a bool for ``isnull``, the size class of an
``in`` list), the ordering, whether a limit/offset is present, the joined relations, the selected
fields. Values never enter the SQL: they are bound as parameters. The first query of a shape builds
the statement (:data:`STATS` counts those builds); every later one finds it in the model's
per-dialect cache and only converts its values.
"""

from __future__ import annotations

import difflib
import uuid
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from riverorm.binding import compiled_for
from riverorm.errors import InvalidValue, UnknownLookup, UsageError
from riverorm.q import Leaf, Q
from riverorm.runtime import Column, DialectQueries, Lookup, ParamStyle

SEP = "__"
SHAPE_CACHE_LIMIT = 4096
_NOT_COLLECTIONS = (str, bytes, bytearray)
ALWAYS = "1 = 1"
NEVER = "1 = 0"


@dataclass
class Stats:
    """How many statements were assembled (a test checks that a repeated shape adds none)."""

    assembled: int = 0


STATS = Stats()


# -- values and shapes --------------------------------------------------------------------------


def _in_size(count: int) -> int:
    """``in`` lists of MySQL/SQLite are padded to a power of two so that shapes stay few."""
    return 0 if count == 0 else 1 << (count - 1).bit_length()


_LISTS = frozenset({list, tuple, set, frozenset})
_SCALARS = frozenset({int, float, str, bytes, Decimal, datetime, date, time, uuid.UUID})


def _is_collection(value: Any) -> bool:
    kind = type(value)
    if kind in _LISTS:  # the common cases first: the ABC checks below cost far more
        return True
    if kind in _SCALARS:
        return False
    return isinstance(value, (Sequence, Set)) and not isinstance(value, _NOT_COLLECTIONS)


def _variant(value: Any) -> object:
    if value is None:
        return None
    if value is True or value is False:
        return value
    if _is_collection(value):
        return ("many", _in_size(len(value)))
    return "value"  # not 0: a shape key 0 would equal False (``isnull=False``)


def shape_of(node: Q | Leaf) -> object:
    """A hashable shape of a filter tree; values reduced to what changes the SQL."""
    if isinstance(node, Q):
        return (node.connector, node.negated, tuple(shape_of(child) for child in node.children))
    key, value = node
    return (key, _variant(value))


def leaves(node: Q | Leaf, out: list[Any]) -> list[Any]:
    """The leaf values of a filter tree, in the order :func:`shape_of` walks it."""
    if isinstance(node, Q):
        for child in node.children:
            leaves(child, out)
    else:
        out.append(node[1])
    return out


# -- building -----------------------------------------------------------------------------------


def queries_of(model: type[Any], dialect: str) -> DialectQueries[Any]:
    return compiled_for(model).dialects[dialect]  # type: ignore[index]


@dataclass
class Builder:
    """Numbers placeholders and collects joins while one statement is assembled."""

    q: DialectQueries[Any]
    position: int = 1
    joins: list[str] = field(default_factory=list)
    aliases: dict[tuple[str, ...], tuple[str, DialectQueries[Any]]] = field(default_factory=dict)
    binders: list[Callable[[Any, list[Any]], None]] = field(default_factory=list)

    @property
    def style(self) -> ParamStyle:
        return self.q.param_style

    def placeholders(self, count: int) -> list[str]:
        if self.style == "numeric":
            marks = [f"${n}" for n in range(self.position, self.position + count)]
        else:
            marks = ["%s" if self.style == "format" else "?"] * count
        self.position += count
        return marks

    def alias(self, path: tuple[str, ...]) -> tuple[str, DialectQueries[Any]]:
        """The alias and queries of the table reached through ``path`` (joined on first use)."""
        if not path:
            return self.q.table, self.q
        known = self.aliases.get(path)
        if known is not None:
            return known
        parent_alias, parent = self.alias(path[:-1])
        relation = parent.relations.get(path[-1])
        if relation is None:
            raise UnknownLookup(
                f"{parent.model_name} has no foreign key {path[-1]!r} to follow "
                f"(foreign keys: {', '.join(parent.relations) or 'none'})."
            )
        if not relation.same_database:
            raise UsageError(
                f"{parent.model_name}.{path[-1]} refers to a model on another database: it "
                "cannot be joined. Filter by its key instead, or load it with prefetch()."
            )
        target = queries_of(relation.target, self.q.dialect)
        alias = self.q.table[0] + f"t{len(self.aliases) + 1}" + self.q.table[-1]
        self.joins.append(relation.join.format(a=alias, t=parent_alias))
        self.aliases[path] = (alias, target)
        return alias, target

    def join_sql(self) -> str:
        return "".join(f"\n{j}" for j in self.joins)


def _unknown(q: DialectQueries[Any], key: str) -> UnknownLookup:
    fields = sorted(q.columns)
    suffixes = sorted({k.split(SEP, 1)[1] for k in q.lookups if SEP in k})
    close = difflib.get_close_matches(key, [*q.lookups, *q.relations], n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    relations = f" Follow foreign keys with {', '.join(f'{r}__<field>' for r in q.relations)}."
    return UnknownLookup(
        f"{q.model_name} has no field or lookup {key!r}.{hint} Fields: {', '.join(fields)}. "
        f"Lookups (field__lookup): {', '.join(suffixes)}; a bare field name means exact."
        + (relations if q.relations else "")
    )


def resolve(q: DialectQueries[Any], key: str) -> tuple[tuple[str, ...], Lookup]:
    """The relation path and the lookup a keyword names (``album__artist__name__startswith``)."""
    lookup = q.lookups.get(key)
    if lookup is not None:
        return (), lookup
    head, sep, rest = key.partition(SEP)
    relation = q.relations.get(head)
    if sep and relation is not None:
        path, found = resolve(queries_of(relation.target, q.dialect), rest)
        return (head, *path), found
    raise _unknown(q, key)


def _bind_value(lookup: Lookup) -> Callable[[Any, list[Any]], None]:
    convert = lookup.convert
    if convert is None:
        return lambda value, params: params.append(value)
    return lambda value, params: params.append(convert(value))


def _bind_many(lookup: Lookup, numeric: bool, size: int) -> Callable[[Any, list[Any]], None]:
    convert = lookup.convert

    def bind(value: Iterable[Any], params: list[Any]) -> None:
        values = list(value)
        if convert is not None:
            values = [convert(v) for v in values]
        if numeric:
            params.append(values)
        else:
            params.extend(values)
            params.extend(values[-1:] * (size - len(values)))  # pad to the shape's size

    return bind


def _skip(value: Any, params: list[Any]) -> None:
    return None


def _leaf(b: Builder, key: str, variant: object) -> str:
    path, lookup = resolve(b.q, key)
    alias, _ = b.alias(path)
    kind = lookup.kind
    if kind == "isnull":
        if variant is not True and variant is not False:
            raise InvalidValue(f"{key} takes True or False.")
        b.binders.append(_skip)
        return (lookup.sql if variant else str(lookup.null_sql)).format(t=alias)
    if variant is None and kind != "in" and kind != "not_in":
        if lookup.null_sql is None:
            raise UsageError(f"{key}=None is not a valid lookup; use {key.split(SEP)[0]}=None.")
        b.binders.append(_skip)
        return lookup.null_sql.format(t=alias)
    if kind in ("in", "not_in"):
        if not isinstance(variant, tuple):
            raise UsageError(f"{key} takes a list, tuple or set of values, not a single value.")
        size: int = variant[1]
        numeric = b.style == "numeric"
        if not numeric and size == 0:
            b.binders.append(_skip)
            return NEVER if kind == "in" else ALWAYS
        b.binders.append(_bind_many(lookup, numeric, size))
        marks = b.placeholders(1 if numeric else size)
        return lookup.sql.format(", ".join(marks), t=alias)
    if kind == "range":
        convert = lookup.convert

        def bind_range(value: Any, params: list[Any]) -> None:
            low, high = value
            params.extend((low, high) if convert is None else (convert(low), convert(high)))

        b.binders.append(bind_range)
        return lookup.sql.format(*b.placeholders(2), t=alias)
    b.binders.append(_bind_value(lookup))
    return lookup.sql.format(*b.placeholders(1), t=alias)


def where(b: Builder, shape: object) -> str:
    """The condition for a filter-tree shape (see :func:`shape_of`)."""
    assert isinstance(shape, tuple)
    if len(shape) == 2:  # a leaf: (key, variant)
        return _leaf(b, shape[0], shape[1])
    connector, negated, children = shape
    parts = [where(b, child) for child in children]
    if not parts:
        sql = ALWAYS
    elif len(parts) == 1:
        sql = parts[0]
    else:
        sql = f" {connector} ".join(f"({p})" for p in parts)
    return f"NOT ({sql})" if negated else sql


def where_sql(b: Builder, shape: object) -> str:
    """``\nWHERE condition`` for a filter-tree shape, or nothing when it matches every row."""
    condition = where(b, shape)
    return "" if condition == ALWAYS else f"\nWHERE {condition}"


def column_path(b: Builder, name: str) -> tuple[str, Column, DialectQueries[Any]]:
    """The aliased expression of a field named as ``field`` or ``relation__field``."""
    *path, field_name = name.split(SEP)
    alias, q = b.alias(tuple(path))
    column = q.columns.get(field_name)
    if column is None:
        raise UnknownLookup(
            f"{q.model_name} has no stored field {field_name!r} (fields: {', '.join(q.columns)})."
        )
    return alias, column, q


def order_sql(b: Builder, order: Sequence[str]) -> str:
    parts = []
    for item in order:
        descending = item.startswith("-")
        alias, column, _ = column_path(b, item.lstrip("-"))
        parts.append(column.expr.format(t=alias) + (" DESC" if descending else ""))
    return "\nORDER BY " + ", ".join(parts) if parts else ""


def limit_sql(b: Builder, has_limit: bool, has_offset: bool) -> str:
    if has_limit and has_offset:
        limit, offset = b.placeholders(2)
        return f"\nLIMIT {limit} OFFSET {offset}"
    if has_limit:
        return f"\nLIMIT {b.placeholders(1)[0]}"
    if has_offset:
        unbounded = {"postgres": "ALL", "mysql": "18446744073709551615", "sqlite": "-1"}
        return f"\nLIMIT {unbounded[b.q.dialect]} OFFSET {b.placeholders(1)[0]}"
    return ""


def cached(q: DialectQueries[Any], key: object, build: Callable[[], Any]) -> Any:
    found = q.shapes.get(key)
    if found is None:
        found = build()
        STATS.assembled += 1
        if len(q.shapes) >= SHAPE_CACHE_LIMIT:
            q.shapes.clear()
        q.shapes[key] = found
    return found


def bind(binders: Sequence[Callable[[Any, list[Any]], None]], values: Sequence[Any]) -> list[Any]:
    params: list[Any] = []
    for binder, value in zip(binders, values, strict=True):
        binder(value, params)
    return params
