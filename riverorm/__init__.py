"""riverorm: a minimal, async-first, code-generating ORM for pydantic v2 models.

Define ``Model`` classes, run ``riverorm generate``, import the generated package at start-up, and
query with ``await Model.get(...)`` / ``await Model.filter(...)`` / ``await obj.save()``.

The public names are imported on first use, so that loading the mypy plugin (``riverorm.mypy``)
does not import pydantic: it keeps mypy's warm runs as fast as without the plugin.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from riverorm.fields import Field
    from riverorm.model import Model
    from riverorm.q import Q
    from riverorm.query import Query
    from riverorm.transactions import transaction

__all__ = ["Field", "Model", "Q", "Query", "transaction"]

_HOMES = {
    "Field": "riverorm.fields",
    "Model": "riverorm.model",
    "Q": "riverorm.q",
    "Query": "riverorm.query",
    "transaction": "riverorm.transactions",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'riverorm' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
