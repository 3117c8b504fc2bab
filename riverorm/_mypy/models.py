"""A model class as the plugin sees it: its fields, their kinds, its primary key.

Field names, defaults, ``pk=True`` and ``column=`` come from the metadata read from the class
body (:mod:`riverorm._mypy.metadata`); the types, and which names are fields, from mypy's own
view of the class.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import ARG_NAMED, ARG_NAMED_OPT, TypeInfo, Var
from mypy.types import (
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    ProperType,
    Type,
    TypeType,
    TypeVarType,
    UnionType,
    get_proper_type,
)

from riverorm._mypy.metadata import METADATA_KEY, FieldFacts

__all__ = [
    "MODEL",
    "QUERY",
    "Column",
    "Kind",
    "ModelInfo",
    "describe",
    "fix_required",
    "model_of",
]

MODEL: Final = "riverorm.model.Model"
QUERY: Final = "riverorm.query.Query"

Kind = Literal["ordered", "text", "plain", "fk", "reverse"]

_ORDERED_TYPES: Final = frozenset(
    {
        "builtins.int",
        "builtins.float",
        "decimal.Decimal",
        "datetime.datetime",
        "datetime.date",
        "datetime.time",
    }
)


@dataclass(frozen=True)
class Column:
    """A field (or the ``<fk>_id`` key of a foreign key) that lookups can name."""

    owner: str  # class name, for messages
    name: str
    type: ProperType  # the value type, None removed
    nullable: bool
    kind: Kind
    target: TypeInfo | None = None  # the related model of "fk" and "reverse"


@dataclass
class ModelInfo:
    info: TypeInfo
    name: str
    columns: dict[str, Column]  # fields in declaration order, then the foreign-key key names
    fields: list[str]
    pk: str | None
    defaults: dict[str, bool] | None  # per field: may the constructor omit it (None: not known)
    abstract: bool
    _related: dict[str, ModelInfo | None] = field(default_factory=dict)

    def related(self, column: Column) -> ModelInfo | None:
        if column.target is None:
            return None
        if column.name not in self._related:
            self._related[column.name] = describe(column.target)
        return self._related[column.name]


def _strip_none(typ: Type) -> tuple[ProperType, bool]:
    proper = get_proper_type(typ)
    if not isinstance(proper, UnionType):
        return proper, False
    items = [t for t in proper.items if not isinstance(get_proper_type(t), NoneType)]
    if len(items) == len(proper.items):
        return proper, False
    return get_proper_type(UnionType.make_union(items)), True


def _is_model(info: TypeInfo) -> bool:
    return info.fullname != MODEL and info.has_base(MODEL)


def _kind(typ: ProperType) -> tuple[Kind, TypeInfo | None]:
    if isinstance(typ, LiteralType):
        typ = typ.fallback
    if not isinstance(typ, Instance):
        return "plain", None
    name = typ.type.fullname
    if name == "builtins.str":
        return "text", None
    if name in _ORDERED_TYPES:
        return "ordered", None
    if _is_model(typ.type):
        return "fk", typ.type
    if name == "builtins.list" and typ.args:
        item = get_proper_type(typ.args[0])
        if isinstance(item, Instance) and _is_model(item.type):
            return "reverse", item.type
    return "plain", None


def _facts(info: TypeInfo) -> tuple[dict[str, FieldFacts], str | None, bool]:
    """Fields merged along the MRO, the declared pk, and whether every class was recorded."""
    facts: dict[str, FieldFacts] = {}
    pk: str | None = None
    complete = True
    for base in reversed(info.mro):
        if not _is_model(base):
            continue
        meta = base.metadata.get(METADATA_KEY)
        if meta is None:  # not analysed with the plugin: its fields are not known
            complete = False
            continue
        facts.update(meta["fields"])
        pk = meta["pk"] or pk
    return facts, pk, complete


def describe(info: TypeInfo) -> ModelInfo | None:
    """The model ``info`` as lookups see it; None for ``Model`` itself and non-models."""
    if not _is_model(info):
        return None
    facts, pk, complete = _facts(info)
    columns: dict[str, Column] = {}
    keys: dict[str, Column] = {}
    for name, fact in facts.items():
        sym = info.get(name)
        node = sym.node if sym is not None else None
        if not isinstance(node, Var) or node.is_classvar or node.type is None:
            continue
        typ, nullable = _strip_none(node.type)
        kind, target = _kind(typ)
        columns[name] = Column(info.name, name, typ, nullable, kind, target)
        if kind == "fk":
            key = fact["column"] or f"{name}_id"
            keys[key] = Column(info.name, key, typ, nullable, "fk", target)
    fields = list(columns)
    for key, column in keys.items():
        columns.setdefault(key, column)
    if pk is None and "id" in fields:
        pk = "id"
    defaults = {name: fact["default"] for name, fact in facts.items()} if complete else None
    abstract = bool(info.metadata.get(METADATA_KEY, {}).get("abstract", False))
    return ModelInfo(info, info.name, columns, fields, pk, defaults, abstract)


def model_of(typ: Type) -> TypeInfo | None:
    """The model a receiver stands for: ``Product``, ``type[Product]`` or ``Query[Product]``."""
    t = get_proper_type(typ)
    if isinstance(t, CallableType) and t.is_type_obj():
        t = get_proper_type(t.ret_type)
    elif isinstance(t, TypeType):
        t = get_proper_type(t.item)
    if isinstance(t, TypeVarType):
        t = get_proper_type(t.upper_bound)
    if isinstance(t, Instance) and t.type.has_base(QUERY):
        base = next(b for b in t.type.mro if b.fullname == QUERY)
        query = map_instance_to_supertype(t, base)
        t = get_proper_type(query.args[0]) if query.args else t
        if isinstance(t, TypeVarType):
            t = get_proper_type(t.upper_bound)
    if isinstance(t, Instance) and _is_model(t.type):
        return t.type
    return None


def fix_required(sig: CallableType, model: ModelInfo) -> CallableType:
    """Mark the constructor's keywords required exactly when the field has no default."""
    if model.defaults is None:
        return sig
    kinds = list(sig.arg_kinds)
    for i, (name, kind) in enumerate(zip(sig.arg_names, sig.arg_kinds, strict=True)):
        if name in model.defaults and kind in (ARG_NAMED, ARG_NAMED_OPT):
            kinds[i] = ARG_NAMED_OPT if model.defaults[name] else ARG_NAMED
    return sig if kinds == sig.arg_kinds else sig.copy_modified(arg_kinds=kinds)
