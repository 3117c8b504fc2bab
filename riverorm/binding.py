"""Binding models to their generated modules, and checking once that they still match."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from riverorm.errors import GeneratedCodeMissing, GeneratedCodeStale
from riverorm.runtime import CompiledModel
from riverorm.schema import describe, qualified_name

if TYPE_CHECKING:
    from riverorm.model import Model

# The class attribute holding a model's compiled module. Before its first use it holds a
# _Pending wrapper; the first query checks the fingerprint and stores the CompiledModel itself.
ATTRIBUTE = "__riverorm_compiled__"

_REGENERATE = "run `riverorm generate` (see [tool.riverorm] in pyproject.toml) and import the "
_REGENERATE += "generated package at start-up"


class _Pending:
    __slots__ = ("compiled",)

    def __init__(self, compiled: CompiledModel[Any]) -> None:
        self.compiled = compiled


def bind(*modules: CompiledModel[Any]) -> None:
    """Attach each compiled module to its model. Called by the generated package's __init__."""
    for compiled in modules:
        setattr(compiled.model, ATTRIBUTE, _Pending(compiled))


def unbind(model: type[Model]) -> None:
    """Forget a model's generated module (used by tests and by re-generation in one process)."""
    if ATTRIBUTE in model.__dict__:
        delattr(model, ATTRIBUTE)


def compiled_for(model: type[Model]) -> CompiledModel[Any]:
    """The model's compiled module, verified against the live class on first use."""
    bound = model.__dict__.get(ATTRIBUTE)
    if type(bound) is CompiledModel:
        return bound
    if bound is None:
        raise GeneratedCodeMissing(
            f"{qualified_name(model)} has no generated code bound: {_REGENERATE}"
            f"(e.g. `import generated_models`). riverorm never builds SQL at run time."
        )
    assert isinstance(bound, _Pending)
    compiled = bound.compiled
    live = describe(model).fingerprint()
    if live != compiled.fingerprint:
        raise GeneratedCodeStale(
            f"The generated code for {qualified_name(model)} is stale: it was made from a "
            f"different table description (generated {compiled.fingerprint}, live {live}). "
            f"{_REGENERATE[0].upper()}{_REGENERATE[1:]}."
        )
    setattr(model, ATTRIBUTE, compiled)
    return compiled
