"""SQL for a table description on one dialect: pure functions, strings out.

Fragments for lookups keep ``{}`` where the runtime puts the placeholder(s); every other statement
is complete, with its placeholders numbered (``$1``), positional (``%s``) or ``?``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from riverorm.runtime import Dialect, LookupKind, ParamStyle
from riverorm.schema import ColumnSpec, Kind, TableSpec

ORDERED_KINDS: frozenset[Kind] = frozenset(
    {"int", "float", "str", "decimal", "datetime", "datetime_tz", "date", "time"}
)
COMPARISONS = (("gt", ">"), ("gte", ">="), ("lt", "<"), ("lte", "<="))


@dataclass(frozen=True)
class DialectInfo:
    name: Dialect
    prefix: str  # for generated constant names: PG_GET, MYSQL_GET, SQLITE_GET
    param_style: ParamStyle
    quote_char: str

    def quote(self, identifier: str) -> str:
        return f"{self.quote_char}{identifier}{self.quote_char}"

    def placeholder(self, position: int) -> str:
        if self.param_style == "numeric":
            return f"${position}"
        return "%s" if self.param_style == "format" else "?"


POSTGRES = DialectInfo("postgres", "PG", "numeric", '"')
MYSQL = DialectInfo("mysql", "MYSQL", "format", "`")
SQLITE = DialectInfo("sqlite", "SQLITE", "qmark", '"')
DIALECTS: tuple[DialectInfo, ...] = (POSTGRES, MYSQL, SQLITE)


def _comment(spec: TableSpec, operation: str) -> str:
    return f"-- riverorm: {spec.class_name}.{operation}\n"


# Binary (case- and accent-sensitive) and NO PAD: "a" and "a " are different values, as on the
# other backends. MariaDB's name; MySQLDatabase swaps in MySQL 8's equivalent when it talks to one.
MYSQL_COLLATION = "utf8mb4_nopad_bin"
MYSQL8_COLLATION = "utf8mb4_0900_bin"

_WIDTH = 88  # SQL lines stay readable, and within the generated module's line length


def _listing(items: list[str], lead: int) -> str:
    """``items`` joined by commas, wrapped onto indented lines (``lead``: first line's prefix)."""
    lines: list[str] = []
    current = ""
    width = _WIDTH - lead
    for item in items:
        candidate = f"{current}, {item}" if current else item
        if current and len(candidate) + 1 > width:
            lines.append(current + ",")
            current = item
            width = _WIDTH - 4
        else:
            current = candidate
    lines.append(current)
    return "\n    ".join(lines)


def _column_list(
    d: DialectInfo, columns: tuple[ColumnSpec, ...] | list[ColumnSpec], lead: int = 7
) -> str:
    return _listing([d.quote(c.column) for c in columns], lead)


def _placeholders(d: DialectInfo, count: int, start: int = 1) -> str:
    return _listing([d.placeholder(i) for i in range(start, start + count)], 8)


def select(d: DialectInfo, spec: TableSpec) -> str:
    return (
        f"{_comment(spec, 'select')}SELECT {_column_list(d, spec.columns)}\n"
        f"FROM {d.quote(spec.table)}"
    )


def get_by_pk(d: DialectInfo, spec: TableSpec) -> str:
    return (
        f"{_comment(spec, 'get')}SELECT {_column_list(d, spec.columns)}\n"
        f"FROM {d.quote(spec.table)}\nWHERE {d.quote(spec.pk.column)} = {d.placeholder(1)}"
    )


def insert_columns(spec: TableSpec, *, auto: bool) -> list[ColumnSpec]:
    return [c for c in spec.columns if not (auto and c.pk)]


def insert(d: DialectInfo, spec: TableSpec, *, auto: bool) -> str:
    columns = insert_columns(spec, auto=auto)
    name = "insert_auto" if auto else "insert"
    if columns:
        listing = _column_list(d, columns, len(spec.table) + 15)
        body = (
            f"INSERT INTO {d.quote(spec.table)} ({listing})\n"
            f"VALUES ({_placeholders(d, len(columns))})"
        )
    elif d.name == "mysql":
        body = f"INSERT INTO {d.quote(spec.table)} () VALUES ()"
    else:
        body = f"INSERT INTO {d.quote(spec.table)} DEFAULT VALUES"
    if auto and d.name != "mysql":  # MySQL reports the key as the cursor's lastrowid
        body += f"\nRETURNING {d.quote(spec.pk.column)}"
    return _comment(spec, name) + body


def update_columns(spec: TableSpec) -> list[ColumnSpec]:
    return [c for c in spec.columns if not c.pk]


def update(d: DialectInfo, spec: TableSpec) -> str:
    columns = update_columns(spec) or [spec.pk]
    if update_columns(spec):
        sets = _listing(
            [f"{d.quote(c.column)} = {d.placeholder(i)}" for i, c in enumerate(columns, 1)], 4
        )
    else:  # a table with only its key: nothing to change, but the row must still be matched
        sets = f"{d.quote(spec.pk.column)} = {d.quote(spec.pk.column)}"
        columns = []
    where = f"{d.quote(spec.pk.column)} = {d.placeholder(len(columns) + 1)}"
    return f"{_comment(spec, 'update')}UPDATE {d.quote(spec.table)}\nSET {sets}\nWHERE {where}"


def delete(d: DialectInfo, spec: TableSpec) -> str:
    return (
        f"{_comment(spec, 'delete')}DELETE FROM {d.quote(spec.table)}\n"
        f"WHERE {d.quote(spec.pk.column)} = {d.placeholder(1)}"
    )


def sync_keys(d: DialectInfo, spec: TableSpec) -> str | None:
    """PostgreSQL only: after rows were inserted with explicit keys into a table whose key the
    database generates, move its sequence past them (MySQL and SQLite do this by themselves)."""
    if d.name != "postgres" or not spec.pk.auto:
        return None
    table, column = d.quote(spec.table), d.quote(spec.pk.column)
    return (
        f"{_comment(spec, 'sync_keys')}SELECT setval(s::regclass, GREATEST(\n"
        f"    COALESCE((SELECT MAX({column}) FROM {table}), 1),\n"
        f"    COALESCE(pg_sequence_last_value(s::regclass), 1)))\n"
        f"FROM pg_get_serial_sequence('{table}', '{spec.pk.column}') AS s"
    )


def delete_where(d: DialectInfo, spec: TableSpec) -> str:
    """The head of a bulk DELETE; the runtime appends ``WHERE`` and the filter's condition."""
    return f"{_comment(spec, 'delete_where')}DELETE FROM {d.quote(spec.table)}"


def drop_table(d: DialectInfo, spec: TableSpec) -> str:
    return f"{_comment(spec, 'drop_table')}DROP TABLE IF EXISTS {d.quote(spec.table)}"


# -- DDL ----------------------------------------------------------------------------------------


def _needs_key_length(c: ColumnSpec) -> bool:
    return c.pk or c.unique or c.index or c.relation is not None


def _enum_type(d: DialectInfo, c: ColumnSpec) -> str:
    if all(isinstance(v, int) for v in c.enum_values):
        return "INTEGER" if d.name == "sqlite" else "BIGINT"
    width = max((len(str(v)) for v in c.enum_values), default=1)
    return "TEXT" if d.name == "sqlite" else f"VARCHAR({width})"


def column_type(d: DialectInfo, c: ColumnSpec) -> str:
    if c.kind == "enum":
        return _enum_type(d, c)
    if c.kind == "str":
        if d.name == "sqlite":
            return "TEXT"
        if c.max_length is not None:
            return f"VARCHAR({c.max_length})"
        if d.name == "mysql":
            return "VARCHAR(255)" if _needs_key_length(c) else "LONGTEXT"
        return "TEXT"
    if c.kind == "decimal":
        if d.name == "sqlite":
            return "TEXT"  # exact storage; comparisons cast to REAL
        if c.max_digits is not None:
            return f"DECIMAL({c.max_digits}, {c.decimal_places or 0})"
        return "NUMERIC" if d.name == "postgres" else "DECIMAL(38, 10)"
    return _TYPES[d.name][c.kind]


_TYPES: dict[Dialect, dict[Kind, str]] = {
    "postgres": {
        "int": "BIGINT",
        "float": "DOUBLE PRECISION",
        "bool": "BOOLEAN",
        "datetime": "TIMESTAMP",
        "datetime_tz": "TIMESTAMPTZ",
        "date": "DATE",
        "time": "TIME",
        "uuid": "UUID",
        "bytes": "BYTEA",
    },
    "mysql": {
        "int": "BIGINT",
        "float": "DOUBLE",
        "bool": "BOOLEAN",
        "datetime": "DATETIME(6)",
        "datetime_tz": "DATETIME(6)",  # stored as UTC
        "date": "DATE",
        "time": "TIME(6)",
        "uuid": "CHAR(36)",
        "bytes": "LONGBLOB",
    },
    "sqlite": {
        "int": "INTEGER",
        "float": "REAL",
        "bool": "INTEGER",
        "datetime": "TEXT",
        "datetime_tz": "TEXT",
        "date": "TEXT",
        "time": "TEXT",
        "uuid": "TEXT",
        "bytes": "BLOB",
    },
}


def _column_definition(d: DialectInfo, c: ColumnSpec) -> str:
    parts = [d.quote(c.column)]
    if c.pk and c.auto:
        parts.append(
            {
                "postgres": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                "mysql": "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
                "sqlite": "INTEGER PRIMARY KEY",
            }[d.name]
        )
        return " ".join(parts)
    parts.append(column_type(d, c))
    if c.pk:
        parts.append("NOT NULL PRIMARY KEY")
    elif not c.nullable:
        parts.append("NOT NULL")
    if c.unique:
        parts.append("UNIQUE")
    if d.name == "sqlite":
        parts.extend(_sqlite_checks(d, c))
    return " ".join(parts)


def _sqlite_checks(d: DialectInfo, c: ColumnSpec) -> list[str]:
    """SQLite does not enforce lengths or booleans by type: say it with CHECKs."""
    column = d.quote(c.column)
    if c.kind == "str" and c.max_length is not None:
        return [f"CHECK (length({column}) <= {c.max_length})"]
    if c.kind == "bool":
        return [f"CHECK ({column} IN (0, 1))"]
    return []


def index_name(spec: TableSpec, c: ColumnSpec) -> str:
    name = f"ix_{spec.table}_{c.column}"
    if len(name) <= 60:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[:51]}_{digest}"


