"""filter() / get() lookups: ``field`` and ``field__lookup`` keywords, on every backend."""

from __future__ import annotations

from typing import Any

import pytest

from examples.shop.models import Product
from riverorm import errors
from tests import models as m


async def _products() -> None:
    for product in (
        Product(id=1, name="Laptop", price=999.99),
        Product(id=2, name="Mouse", price=25.0),
        Product(id=3, name="Keyboard", price=49.5, in_stock=False),
        Product(id=4, name="Monitor", price=500.0),
    ):
        await product.save()


async def _ids(**lookups: Any) -> list[int]:
    return sorted(p.id for p in await Product.filter(**lookups))


@pytest.mark.parametrize(
    ("lookups", "expected"),
    [
        ({}, [1, 2, 3, 4]),
        ({"id": 2}, [2]),
        ({"name": "Keyboard"}, [3]),
        ({"in_stock": False}, [3]),
        ({"price": 500.0}, [4]),
        ({"id__ne": 2}, [1, 3, 4]),
        ({"in_stock__ne": True}, [3]),
        ({"price__gt": 49.5}, [1, 4]),
        ({"price__gte": 49.5}, [1, 3, 4]),
        ({"price__lt": 49.5}, [2]),
        ({"price__lte": 49.5}, [2, 3]),
        ({"name__gt": "Laptop"}, [2, 4]),
        ({"name__lt": "Laptop"}, [3]),
        ({"id__in": [1, 3]}, [1, 3]),
        ({"id__in": (4,)}, [4]),
        ({"id__in": {2, 4, 99}}, [2, 4]),
        ({"name__in": ["Mouse", "Nope"]}, [2]),
        ({"id__in": []}, []),
        ({"id__isnull": False}, [1, 2, 3, 4]),
        ({"id__isnull": True}, []),
        ({"in_stock": True, "price__gte": 500, "price__lt": 1000}, [1, 4]),
        ({"id__in": [], "price__gt": 0}, []),
        ({"price__gt": 10, "price__lt": 30, "in_stock": True}, [2]),
    ],
    ids=repr,
)
async def test_lookup(db: str, lookups: dict[str, Any], expected: list[int]) -> None:
    await _products()
    assert await _ids(**lookups) == expected


async def test_filter_chains_with_and(db: str) -> None:
    await _products()
    query = Product.filter(in_stock=True).filter(price__lt=600)
    assert sorted(p.id for p in await query) == [2, 4]
    assert "in_stock=True" in repr(query) and "price__lt=600" in repr(query)


async def test_the_same_shape_with_other_values(db: str) -> None:
    """Statements are cached by shape; every call still binds its own values."""
    await _products()
    assert await _ids(id__in=[1]) == [1]
    assert await _ids(id__in=[1, 2]) == [1, 2]
    assert await _ids(id__in=[3]) == [3]
    assert await _ids(id__in=[]) == []
    assert await _ids(id__in=[4, 1, 2]) == [1, 2, 4]
    for product_id in (1, 2, 3, 4, 5):
        assert await _ids(id=product_id) == ([product_id] if product_id < 5 else [])


async def _customers() -> tuple[m.Customer, m.Customer, m.Customer]:
    with_company = m.Customer(
        first_name="Luís", last_name="Gonçalves", company="Embraer", email="luisg@embraer.com.br"
    )
    other_company = m.Customer(
        first_name="František", last_name="Wichterlová", company="JetBrains", email="fw@jb.com"
    )
    without = m.Customer(first_name="Leonie", last_name="Köhler", email="leonekohler@surfeu.de")
    for customer in (with_company, other_company, without):
        await customer.save()
    return with_company, other_company, without


async def test_none_means_is_null(db: str) -> None:
    a, b, none = await _customers()
    assert [c.id for c in await m.Customer.filter(company=None)] == [none.id]
    assert [c.id for c in await m.Customer.filter(company__isnull=True)] == [none.id]
    assert sorted(c.id for c in await m.Customer.filter(company__isnull=False)) == [a.id, b.id]
    assert sorted(c.id for c in await m.Customer.filter(company__ne=None)) == [a.id, b.id]
    assert (await m.Customer.get(company=None)).id == none.id


