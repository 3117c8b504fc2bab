"""``Field(...)``: pydantic's Field plus the column options riverorm reads at generation time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import Field as _PydanticField
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

__all__ = ["ColumnOptions", "Field", "column_options"]


@dataclass(frozen=True, slots=True)
class ColumnOptions:
    """riverorm's part of a field declaration, kept in the pydantic ``FieldInfo.metadata``."""

    pk: bool = False
    column: str | None = None
    unique: bool = False
    index: bool = False


_NO_OPTIONS = ColumnOptions()


def Field(
    default: Any = PydanticUndefined,
    *,
    pk: bool = False,
    column: str | None = None,
    unique: bool = False,
    index: bool = False,
    max_length: int | None = None,
    default_factory: Callable[[], Any] | None = None,
    **kwargs: Any,
) -> Any:
    """Declare a model field.

    ``default`` may be given positionally (``Field(True)``), as in pydantic. ``pk`` marks the
    primary key, ``column`` renames the column (for a relation, the foreign-key column),
    ``unique`` and ``index`` add constraints, ``max_length`` bounds a ``str`` (validated by
    pydantic, and the column becomes ``VARCHAR(n)``). Every other keyword goes to
    ``pydantic.Field``.

    The return type is ``Any`` for the same reason as pydantic's: ``x: int = Field(1)`` must type
    check as an ``int`` default.
    """
    # pydantic's overloads forbid default and default_factory together; it checks that at run time.
    make: Callable[..., FieldInfo] = _PydanticField
    info = make(
        default,
        default_factory=default_factory,
        max_length=max_length,
        **kwargs,
    )
    options = ColumnOptions(pk=pk, column=column, unique=unique, index=index)
    if options != _NO_OPTIONS:
        info.metadata.append(options)
    return info


def column_options(info: FieldInfo) -> ColumnOptions:
    """The riverorm options of a field, or the defaults when it was declared without them."""
    for item in info.metadata:
        if isinstance(item, ColumnOptions):
            return item
    return _NO_OPTIONS
