"""Correct code: mypy --strict with the plugin reports nothing here, and every type is exact."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar, assert_type

from case_models import Color, Item, Line, Order, Product, Tag, Tagging, User

from riverorm import Model, Q, Query

M = TypeVar("M", bound=Model)


async def the_guide() -> None:
    user = User(id=1, username="alice")
    product = Product(id=1, name="Laptop", price=999.99)
    order = Order(id=1, user=user, product=product)
    assert_type(order.user, User)
    assert_type(order.product, Product)
    assert_type(user.orders, list[Order])

    assert_type(await Product.get(id=1), Product)
    assert_type(await Product.get_or_none(name="Laptop"), Product | None)
    products = await Product.filter(in_stock=True, price__gte=500, price__lt=1000)
    assert_type(products, list[Product])
    product.name = "Apple MacBook"
    await product.save()


async def queries_keep_the_model() -> None:
    query = Product.filter(in_stock=True)
    assert_type(query, Query[Product])
    assert_type(query.filter(price__lt=1000).filter(name__startswith="A"), Query[Product])
    assert_type(await query.filter(price__lt=1000), list[Product])
    assert_type(Product.all(), Query[Product])
    assert_type(await Product.all(), list[Product])
    assert_type(await Order.get(user__username="alice"), Order)


async def the_query_surface() -> None:
    query = Product.filter(Q(price__lt=10) | Q(name="x"), in_stock=True)  # Q: not checked
    assert_type(query.exclude(name__istartswith="b").order_by("-price"), Query[Product])
    assert_type(Product.exclude(in_stock=False).limit(10).offset(20), Query[Product])
    assert_type(Order.filter(user__username="a").select_related("user"), Query[Order])
    assert_type(await query.get(id=1), Product)
    assert_type(await query.first(), Product | None)
    assert_type(await query.count(), int)
    assert_type(await query.exists(), bool)
    assert_type(await query.update(price=5, in_stock=False), int)
    assert_type(await query.delete(), int)
    assert_type(await query.values("id", "name"), list[dict[str, Any]])
    async for product in Product.filter(price__gte=1):
        assert_type(product, Product)
    created = await Product.create(id=3, name="Pen", price=1)
    assert_type(created, Product)
    user = await User.create(id=1, username="bob")
    await Order.create(id=1, user=user, product=created)
    await Order.filter(user=user).update(user=2, product=created)  # an instance or a key
    await Item.filter(code="A").update(weight=None, owner=None)


async def scalar_lookups() -> None:
    await Product.filter(
        id=1,
        id__ne=2,
        id__in=[1, 2],
        id__not_in=(3, 4),
        id__isnull=False,
        price=1,  # an int is a float
        price__gt=0.5,
        price__range=(1, 2.5),
        price__in={1.5, 2},
        name__iexact="laptop",
        name__contains="top",
        name__icontains="TOP",
        name__startswith="L",
        name__istartswith="l",
        name__endswith="p",
        name__iendswith="P",
        name__in=["a", "b"],
        name__not_in=frozenset({"c"}),
        name__gte="a",
        in_stock__ne=False,
        in_stock__in=[True],
    )
    await Item.filter(
        code="A-1",
        amount=Decimal("9.99"),
        amount__gte=1,  # an int is accepted where a Decimal is
        amount__range=(Decimal(1), 10),
        amount__in=[Decimal(1), 2],
        weight=None,  # IS NULL on an optional field
        weight__ne=None,
        weight__lt=3,
        weight__isnull=True,
        count__lte=10,
        day__range=(date(2024, 1, 1), date.today()),
        at=None,
        at__gte=time(9, 0),
        ref=uuid.uuid4(),
        ref__in=[uuid.uuid4()],
        blob=b"\x00",
        color=Color.RED,
        color__in=[Color.RED, Color.BLUE],
        flag=True,
        created__gte=datetime(2024, 1, 1),  # a field of the abstract base class
    )


async def relations() -> None:
    user = await User.get(id=1)
    await Order.filter(user=user)
    await Order.filter(user=1)  # the key of a User
    await Order.filter(user_id=1, user_id__in=[1, 2], user_id__gt=0)
    await Order.filter(user__in=[user, 2], user__not_in=(3,), user__isnull=False, user__ne=user)
    await Order.filter(user__username="alice", user__username__startswith="a", user__id__gte=1)
    await Order.filter(product__price__gte=500, product__in_stock=True)
    await Item.filter(owner=None, owner__isnull=True, owner_key=1, owner__username="bob")
    await Line.filter(item="A-1", item__in=["A-1"], item__gte="A")  # the str key of an Item
    await Line.filter(item__owner__username__iexact="bob", item__color=Color.RED)
    await Line.filter(item__owner_key__in=[1], id=None)


async def generated_keys(tags: list[Tag]) -> None:
    keys = [tag.id for tag in tags]  # list[int | None]
    await Tag.filter(id__in=keys, label=None)
    await Tagging.filter(tag__in=keys, tag=tags[0].id, tag_id__not_in=keys)


async def constructors() -> None:
    Item(
        code="A-1",
        amount=Decimal(1),
        day=date.today(),
        ref=uuid.uuid4(),
        color=Color.BLUE,
        flag=False,
        created=datetime.now(),
    )
    item = await Item.get(code="A-1")
    Line(item=item)  # id (None: generated) and quantity have defaults
    Product(id=2, name="Mouse", price=5, in_stock=False)


async def dynamic_and_generic(conditions: dict[str, Any], model: type[M]) -> list[M]:
    await Product.filter(**conditions)  # nothing to check statically
    await Product.filter(in_stock=True, **conditions)
    query: Query[M] = model.filter(anything=1)  # the model is not known: not checked
    return await query.filter(whatever=2)
