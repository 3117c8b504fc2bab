"""The value type of each ``field__lookup`` keyword, or why it is not one.

The lookups mirror the runtime's (``riverorm.codegen.sqlgen.fragments``): a bare field name
means ``=`` (``IS NULL`` with None on an optional field), ``ne``, ``in`` / ``not_in`` (a list,
tuple or set), ``isnull`` (a bool) for every column; ``gt``/``gte``/``lt``/``lte``/``range`` for
ordered kinds (numbers, str, dates and times); the text lookups for str. A foreign key
``user: User`` is stored as ``User``'s primary key: ``user=`` takes a ``User`` or a key,
``user_id=`` a key, and ``user__username__startswith=`` follows the relation.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Final

from mypy.errorcodes import ARG_TYPE
from mypy.messages import format_type_bare
from mypy.plugin import CheckerPluginInterface, MethodContext
from mypy.subtypes import is_subtype
from mypy.types import (
    AnyType,
    Instance,
    NoneType,
    ProperType,
    TupleType,
    Type,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from riverorm._mypy.models import Column, Kind, ModelInfo

__all__ = ["Resolver", "check_in_values", "keyword_types", "resolve", "resolve_value"]

_BASE: Final = ("in", "isnull", "ne", "not_in")
_COMPARISONS: Final = ("gt", "gte", "lt", "lte", "range")
_TEXT: Final = ("contains", "endswith", "icontains", "iendswith", "iexact", "istartswith")
_TEXT_ALL: Final = (*_TEXT, "startswith")
_LOOKUPS: Final[dict[Kind, frozenset[str]]] = {
    "plain": frozenset(_BASE),
    "ordered": frozenset((*_BASE, *_COMPARISONS)),
    "text": frozenset((*_BASE, *_COMPARISONS, *_TEXT_ALL)),
    "fk": frozenset(),  # those of the target's primary key
    "reverse": frozenset(),
}


def _key_column(model: ModelInfo, column: Column) -> Column | None:
    """What a foreign key stores: the target's primary key column."""
    target = model.related(column)
    if target is None or target.pk is None or target.pk not in target.columns:
        return None
    return target.columns[target.pk]


def _scalar(model: ModelInfo, column: Column) -> tuple[Kind, ProperType] | None:
    if column.kind != "fk":
        return column.kind, column.type
    key = _key_column(model, column)
    return (key.kind, key.type) if key is not None and key.kind != "fk" else None


def _lookups_of(model: ModelInfo, column: Column) -> frozenset[str]:
    """A foreign key compares as its key, but has no text lookups (as in ``sqlgen.fragments``)."""
    scalar = _scalar(model, column)
    kind = scalar[0] if scalar is not None else "plain"
    return _LOOKUPS["ordered" if kind == "text" and column.kind == "fk" else kind]


