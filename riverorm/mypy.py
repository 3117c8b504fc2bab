"""mypy plugin: checks the keywords of riverorm's query methods and of model constructors.

Enable it with one line of mypy configuration (``plugins = ["riverorm.mypy"]`` under
``[tool.mypy]``, or ``plugins = riverorm.mypy`` in ``mypy.ini``). It works alongside
``pydantic.mypy``, in either order.

* ``Product.filter(price__gte=500)``; ``get``, ``get_or_none``, ``exclude``; the same methods of
  ``Query``. Each keyword is resolved against the model's fields: ``field``, ``field__lookup``,
  ``fk_id`` and ``fk__field__lookup`` across foreign keys. An unknown one is reported where it is
  written (code ``call-arg``). The call is then checked against a signature holding exactly the
  keywords written, each typed for its lookup, so mypy itself reports a wrong value (``arg-type``)
  with the usual type context. ``Q(...)`` does not know its model and is not checked.
* ``query.update(price=10)``: each keyword must be a stored field, with a value of its type.
* ``Product(...)`` and ``Product.create(...)``: a field declared ``Field(pk=True)`` (or ``Field()``
  without a default) is required, a field with a positional default (``Field(True)``) is not.
  pydantic's ``dataclass_transform`` types the values; it cannot tell what riverorm's ``Field``
  defaults.

What mypy no longer has after analysing a class (which field is ``pk=True``, which has a default,
a foreign key's ``column=``) is read from the class body first and stored in the class's plugin
metadata, so it survives mypy's incremental cache (see :mod:`riverorm._mypy.metadata`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Final, Literal

from mypy.errorcodes import CALL_ARG, MISC
from mypy.nodes import ARG_NAMED, ARG_NAMED_OPT, ARG_STAR2, CallExpr, TypeInfo
from mypy.plugin import (
    ClassDefContext,
    FunctionSigContext,
    MethodContext,
    MethodSigContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import CallableType, FunctionLike, Type

from riverorm._mypy.lookups import (
    Resolver,
    check_in_values,
    keyword_types,
    resolve,
    resolve_value,
)
from riverorm._mypy.metadata import collect
from riverorm._mypy.models import MODEL, QUERY, ModelInfo, describe, fix_required, model_of

__all__ = ["RiverORMPlugin", "plugin"]

Role = Literal["lookups", "create", "update"]

# What the ``**kwargs`` of each method are, by the class that defines it. A method that the
# application overrides keeps its own signature; one not defined (yet) is never looked up.
_METHODS: Final[dict[tuple[str, str], Role]] = {
    (MODEL, "get"): "lookups",
    (MODEL, "get_or_none"): "lookups",
    (MODEL, "filter"): "lookups",
    (MODEL, "exclude"): "lookups",
    (MODEL, "create"): "create",
    (QUERY, "get"): "lookups",
    (QUERY, "get_or_none"): "lookups",
    (QUERY, "filter"): "lookups",
    (QUERY, "exclude"): "lookups",
    (QUERY, "update"): "update",
}
_NAMES: Final = frozenset(method for _, method in _METHODS)
_SOURCE_DIGEST: Final = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted((Path(__file__).parent / "_mypy").glob("*.py")))
).hexdigest()[:16]


class RiverORMPlugin(Plugin):
    """mypy calls the ``get_*_hook`` methods with the full name of every class and callee."""

    def report_config_data(self, ctx: ReportConfigContext) -> str:
        """mypy re-checks a module when this changes. It records a hash of this file only, so
        the plugin's other modules are hashed here."""
        return _SOURCE_DIGEST

    def _role(self, fullname: str) -> Role | None:
        """What the keywords of the method ``fullname`` (``app.Product.filter``) are, if ours."""
        owner, _, method = fullname.rpartition(".")
        if method not in _NAMES:
            return None
        sym = self.lookup_fully_qualified(owner)
        info = sym.node if sym is not None else None
        defined_in = info.get_containing_type_info(method) if isinstance(info, TypeInfo) else None
        return _METHODS.get((defined_in.fullname, method)) if defined_in is not None else None

    def get_customize_class_mro_hook(
        self, fullname: str
    ) -> Callable[[ClassDefContext], None] | None:
        return collect  # for every class; it records only subclasses of Model

    def get_function_signature_hook(
        self, fullname: str
    ) -> Callable[[FunctionSigContext], FunctionLike] | None:
        sym = self.lookup_fully_qualified(fullname)
        info = sym.node if sym is not None else None
        if isinstance(info, TypeInfo) and info.fullname != MODEL and info.has_base(MODEL):
            return _constructor_signature
        return None

    def get_method_signature_hook(
        self, fullname: str
    ) -> Callable[[MethodSigContext], FunctionLike] | None:
        role = self._role(fullname)
        if role == "lookups":
            return _lookup_signature
        if role == "update":
            return _update_signature
        if role == "create":
            return _create_signature
        return None

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return _check_lookup_values if self._role(fullname) == "lookups" else None


