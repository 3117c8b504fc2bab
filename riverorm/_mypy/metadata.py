"""What the plugin records about a model class from its source, before mypy analyses the body.

After analysis mypy keeps the fields' types but not their right-hand sides, and a class loaded from
mypy's cache has no body at all. So the facts read from ``x: T = Field(...)`` are stored in the
class's plugin metadata (serialised with the class): per field, whether it has a default and its
``column=``; the field declared ``pk=True``; and ``class Meta: abstract = True``. Only the class's
own fields are stored; the checker merges them along the MRO and keeps only real fields.

The facts are recorded from mypy's MRO hook, the one class hook ``pydantic.mypy`` does not claim
(mypy runs only the first plugin that answers), so the two plugins work in either order. It runs
before names are resolved, so ``Field`` is recognised by name: any callable called ``Field``
(riverorm's or pydantic's), with ``pk=`` read only as riverorm defines it.
"""

from __future__ import annotations

from typing import Final, TypedDict

from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    AssignmentStmt,
    CallExpr,
    ClassDef,
    EllipsisExpr,
    Expression,
    MemberExpr,
    NameExpr,
    StrExpr,
    TempNode,
)
from mypy.plugin import ClassDefContext

__all__ = ["METADATA_KEY", "FieldFacts", "ModelFacts", "collect"]

METADATA_KEY: Final = "riverorm"
_MODEL: Final = "riverorm.model.Model"


class FieldFacts(TypedDict):
    default: bool  # the constructor may omit it
    column: str | None  # Field(column="..."): for a foreign key, the name of its key lookup


class ModelFacts(TypedDict):
    fields: dict[str, FieldFacts]
    pk: str | None
    abstract: bool  # its own ``class Meta: abstract = True`` (not inherited, as at run time)


def _keyword(call: CallExpr, name: str) -> Expression | None:
    for arg_name, kind, arg in zip(call.arg_names, call.arg_kinds, call.args, strict=True):
        if kind == ARG_NAMED and arg_name == name:
            return arg
    return None


def _is_true(expr: Expression | None) -> bool:
    return isinstance(expr, NameExpr) and expr.name == "True"


def _is_field_call(expr: Expression) -> bool:
    if not isinstance(expr, CallExpr):
        return False
    callee = expr.callee
    return isinstance(callee, (NameExpr, MemberExpr)) and callee.name == "Field"


def _field_facts(rvalue: Expression) -> tuple[FieldFacts, bool]:
    """The facts of one declaration and whether it is the primary key."""
    if isinstance(rvalue, TempNode):  # `x: int`, no value
        return {"default": False, "column": None}, False
    if not isinstance(rvalue, CallExpr) or not _is_field_call(rvalue):
        return {"default": True, "column": None}, False  # `x: int = 3`
    positional = [a for a, k in zip(rvalue.args, rvalue.arg_kinds, strict=True) if k == ARG_POS]
    default = positional[0] if positional else _keyword(rvalue, "default")
    has_default = (default is not None and not isinstance(default, EllipsisExpr)) or (
        _keyword(rvalue, "default_factory") is not None
    )
    column = _keyword(rvalue, "column")
    return (
        {"default": has_default, "column": column.value if isinstance(column, StrExpr) else None},
        _is_true(_keyword(rvalue, "pk")),
    )


def _is_abstract(meta: ClassDef) -> bool:
    return any(
        isinstance(stmt, AssignmentStmt)
        and any(isinstance(t, NameExpr) and t.name == "abstract" for t in stmt.lvalues)
        and _is_true(stmt.rvalue)
        for stmt in meta.defs.body
    )


def collect(ctx: ClassDefContext) -> None:
    """MRO hook, called for every class: record the facts of a ``Model`` subclass."""
    info = ctx.cls.info
    if info.fullname == _MODEL or not info.has_base(_MODEL):
        return
    facts: ModelFacts = {"fields": {}, "pk": None, "abstract": False}
    for stmt in ctx.cls.defs.body:
        if isinstance(stmt, ClassDef) and stmt.name == "Meta":
            facts["abstract"] = _is_abstract(stmt)
        if (
            not isinstance(stmt, AssignmentStmt)
            or stmt.unanalyzed_type is None  # not annotated: no field
            or len(stmt.lvalues) != 1
        ):
            continue
        target = stmt.lvalues[0]
        if not isinstance(target, NameExpr) or target.name.startswith("_"):
            continue
        field, is_pk = _field_facts(stmt.rvalue)
        facts["fields"][target.name] = field
        if is_pk:
            facts["pk"] = target.name
    info.metadata[METADATA_KEY] = dict(facts)
