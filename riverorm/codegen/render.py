"""Lay plans out as Python source with the jinja2 templates in ``templates/``.

Every decision (names, expressions, SQL) is made here or in :mod:`riverorm.codegen.plan`; the
templates only place the results. ``StrictUndefined`` turns a missing name into an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from riverorm.codegen import pysource
from riverorm.codegen.plan import (
    ColumnEntry,
    DialectPlan,
    RelationEntry,
    apply,
    dialect_plan,
)
from riverorm.codegen.sqlgen import DIALECTS
from riverorm.schema import TableSpec

_TITLES = {"postgres": "PostgreSQL (asyncpg)", "mysql": "MySQL / MariaDB (aiomysql)"}
_TITLES["sqlite"] = "SQLite (aiosqlite)"
_SQL_NAMES = (
    ("table", "TABLE"),
    ("select", "SELECT"),
    ("select_columns", "SELECT_COLUMNS"),
    ("get", "GET"),
    ("insert", "INSERT"),
    ("insert_auto", "INSERT_AUTO"),
    ("update", "UPDATE"),
    ("delete", "DELETE"),
    ("delete_where", "DELETE_WHERE"),
    ("bulk_insert", "BULK_INSERT"),
    ("bulk_insert_auto", "BULK_INSERT_AUTO"),
    ("bulk_row", "BULK_ROW"),
    ("bulk_row_auto", "BULK_ROW_AUTO"),
    ("drop_table", "DROP_TABLE"),
    ("sync_keys", "SYNC_KEYS"),
)


@dataclass(frozen=True, slots=True)
class ModelSource:
    """A model to generate: its table description and the module name of its output."""

    spec: TableSpec
    module_name: str


def _template_dir() -> Path:
    """The templates: shipped inside the wheel, or at the top of a source checkout."""
    packaged = Path(str(resources.files("riverorm"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_template_dir()),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _split(dotted: str) -> tuple[str, str]:
    module, _, name = dotted.rpartition(".")
    return module, name


def _imports(spec: TableSpec, plans: Sequence[DialectPlan]) -> list[list[str]]:
    stdlib = {"from collections.abc import Sequence", "from typing import Any, Final"}
    used = {step for p in plans for c in p.columns for step in c.hydrate}
    if "uuid.UUID" in used:
        stdlib.add("import uuid")
    if "decimal.Decimal" in used:
        stdlib.add("import decimal")
    riverorm = [
        "from riverorm import runtime as _rt",
        "from riverorm.runtime import (",
        *(
            f"    {name},"
            for name in ("Column", "CompiledModel", "DialectQueries", "Lookup", "Relation")
        ),
        *(["    Reverse,"] if spec.reverse else []),
        "    Row,",
        ")",
    ]
    names: dict[str, set[str]] = {}
    model_module, model_name = spec.model.split(":")
    names.setdefault(model_module, set()).add(model_name)
    for rel in spec.relations:
        module, name = rel.target.split(":")
        names.setdefault(module, set()).add(name)
    for rev in spec.reverse:
        module, name = rev.target.split(":")
        names.setdefault(module, set()).add(name)
    for c in spec.columns:
        if c.kind == "enum" and c.relation is None:
            module, name = _split(c.python_type)
            names.setdefault(module, set()).add(name)
    models = [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(names.items())]
    return [sorted(stdlib, key=lambda line: (line.startswith("from"), line)), riverorm, models]


def _hydrate_entry(p: DialectPlan, index: int) -> str:
    c = p.columns[index]
    raw = f"row[{c.index}]"
    if c.relation is not None:
        key = apply(c.hydrate, "v" if c.hydrate and c.nullable else raw)
        stub = f'_rt.related_stub({c.relation}, "{c.target_pk}", {key})'
        if c.hydrate and c.nullable:
            return f'"{c.field}": None if (v := {raw}) is None else {stub}'
        return f'"{c.field}": {stub}'
    if not c.hydrate:
        return f'"{c.field}": {raw}'
    if c.nullable:
        return f'"{c.field}": None if (v := {raw}) is None else {apply(c.hydrate, "v")}'
    return f'"{c.field}": {apply(c.hydrate, raw)}'


def _dict_lines(entries: Sequence[str], indent: int) -> list[str]:
    """``key: value,`` lines of a dict display; a conditional too long for one line is split
    before ``if`` and ``else``, as ruff format splits it."""
    pad = pysource.INDENT * indent
    lines = []
    for entry in entries:
        line = f"{pad}{entry},"
        if len(line) > pysource.LINE_LENGTH and " if (v := " in entry:
            head, _, rest = entry.partition(" if ")
            condition, _, value = rest.partition(" else ")
            lines.extend([f"{pad}{head}", f"{pad}if {condition}", f"{pad}else {value},"])
        else:
            lines.append(line)
    return lines


def _param_expr(p: DialectPlan, field: str, converters: dict[str, str]) -> str:
    c = next(col for col in p.columns if col.field == field)
    value = f'd["{field}"]'
    name = f"_{p.prefix.lower()}_{field}_param"
    if name in converters:
        return f"{name}({value})"
    return apply(c.param, value)


def _converter_body(p: DialectPlan, spec: TableSpec, name: str, steps: tuple[str, ...]) -> str:
    c = next(col for col in p.columns if name == f"_{p.prefix.lower()}_{col.field}_param")
    if c.relation is None:
        return apply(steps, "value")
    key = f'_rt.key_of(value, "{c.target_pk}", "{spec.class_name}", "{c.field}")'
    return apply(steps, key)


def _lookup_args(kind: str, sql: str, null_sql: str | None, convert: str | None) -> list[str]:
    args = [pysource.literal(sql)]
    if kind != "value":
        args.append(f'kind="{kind}"')
    if convert is not None:
        args.append(f"convert={convert}")
    if null_sql is not None:
        args.append(f"null_sql={pysource.literal(null_sql)}")
    return args


def _constant(name: str, text: str) -> tuple[str, str]:
    """``(name, value)`` for ``name: Final = value``, wrapped the way ruff format wraps it."""
    if "\n" in text:
        return name, pysource.block_string(text)
    value = pysource.literal(text)
    if len(f"{name}: Final = {value}") > pysource.LINE_LENGTH:
        value = f"(\n{pysource.INDENT}{value}\n)"
    return name, value


def _column_args(c: ColumnEntry) -> str:
    args = [pysource.literal(c.name), pysource.literal(c.expr)]
    if c.read is not None:
        args.append(f"read={c.read}")
    if c.param is not None:
        args.append(f"param={c.param}")
    return f"Column({', '.join(args)})"


def _relation_args(r: RelationEntry) -> str:
    args = [r.target, pysource.literal(r.join), pysource.literal(r.column)]
    args.append(f"same_database={r.same_database}")
    return f"Relation({', '.join(args)})"


def _entries(pairs: Sequence[tuple[str, str]]) -> list[str]:
    return [line for key, value in pairs for line in pysource.entry(f'"{key}"', value, indent=1)]


def _dialect_context(spec: TableSpec, p: DialectPlan) -> dict[str, Any]:
    prefix, lower = p.prefix, p.prefix.lower()
    converters = {name: _converter_body(p, spec, name, steps) for name, steps in p.converters}
    constants = [
        _constant(f"{prefix}_{suffix}", p.sql[key]) for key, suffix in _SQL_NAMES if key in p.sql
    ]
    params = [
        {"name": f"{lower}_insert_params", "exprs": p.insert_fields},
        {"name": f"{lower}_update_params", "exprs": p.update_fields},
    ]
    if p.insert_auto_fields is not None:
        params.append({"name": f"{lower}_insert_auto_params", "exprs": p.insert_auto_fields})
    for fn in params:
        fn["exprs"] = [_param_expr(p, f, converters) for f in fn["exprs"]]
    pk = next(c for c in p.columns if c.field == spec.pk.field)
    pk_param = pk.param[0] if len(pk.param) == 1 else "_rt.same"
    pk_from_db = pk.hydrate[0] if len(pk.hydrate) == 1 else "_rt.same"
    auto = p.insert_auto_fields is not None
    queries = [
        f'dialect="{p.info.name}"',
        f'param_style="{p.info.param_style}"',
        f'model_name="{spec.class_name}"',
        f"table={prefix}_TABLE",
        f"select={prefix}_SELECT",
        f"select_columns={prefix}_SELECT_COLUMNS",
        f"get_by_pk={prefix}_GET",
        f"insert={prefix}_INSERT",
        f"insert_auto={prefix}_INSERT_AUTO" if auto else "insert_auto=None",
        f"bulk_insert={prefix}_BULK_INSERT",
        f"bulk_insert_auto={prefix}_BULK_INSERT_AUTO" if auto else "bulk_insert_auto=None",
        f"bulk_row={prefix}_BULK_ROW",
        f"bulk_row_auto={prefix}_BULK_ROW_AUTO" if auto else "bulk_row_auto=None",
        f"update={prefix}_UPDATE",
        f"delete={prefix}_DELETE",
        f"delete_where={prefix}_DELETE_WHERE",
        f"create_table={prefix}_CREATE_TABLE",
        f"drop_table={prefix}_DROP_TABLE",
        f"sync_keys={prefix}_SYNC_KEYS" if "sync_keys" in p.sql else "sync_keys=None",
        f"columns={prefix}_COLUMNS",
        f"relations={prefix}_RELATIONS",
        f"lookups={prefix}_LOOKUPS",
        f"hydrate={lower}_hydrate",
        f"hydrate_all={lower}_hydrate_all",
        f"insert_params={lower}_insert_params",
        f"insert_auto_params={lower}_insert_auto_params" if auto else "insert_auto_params=None",
        f"update_params={lower}_update_params",
        f"pk_param={pk_param}",
        f"pk_from_db={pk_from_db}",
    ]
    hydrate = [_hydrate_entry(p, i) for i in range(len(p.columns))]
    return {
        "name": p.info.name,
        "title": _TITLES[p.info.name],
        "prefix": prefix,
        "lower": lower,
        "constants": constants,
        "converters": sorted(converters.items()),
        "hydrate": _dict_lines(hydrate, 3),
        "hydrate_all": _dict_lines(hydrate, 4),
        "param_functions": params,
        "create_table": [pysource.block_string(s) for s in p.create_table],
        "columns": _entries([(c.field, _column_args(c)) for c in p.column_entries]),
        "relations": _entries([(r.field, _relation_args(r)) for r in p.relations]),
        "lookups": _entries(
            [
                (
                    lk.key,
                    f"Lookup({', '.join(_lookup_args(lk.kind, lk.sql, lk.null_sql, lk.convert))})",
                )
                for lk in p.lookups
            ]
        ),
        "queries": queries,
    }


def render_model(env: jinja2.Environment, spec: TableSpec, command: str) -> str:
    plans = [dialect_plan(d, spec) for d in DIALECTS]
    context = {
        "source": spec.model,
        "fingerprint": spec.fingerprint(),
        "class_name": spec.class_name,
        "table": spec.table,
        "pk": spec.pk.field,
        "fields": [c.field for c in spec.columns],
        "imports": _imports(spec, plans),
        "reverse": [
            (r.field, f'Reverse({r.target.rsplit(":", 1)[-1]}, "{r.back_field}")')
            for r in spec.reverse
        ],
        "dialects": [_dialect_context(spec, p) for p in plans],
    }
    return env.get_template("model.py.jinja").render(m=context, command=command)


def render_package(models: Sequence[ModelSource], command: str) -> dict[str, str]:
    """Every file of the output package, by file name."""
    env = environment()
    files = {f"{m.module_name}.py": render_model(env, m.spec, command) for m in models}
    ordered = sorted(models, key=lambda m: m.module_name)
    files["__init__.py"] = env.get_template("package_init.py.jinja").render(
        command=command,
        count=len(models),
        models=[(m.spec.model, m.module_name) for m in ordered],
        modules=[m.module_name for m in ordered],
    )
    return files


__all__ = ["ModelSource", "render_model", "render_package"]
