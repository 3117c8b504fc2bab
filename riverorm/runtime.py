"""What generated modules build on: the containers they fill and the value converters they name.

Generated code decides *which* converter each column needs on each dialect; the converters live here
so that the generated files stay short and every conversion is written (and tested) once.
"""

from __future__ import annotations

import enum
import math
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from riverorm.errors import FieldNotLoaded, InvalidValue

if TYPE_CHECKING:
    from riverorm.model import Model

M = TypeVar("M", bound="Model")
T = TypeVar("T")
Dialect = Literal["postgres", "mysql", "sqlite"]
ParamStyle = Literal["numeric", "format", "qmark"]
LookupKind = Literal["value", "in", "not_in", "isnull", "range"]


class Row(Protocol):
    """A driver row: asyncpg's Record, or the tuple aiomysql and aiosqlite return."""

    def __getitem__(self, index: int, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


@dataclass(frozen=True, slots=True)
class Lookup:
    """One ``field__lookup`` keyword: its WHERE fragment and the converter of its value.

    ``sql`` holds ``{t}`` where the table (or its alias) goes and ``{}`` where each placeholder
    goes (for ``in`` on MySQL/SQLite: the placeholder list; ``range`` has two). ``null_sql`` is used
    instead when the value is None (``x=None`` means ``IS NULL``); for ``isnull`` it is the
    fragment for ``isnull=False``.
    """

    sql: str
    kind: LookupKind = "value"
    convert: Callable[[Any], Any] | None = None
    null_sql: str | None = None


@dataclass(frozen=True, slots=True)
class Column:
    """A stored field: its quoted name, how it reads in expressions, and its converters.

    ``expr`` holds ``{t}`` for the table (or alias) and is what ORDER BY and comparisons use.
    ``read`` turns a non-None driver value into the Python value; ``param`` the other way.
    """

    name: str
    expr: str
    read: Callable[[Any], Any] | None = None
    param: Callable[[Any], Any] | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A foreign key field. ``join`` holds ``{a}`` (the joined alias) and ``{t}`` (the parent)."""

    target: type[Model]
    join: str
    column: str  # the field's key column, as in ``columns``
    same_database: bool


@dataclass(frozen=True, slots=True)
class Reverse:
    """The reverse side of a foreign key: ``target.field`` points back at this model."""

    target: type[Model]
    field: str


@dataclass(frozen=True, slots=True)
class DialectQueries(Generic[M]):
    """Every statement and row mapper of one model on one dialect, as generated."""

    dialect: Dialect
    param_style: ParamStyle
    model_name: str
    table: str  # quoted
    select: str
    select_columns: str  # the select list with {t} for the table or alias, for joined queries
    get_by_pk: str
    insert: str
    insert_auto: str | None
    bulk_insert: str
    bulk_insert_auto: str | None
    bulk_row: str  # one row of placeholders for a multi-row VALUES (empty on PostgreSQL)
    bulk_row_auto: str | None
    update: str
    delete: str
    delete_where: str
    create_table: tuple[str, ...]
    drop_table: str
    sync_keys: str | None  # moves a key sequence past explicitly inserted keys (PostgreSQL)
    columns: Mapping[str, Column]
    relations: Mapping[str, Relation]
    lookups: Mapping[str, Lookup]
    hydrate: Callable[[Row], M]
    hydrate_all: Callable[[Sequence[Row]], list[M]]
    insert_params: Callable[[M], tuple[Any, ...]]
    insert_auto_params: Callable[[M], tuple[Any, ...]] | None
    update_params: Callable[[M], tuple[Any, ...]]
    pk_param: Callable[[Any], Any]
    pk_from_db: Callable[[Any], Any]
    shapes: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class CompiledModel(Generic[M]):
    """A model's generated module, as handed to :func:`riverorm.binding.bind`."""

    model: type[M]
    source: str  # "module:QualName"
    fingerprint: str
    pk: str
    fields: frozenset[str]
    reverse: Mapping[str, Reverse]
    dialects: Mapping[Dialect, DialectQueries[M]]


# -- building instances -------------------------------------------------------------------------
# Rows read back were validated on their way in, so instances are built the way pydantic's
# model_construct builds them, minus its per-call bookkeeping: a generated hydrator sets __dict__
# and nothing else. The other slots (fields set, extra, private, riverorm's flags) are filled on
# first read by Model.__getattr__ through :func:`complete`: most loaded rows are only read, and
# the four slot writes cost as much as the rest of building the instance. Fields with no column
# (reverse relations) are left out of __dict__, so reading one raises FieldNotLoaded instead of
# showing an invented empty list.

new_object = object.__new__
set_attr = object.__setattr__

# The slots a hydrated instance leaves unset until they are first read.
LAZY_SLOTS = frozenset(
    {"__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__", "_rv_persisted"}
)


def complete(obj: Any) -> None:
    """Fill the slots a hydrator left unset, as model_construct would have set them: every field
    held (those loaded, and relations prefetched before this first read) counts as set."""
    set_attr(obj, "__pydantic_fields_set__", set(obj.__dict__))
    set_attr(obj, "__pydantic_extra__", None)
    set_attr(obj, "__pydantic_private__", None)
    set_attr(obj, "_rv_persisted", True)


def complete_now(obj: Any) -> None:
    """For models whose ``model_post_init`` must run (private attributes, user hooks)."""
    complete(obj)
    obj.model_post_init(None)


def related_stub(model: type[M], pk: str, value: Any) -> M | None:
    """An instance of ``model`` holding only its primary key (a foreign key that was not joined)."""
    if value is None:
        return None
    obj = new_object(model)
    set_attr(obj, "__dict__", {pk: value})
    set_attr(obj, "_rv_partial", True)  # the other slots are filled on first read (complete)
    return obj


def key_of(value: Any, pk: str, model_name: str, field_name: str) -> Any:
    """The primary key stored for a related object (or the key itself, as given)."""
    from riverorm.model import Model

    if isinstance(value, Model):
        try:
            key = value.__dict__[pk]
        except KeyError:
            raise FieldNotLoaded(
                f"{model_name}.{field_name}: the related object has no {pk}."
            ) from None
        if key is None:
            raise InvalidValue(
                f"{model_name}.{field_name} refers to a {type(value).__name__} that has no "
                f"primary key yet: save() it first."
            )
        return key
    return value


# -- converters: Python value -> driver parameter ----------------------------------------------


def same(value: T) -> T:
    """The identity: for keys that need no conversion."""
    return value


def enum_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def naive_datetime(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        raise InvalidValue(
            f"{value!r} is timezone-aware but the column stores naive datetimes; pass a naive "
            "datetime, or annotate the field as pydantic's AwareDatetime."
        )
    return value


def aware_datetime(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        raise InvalidValue(
            f"{value!r} is naive but the column stores timezone-aware datetimes; attach a "
            "tzinfo (for example datetime.now(UTC))."
        )
    return value


def aware_datetime_utc_naive(value: Any) -> Any:
    """MySQL DATETIME has no zone: aware values are stored as UTC."""
    value = aware_datetime(value)
    return value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) else value


def naive_datetime_text(value: Any) -> Any:
    value = naive_datetime(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value


def aware_datetime_text(value: Any) -> Any:
    value = aware_datetime(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(sep=" ", timespec="microseconds")
    return value


def date_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def time_text(value: Any) -> Any:
    return value.isoformat(timespec="microseconds") if isinstance(value, time) else value


def to_str(value: Any) -> Any:
    return str(value) if isinstance(value, (Decimal, uuid.UUID)) else value


_LIKE_ESCAPE = str.maketrans({"!": "!!", "%": "!%", "_": "!_"})
_GLOB_ESCAPE = str.maketrans({"[": "[[]", "*": "[*]", "?": "[?]"})


def _text(value: Any, lookup: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"__{lookup} takes a str, not {type(value).__name__}: {value!r}.")
    return value


def like_contains(value: Any) -> str:
    """A LIKE pattern (``ESCAPE '!'``) matching ``value`` literally anywhere."""
    return "%" + _text(value, "contains").translate(_LIKE_ESCAPE) + "%"


def like_startswith(value: Any) -> str:
    return _text(value, "startswith").translate(_LIKE_ESCAPE) + "%"


def like_endswith(value: Any) -> str:
    return "%" + _text(value, "endswith").translate(_LIKE_ESCAPE)


def no_nul(value: T) -> T:
    """SQLite's text functions (LIKE, GLOB, length) stop at NUL: such text is refused there."""
    if isinstance(value, str) and "\x00" in value:
        raise InvalidValue(
            f"{value!r} holds a NUL character, which SQLite's text matching stops at, so riverorm "
            "refuses it on SQLite; strip it, or store the value in a bytes field."
        )
    return value


def glob_contains(value: Any) -> str:
    """A GLOB pattern: SQLite's case-sensitive match (its LIKE ignores ASCII case)."""
    return "*" + no_nul(_text(value, "contains")).translate(_GLOB_ESCAPE) + "*"


def glob_startswith(value: Any) -> str:
    return no_nul(_text(value, "startswith")).translate(_GLOB_ESCAPE) + "*"


def glob_endswith(value: Any) -> str:
    return "*" + no_nul(_text(value, "endswith")).translate(_GLOB_ESCAPE)


def sqlite_like_contains(value: Any) -> str:
    return like_contains(no_nul(value))


def sqlite_like_startswith(value: Any) -> str:
    return like_startswith(no_nul(value))


def sqlite_like_endswith(value: Any) -> str:
    return like_endswith(no_nul(value))


def finite_float(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidValue(
            f"{value!r} cannot be stored on this backend (it has no NaN or infinity for "
            "floating-point columns); store None or a finite number."
        )
    return value


# -- converters: driver value -> Python value (None is handled by the generated code) -----------


def datetime_from_text(value: str) -> datetime:
    return datetime.fromisoformat(value)


def date_from_text(value: str) -> date:
    return date.fromisoformat(value)


def time_from_text(value: str) -> time:
    return time.fromisoformat(value)


def plain_uuid(value: uuid.UUID) -> uuid.UUID:
    """asyncpg returns its own subclass of UUID; instances hold the standard class."""
    return value if type(value) is uuid.UUID else uuid.UUID(int=value.int)


def time_from_timedelta(value: timedelta | time) -> time:
    """aiomysql hands TIME columns back as timedelta."""
    if isinstance(value, time):
        return value
    return (datetime.min + value).time()


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)