async def test_ne_on_a_nullable_column_keeps_null_rows(db: str) -> None:
    """``x__ne=v`` is "not equal to v": a NULL is not equal to v, on every backend alike."""
    _, b, none = await _customers()
    found = sorted(c.id for c in await m.Customer.filter(company__ne="Embraer"))
    assert found == sorted([b.id, none.id])


async def test_comparison_lookups_exist_only_for_ordered_types(db: str) -> None:
    with pytest.raises(errors.UnknownLookup, match="in_stock__gt"):
        await Product.filter(in_stock__gt=False)


@pytest.mark.parametrize("key", ["colour", "nmae", "price__foo", "price__gt__lt", "__", "id__"])
async def test_unknown_field_or_lookup(db: str, key: str) -> None:
    with pytest.raises(errors.UnknownLookup) as info:
        await Product.filter(**{key: 1})
    message = str(info.value)
    assert repr(key) in message
    assert "Fields: id, in_stock, name, price" in message
    for lookup in ("gt", "gte", "in", "isnull", "lt", "lte", "ne"):
        assert lookup in message.split("Lookups", 1)[1]
    assert isinstance(info.value, errors.UsageError)
    assert isinstance(info.value, TypeError)


async def test_unknown_lookup_suggests_close_names(db: str) -> None:
    with pytest.raises(errors.UnknownLookup, match="Did you mean name"):
        await Product.filter(nmae="Laptop")
    with pytest.raises(errors.UnknownLookup, match="price__gte"):
        await Product.get(price__gtee=1)
    with pytest.raises(errors.UnknownLookup):
        await Product.filter(nope=1).delete()


HOSTILE = [
    "'; DROP TABLE product; --",
    '"; DROP TABLE "product"; --',
    "`; DROP TABLE `product`; --",
    "Robert'); DELETE FROM product WHERE ('1' = '1",
    "%s",
    "%(name)s",
    "%%",
    "?",
    "?, ?",
    "$1",
    "$1::text",
    ":name",
    "{}",
    "{0}",
    "O'Brien",
    "\\",
    "\\'",
    "' OR '1'='1",
    "--",
    "/* comment */",
    "line\nbreak\ttab\r",
    "ünïcödé ☃ 𝄞",
]


@pytest.mark.parametrize("value", HOSTILE, ids=repr)
async def test_hostile_strings_are_only_ever_parameters(db: str, value: str) -> None:
    await _products()
    hostile = Product(id=99, name=value, price=1.0)
    await hostile.save()
    assert await Product.get(name=value) == hostile
    assert await Product.filter(name=value) == [hostile]
    assert await _ids(name__in=[value, "Mouse"]) == [2, 99]
    assert await _ids(name__ne=value) == [1, 2, 3, 4]
    loaded = await Product.get(id=99)
    assert loaded.name == value
    loaded.name = value + value
    await loaded.save()
    assert (await Product.get(id=99)).name == value + value
    assert await Product.filter(name=value) == []
    assert await Product.filter(name=value).delete() == 0
    assert await _ids() == [1, 2, 3, 4, 99]  # nothing else was touched, the table is there


async def test_hostile_lookup_keys_are_refused(db: str) -> None:
    await _products()
    for key in ("name = name OR 1", "name; DROP TABLE product", 'name" --', "id) OR (1=1"):
        with pytest.raises(errors.UnknownLookup):
            await Product.filter(**{key: 1})
    assert await _ids() == [1, 2, 3, 4]


async def test_isnull_follows_the_truth_of_each_value(db: str) -> None:
    """``isnull`` with 1/0 (not True/False) must not reuse the statement of another value.

    Refusing a value that is not a bool would do as well; answering the wrong rows would not.
    """
    a, b, none = await _customers()
    null, not_null = [none.id], sorted([a.id, b.id])
    for first, second in ((1, 0), (0, 1)):
        try:
            got_first = sorted(c.id for c in await m.Customer.filter(company__isnull=first))
            got_second = sorted(c.id for c in await m.Customer.filter(company__isnull=second))
        except errors.UsageError:
            continue
        assert got_first == (null if first else not_null), f"company__isnull={first}"
        assert got_second == (null if second else not_null), f"company__isnull={second}"