def _indexed(spec: TableSpec) -> list[ColumnSpec]:
    return [c for c in spec.columns if c.index and not c.unique and not c.pk]


def create_table(d: DialectInfo, spec: TableSpec) -> tuple[str, ...]:
    lines = [_column_definition(d, c) for c in spec.columns]
    for rel in spec.relations:
        if rel.same_database:
            lines.append(
                f"FOREIGN KEY ({d.quote(rel.column)}) REFERENCES "
                f"{d.quote(rel.target_table)} ({d.quote(rel.target_column)})"
            )
    if d.name == "mysql":
        lines.extend(
            f"INDEX {d.quote(index_name(spec, c))} ({d.quote(c.column)})" for c in _indexed(spec)
        )
    body = ",\n    ".join(lines)
    suffix = {
        "postgres": "",
        "mysql": f" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={MYSQL_COLLATION}",
        "sqlite": " STRICT",
    }[d.name]
    statements = [
        f"{_comment(spec, 'create_table')}CREATE TABLE IF NOT EXISTS {d.quote(spec.table)} (\n"
        f"    {body}\n){suffix}"
    ]
    if d.name != "mysql":
        statements.extend(
            f"CREATE INDEX IF NOT EXISTS {d.quote(index_name(spec, c))} "
            f"ON {d.quote(spec.table)} ({d.quote(c.column)})"
            for c in _indexed(spec)
        )
    return tuple(statements)


