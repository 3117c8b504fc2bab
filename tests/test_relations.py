"""Foreign keys: what is stored, what a loaded relation holds, lookups, and databases apart.

``examples.shop.models``: ``User`` lives on ``db1``, ``Product`` on ``db2`` and ``Order`` on the
default connection. On SQLite every alias is a file of its own, so the cross-database case is real
there; on the servers the aliases share one database.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import generated_example.album
import generated_example.order
from examples.shop.models import Order, Product, User
from riverorm import errors
from riverorm.db import DatabaseRegistry
from tests import models as m


async def _shop() -> tuple[User, Product, Order]:
    user = User(id=1, username="alice")
    await user.save()
    product = Product(id=10, name="Laptop", price=999.99)
    await product.save()
    order = Order(id=100, user=user, product=product)
    await order.save()
    return user, product, order


def _quote(db: str, name: str) -> str:
    return f"`{name}`" if db == "mysql" else f'"{name}"'


async def test_save_stores_the_keys(db: str) -> None:
    await _shop()
    sql = f"SELECT {_quote(db, 'user_id')}, {_quote(db, 'product_id')} FROM {_quote(db, 'order')}"
    rows = await DatabaseRegistry.get().fetch(sql)
    assert [tuple(row) for row in rows] == [(1, 10)]


async def test_loaded_relation_holds_only_its_key(db: str) -> None:
    await _shop()
    order = await Order.get(id=100)
    assert isinstance(order.user, User)
    assert isinstance(order.product, Product)
    assert order.user.id == 1
    assert order.product.id == 10
    assert order.user.model_fields_set == {"id"}


async def test_reading_an_unloaded_field_raises_field_not_loaded(db: str) -> None:
    await _shop()
    order = await Order.get(id=100)
    with pytest.raises(errors.FieldNotLoaded) as info:
        _ = order.user.username
    message = str(info.value)
    assert "User.username" in message
    assert "refresh()" in message  # says how to load it
    assert isinstance(info.value, AttributeError)
    assert not hasattr(order.product, "name")


async def test_refresh_loads_the_related_object(db: str) -> None:
    await _shop()
    order = await Order.get(id=100)
    user = order.user
    await user.refresh()
    assert user.username == "alice"
    assert {"id", "username"} <= user.model_fields_set
    await order.product.refresh()
    assert (order.product.name, order.product.price) == ("Laptop", 999.99)
    # A completed object behaves as a loaded one: it can be changed and saved.
    user.username = "alice2"
    await user.save()
    assert (await User.get(id=1)).username == "alice2"


async def test_saving_a_partially_loaded_object_is_refused(db: str) -> None:
    """A related object holding only its key cannot be saved: it would need every column."""
    await _shop()
    order = await Order.get(id=100)
    with pytest.raises(errors.FieldNotLoaded, match="refresh"):
        await order.user.save()
    assert (await User.get(id=1)).username == "alice"
    await order.user.refresh()
    await order.user.save()  # once loaded, it saves as any instance does


async def test_refresh_of_a_deleted_row_raises(db: str) -> None:
    await _shop()
    order = await Order.get(id=100)
    await User.filter(id=1).delete()
    with pytest.raises(User.DoesNotExist):
        await order.user.refresh()


async def test_reverse_relation_is_not_loaded(db: str) -> None:
    await _shop()
    user = await User.get(id=1)
    with pytest.raises(errors.FieldNotLoaded, match=r"User\.orders"):
        _ = user.orders
    assert [o.id for o in await Order.filter(user=user)] == [100]


async def test_relations_across_databases(db: str) -> None:
    user, product, _ = await _shop()
    assert DatabaseRegistry.get("db1") is not DatabaseRegistry.get()
    order = await Order.get(id=100)
    await order.user.refresh()  # read from db1, while the order came from the default database
    await order.product.refresh()  # from db2
    assert order.user.username == user.username
    assert order.product.name == product.name
    if db == "sqlite":  # each alias is a file of its own: the tables really are apart
        default_tables = await DatabaseRegistry.get().fetch(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
        assert "order" in {row[0] for row in default_tables}
        assert "user" not in {row[0] for row in default_tables}


async def test_saving_a_loaded_order_keeps_its_keys(db: str) -> None:
    await _shop()
    order = await Order.get(id=100)
    await order.save()  # the stubs give their keys back
    other = User(id=2, username="bob")
    await other.save()
    order.user = other
    await order.save()
    assert (await Order.get(id=100)).user.id == 2


async def test_relation_to_an_unsaved_object_is_refused(db: str) -> None:
    media = m.MediaType(name="Protected AAC audio file")  # no key yet
    track = m.Track(name="t", media_type=media, milliseconds=1, size=1, unit_price=Decimal(1))
    with pytest.raises(errors.InvalidValue, match="save"):
        await track.save()
    assert await m.Track.all() == []


@pytest.mark.parametrize(
    "lookups",
    [
        {"user": "the user"},
        {"user": 1},
        {"user_id": 1},
        {"user_id": "the user"},
        {"user__in": ["the user", 3]},
        {"user_id__in": [1]},
        {"user__ne": 2},
        {"user__lte": 1, "product": 10},
        {"product_id": 10, "user__lt": 2},
    ],
    ids=repr,
)
async def test_lookups_by_related_object_or_key(db: str, lookups: dict[str, Any]) -> None:
    user, _, _ = await _shop()
    other = User(id=2, username="bob")
    await other.save()
    await Order(id=200, user=other, product=Product(id=10, name="Laptop", price=999.99)).save()

    def resolve(value: Any) -> Any:
        if value == "the user":
            return user
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    resolved = {key: resolve(value) for key, value in lookups.items()}
    assert [o.id for o in await Order.filter(**resolved)] == [100]
    assert (await Order.get(**resolved)).id == 100


async def test_nullable_relation(db: str) -> None:
    media = m.MediaType(name="MPEG audio file")
    await media.save()
    artist = m.Artist(name="Accept")
    await artist.save()
    album = m.Album(title="Restless and Wild", artist=artist)
    await album.save()
    loose = m.Track(name="Loose", media_type=media, milliseconds=1, size=1, unit_price=Decimal(1))
    await loose.save()
    on_album = m.Track(
        name="Fast As a Shark", album=album, media_type=media, milliseconds=230619,
        size=3990994, unit_price=Decimal("0.99"),
    )  # fmt: skip
    await on_album.save()
    assert (await m.Track.get(id=loose.id)).album is None
    loaded = await m.Track.get(id=on_album.id)
    assert loaded.album is not None and loaded.album.id == album.id
    assert [t.id for t in await m.Track.filter(album=None)] == [loose.id]
    assert [t.id for t in await m.Track.filter(album__isnull=True)] == [loose.id]
    assert [t.id for t in await m.Track.filter(album=album)] == [on_album.id]
    assert [t.id for t in await m.Track.filter(album_id=album.id)] == [on_album.id]
    assert [t.id for t in await m.Track.filter(album__ne=album)] == [loose.id]


async def test_foreign_key_is_enforced_in_one_database(db: str) -> None:
    album = m.Album(title="Nowhere", artist=m.Artist(id=999_999, name="ghost"))
    with pytest.raises(errors.ForeignKeyViolation):
        await album.save()
    assert await m.Album.all() == []


@pytest.mark.parametrize("dialect", ["PG", "MYSQL", "SQLITE"])
def test_no_foreign_key_across_databases(dialect: str) -> None:
    order_ddl = "\n".join(getattr(generated_example.order, f"{dialect}_CREATE_TABLE"))
    album_ddl = "\n".join(getattr(generated_example.album, f"{dialect}_CREATE_TABLE"))
    # Order (default) -> User (db1), Product (db2): no constraint could hold across databases.
    assert "FOREIGN KEY" not in order_ddl
    assert "REFERENCES" not in order_ddl
    # Album -> Artist, both on the default connection: a real constraint.
    q = "`" if dialect == "MYSQL" else '"'
    expected = f"FOREIGN KEY ({q}artist_id{q}) REFERENCES {q}artist{q} ({q}id{q})"
    assert expected in album_ddl
