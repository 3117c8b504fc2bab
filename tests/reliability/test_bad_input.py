"""Bad input gets a named error that says what to do, and the database is left as it was.

``sent`` records every statement handed to a database: "nothing was sent" is asserted, not assumed.
docs/errors.md lists these cases in one table.
"""

from __future__ import annotations

import dataclasses
import math
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from examples.shop.models import Product
from generated_example import product as product_module
from riverorm import Field, Model, errors
from riverorm.binding import bind, unbind
from riverorm.codegen.cli import main as riverorm_cli
from riverorm.db import MySQLDatabase, PostgresDatabase, SQLiteDatabase
from riverorm.schema import describe
from tests import models as m
from tests.reliability.conftest import sample

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


async def products() -> list[tuple[int, str, float, bool]]:
    return sorted((p.id, p.name, p.price, p.in_stock) for p in await Product.all())


@pytest.fixture
async def stored(db: str) -> Product:
    """One product, saved; the tests check it is still exactly this afterwards."""
    product = Product(id=1, name="Laptop", price=999.5)
    await product.save()
    return product


BEFORE = [(1, "Laptop", 999.5, True)]


# -- unknown fields and lookups --------------------------------------------------------------------


@pytest.mark.parametrize(
    "lookups",
    [{"nme": "Laptop"}, {"price__like": 1}, {"name__contains__x": "a"}, {"in_stock__gt": True}],
    ids=["field", "lookup", "too-deep", "not-for-this-type"],
)
async def test_unknown_lookup_is_refused_before_sending(
    stored: Product, sent: list[str], lookups: dict[str, Any]
) -> None:
    with pytest.raises(errors.UnknownLookup) as info:
        await Product.filter(**lookups)
    with pytest.raises(errors.UnknownLookup):
        await Product.get(**lookups)
    with pytest.raises(errors.UnknownLookup):
        await Product.filter(**lookups).delete()
    message = str(info.value)
    assert "Product" in message and "name" in message and "price" in message  # lists the fields
    assert sent == []
    assert await products() == BEFORE


async def test_unknown_lookup_suggests_the_close_name(db: str) -> None:
    with pytest.raises(errors.UnknownLookup, match="Did you mean name"):
        await Product.filter(nmae="x")  # type: ignore[call-arg]  # mypy catches it too


# -- wrong types -----------------------------------------------------------------------------------


def test_wrong_type_is_refused_on_construction() -> None:
    with pytest.raises(ValidationError, match="price"):
        Product(id=1, name="Laptop", price="cheap")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", "cheap"), ("name", None), ("in_stock", "maybe"), ("id", "one")],
)
async def test_wrong_type_is_refused_on_assignment(
    stored: Product, sent: list[str], field: str, value: Any
) -> None:
    """Model validates assignments, so a bad value never reaches save()."""
    product = await Product.get(id=1)
    sent.clear()
    with pytest.raises(ValidationError, match=field):
        setattr(product, field, value)
    await product.save()  # what is saved is the value the instance still holds
    assert await products() == BEFORE


async def test_value_that_bypassed_validation_is_a_data_error(stored: Product) -> None:
    """``model_construct`` skips pydantic: the server (SQLite: STRICT tables) refuses the type."""
    product = Product.model_construct(id=2, name="Odd", price="cheap", in_stock=True)
    with pytest.raises(errors.DataError):
        await product.save()
    assert await products() == BEFORE


# -- too long --------------------------------------------------------------------------------------


async def test_too_long_is_refused_by_pydantic(db: str, sent: list[str]) -> None:
    artist = m.Artist(name="A")
    with pytest.raises(ValidationError, match="at most 160"):
        m.Album(title="x" * 161, artist=artist)
    await artist.save()
    album = m.Album(title="ok", artist=artist)
    await album.save()
    sent.clear()
    with pytest.raises(ValidationError, match="at most 160"):
        album.title = "x" * 161
    assert sent == []
    assert [a.title for a in await m.Album.all()] == ["ok"]


async def test_too_long_that_bypassed_validation_is_a_data_error(db: str) -> None:
    """VARCHAR(n) on PostgreSQL and MySQL, a generated CHECK on SQLite: DataError on all three."""
    artist = m.Artist(name="A")
    await artist.save()
    album = m.Album.model_construct(title="x" * 161, artist=artist)
    with pytest.raises(errors.DataError):
        await album.save()
    assert await m.Album.all() == []


# -- datetimes -------------------------------------------------------------------------------------


