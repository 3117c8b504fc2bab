"""save / get / delete / create_table / drop_table, on every backend."""

from __future__ import annotations

import pytest

from examples.shop.models import Order, Product, User
from riverorm import errors
from tests import models as m


async def _count(model: type[Product] | type[User] | type[Order] | type[m.Artist]) -> int:
    return len(await model.all())


# -- save ------------------------------------------------------------------------------------------


async def test_save_inserts_a_new_instance(db: str) -> None:
    product = Product(id=1, name="Laptop", price=999.99)
    await product.save()
    loaded = await Product.get(id=1)
    assert loaded == product
    assert loaded.in_stock is True
    assert await _count(Product) == 1


async def test_save_updates_a_loaded_instance(db: str) -> None:
    await Product(id=1, name="Laptop", price=999.99).save()
    loaded = await Product.get(id=1)
    loaded.name = "Apple MacBook"
    loaded.in_stock = False
    await loaded.save()
    again = await Product.get(id=1)
    assert (again.name, again.in_stock, again.price) == ("Apple MacBook", False, 999.99)
    assert await _count(Product) == 1


async def test_save_twice_updates_instead_of_inserting_again(db: str) -> None:
    product = Product(id=7, name="Desk", price=120.0)
    await product.save()
    product.price = 99.5
    await product.save()
    assert await Product.all() == [product]
    assert (await Product.get(id=7)).price == 99.5


async def test_save_of_a_new_instance_with_a_taken_key_is_refused(db: str) -> None:
    await Product(id=1, name="Laptop", price=999.99).save()
    with pytest.raises(errors.UniqueViolation):
        await Product(id=1, name="Other", price=1.0).save()
    assert (await Product.get(id=1)).name == "Laptop"


async def test_auto_pk_is_set_by_save(db: str) -> None:
    first = m.Artist(name="AC/DC")
    assert first.id is None
    await first.save()
    assert isinstance(first.id, int)
    assert "id" in first.model_fields_set
    second = m.Artist(name="Accept")
    await second.save()
    assert isinstance(second.id, int)
    assert second.id != first.id
    # (Artist has a reverse relation, albums, which a loaded instance leaves unloaded: compare
    # the columns.)
    assert (await m.Artist.get(id=first.id)).name == "AC/DC"
    assert (await m.Artist.get(id=second.id)).name == "Accept"
    # Saved once, the instance now updates its row.
    first.name = "AC/DC (Australia)"
    await first.save()
    assert await _count(m.Artist) == 2
    assert (await m.Artist.get(id=first.id)).name == "AC/DC (Australia)"


async def test_auto_pk_with_nullable_columns_left_out(db: str) -> None:
    nameless = m.Artist()
    await nameless.save()
    assert nameless.id is not None
    loaded = await m.Artist.get(id=nameless.id)
    assert (loaded.id, loaded.name) == (nameless.id, None)


async def test_auto_pk_accepts_an_explicit_key(db: str) -> None:
    artist = m.Artist(id=4242, name="Aerosmith")
    await artist.save()
    assert artist.id == 4242
    assert (await m.Artist.get(id=4242)).name == "Aerosmith"


# -- get -------------------------------------------------------------------------------------------


async def _three_products() -> None:
    for product in (
        Product(id=1, name="Laptop", price=999.99),
        Product(id=2, name="Mouse", price=25.0),
        Product(id=3, name="Keyboard", price=25.0, in_stock=False),
    ):
        await product.save()


async def test_get_by_pk(db: str) -> None:
    await _three_products()
    laptop = await Product.get(id=1)
    assert isinstance(laptop, Product)
    assert (laptop.id, laptop.name) == (1, "Laptop")


async def test_get_by_other_lookups(db: str) -> None:
    await _three_products()
    assert (await Product.get(name="Mouse")).id == 2
    assert (await Product.get(price__gt=100)).id == 1
    assert (await Product.get(price=25.0, in_stock=False)).id == 3
    assert (await Product.get(id=2, name="Mouse")).id == 2


async def test_get_or_none(db: str) -> None:
    await _three_products()
    assert await Product.get_or_none(id=404) is None
    found = await Product.get_or_none(id=2)
    assert found is not None and found.name == "Mouse"


