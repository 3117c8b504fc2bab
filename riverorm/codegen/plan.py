"""Type decisions for generated code: which converter each column needs on each dialect.

Pure functions from a :class:`~riverorm.schema.TableSpec` to plain data the templates lay out. A
converter is the name of a function in :mod:`riverorm.runtime` (``_rt.x``) or of a class the
generated module imports (an Enum). ``()`` means the driver already speaks the Python type.

Policy, stated once (and repeated in every generated module's hydrator): rows read back were
validated on their way in, so hydrators never re-validate; they only convert the columns whose
driver type differs from the field's Python type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from riverorm.codegen import sqlgen
from riverorm.codegen.sqlgen import DialectInfo
from riverorm.schema import ColumnSpec, Kind, TableSpec

Steps = tuple[str, ...]

# Python value -> driver parameter. Checks that guard values the column cannot hold come first.
_PARAM: dict[str, dict[Kind, Steps]] = {
    "postgres": {
        "enum": ("_rt.enum_value",),
        "datetime": ("_rt.naive_datetime",),
        "datetime_tz": ("_rt.aware_datetime",),
    },
    "mysql": {
        "enum": ("_rt.enum_value",),
        "float": ("_rt.finite_float",),
        "datetime": ("_rt.naive_datetime",),
        "datetime_tz": ("_rt.aware_datetime_utc_naive",),
        "uuid": ("_rt.to_str",),
    },
    "sqlite": {
        "str": ("_rt.no_nul",),
        "enum": ("_rt.enum_value",),
        "float": ("_rt.finite_float",),
        "decimal": ("_rt.to_str",),
        "datetime": ("_rt.naive_datetime_text",),
        "datetime_tz": ("_rt.aware_datetime_text",),
        "date": ("_rt.date_text",),
        "time": ("_rt.time_text",),
        "uuid": ("_rt.to_str",),
    },
}

# Driver value -> Python value (None never reaches these: the hydrator tests for it first).
_HYDRATE: dict[str, dict[Kind, Steps]] = {
    "postgres": {"uuid": ("_rt.plain_uuid",)},  # asyncpg's own UUID subclass -> uuid.UUID
    "mysql": {
        "bool": ("bool",),
        "datetime_tz": ("_rt.utc",),
        "time": ("_rt.time_from_timedelta",),
        "uuid": ("uuid.UUID",),
    },
    "sqlite": {
        "bool": ("bool",),
        "decimal": ("decimal.Decimal",),
        "datetime": ("_rt.datetime_from_text",),
        "datetime_tz": ("_rt.datetime_from_text",),
        "date": ("_rt.date_from_text",),
        "time": ("_rt.time_from_text",),
        "uuid": ("uuid.UUID",),
    },
}


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """One column on one dialect: how it is read from a row and how it is bound."""

    field: str
    index: int  # position in the select list
    nullable: bool
    hydrate: Steps  # driver value -> Python value (for a relation: -> key of the target)
    param: Steps  # Python value -> driver parameter (for a relation: after taking the key)
    relation: str | None  # the target class name when this column stores a foreign key
    target_pk: str | None


@dataclass(frozen=True, slots=True)
class LookupPlan:
    key: str  # the keyword: "price__gte"
    kind: str
    sql: str
    null_sql: str | None
    convert: str | None  # a callable's name, or None when values pass unchanged


@dataclass(frozen=True, slots=True)
class ColumnEntry:
    """A field's entry in the generated ``COLUMNS`` map (``runtime.Column``)."""

    field: str
    name: str
    expr: str
    read: str | None
    param: str | None


@dataclass(frozen=True, slots=True)
class RelationEntry:
    field: str
    target: str
    join: str
    column: str
    same_database: bool


@dataclass(frozen=True, slots=True)
class DialectPlan:
    info: DialectInfo
    columns: tuple[ColumnPlan, ...]
    column_entries: tuple[ColumnEntry, ...]
    relations: tuple[RelationEntry, ...]
    insert_fields: tuple[str, ...]
    insert_auto_fields: tuple[str, ...] | None
    update_fields: tuple[str, ...]  # the SET columns, then the key
    lookups: tuple[LookupPlan, ...]
    converters: tuple[tuple[str, Steps], ...]  # named multi-step converters to define
    sql: dict[str, str]
    create_table: tuple[str, ...]

    @property
    def prefix(self) -> str:
        return self.info.prefix


def enum_class(c: ColumnSpec) -> str:
    """The Enum class name as the generated module imports it."""
    return c.python_type.rsplit(".", 1)[-1]


def _type_steps(d: DialectInfo, c: ColumnSpec) -> tuple[Steps, Steps]:
    param = _PARAM[d.name].get(c.kind, ())
    hydrate = _HYDRATE[d.name].get(c.kind, ())
    if c.kind == "enum" and c.relation is None:
        hydrate = (enum_class(c),)
    return param, hydrate


