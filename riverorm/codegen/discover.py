"""Find the Model classes a module defines, in the order its source declares them.

The module is imported (pydantic's resolved ``model_fields`` are the truth about types);
libcst reads its source for the declaration order and the line of each class, so output is
deterministic and errors point at the class.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from types import ModuleType

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from riverorm.errors import GenerateError, RiverORMError
from riverorm.model import Model
from riverorm.schema import meta_value


@dataclass(frozen=True, slots=True)
class Found:
    model: type[Model]
    line: int  # 0 when the class was not found in source (created dynamically)


class _ClassLines(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        position = self.get_metadata(PositionProvider, node)
        self.lines.setdefault(node.name.value, position.start.line)
        return False  # nested classes (Meta) are not models of their own


def _import(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except RiverORMError:
        raise
    except ImportError as exc:
        raise GenerateError(
            f"Cannot import models module {name!r}: {exc}. Run `riverorm generate` from the "
            "directory that makes it importable (the one with pyproject.toml)."
        ) from exc


def _source_lines(module: ModuleType) -> dict[str, int]:
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return {}
    visitor = _ClassLines()
    MetadataWrapper(cst.parse_module(source)).visit(visitor)
    return visitor.lines


def models_in(name: str) -> list[Found]:
    """The concrete (non-abstract) Model classes defined in module ``name``."""
    module = _import(name)
    lines = _source_lines(module)
    found = [
        Found(obj, lines.get(attr, 0))
        for attr, obj in vars(module).items()
        if isinstance(obj, type)
        and issubclass(obj, Model)
        and obj is not Model
        and obj.__module__ == module.__name__
        and obj.__name__ == attr
        and not meta_value(obj, "abstract", False)
    ]
    if not found:
        raise GenerateError(f"Module {name!r} defines no riverorm Model classes.")
    return sorted(found, key=lambda f: (f.line == 0, f.line, f.model.__name__))