# -- lookup fragments ---------------------------------------------------------------------------
# Fragments hold {t} for the table or its alias and {} for each placeholder; the runtime fills both
# once per query shape.

STRING_LOOKUPS = ("contains", "startswith", "endswith")


@dataclass(frozen=True)
class Fragment:
    """A lookup's SQL: ``sql`` with ``{}`` for placeholders; ``null_sql`` as in runtime.Lookup.

    ``convert`` names a runtime function the value goes through instead of the column's own
    converter (the LIKE and GLOB pattern builders).
    """

    suffix: str  # "" for exact, else "gt", "in", ...
    kind: LookupKind
    sql: str
    null_sql: str | None = None
    convert: str | None = None


def qualified(d: DialectInfo, c: ColumnSpec) -> str:
    return "{t}." + d.quote(c.column)


def expression(d: DialectInfo, c: ColumnSpec) -> str:
    """How the column reads in comparisons and ORDER BY. SQLite keeps decimals as exact text;
    they compare as numbers (lookup values are bound as floats, see codegen.plan)."""
    if d.name == "sqlite" and c.kind == "decimal":
        return f"CAST({qualified(d, c)} AS REAL)"
    return qualified(d, c)


def _string_fragments(d: DialectInfo, col: str) -> list[Fragment]:
    result = [Fragment("iexact", "value", f"lower({col}) = lower({{}})")]
    for name in STRING_LOOKUPS:
        if d.name == "sqlite":  # LIKE ignores ASCII case in SQLite; GLOB does not
            sensitive = Fragment(name, "value", f"{col} GLOB {{}}", convert=f"_rt.glob_{name}")
            insensitive = f"{col} LIKE {{}} ESCAPE '!'"
        elif d.name == "postgres":
            sensitive = Fragment(
                name, "value", f"{col} LIKE {{}} ESCAPE '!'", convert=f"_rt.like_{name}"
            )
            insensitive = f"{col} ILIKE {{}} ESCAPE '!'"
        else:  # MySQL columns use a binary collation: LIKE is case-sensitive
            sensitive = Fragment(
                name, "value", f"{col} LIKE {{}} ESCAPE '!'", convert=f"_rt.like_{name}"
            )
            insensitive = f"LOWER({col}) LIKE LOWER({{}}) ESCAPE '!'"
        result.append(sensitive)
        like = f"_rt.sqlite_like_{name}" if d.name == "sqlite" else f"_rt.like_{name}"
        result.append(Fragment(f"i{name}", "value", insensitive, convert=like))
    return result


