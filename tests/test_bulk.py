"""bulk_create: one round trip per batch, generated keys filled in on every backend."""

from __future__ import annotations

from decimal import Decimal

import pytest

from examples.shop.models import Product
from riverorm.errors import InvalidValue, UniqueViolation
from tests.models import Artist, Genre, MediaType, Track
from tests.test_loading import counting


async def test_generated_keys_are_filled_in(db: str) -> None:
    artists = [Artist(name=f"artist {i}") for i in range(250)]
    with counting() as sent:
        returned = await Artist.bulk_create(artists)
    assert returned is not artists and returned == artists
    assert len(sent.sql) <= 2  # one statement (MySQL may ask its id mode once per database)
    keys = [a.id for a in artists]
    assert None not in keys and len(set(keys)) == 250
    stored = {a.id: a.name for a in await Artist.all()}
    assert stored == {a.id: a.name for a in artists}


async def test_batches_are_one_statement_each(db: str) -> None:
    await Artist.bulk_create([Artist(name="warm up")])
    with counting() as sent:
        await Artist.bulk_create([Artist(name=f"n{i}") for i in range(95)], batch_size=20)
    assert len(sent.sql) == 5
    assert await Artist.all().count() == 96


async def test_explicit_keys_and_mixed_batches(db: str) -> None:
    products = [Product(id=i, name=f"p{i}", price=i * 1.5) for i in range(1, 101)]
    await Product.bulk_create(products)
    assert await Product.all().count() == 100
    loaded = await Product.get(id=42)
    assert loaded == products[41]
    artists = [Artist(id=1000, name="given"), Artist(name="generated")]
    await Artist.bulk_create(artists)
    assert artists[0].id == 1000 and artists[1].id is not None


async def test_saved_instances_update_afterwards(db: str) -> None:
    [genre] = await Genre.bulk_create([Genre(name="Jazz")])
    genre.name = "Bebop"
    await genre.save()
    assert (await Genre.get(id=genre.id)).name == "Bebop"
    assert await Genre.all().count() == 1


async def test_relations_and_conversions(db: str) -> None:
    media = await MediaType.create(name="AAC")
    tracks = [
        Track(name=f"t{i}", media_type=media, milliseconds=i, size=i, unit_price=Decimal("0.99"))
        for i in range(30)
    ]
    await Track.bulk_create(tracks)
    loaded = await Track.filter(media_type=media).order_by("milliseconds")
    assert [t.unit_price for t in loaded] == [Decimal("0.99")] * 30
    assert [t.id for t in loaded] == [t.id for t in tracks]


async def test_bad_input_stores_nothing(db: str) -> None:
    with pytest.raises(InvalidValue):
        await Artist.bulk_create([Genre(name="not an artist")])  # type: ignore[list-item]
    with pytest.raises(InvalidValue):
        await Product.bulk_create([Product.model_construct(id=None, name="x", price=1.0)])
    with pytest.raises(InvalidValue):
        await Artist.bulk_create([Artist(name="x")], batch_size=0)
    await Product.create(id=7, name="seven", price=7.0)
    with pytest.raises(UniqueViolation):
        await Product.bulk_create(
            [Product(id=8, name="eight", price=8.0), Product(id=7, name="dup", price=1.0)]
        )
    assert [p.id for p in await Product.all()] == [7]
    assert await Artist.all().count() == 0
    assert await Artist.bulk_create([]) == []


async def test_explicit_keys_never_collide_with_generated_ones(db: str) -> None:
    await Genre.bulk_create([Genre(id=5, name="five"), Genre(id=3, name="three")])
    await Genre(id=9, name="nine").save()
    generated = await Genre.create(name="generated")
    assert generated.id is not None and generated.id > 9
    assert await Genre.all().count() == 4
