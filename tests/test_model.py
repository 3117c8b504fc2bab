"""Model classes: primary keys, table names, supported types and Field options.

Class-level rules are checked when the class is created (no database needed); what a Field option
does to the table is checked in the generated DDL and then on every backend.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

import generated_example.customer
import generated_example.track
from examples.shop.models import Product
from riverorm import Field, Model
from riverorm.db import DatabaseRegistry
from riverorm.errors import DataError, ModelDefinitionError, UniqueViolation
from riverorm.fields import column_options
from riverorm.schema import describe, pk_field, snake_case, table_name
from tests import models as m

# -- primary keys ----------------------------------------------------------------------------------


def test_pk_declared_with_pk_true_wins_over_id() -> None:
    class Keyed(Model):
        id: int
        code: str = Field(pk=True)

    assert pk_field(Keyed) == "code"
    spec = describe(Keyed)
    assert spec.pk.field == "code"
    assert [c.field for c in spec.columns if c.pk] == ["code"]


def test_pk_defaults_to_the_field_named_id() -> None:
    class Plain(Model):
        name: str
        id: int

    assert pk_field(Plain) == "id"
    assert describe(Plain).pk.column == "id"


def test_no_pk_is_rejected_when_the_class_is_created() -> None:
    with pytest.raises(ModelDefinitionError) as info:

        class Keyless(Model):
            name: str

    message = str(info.value)
    assert "Keyless" in message
    assert "no primary key" in message
    assert "Field(pk=True)" in message  # says how to fix it
    assert isinstance(info.value, TypeError)  # a class definition error, as Python raises them


def test_several_pk_true_are_rejected() -> None:
    with pytest.raises(ModelDefinitionError) as info:

        class TwoKeys(Model):
            a: int = Field(pk=True)
            b: int = Field(pk=True)

    message = str(info.value)
    assert "TwoKeys" in message
    assert "a, b" in message
    assert "composite" in message


def test_abstract_model_needs_no_pk() -> None:
    class Base(Model):
        created_by: str

        class Meta:
            abstract = True

    class Concrete(Base):
        id: int

    assert pk_field(Concrete) == "id"
    assert [c.field for c in describe(Concrete).columns] == ["created_by", "id"]


def test_auto_pk_is_marked_auto() -> None:
    pk = describe(m.Artist).pk
    assert (pk.field, pk.auto, pk.nullable) == ("id", True, False)
    assert describe(Product).pk.auto is False


def test_only_an_int_pk_may_be_none() -> None:
    class StrKey(Model):
        code: str | None = Field(None, pk=True)

    with pytest.raises(ModelDefinitionError, match="only an int primary key may be None"):
        describe(StrKey)


# -- table names -----------------------------------------------------------------------------------


def test_meta_table_sets_the_table_name() -> None:
    assert table_name(m.Sample) == "type_sample"
    assert describe(m.Sample).table == "type_sample"


def test_table_name_defaults_to_snake_case() -> None:
    class OrderItem(Model):
        id: int

    assert table_name(OrderItem) == "order_item"
    assert describe(OrderItem).table == "order_item"
    assert table_name(m.InvoiceLine) == "invoice_line"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Product", "product"),
        ("OrderItem", "order_item"),
        ("HTTPRequest", "http_request"),
        ("MediaType", "media_type"),
        ("Invoice2Line", "invoice2_line"),
    ],
)
def test_snake_case(name: str, expected: str) -> None:
    assert snake_case(name) == expected


@pytest.mark.parametrize("bad", ["bad-name", 'say "hi"', "x; DROP TABLE y", "1st", "a" * 64])
def test_unsafe_table_names_are_rejected_at_class_creation(bad: str) -> None:
    with pytest.raises(ModelDefinitionError, match="not a safe SQL identifier"):

        class Unsafe(Model):
            id: int

            class Meta:
                table = bad


def test_meta_is_not_inherited_as_table_name() -> None:
    class Parent(Model):
        id: int

        class Meta:
            table = "parents"

    class Child(Parent):
        pass

    assert table_name(Parent) == "parents"
    assert table_name(Child) == "child"


# -- types -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "annotation",
    [list[str], dict[str, int], set[int], complex, int | str, tuple[int, int], object],
    ids=lambda a: getattr(a, "__name__", None) or str(a),
)
def test_unsupported_field_type_is_rejected(annotation: Any) -> None:
    namespace: dict[str, Any] = {"__annotations__": {"id": int, "value": annotation}}
    model = type("Odd", (Model,), namespace)
    with pytest.raises(ModelDefinitionError) as info:
        describe(model)
    message = str(info.value)
    assert "Odd.value" in message
    assert "cannot be stored" in message
    assert "Supported:" in message


def test_every_supported_kind_is_described() -> None:
    kinds = {c.field: c.kind for c in describe(m.Sample).columns}
    assert kinds["an_int"] == "int"
    assert kinds["a_float"] == "float"
    assert kinds["a_bool"] == "bool"
    assert kinds["a_str"] == "str"
    assert kinds["a_decimal"] == "decimal"
    assert kinds["a_datetime"] == "datetime"
    assert kinds["an_aware_datetime"] == "datetime_tz"
    assert kinds["a_date"] == "date"
    assert kinds["a_time"] == "time"
    assert kinds["a_uuid"] == "uuid"
    assert kinds["some_bytes"] == "bytes"
    assert kinds["a_color"] == kinds["a_level"] == "enum"
    nullable = {c.field for c in describe(m.Sample).columns if c.nullable}
    assert nullable == {name for name in m.Sample.model_fields if name.startswith("maybe_")}


def test_reverse_relation_has_no_column() -> None:
    spec = describe(m.Artist)
    assert "albums" not in [c.field for c in spec.columns]
    assert [r.field for r in spec.reverse] == ["albums"]


# -- Field -----------------------------------------------------------------------------------------


def test_field_default_may_be_positional() -> None:
    assert Product.model_fields["in_stock"].default is True
    product = Product(id=1, name="Laptop", price=999.99)
    assert product.in_stock is True
    assert "in_stock" not in product.model_fields_set
    assert Product(id=2, name="Desk", price=5, in_stock=False).in_stock is False


def test_field_passes_pydantic_options_through() -> None:
    class Rated(Model):
        id: int
        stars: int = Field(3, ge=1, le=5, description="how good")

    assert Rated(id=1).stars == 3
    assert Rated.model_fields["stars"].description == "how good"
    with pytest.raises(ValidationError):
        Rated(id=1, stars=9)


def test_field_options_are_recorded() -> None:
    assert column_options(m.Track.model_fields["size"]).column == "bytes"
    assert column_options(m.Track.model_fields["name"]).index is True
    assert column_options(m.Customer.model_fields["email"]).unique is True
    assert column_options(m.Sample.model_fields["key"]).pk is True
    assert column_options(m.Track.model_fields["milliseconds"]) == column_options(
        m.Track.model_fields["composer"]
    )


def test_column_rename() -> None:
    size = describe(m.Track).column_for("size")
    assert (size.field, size.column) == ("size", "bytes")
    for ddl in _ddl(generated_example.track).values():
        assert re.search(r"[\"`]bytes[\"`] (BIGINT|INTEGER) NOT NULL", ddl)
        assert "size" not in ddl


def test_unique_in_ddl() -> None:
    for ddl in _ddl(generated_example.customer).values():
        assert re.search(r"[\"`]email[\"`] \w+(\(\d+\))? NOT NULL UNIQUE", ddl), ddl


def test_index_in_ddl() -> None:
    ddl = _ddl(generated_example.track)
    assert 'CREATE INDEX IF NOT EXISTS "ix_track_name" ON "track" ("name")' in ddl["postgres"]
    assert 'CREATE INDEX IF NOT EXISTS "ix_track_name" ON "track" ("name")' in ddl["sqlite"]
    assert "INDEX `ix_track_name` (`name`)" in ddl["mysql"]


def test_max_length_becomes_varchar() -> None:
    ddl = _ddl(generated_example.track)
    assert '"name" VARCHAR(200) NOT NULL' in ddl["postgres"]
    assert "`name` VARCHAR(200) NOT NULL" in ddl["mysql"]
    # SQLite has no VARCHAR: the length is a CHECK constraint.
    assert '"name" TEXT NOT NULL CHECK (length("name") <= 200)' in ddl["sqlite"]
    with pytest.raises(ValidationError):
        m.Track(name="x" * 201, media_type=1, milliseconds=1, size=1, unit_price=Decimal(1))


def _ddl(module: Any) -> dict[str, str]:
    """The CREATE statements of a generated module, joined, by dialect."""
    return {
        "postgres": "\n".join(module.PG_CREATE_TABLE),
        "mysql": "\n".join(module.MYSQL_CREATE_TABLE),
        "sqlite": "\n".join(module.SQLITE_CREATE_TABLE),
    }


# -- the options on a live database ----------------------------------------------------------------


async def _index_names(backend: str, table: str) -> set[str]:
    db = DatabaseRegistry.get()
    if backend == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
    elif backend == "postgres":
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = $1"
    else:
        sql = (
            "SELECT index_name FROM information_schema.statistics "
            "WHERE table_schema = DATABASE() AND table_name = %s"
        )
    return {row[0] for row in await db.fetch(sql, (table,))}


async def test_index_exists_in_the_database(db: str) -> None:
    assert "ix_track_name" in await _index_names(db, "track")


async def test_renamed_column_round_trips(db: str) -> None:
    media = m.MediaType(name="MPEG audio file")
    await media.save()
    track = m.Track(
        name="Balls to the Wall", media_type=media, milliseconds=342562, size=5510424,
        unit_price=Decimal("0.99"),
    )  # fmt: skip
    await track.save()
    assert (await m.Track.get(id=track.id)).size == 5510424
    assert await m.Track.filter(size=5510424) == [await m.Track.get(id=track.id)]
    assert await m.Track.filter(size__gt=5510424) == []
    sql = "SELECT `bytes` FROM `track`" if db == "mysql" else 'SELECT "bytes" FROM "track"'
    row = await DatabaseRegistry.get().fetchrow(sql)
    assert row is not None and row[0] == 5510424


async def test_unique_is_enforced(db: str) -> None:
    await m.Customer(first_name="Luís", last_name="Gonçalves", email="luisg@embraer.com.br").save()
    twin = m.Customer(first_name="Other", last_name="Person", email="luisg@embraer.com.br")
    with pytest.raises(UniqueViolation):
        await twin.save()
    assert twin.id is None  # nothing was stored, no key was taken
    assert len(await m.Customer.all()) == 1


async def test_max_length_is_enforced_by_the_database(db: str) -> None:
    """pydantic checks max_length; a value that bypasses it is refused by the column too."""
    media = m.MediaType(name="AAC audio file")
    await media.save()
    track = m.Track(name="ok", media_type=media, milliseconds=1, size=1, unit_price=Decimal(1))
    await track.save()
    with pytest.raises(ValidationError):
        track.name = "x" * 201  # assignment is validated
    unchecked = m.Track.model_construct(  # model_construct skips validation
        name="x" * 201, media_type=media, milliseconds=1, size=1, unit_price=Decimal(1)
    )
    with pytest.raises(DataError):
        await unchecked.save()
    assert [t.name for t in await m.Track.all()] == ["ok"]