def fragments(d: DialectInfo, c: ColumnSpec) -> list[Fragment]:
    col = expression(d, c)
    value = "{}"
    is_null = f"{qualified(d, c)} IS NULL"
    not_null = f"{qualified(d, c)} IS NOT NULL"
    if not c.nullable:
        ne = f"{col} <> {value}"
    elif d.name == "postgres":
        ne = f"{col} IS DISTINCT FROM {value}"
    elif d.name == "mysql":
        ne = f"NOT ({col} <=> {value})"
    else:
        ne = f"{col} IS NOT {value}"
    result = [
        Fragment("", "value", f"{col} = {value}", is_null),
        Fragment("ne", "value", ne, not_null),
    ]
    if c.kind in ORDERED_KINDS:
        result.extend(Fragment(name, "value", f"{col} {op} {value}") for name, op in COMPARISONS)
        result.append(Fragment("range", "range", f"{col} BETWEEN {{}} AND {{}}"))
    if c.kind == "str" and c.relation is None:
        result.extend(_string_fragments(d, col))
    if d.name == "postgres":
        result.append(Fragment("in", "in", f"{col} = ANY({{}})"))
        result.append(Fragment("not_in", "not_in", f"NOT ({col} = ANY({{}}))"))
    else:
        result.append(Fragment("in", "in", f"{col} IN ({{}})"))
        result.append(Fragment("not_in", "not_in", f"{col} NOT IN ({{}})"))
    result.append(Fragment("isnull", "isnull", is_null, not_null))
    return result


# -- joins and bulk inserts ---------------------------------------------------------------------


def select_columns(d: DialectInfo, spec: TableSpec) -> str:
    """The select list qualified with ``{t}``, for queries that join other tables."""
    return _listing([qualified(d, c) for c in spec.columns], 8)


def join(d: DialectInfo, spec: TableSpec, field: str) -> str:
    """``LEFT JOIN`` of a foreign key's target; ``{a}`` is its alias, ``{t}`` the parent's."""
    rel = next(r for r in spec.relations if r.field == field)
    return (
        f"LEFT JOIN {d.quote(rel.target_table)} AS {{a}} "
        f"ON {{a}}.{d.quote(rel.target_column)} = {{t}}.{d.quote(rel.column)}"
    )


_PG_ARRAY_TYPES: dict[Kind, str] = {
    "int": "bigint[]",
    "float": "float8[]",
    "bool": "boolean[]",
    "str": "text[]",
    "decimal": "numeric[]",
    "datetime": "timestamp[]",
    "datetime_tz": "timestamptz[]",
    "date": "date[]",
    "time": "time[]",
    "uuid": "uuid[]",
    "bytes": "bytea[]",
}


def _pg_array_type(c: ColumnSpec) -> str:
    if c.kind == "enum":
        return "bigint[]" if all(isinstance(v, int) for v in c.enum_values) else "text[]"
    return _PG_ARRAY_TYPES[c.kind]


def bulk_insert(d: DialectInfo, spec: TableSpec, *, auto: bool) -> str:
    """Many rows in one statement. PostgreSQL: one array per column through ``unnest``;
    MySQL and SQLite: a multi-row ``VALUES`` whose rows (``bulk_row`` repeated) the runtime puts
    at ``{}``, once per batch size."""
    columns = insert_columns(spec, auto=auto)
    name = "bulk_insert_auto" if auto else "bulk_insert"
    head = f"INSERT INTO {d.quote(spec.table)} ({_column_list(d, columns, len(spec.table) + 15)})"
    if d.name != "postgres":  # {} is where the runtime puts the rows
        returning = f"\nRETURNING {d.quote(spec.pk.column)}" if auto and d.name == "sqlite" else ""
        return f"{_comment(spec, name)}{head}\nVALUES {{}}{returning}"
    arrays = _listing(
        [f"{d.placeholder(i)}::{_pg_array_type(c)}" for i, c in enumerate(columns, 1)], 21
    )
    body = f"{head}\nSELECT * FROM unnest({arrays})"
    if auto:
        body += f"\nRETURNING {d.quote(spec.pk.column)}"
    return _comment(spec, name) + body


def bulk_row(d: DialectInfo, spec: TableSpec, *, auto: bool) -> str:
    if d.name == "postgres":
        return ""
    return f"({_listing([d.placeholder(1) for _ in insert_columns(spec, auto=auto)], 8)})"