def plugin(version: str) -> type[Plugin]:
    """Called by mypy with its version; the plugin uses only long-stable plugin APIs."""
    return RiverORMPlugin


# -- hooks -----------------------------------------------------------------------------------------


def _star2(sig: CallableType) -> int | None:
    return next((i for i, kind in enumerate(sig.arg_kinds) if kind == ARG_STAR2), None)


def _receiver(ctx: MethodSigContext | MethodContext) -> ModelInfo | None:
    info = model_of(ctx.type)
    return describe(info) if info is not None else None


def _keywords_signature(ctx: MethodSigContext, resolver: Resolver) -> CallableType:
    """The signature with ``**kwargs`` replaced by the keywords of this call, each typed."""
    sig = ctx.default_signature
    call = ctx.context
    star = _star2(sig)
    model = _receiver(ctx)
    if star is None or model is None or not isinstance(call, CallExpr):
        return sig
    taken = {name for name in sig.arg_names if name is not None}
    written = [
        (name, arg)
        for name, kind, arg in zip(call.arg_names, call.arg_kinds, call.args, strict=True)
        if kind == ARG_NAMED and name is not None and name not in taken
    ]
    if model.abstract:
        ctx.api.fail(
            f"{model.name} is abstract (Meta.abstract = True) and has no table; "
            "query a concrete subclass",
            call,
            code=MISC,
        )
    found = keyword_types(ctx.api, model, [name for name, _ in written], resolver)
    for (_, arg), (_, problem) in zip(written, found, strict=True):
        if problem is not None:
            ctx.api.fail(problem, arg, code=CALL_ARG)
    names: list[str | None] = [name for name, _ in written]
    types = [typ for typ, _ in found]
    kinds = [ARG_NAMED_OPT] * len(written)
    if ARG_STAR2 in call.arg_kinds:  # ``filter(**conditions)``: nothing to check statically
        names.append(sig.arg_names[star])
        types.append(sig.arg_types[star])
        kinds.append(ARG_STAR2)
    method = sig.name.split(" of ", 1)[0] if sig.name else "method"
    return sig.copy_modified(
        arg_types=[*sig.arg_types[:star], *types, *sig.arg_types[star + 1 :]],
        arg_kinds=[*sig.arg_kinds[:star], *kinds, *sig.arg_kinds[star + 1 :]],
        arg_names=[*sig.arg_names[:star], *names, *sig.arg_names[star + 1 :]],
        name=f"{method} of {model.name}",
    )


def _lookup_signature(ctx: MethodSigContext) -> CallableType:
    return _keywords_signature(ctx, resolve)


def _update_signature(ctx: MethodSigContext) -> CallableType:
    return _keywords_signature(ctx, resolve_value)


def _check_lookup_values(ctx: MethodContext) -> Type:
    """``name__in="abc"`` type-checks as a ``Sequence[str]``; report it as the mistake it is."""
    check_in_values(ctx, lambda: _receiver(ctx))
    return ctx.default_return_type


def _create_signature(ctx: MethodSigContext) -> CallableType:
    """``Model.create(**values)`` takes what the constructor takes."""
    sig = ctx.default_signature
    star = _star2(sig)
    model = _receiver(ctx)
    init = model.info.get_method("__init__") if model is not None else None
    if star is None or model is None or init is None or not isinstance(init.type, CallableType):
        return sig
    fields = fix_required(init.type, model)
    if ARG_STAR2 in fields.arg_kinds:  # no field signature was synthesised for this class
        return sig
    return sig.copy_modified(
        arg_types=[*sig.arg_types[:star], *fields.arg_types[1:], *sig.arg_types[star + 1 :]],
        arg_kinds=[*sig.arg_kinds[:star], *fields.arg_kinds[1:], *sig.arg_kinds[star + 1 :]],
        arg_names=[*sig.arg_names[:star], *fields.arg_names[1:], *sig.arg_names[star + 1 :]],
        name=f"create of {model.name}",
    )


def _constructor_signature(ctx: FunctionSigContext) -> CallableType:
    """``Product(...)``: required exactly the fields without a default."""
    sig = ctx.default_signature
    info = sig.type_object() if sig.is_type_obj() else None
    model = describe(info) if info is not None else None
    return fix_required(sig, model) if model is not None else sig