def column_plan(d: DialectInfo, spec: TableSpec, c: ColumnSpec, index: int) -> ColumnPlan:
    param, hydrate = _type_steps(d, c)
    target = None
    target_pk = None
    if c.relation is not None:
        rel = next(r for r in spec.relations if r.field == c.relation)
        target = rel.target.rsplit(":", 1)[-1].rsplit(".", 1)[-1]
        target_pk = rel.target_pk_field
        if c.kind == "enum":  # a key that is an enum: bind its value, keep the raw key on read
            hydrate = ()
    return ColumnPlan(c.field, index, c.nullable, hydrate, param, target, target_pk)


def _converter_name(d: DialectInfo, plan: ColumnPlan) -> str:
    return f"_{d.prefix.lower()}_{plan.field}_param"


def param_converter(d: DialectInfo, plan: ColumnPlan) -> str | None:
    """The callable a value of this column goes through on its way to the driver, or None."""
    if plan.relation is not None:
        return _converter_name(d, plan)
    if not plan.param:
        return None
    if len(plan.param) == 1:
        return plan.param[0]
    return _converter_name(d, plan)


def _lookups(d: DialectInfo, spec: TableSpec, plans: Sequence[ColumnPlan]) -> list[LookupPlan]:
    result: list[LookupPlan] = []
    for c, plan in zip(spec.columns, plans, strict=True):
        # SQLite compares its exact-text decimals as numbers: bind lookup values as floats.
        numeric_decimal = d.name == "sqlite" and c.kind == "decimal"
        convert = "float" if numeric_decimal else param_converter(d, plan)
        names = [c.field] if c.relation is None else [c.field, c.column]
        for fragment in sqlgen.fragments(d, c):
            value_convert = fragment.convert or (None if fragment.kind == "isnull" else convert)
            for name in names:
                key = f"{name}__{fragment.suffix}" if fragment.suffix else name
                result.append(
                    LookupPlan(key, fragment.kind, fragment.sql, fragment.null_sql, value_convert)
                )
    return sorted(result, key=lambda lk: lk.key)


def _read_converter(d: DialectInfo, plan: ColumnPlan) -> str | None:
    if len(plan.hydrate) > 1:
        raise AssertionError(f"{plan.field}: one read step at most, got {plan.hydrate}")
    return plan.hydrate[0] if plan.hydrate else None


def _column_entries(
    d: DialectInfo, spec: TableSpec, plans: Sequence[ColumnPlan]
) -> tuple[ColumnEntry, ...]:
    return tuple(
        ColumnEntry(
            c.field,
            d.quote(c.column),
            sqlgen.expression(d, c),
            _read_converter(d, plan),
            param_converter(d, plan),
        )
        for c, plan in zip(spec.columns, plans, strict=True)
    )


def _relations(
    d: DialectInfo, spec: TableSpec, plans: Sequence[ColumnPlan]
) -> tuple[RelationEntry, ...]:
    return tuple(
        RelationEntry(
            rel.field,
            next(p.relation for p in plans if p.field == rel.field) or "",
            sqlgen.join(d, spec, rel.field),
            d.quote(rel.column),
            rel.same_database,
        )
        for rel in spec.relations
    )


def dialect_plan(d: DialectInfo, spec: TableSpec) -> DialectPlan:
    plans = tuple(column_plan(d, spec, c, i) for i, c in enumerate(spec.columns))
    converters = tuple(
        (_converter_name(d, p), p.param)
        for p in plans
        if p.relation is not None or len(p.param) > 1
    )
    auto = spec.pk.auto
    sql = {
        "table": d.quote(spec.table),
        "select_columns": sqlgen.select_columns(d, spec),
        "bulk_insert": sqlgen.bulk_insert(d, spec, auto=False),
        "bulk_row": sqlgen.bulk_row(d, spec, auto=False),
        "select": sqlgen.select(d, spec),
        "get": sqlgen.get_by_pk(d, spec),
        "insert": sqlgen.insert(d, spec, auto=False),
        "update": sqlgen.update(d, spec),
        "delete": sqlgen.delete(d, spec),
        "delete_where": sqlgen.delete_where(d, spec),
        "drop_table": sqlgen.drop_table(d, spec),
    }
    sync = sqlgen.sync_keys(d, spec)
    if sync is not None:
        sql["sync_keys"] = sync
    if auto:
        sql["insert_auto"] = sqlgen.insert(d, spec, auto=True)
        sql["bulk_insert_auto"] = sqlgen.bulk_insert(d, spec, auto=True)
        sql["bulk_row_auto"] = sqlgen.bulk_row(d, spec, auto=True)
    return DialectPlan(
        info=d,
        columns=plans,
        column_entries=_column_entries(d, spec, plans),
        relations=_relations(d, spec, plans),
        insert_fields=tuple(c.field for c in sqlgen.insert_columns(spec, auto=False)),
        insert_auto_fields=(
            tuple(c.field for c in sqlgen.insert_columns(spec, auto=True)) if auto else None
        ),
        update_fields=(*(c.field for c in sqlgen.update_columns(spec)), spec.pk.field),
        lookups=tuple(_lookups(d, spec, plans)),
        converters=converters,
        sql=sql,
        create_table=sqlgen.create_table(d, spec),
    )


def apply(steps: Steps, expression: str) -> str:
    """``b(a(expression))`` for steps ``(a, b)``."""
    for step in steps:
        expression = f"{step}({expression})"
    return expression
