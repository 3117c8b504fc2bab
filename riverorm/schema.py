"""The plain description of a model's table, built from pydantic's resolved ``model_fields``.

The generator turns a :class:`TableSpec` into SQL; the runtime recomputes it once per model to check
that the generated module was made from the class that is running (:func:`fingerprint`). Nothing
here imports a driver or a build-time tool.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import types
import typing
import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pydantic import AwareDatetime, NaiveDatetime
from pydantic.fields import FieldInfo

from riverorm.errors import ModelDefinitionError
from riverorm.fields import column_options

if TYPE_CHECKING:
    from riverorm.model import Model

Kind = Literal[
    "int",
    "float",
    "bool",
    "str",
    "decimal",
    "datetime",
    "datetime_tz",
    "date",
    "time",
    "uuid",
    "bytes",
    "enum",
]

_SAFE_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_SCALARS: tuple[tuple[object, Kind], ...] = (
    (bool, "bool"),
    (int, "int"),
    (float, "float"),
    (str, "str"),
    (Decimal, "decimal"),
    (AwareDatetime, "datetime_tz"),
    (NaiveDatetime, "datetime"),
    (datetime, "datetime"),
    (date, "date"),
    (time, "time"),
    (uuid.UUID, "uuid"),
    (bytes, "bytes"),
)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One stored column. ``field`` is the attribute name, ``column`` the SQL name."""

    field: str
    column: str
    kind: Kind
    nullable: bool
    python_type: str  # importable dotted name of the value type, e.g. "decimal.Decimal"
    pk: bool = False
    auto: bool = False  # the database generates the value when it is left None
    unique: bool = False
    index: bool = False
    max_length: int | None = None
    max_digits: int | None = None
    decimal_places: int | None = None
    enum_values: tuple[str | int, ...] = ()
    relation: str | None = None  # name of the relation field this column stores the key of


@dataclass(frozen=True, slots=True)
class RelationSpec:
    """A foreign key: ``field`` holds a ``target`` instance whose key is stored in ``column``."""

    field: str
    target: str  # "module:QualName"
    target_table: str
    target_column: str
    target_pk_field: str
    column: str
    nullable: bool
    same_database: bool  # False: no FOREIGN KEY constraint is emitted


@dataclass(frozen=True, slots=True)
class ReverseSpec:
    """The other side of a foreign key (``orders: list[Order]``); it has no column.

    ``back_field`` is the foreign key field of ``target`` that points at this model.
    """

    field: str
    target: str
    back_field: str


@dataclass(frozen=True, slots=True)
class TableSpec:
    model: str  # "module:QualName"
    class_name: str
    table: str
    columns: tuple[ColumnSpec, ...]
    relations: tuple[RelationSpec, ...]
    reverse: tuple[ReverseSpec, ...]

    @property
    def pk(self) -> ColumnSpec:
        return next(c for c in self.columns if c.pk)

    def column_for(self, field: str) -> ColumnSpec:
        return next(c for c in self.columns if c.field == field)

    def fingerprint(self) -> str:
        return fingerprint(self)


def qualified_name(obj: type) -> str:
    return f"{obj.__module__}:{obj.__qualname__}"


def snake_case(name: str) -> str:
    """``OrderItem`` -> ``order_item``, ``HTTPRequest`` -> ``http_request``."""
    step = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", step).lower()


def fingerprint(spec: TableSpec) -> str:
    """A short digest of the table description (never of source text or tool version)."""
    canonical = json.dumps(asdict(spec), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def check_identifier(name: str, what: str, model: str) -> str:
    if not _SAFE_IDENTIFIER.match(name):
        raise ModelDefinitionError(
            f"{model}: {what} {name!r} is not a safe SQL identifier. Use letters, digits and "
            "underscores, starting with a letter or underscore, at most 63 characters "
            "(rename it, or set Field(column=...) / Meta.table)."
        )
    return name


def meta_value(model: type[Model], name: str, default: Any = None) -> Any:
    meta = model.__dict__.get("Meta")
    return getattr(meta, name, default) if meta is not None else default


def table_name(model: type[Model]) -> str:
    name = meta_value(model, "table") or snake_case(model.__name__)
    return check_identifier(str(name), "table name", qualified_name(model))


def pk_field(model: type[Model]) -> str:
    """The primary key field: the one declared ``pk=True``, else the field named ``id``."""
    declared = [n for n, f in model.model_fields.items() if column_options(f).pk]
    if len(declared) > 1:
        raise ModelDefinitionError(
            f"{qualified_name(model)} declares several primary keys ({', '.join(declared)}); "
            "composite keys are not supported: keep pk=True on one field."
        )
    if declared:
        return declared[0]
    if "id" in model.model_fields:
        return "id"
    raise ModelDefinitionError(
        f"{qualified_name(model)} has no primary key: add a field `id: int`, or mark one field "
        "with Field(pk=True). For a key the database generates: "
        "`id: int | None = Field(None, pk=True)`."
    )


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) != len(typing.get_args(annotation))
        if len(args) == 1:
            return args[0], nullable
        return annotation, nullable
    return annotation, False


def _is_model(tp: Any) -> bool:
    from riverorm.model import Model

    return isinstance(tp, type) and issubclass(tp, Model) and tp is not Model


def _scalar_kind(tp: Any) -> Kind | None:
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "enum"
    for candidate, kind in _SCALARS:
        if tp is candidate:
            return kind
    return None


