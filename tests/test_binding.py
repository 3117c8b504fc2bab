"""Models find their generated code, and refuse code made from another version of the model."""

from __future__ import annotations

import dataclasses
import importlib
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import generated_example.product
from riverorm import Field, Model, errors
from riverorm.binding import bind, compiled_for, unbind
from riverorm.codegen.cli import main
from riverorm.db import DatabaseRegistry, SQLiteDatabase
from riverorm.schema import describe

# -- never generated -------------------------------------------------------------------------------


class NeverGenerated(Model):
    id: int
    name: str


@pytest.mark.parametrize("call", ["get", "filter", "all", "save", "delete", "create_table"])
async def test_model_without_generated_code(call: str) -> None:
    instance = NeverGenerated(id=1, name="x")
    operations: dict[str, Any] = {
        "get": lambda: NeverGenerated.get(id=1),
        "filter": lambda: NeverGenerated.filter(name="x"),
        "all": NeverGenerated.all,
        "save": instance.save,
        "delete": instance.delete,
        "create_table": NeverGenerated.create_table,
    }
    with pytest.raises(errors.GeneratedCodeMissing) as info:
        await operations[call]()
    message = str(info.value)
    assert "tests.test_binding:NeverGenerated" in message
    assert "riverorm generate" in message
    assert isinstance(info.value, errors.GeneratedCodeError)
    assert isinstance(info.value, errors.ConfigurationError)


class AbstractBase(Model):
    created_by: str

    class Meta:
        abstract = True


@pytest.mark.parametrize("model", [Model, AbstractBase], ids=["Model", "abstract"])
async def test_a_class_without_a_table_says_so(model: type[Model]) -> None:
    with pytest.raises(errors.ModelDefinitionError, match="abstract"):
        await model.get(id=1)
    with pytest.raises(errors.ModelDefinitionError, match="abstract"):
        await model.filter(id=1)


# -- a compiled module for another version of the model --------------------------------------------


class Widget(Model):
    """The same fields as examples.shop.models.Product, but another model."""

    id: int = Field(pk=True)
    name: str
    price: float
    in_stock: bool = Field(True)


@pytest.fixture
def widget() -> Iterator[type[Widget]]:
    yield Widget
    unbind(Widget)


async def test_bound_code_with_another_fingerprint_is_stale(widget: type[Widget]) -> None:
    bind(dataclasses.replace(generated_example.product.COMPILED, model=widget))
    with pytest.raises(errors.GeneratedCodeStale) as info:
        await widget.get(id=1)
    message = str(info.value)
    assert "tests.test_binding:Widget" in message
    assert generated_example.product.FINGERPRINT in message
    assert describe(widget).fingerprint() in message
    assert "riverorm generate" in message
    assert isinstance(info.value, errors.GeneratedCodeError)


def test_bound_code_with_the_live_fingerprint_is_accepted(widget: type[Widget]) -> None:
    live = describe(widget).fingerprint()
    compiled = dataclasses.replace(
        generated_example.product.COMPILED, model=widget, fingerprint=live
    )
    bind(compiled)
    assert compiled_for(widget) is compiled
    assert compiled_for(widget) is compiled  # checked once, then kept


async def test_unbind_forgets_the_code(widget: type[Widget]) -> None:
    live = describe(widget).fingerprint()
    bind(dataclasses.replace(generated_example.product.COMPILED, model=widget, fingerprint=live))
    compiled_for(widget)
    unbind(widget)
    with pytest.raises(errors.GeneratedCodeMissing):
        await widget.get(id=1)


# -- fingerprints ----------------------------------------------------------------------------------