def _close(word: str, options: list[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(word, sorted(options), n=1)
    return f'; did you mean "{close[0]}"?' if close else ""


def _value_type(api: CheckerPluginInterface, scalar: ProperType) -> Type:
    if isinstance(scalar, Instance) and scalar.type.fullname == "decimal.Decimal":
        return UnionType.make_union([scalar, api.named_generic_type("builtins.int", [])])
    return scalar


def _generated_key(model: ModelInfo, column: Column) -> bool:
    """Is the value a database-generated key (``id: int | None``), typed Optional for that reason?

    ``[a.id for a in artists]`` is then a ``list[int | None]``: accepted where keys are expected.
    """
    if column.kind == "fk":
        key = _key_column(model, column)
        return key is not None and key.nullable
    return column.name == model.pk and column.nullable


def _expected(api: CheckerPluginInterface, model: ModelInfo, column: Column, lookup: str) -> Type:
    scalar = _scalar(model, column)
    key: Type = (
        _value_type(api, scalar[1]) if scalar is not None else AnyType(TypeOfAny.special_form)
    )
    value = key
    if column.kind == "fk" and column.name in model.fields:  # `user=` takes a User or its key
        value = UnionType.make_union([column.type, key])
    generated = _generated_key(model, column)
    if lookup in ("", "ne"):  # None means IS NULL / IS NOT NULL
        nullable = column.nullable or generated
        return UnionType.make_union([value, NoneType()]) if nullable else value
    if lookup in ("in", "not_in"):
        item = UnionType.make_union([value, NoneType()]) if generated else value
        return UnionType.make_union(
            [
                api.named_generic_type("typing.Sequence", [item]),
                api.named_generic_type("typing.AbstractSet", [item]),
            ]
        )
    if lookup == "isnull":
        return api.named_generic_type("builtins.bool", [])
    if lookup == "range":
        return TupleType([key, key], api.named_generic_type("builtins.tuple", [key]))
    if lookup in _TEXT_ALL:
        return api.named_generic_type("builtins.str", [])
    return key  # gt, gte, lt, lte


def _list(items: list[str] | frozenset[str]) -> str:
    return ", ".join(sorted(items))


def resolve(api: CheckerPluginInterface, root: ModelInfo, key: str) -> Type | str:
    """The value type ``key`` takes on ``root``, or the message saying why it is not a lookup."""
    parts = key.split("__")
    model = root
    column = model.columns.get(parts[0])
    if column is None:
        where = "field or lookup" if len(parts) == 1 else "field"
        context = "" if len(parts) == 1 else f' in "{key}"'
        return (
            f'{model.name} has no {where} "{parts[0]}"{context} '
            f"(fields: {_list(model.fields)}){_close(parts[0], model.fields)}"
        )
    rest = parts[1:]
    while column.kind == "fk" and rest and column.name in model.fields:
        if len(rest) == 1 and rest[0] in _lookups_of(model, column):
            break  # the foreign key's own lookup comes first, as at run time
        target = model.related(column)
        following = target.columns.get(rest[0]) if target is not None else None
        if target is None or following is None:
            break
        model, column, rest = target, following, rest[1:]
    if column.kind == "reverse":
        target_name = column.target.name if column.target is not None else "the related model"
        return (
            f"{column.owner}.{column.name} is the reverse side of a relation and cannot be "
            f"filtered on; filter {target_name} by its foreign key instead"
        )
    lookups = _lookups_of(model, column)
    lookup = "__".join(rest)
    if rest and lookup not in lookups:
        shown = f"{column.owner}.{column.name}"
        target = model.related(column) if column.kind == "fk" else None
        if target is not None and column.name in model.fields:
            return (
                f'{shown} ({target.name}) has no field or lookup "{lookup}" in "{key}" '
                f"(fields: {_list(target.fields)}; lookups: {_list(lookups)})"
                f"{_close(lookup, [*target.fields, *lookups])}"
            )
        scalar = _scalar(model, column)  # a foreign key's key name shows the key's type
        typ = format_type_bare(scalar[1] if scalar is not None else column.type, api.options)
        if lookup == "exact":
            return f'"{key}" is not a lookup: write "{key[: -len("__exact")]}" for equality'
        return (
            f'{shown} ({typ}) has no lookup "{lookup}" in "{key}" '
            f"(lookups: {_list(lookups)}){_close(lookup, lookups)}"
        )
    return _expected(api, model, column, lookup)


def resolve_value(api: CheckerPluginInterface, model: ModelInfo, key: str) -> Type | str:
    """The type ``update(key=...)`` takes: the field's own (a key too, for a foreign key)."""
    column = model.columns.get(key) if key in model.fields else None
    if column is None or column.kind == "reverse":
        stored = [name for name in model.fields if model.columns[name].kind != "reverse"]
        return (
            f'{model.name} has no stored field "{key}" to set (fields: {_list(stored)})'
            f"{_close(key, stored)}"
        )
    return _expected(api, model, column, "")


Resolver = Callable[[CheckerPluginInterface, ModelInfo, str], "Type | str"]


def keyword_types(
    api: CheckerPluginInterface, model: ModelInfo, keys: list[str], resolver: Resolver
) -> list[tuple[Type, str | None]]:
    """Per keyword: its value type (Any when unknown) and the message when it is not valid."""
    result: list[tuple[Type, str | None]] = []
    for key in keys:
        found = resolver(api, model, key)
        if isinstance(found, str):
            result.append((AnyType(TypeOfAny.from_error), found))
        else:
            result.append((found, None))
    return result


def check_in_values(ctx: MethodContext, describe: Callable[[], ModelInfo | None]) -> None:
    """A str is a ``Sequence[str]``, but ``name__in="abc"`` is a mistake: report it."""
    str_type = ctx.api.named_generic_type("builtins.str", [])
    for names, types, args in zip(ctx.arg_names, ctx.arg_types, ctx.args, strict=True):
        for name, actual, arg in zip(names, types, args, strict=True):
            if name is None or not name.endswith(("__in", "__not_in")):
                continue
            proper = get_proper_type(actual)
            if isinstance(proper, AnyType) or not is_subtype(proper, str_type):
                continue
            model = describe()  # only now: this runs after every checked lookup call
            expected = resolve(ctx.api, model, name) if model is not None else None
            if isinstance(expected, Type) and is_subtype(proper, expected):
                ctx.api.fail(
                    f'Argument "{name}" takes a list, tuple or set of values, not a str',
                    arg,
                    code=ARG_TYPE,
                )