async def test_aware_datetime_for_a_naive_column(db: str, sent: list[str]) -> None:
    aware = datetime(2024, 1, 1, 12, tzinfo=UTC)
    with pytest.raises(errors.InvalidValue, match="naive"):
        await sample(a_datetime=aware).save()
    with pytest.raises(errors.InvalidValue, match="naive"):
        await m.Sample.filter(a_datetime=aware)
    with pytest.raises(errors.InvalidValue, match="naive"):
        await m.Sample.filter(a_datetime__in=[aware])
    assert sent == []
    assert await m.Sample.all() == []


async def test_naive_datetime_for_an_aware_column(db: str, sent: list[str]) -> None:
    naive = datetime(2024, 1, 1, 12)
    with pytest.raises(ValidationError, match="timezone"):
        sample(an_aware_datetime=naive)
    with pytest.raises(errors.InvalidValue, match="naive"):
        await m.Sample.filter(an_aware_datetime=naive)
    with pytest.raises(errors.InvalidValue, match="naive"):
        await m.Sample.filter(an_aware_datetime__gte=naive)
    assert sent == []


# -- floats that are not numbers -------------------------------------------------------------------


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf], ids=["nan", "inf", "-inf"])
async def test_nan_and_infinity(db: str, stored: Product, sent: list[str], value: float) -> None:
    """PostgreSQL stores them; MySQL and SQLite cannot, and riverorm says so before sending."""
    product = Product(id=2, name="Odd", price=value)
    if db == "postgres":
        await product.save()
        got = await Product.get(id=2)
        assert math.isnan(got.price) if math.isnan(value) else got.price == value
        if not math.isnan(value):
            assert [p.id for p in await Product.filter(price=value)] == [2]
        return
    sent.clear()
    with pytest.raises(errors.InvalidValue, match="NaN or infinity"):
        await product.save()
    with pytest.raises(errors.InvalidValue, match="NaN or infinity"):
        await Product.filter(price__gte=value)
    stored.price = value
    with pytest.raises(errors.InvalidValue, match="NaN or infinity"):
        await stored.save()
    assert sent == []
    assert await products() == BEFORE


# -- integers out of range -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [INT64_MAX + 1, INT64_MIN - 1, 10**30], ids=["2**63", "-2**63-1", "1e30"]
)
async def test_integer_out_of_range_is_refused(stored: Product, value: int) -> None:
    """BIGINT holds 64 bits; a bigger Python int is refused on every backend, nothing stored."""
    with pytest.raises((errors.DataError, errors.InvalidValue)):
        await Product(id=value, name="Big", price=1.0).save()
    product = await Product.get(id=1)
    product.price = 2.0
    await product.save()  # the connection goes on after the refusal
    assert await products() == [(1, "Laptop", 2.0, True)]


async def test_integer_out_of_range_in_a_filter_matches_nothing_or_is_refused(
    stored: Product,
) -> None:
    """MySQL compares the value as a number and finds nothing; the others refuse to bind it."""
    try:
        found = await Product.filter(id=INT64_MAX + 1)
    except (errors.DataError, errors.InvalidValue):
        return
    assert found == []


@pytest.mark.parametrize("value", [INT64_MAX, INT64_MIN])
async def test_integer_at_the_limits_round_trips(db: str, value: int) -> None:
    await Product(id=value, name="Edge", price=1.0).save()
    assert (await Product.get(id=value)).id == value
    assert [p.id for p in await Product.filter(id__gte=value, id__lte=value)] == [value]


# -- text the backend cannot hold ------------------------------------------------------------------


async def test_nul_in_text(db: str, stored: Product) -> None:
    """PostgreSQL text cannot hold NUL: a DataError that says so. SQLite's text matching stops at
    NUL, so riverorm refuses such text there (InvalidValue, before sending). MariaDB stores it."""
    product = Product(id=2, name="a\x00b", price=1.0)
    if db != "mysql":
        refused = errors.DataError if db == "postgres" else errors.InvalidValue
        with pytest.raises(refused, match="NUL"):
            await product.save()
        with pytest.raises(refused, match="NUL"):
            await Product.filter(name="a\x00b")
        assert await products() == BEFORE
        return
    await product.save()
    assert (await Product.get(id=2)).name == "a\x00b"
    assert [p.id for p in await Product.filter(name="a\x00b")] == [2]