def _metadata(info: FieldInfo, attr: str) -> Any:
    for item in info.metadata:
        value = getattr(item, attr, None)
        if value is not None:
            return value
    return None


def _enum_values(tp: type[enum.Enum], model: str, field: str) -> tuple[str | int, ...]:
    values = tuple(member.value for member in tp)
    if all(isinstance(v, str) for v in values) or all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    ):
        return values
    raise ModelDefinitionError(
        f"{model}.{field}: enum {tp.__qualname__} must have all-str or all-int values to be stored."
    )


def _type_name(tp: type) -> str:
    return tp.__name__ if tp.__module__ == "builtins" else f"{tp.__module__}.{tp.__qualname__}"


def _scalar_column(
    name: str, info: FieldInfo, tp: Any, nullable: bool, is_pk: bool, model: str
) -> ColumnSpec:
    kind = _scalar_kind(tp)
    if kind is None:
        raise ModelDefinitionError(
            f"{model}.{name}: type {tp!r} cannot be stored. Supported: int, float, bool, str, "
            "Decimal, datetime, AwareDatetime, date, time, UUID, bytes, Enum, a Model (foreign "
            "key), list[Model] (reverse side) and Optional of each."
        )
    options = column_options(info)
    column = check_identifier(options.column or name, "column name", model)
    if kind == "datetime_tz" or (kind == "datetime" and tp is NaiveDatetime):
        py_type = "datetime.datetime"
    else:
        py_type = _type_name(tp)
    auto = is_pk and kind == "int" and nullable
    if nullable and is_pk and not auto:
        raise ModelDefinitionError(
            f"{model}.{name}: only an int primary key may be None (generated by the database)."
        )
    return ColumnSpec(
        field=name,
        column=column,
        kind=kind,
        nullable=nullable and not is_pk,
        python_type=py_type,
        pk=is_pk,
        auto=auto,
        unique=options.unique and not is_pk,
        index=options.index and not is_pk,
        max_length=_metadata(info, "max_length") if kind == "str" else None,
        max_digits=_metadata(info, "max_digits") if kind == "decimal" else None,
        decimal_places=_metadata(info, "decimal_places") if kind == "decimal" else None,
        enum_values=_enum_values(tp, model, name) if kind == "enum" else (),
    )


def describe(model: type[Model]) -> TableSpec:
    """Describe ``model``'s table. Forward references must be resolvable by now."""
    name = qualified_name(model)
    if not model.__pydantic_complete__ and not model.model_rebuild(raise_errors=False):
        raise ModelDefinitionError(
            f"{name} refers to a class that is not defined yet; define or import every related "
            "model in the same module before generating or querying."
        )
    pk_name = pk_field(model)
    own_alias = meta_value(model, "db_alias")
    columns: list[ColumnSpec] = []
    relations: list[RelationSpec] = []
    reverse: list[ReverseSpec] = []
    for field_name, info in model.model_fields.items():
        check_identifier(field_name, "field name", name)
        tp, nullable = strip_optional(info.annotation)
        if typing.get_origin(tp) is list and _is_model(typing.get_args(tp)[0]):
            target_model = typing.get_args(tp)[0]
            back = _back_field(model, target_model, field_name)
            reverse.append(ReverseSpec(field_name, qualified_name(target_model), back))
            continue
        if _is_model(tp):
            target: type[Model] = tp
            target_pk = describe_pk(target)
            column = check_identifier(
                column_options(info).column or f"{field_name}_id", "column name", name
            )
            columns.append(
                ColumnSpec(
                    field=field_name,
                    column=column,
                    kind=target_pk.kind,
                    nullable=nullable,
                    python_type=_type_name(target),
                    unique=column_options(info).unique,
                    index=True,
                    max_length=target_pk.max_length,
                    enum_values=target_pk.enum_values,
                    relation=field_name,
                )
            )
            relations.append(
                RelationSpec(
                    field=field_name,
                    target=qualified_name(target),
                    target_table=table_name(target),
                    target_column=target_pk.column,
                    target_pk_field=target_pk.field,
                    column=column,
                    nullable=nullable,
                    same_database=meta_value(target, "db_alias") == own_alias,
                )
            )
            continue
        columns.append(_scalar_column(field_name, info, tp, nullable, field_name == pk_name, name))
    return TableSpec(
        model=name,
        class_name=model.__name__,
        table=table_name(model),
        columns=tuple(columns),
        relations=tuple(relations),
        reverse=tuple(reverse),
    )


def _back_field(model: type[Model], target: type[Model], field_name: str) -> str:
    """The one foreign key field of ``target`` that points at ``model``."""
    if not target.__pydantic_complete__:
        target.model_rebuild(raise_errors=False)
    candidates = [
        name
        for name, info in target.model_fields.items()
        if strip_optional(info.annotation)[0] is model
    ]
    if len(candidates) != 1:
        found = ", ".join(candidates) or "none"
        raise ModelDefinitionError(
            f"{qualified_name(model)}.{field_name}: list[{target.__name__}] needs exactly one "
            f"field of {target.__name__} annotated as {model.__name__} to point back (found: "
            f"{found}). Add one, or remove the list field."
        )
    return candidates[0]


def describe_pk(model: type[Model]) -> ColumnSpec:
    """The primary-key column of ``model``, without describing its relations."""
    pk_name = pk_field(model)
    info = model.model_fields[pk_name]
    tp, nullable = strip_optional(info.annotation)
    return _scalar_column(pk_name, info, tp, nullable, True, qualified_name(model))