async def test_does_not_exist(db: str) -> None:
    await _three_products()
    with pytest.raises(Product.DoesNotExist) as info:
        await Product.get(id=404)
    assert isinstance(info.value, errors.DoesNotExist)
    assert isinstance(info.value, errors.DatabaseError)
    assert "Product" in str(info.value) and "404" in str(info.value)
    with pytest.raises(Product.DoesNotExist, match="name='Nope'"):
        await Product.get(name="Nope")


def test_each_model_has_its_own_error_classes() -> None:
    assert issubclass(Product.DoesNotExist, errors.DoesNotExist)
    assert issubclass(Product.MultipleObjectsReturned, errors.MultipleObjectsReturned)
    assert Product.DoesNotExist is not User.DoesNotExist
    assert not issubclass(Product.DoesNotExist, User.DoesNotExist)
    assert Product.DoesNotExist.__qualname__ == "Product.DoesNotExist"
    assert Product.DoesNotExist.__module__ == Product.__module__


async def test_other_models_does_not_exist_is_not_caught(db: str) -> None:
    with pytest.raises(Product.DoesNotExist):
        try:
            await Product.get(id=404)
        except User.DoesNotExist:  # pragma: no cover - must not catch a Product's error
            pytest.fail("User.DoesNotExist caught Product's error")


async def test_multiple_objects_returned(db: str) -> None:
    await _three_products()
    with pytest.raises(Product.MultipleObjectsReturned) as info:
        await Product.get(price=25.0)
    assert isinstance(info.value, errors.MultipleObjectsReturned)
    assert "filter()" in str(info.value)  # says what to do instead


# -- delete ----------------------------------------------------------------------------------------


async def test_delete(db: str) -> None:
    await _three_products()
    mouse = await Product.get(id=2)
    await mouse.delete()
    assert await Product.get_or_none(id=2) is None
    assert sorted(p.id for p in await Product.all()) == [1, 3]
    # The instance may be saved again, as a new row.
    await mouse.save()
    assert await Product.get(id=2) == mouse


async def test_delete_without_a_key_is_refused(db: str) -> None:
    with pytest.raises(errors.InvalidValue):
        await m.Artist(name="never saved").delete()


async def test_bulk_delete_returns_the_count(db: str) -> None:
    await _three_products()
    assert await Product.filter(price=25.0).delete() == 2
    assert [p.id for p in await Product.all()] == [1]
    assert await Product.filter(price=25.0).delete() == 0
    assert await Product.all().delete() == 1
    assert await Product.all() == []


async def test_update_of_a_deleted_row_raises_and_writes_nothing(db: str) -> None:
    await _three_products()
    laptop = await Product.get(id=1)
    assert await Product.filter(id=1).delete() == 1  # deleted behind the instance's back
    laptop.name = "Ghost"
    with pytest.raises(Product.DoesNotExist) as info:
        await laptop.save()
    assert isinstance(info.value, errors.DoesNotExist)
    assert "no longer exists" in str(info.value)
    assert await Product.get_or_none(id=1) is None
    assert await Product.filter(name="Ghost") == []
    assert await _count(Product) == 2


# -- tables ----------------------------------------------------------------------------------------


async def test_create_and_drop_table_are_idempotent(db: str) -> None:
    await Product(id=1, name="Laptop", price=999.99).save()
    try:
        await Product.create_table()  # exists already: nothing happens
        await Product.create_table()
        assert await _count(Product) == 1
        await Product.drop_table()
        await Product.drop_table()  # gone already: nothing happens
        with pytest.raises(errors.ProgrammingError):
            await Product.all()
    finally:
        await Product.create_table()
        await Product.create_table()
    assert await Product.all() == []


async def test_reserved_word_table_names(db: str) -> None:
    """``user`` and ``order`` are reserved words on some backends: every statement quotes them."""
    user = User(id=1, username="alice")
    await user.save()
    product = Product(id=1, name="Laptop", price=999.99)
    await product.save()
    order = Order(id=1, user=user, product=product)
    await order.save()

    loaded_user = await User.get(id=1)
    assert loaded_user.username == "alice"
    loaded_user.username = "alice2"
    await loaded_user.save()
    assert [u.username for u in await User.filter(username__in=["alice2"])] == ["alice2"]

    loaded_order = await Order.get(id=1)
    assert loaded_order.id == 1
    assert await Order.filter(id__gte=1) == [loaded_order]
    await loaded_order.save()
    await loaded_order.delete()
    assert await Order.all() == []
    assert await User.filter(id=1).delete() == 1
    try:
        await Order.drop_table()
        await User.drop_table()
    finally:
        await User.create_table()
        await Order.create_table()