async def test_lone_surrogate_is_a_data_error(stored: Product) -> None:
    """A str that is not valid Unicode cannot be encoded for any server; nothing is stored."""
    with pytest.raises(errors.DataError):
        await Product(id=2, name="bad \ud800 text", price=1.0).save()
    with pytest.raises(errors.DataError):
        await Product.filter(name="\udfff")
    assert await products() == BEFORE


# -- relations -------------------------------------------------------------------------------------


async def test_related_object_that_was_never_saved(db: str, sent: list[str]) -> None:
    with pytest.raises(errors.InvalidValue, match="save\\(\\) it first"):
        await m.Album(title="T", artist=m.Artist(name="unsaved")).save()
    assert sent == []


# -- identifiers -----------------------------------------------------------------------------------


def test_unsafe_table_name_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(errors.ModelDefinitionError, match="safe SQL identifier"):

        class BadTable(Model):
            id: int

            class Meta:
                table = 'bad"name'


def test_unsafe_column_name_is_refused_by_describe() -> None:
    class BadColumn(Model):
        id: int
        label: str = Field(column="x; drop")

    with pytest.raises(errors.ModelDefinitionError, match="x; drop") as info:
        describe(BadColumn)
    assert "Field(column=...)" in str(info.value)


def test_non_ascii_and_overlong_names_are_refused() -> None:
    class Accented(Model):
        id: int
        créé: int

    with pytest.raises(errors.ModelDefinitionError, match="créé"):
        describe(Accented)

    class Overlong(Model):
        id: int
        label: str = Field(column="c" * 64)

    with pytest.raises(errors.ModelDefinitionError, match="at most 63"):
        describe(Overlong)


BAD_MODULES = {
    "table": 'class Bad(Model):\n    id: int\n\n    class Meta:\n        table = "bad\\"name"\n',
    "column": 'class Bad(Model):\n    id: int\n    label: str = Field(column="x; drop")\n',
}


@pytest.mark.parametrize("what", sorted(BAD_MODULES))
def test_riverorm_generate_refuses_unsafe_names(
    what: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = f"riverorm_unsafe_{what}_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(
        "from riverorm import Field, Model\n\n\n" + BAD_MODULES[what], encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert riverorm_cli(["generate", name, "--output", "out"]) == 2
    finally:
        sys.modules.pop(name, None)
    assert "not a safe SQL identifier" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# -- connection URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "url"),
    [
        (PostgresDatabase, "postgresql://u:s3cret@host:notaport/db"),
        (PostgresDatabase, "mysql://u:s3cret@host/db"),
        (PostgresDatabase, "postgresql://u:s3cret@[::1/db"),
        (MySQLDatabase, "mysql://u:s3cret@host:99999/db"),
        (MySQLDatabase, "not a url"),
        (MySQLDatabase, ""),
        (SQLiteDatabase, "sqlite3:///app.db"),
        (SQLiteDatabase, "/tmp/app.db"),
    ],
)
def test_unparsable_url_is_invalid_dsn(cls: type[Any], url: str) -> None:
    with pytest.raises(errors.InvalidDSN) as info:
        cls(url)
    assert "s3cret" not in str(info.value)


# -- generated code --------------------------------------------------------------------------------


@pytest.fixture
def unbound_model() -> Iterator[type[Model]]:
    class Gadget(Model):
        id: int
        name: str

        class Meta:
            table = "product"
            db_alias = "db2"

    yield Gadget


async def test_missing_generated_code(db: str, sent: list[str], unbound_model: type[Model]) -> None:
    with pytest.raises(errors.GeneratedCodeMissing, match="riverorm generate"):
        await unbound_model.get(id=1)
    with pytest.raises(errors.GeneratedCodeMissing):
        await unbound_model.filter(name="x")
    assert sent == []


async def test_stale_generated_code(db: str, sent: list[str]) -> None:
    class Product2(Model):  # Product with one field more than its generated code knows
        id: int = Field(pk=True)
        name: str
        price: float
        in_stock: bool = Field(True)
        colour: str = "black"

        class Meta:
            table = "product"
            db_alias = "db2"

    bind(dataclasses.replace(product_module.COMPILED, model=Product2))  # type: ignore[arg-type]
    try:
        with pytest.raises(errors.GeneratedCodeStale, match="riverorm generate"):
            await Product2.get(id=1)
        with pytest.raises(errors.GeneratedCodeStale):
            await Product2(id=5, name="x", price=1.0).save()
    finally:
        unbind(Product2)
    assert sent == []
    assert await products() == []