def _gadget(doc: str | None = None, **fields: Any) -> type[Model]:
    """A model ``gadgets:Gadget``; ``fields`` maps names to annotations or (annotation, Field)."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": "gadgets", "__qualname__": "Gadget"}
    for name, spec in fields.items():
        if isinstance(spec, tuple):
            annotations[name], namespace[name] = spec
        else:
            annotations[name] = spec
    namespace["__annotations__"] = annotations
    if doc is not None:
        namespace["__doc__"] = doc
        namespace["describe"] = lambda self: doc  # a method: not part of the table
    return type("Gadget", (Model,), namespace)


def test_fingerprint_is_of_the_table_not_the_source() -> None:
    fingerprint = describe(_gadget(id=int, name=str)).fingerprint()
    assert len(fingerprint) == 16 and int(fingerprint, 16) >= 0
    assert describe(_gadget(id=int, name=str)).fingerprint() == fingerprint
    assert describe(_gadget("Documented.", id=int, name=str)).fingerprint() == fingerprint
    changed = [
        _gadget(id=int, name=int),  # another type
        _gadget(id=int, name=str | None),  # now nullable
        _gadget(id=int, title=str),  # another field name
        _gadget(id=int, name=(str, Field(column="title"))),  # another column name
        _gadget(id=int, name=(str, Field(max_length=10))),  # another length
        _gadget(id=int, name=(str, Field(unique=True))),
        _gadget(id=int, name=(str, Field(index=True))),
        _gadget(id=int, name=str, extra=bool),  # one more column
        _gadget(name=str, id=int),  # another column order
    ]
    fingerprints = [describe(model).fingerprint() for model in changed]
    assert fingerprint not in fingerprints
    assert len(set(fingerprints)) == len(fingerprints)


# -- stale generated code, as it happens: the model changed after `riverorm generate` --------------

_V1 = """
from riverorm import Model


class Gadget(Model):
    id: int
    name: str
"""

_V2 = """
from riverorm import Model


class Gadget(Model):
    id: int
    name: str
    weight: int = 0
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str, str]]:
    """A directory on sys.path (and the cwd) with fresh module names; cleaned up afterwards."""
    suffix = uuid.uuid4().hex[:8]
    models, package = f"gadget_models_{suffix}", f"gadget_generated_{suffix}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    with DatabaseRegistry.isolated():
        yield tmp_path, models, package
    for name in [n for n in sys.modules if n.startswith((models, package))]:
        del sys.modules[name]


def _load(package: str, models: str) -> Any:
    """(Re-)import the models and the generated package, as a fresh process would."""
    for name in [n for n in sys.modules if n.startswith((models, package))]:
        del sys.modules[name]
    importlib.invalidate_caches()
    importlib.import_module(package)
    return importlib.import_module(models).Gadget


async def test_changed_model_makes_generated_code_stale(project: tuple[Path, str, str]) -> None:
    root, models, package = project
    (root / f"{models}.py").write_text(textwrap.dedent(_V1), encoding="utf-8")
    assert main(["generate", models, "--output", package]) == 0
    gadget = _load(package, models)
    database = SQLiteDatabase("sqlite:///:memory:")
    DatabaseRegistry.register("default", database)
    try:
        await gadget.create_table()
        await gadget(id=1, name="first").save()
        assert (await gadget.get(id=1)).name == "first"

        # The model changes; the generated code does not.
        (root / f"{models}.py").write_text(textwrap.dedent(_V2), encoding="utf-8")
        gadget = _load(package, models)
        with pytest.raises(errors.GeneratedCodeStale) as info:
            await gadget.get(id=1)
        assert f"{models}:Gadget" in str(info.value)
        assert "riverorm generate" in str(info.value)
        with pytest.raises(errors.GeneratedCodeStale):
            await gadget(id=2, name="second", weight=3).save()

        # `riverorm generate --check` says so too; regenerating makes it fresh again.
        assert main(["generate", models, "--output", package, "--check"]) == 1
        assert main(["generate", models, "--output", package]) == 0
        gadget = _load(package, models)
        await gadget.drop_table()
        await gadget.create_table()
        await gadget(id=2, name="second", weight=3).save()
        assert (await gadget.get(id=2)).weight == 3
    finally:
        await database.close()
