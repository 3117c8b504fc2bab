"""Validating one field's value outside a model instance (``update(**values)``, ``create``)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import TypeAdapter, ValidationError

from riverorm.errors import InvalidValue
from riverorm.schema import strip_optional

if TYPE_CHECKING:
    from riverorm.model import Model


@cache
def _adapter(model: type[Model], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


def validate_field(model: type[Model], name: str, value: Any) -> Any:
    """``value`` as pydantic validates it for ``model.name``; a related object passes as is."""
    from riverorm.model import Model

    if isinstance(value, Model):
        return value
    target, _ = strip_optional(model.model_fields[name].annotation)
    if isinstance(target, type) and issubclass(target, Model):
        return value  # a key of the related model; the database checks it
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError as exc:
        detail = exc.errors()[0]["msg"] if exc.errors() else str(exc)
        raise InvalidValue(
            f"{model.__name__}.{name} cannot be {value!r}: {detail}. Nothing was sent."
        ) from exc
