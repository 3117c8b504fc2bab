"""Instances built by the generated hydrators are indistinguishable from validated ones.

Hydrators set only ``__dict__``; pydantic's other slots are filled on first read. Every check here
starts from a freshly loaded instance, so that each one exercises that first read itself.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from decimal import Decimal

import pytest
from pydantic import PrivateAttr, ValidationError

from examples.shop.models import Product
from tests.models import Genre, MediaType, Track

Check = Callable[[Product, Product], None]


def _eq(loaded: Product, made: Product) -> None:
    assert loaded == made and made == loaded


def _dump(loaded: Product, made: Product) -> None:
    assert loaded.model_dump() == made.model_dump()
    assert loaded.model_dump_json() == made.model_dump_json()
    assert loaded.model_dump(exclude_unset=True) == made.model_dump()


def _fields_set(loaded: Product, made: Product) -> None:
    assert loaded.model_fields_set == {"id", "name", "price", "in_stock"}


def _copies(loaded: Product, made: Product) -> None:
    assert loaded.model_copy() == made
    assert loaded.model_copy(update={"price": 1.0}) == made.model_copy(update={"price": 1.0})
    assert copy.copy(loaded) == made and copy.deepcopy(loaded) == made
    assert pickle.loads(pickle.dumps(loaded)) == made


def _repr(loaded: Product, made: Product) -> None:
    assert repr(loaded) == repr(made) and str(loaded) == str(made)


def _assignment(loaded: Product, made: Product) -> None:
    with pytest.raises(ValidationError):
        loaded.price = "cheap"  # type: ignore[assignment]
    assert loaded.price == made.price
    loaded.name = "renamed"
    assert loaded.name == "renamed" and "name" in loaded.model_fields_set


@pytest.mark.parametrize("check", [_eq, _dump, _fields_set, _copies, _repr, _assignment])
async def test_loaded_equals_validated(db: str, check: Check) -> None:
    made = Product(id=1, name="Laptop", price=999.5, in_stock=False)
    await Product(id=1, name="Laptop", price=999.5, in_stock=False).save()
    for load in (lambda: Product.get(id=1), _first_of_filter):
        loaded = await load()
        assert type(loaded) is Product
        check(loaded, made.model_copy())


async def _first_of_filter() -> Product:
    [found] = await Product.filter(name="Laptop")
    return found


async def test_a_loaded_instance_saves_as_an_update(db: str) -> None:
    await Product(id=1, name="Laptop", price=999.5).save()
    loaded = await Product.get(id=1)
    loaded.price = 899.0
    await loaded.save()  # an UPDATE: a second INSERT would violate the primary key
    assert (await Product.get(id=1)).price == 899.0
    assert await Product.all().count() == 1


async def test_relations_of_loaded_instances(db: str) -> None:
    genre = await Genre.create(name="Rock")
    media = await MediaType.create(name="MPEG")
    await Track.create(
        name="t", genre=genre, media_type=media, milliseconds=1, size=1, unit_price=Decimal("1")
    )
    [track] = await Track.all()
    assert track.genre is not None and track.genre.model_fields_set == {"id"}
    assert track.model_fields_set >= {"id", "name", "genre", "media_type"}


class Tagged(Product):
    """A model with a private attribute: its hydrator runs model_post_init, as pydantic does."""

    _seen: int = PrivateAttr(default=7)

    class Meta:
        table = "product"
        db_alias = "db2"


def test_private_attributes_are_initialised_like_model_construct() -> None:
    from riverorm.runtime import complete_now

    obj = object.__new__(Tagged)
    object.__setattr__(obj, "__dict__", {"id": 1, "name": "x", "price": 1.0, "in_stock": True})
    complete_now(obj)
    built = Tagged.model_construct(id=1, name="x", price=1.0, in_stock=True)
    assert obj._seen == built._seen == 7
    assert obj == built
