"""Wrong code: each "E:" comment line names an error mypy must report on the next code line.

A fragment must occur in the error's text (which ends with its ``[code]``); ``...`` stands for any
text. Several comment lines before one code line expect that many errors there.
"""

from __future__ import annotations

from datetime import date

from case_models import Color, Item, Line, Order, Product, Tag, Timestamped, User


async def unknown_names() -> None:
    # E: Product has no field or lookup "nme" (fields: id, in_stock, name, price); ... "name"?
    await Product.get(nme="x")
    # E: Product has no field "nme" in "nme__startswith" (fields: ...); did you mean "name"?
    await Product.filter(nme__startswith="x")
    # E: Product.price (float) has no lookup "icontains" in "price__icontains" (lookups: gt, gte,
    await Product.filter(price__icontains="x")
    # E: Product.in_stock (bool) has no lookup "gt" ... (lookups: in, isnull, ne, not_in)
    await Product.filter(in_stock__gt=True)
    # E: "price__exact" is not a lookup: write "price" for equality  [call-arg]
    await Product.filter(price__exact=3)
    # E: has no lookup "gte__lt"
    await Product.filter(price__gte__lt=3)
    # E: has no lookup "" in "price__"
    await Product.filter(price__=3)
    # E: Product has no field or lookup "nme"
    await Product.filter(in_stock=True).filter(nme="x")
    # E: Product has no field or lookup "nme"
    await Product.get_or_none(nme="x")
    # E: Product has no field or lookup "kind" (fields: id, in_stock, name, price)
    await Product.filter(kind="product")  # a ClassVar
    # E: Item.color (Color) has no lookup "contains"
    await Item.filter(color__contains="r")
    # E: Item has no field or lookup "owner_id" (fields: ...); did you mean "owner"?
    await Item.filter(owner_id=1)  # the key of `owner` is named by its column=, "owner_key"
    # E: User.orders is the reverse side of a relation and cannot be filtered on; filter Order by
    await User.filter(orders=[])
    # E: User.orders is the reverse side of a relation
    await Order.filter(user__orders__isnull=True)
    # E: Order.user (User) has no field or lookup "usrname" ... did you mean "username"?
    await Order.filter(user__usrname="x")
    # E: User.username (str) has no lookup "foo" in "user__username__foo"
    await Order.filter(user__username__foo="x")
    # E: Order.user_id (int) has no lookup "username" in "user_id__username" (lookups: gt, gte,
    await Order.filter(user_id__username="x")  # the key name does not lead across the relation


async def wrong_values() -> None:
    # E: Argument "price__gte" to "filter" of "Product" ... type "str"; expected "float"
    await Product.filter(price__gte="cheap")
    # E: Argument "in_stock__in" ... "int"; expected "Sequence[bool] | AbstractSet[bool]"
    await Product.filter(in_stock__in=3)
    # E: Argument "name__contains" to "filter" of "Product" ... type "int"; expected "str"
    await Product.filter(name__contains=5)
    # E: Argument "name__in" takes a list, tuple or set of values, not a str  [arg-type]
    await Product.filter(name__in="abc")
    # E: Argument "name" to "filter" of "Product" has incompatible type "None"; expected "str"
    await Product.filter(name=None)
    # E: Argument "price__range" ... type "tuple[int, str]"; expected "tuple[float, float]"
    await Product.filter(price__range=(1, "2"))
    # E: incompatible type "list[int]"; expected "tuple[float, float]"
    await Product.filter(price__range=[1, 2])
    # E: Argument "price__isnull" ... expected "bool"
    await Product.filter(price__isnull=None)
    # E: List item 1 has incompatible type "str"; expected "int"
    await Product.filter(id__in=[1, "2"])
    # E: Argument "id" to "get" of "Product" has incompatible type "str"; expected "int"
    await Product.get(id="1")
    # E: Argument "price__lt" to "filter" of "Product" has incompatible type "str"
    await Product.filter(in_stock=True).filter(price__lt="x")
    # E: incompatible type "float"; expected "Decimal | int"
    await Item.filter(amount=1.5)
    # E: expected "date"
    await Item.filter(day__gte="2024-01-01")
    # E: expected "Color"
    await Item.filter(color="red")
    # E: Argument "weight__gt" ... incompatible type "None"; expected "float"
    await Item.filter(weight__gt=None)
    # E: Argument "item" to "filter" of "Line" has incompatible type "int"; expected "Item | str"
    await Line.filter(item=1)
    # E: incompatible type "type[Color]"; expected "Color"
    await Line.filter(item__color=Color)
    # E: Argument "user" to "filter" of "Order" ... "Product"; expected "User | int"
    await Order.filter(user=await Product.get(id=1))
    # E: Argument "user_id" ... incompatible type "User"; expected "int"
    await Order.filter(user_id=User(id=1, username="x"))
    # E: Argument "user__username__startswith" ... expected "str"
    await Order.filter(user__username__startswith=1)
    # E: Argument "product__price__gte" ... expected "float"
    await Order.filter(product__price__gte="x")
    # E: List item 1 has incompatible type "None"; expected "str"  [list-item]
    await Tag.filter(label__in=["a", None])  # NULL never matches IN: use label__isnull
    # E: Argument "id__gt" to "filter" of "Tag" has incompatible type "None"; expected "int"
    await Tag.filter(id__gt=None)
    await Product.filter(
        in_stock=True,
        # E: Argument "price__gte" to "filter" of "Product" has incompatible type "str"
        price__gte="cheap",  # reported on the argument's own line
        # E: Product has no field or lookup "nme"
        nme=1,
    )


async def the_query_surface() -> None:
    # E: Product has no field or lookup "nme"
    await Product.exclude(nme="x")
    # E: Argument "price__lt" to "exclude" of "Product" has incompatible type "str"
    await Product.filter(in_stock=True).exclude(price__lt="x")
    # E: Argument "id" to "get" of "Product" has incompatible type "str"; expected "int"
    await Product.filter(in_stock=True).get(id="1")
    # E: Line.item (Item) has no field or lookup "startswith"
    await Line.filter(item__startswith="A")  # a foreign key compares as its key, no text lookups
    # E: Product has no stored field "nme" to set (fields: id, in_stock, name, price); ... "name"?
    await Product.filter(id=1).update(nme="x")
    # E: Argument "price" to "update" of "Product" has incompatible type "str"; expected "float"
    await Product.filter(id=1).update(price="x")
    # E: Argument "name" to "update" of "Product" has incompatible type "None"; expected "str"
    await Product.filter(id=1).update(name=None)
    # E: Order has no stored field "user_id" to set
    await Order.filter(id=1).update(user_id=1)  # update() takes the relation field, user=
    # E: User has no stored field "orders" to set
    await User.filter(id=1).update(orders=[])
    # E: Timestamped is abstract (Meta.abstract = True) and has no table; query a concrete subclass
    await Timestamped.filter(created__isnull=False)
    # E: Missing named argument "id" for "create" of "Product"  [call-arg]
    await Product.create(name="Pen", price=1)
    # E: Argument "price" to "create" of "Product" has incompatible type "str"; expected "float"
    await Product.create(id=1, name="Pen", price="1")
    # E: Unexpected keyword argument "nme" for "create" of "Product"
    await Product.create(id=1, name="Pen", price=1, nme="x")


def constructors() -> None:
    # E: Missing named argument "id" for "Product"  [call-arg]
    Product(name="Laptop", price=999.99)  # Field(pk=True) declares no default
    # E: Argument "name" to "Product" has incompatible type "int"; expected "str"  [arg-type]
    Product(id=1, name=3, price=1.0)
    # E: Argument "price" to "Product" has incompatible type "str"; expected "float"
    Product(id=1, name="x", price="1")
    # E: Unexpected keyword argument "colour" for "Product"
    Product(id=1, name="x", price=1.0, colour="red")
    # E: Argument "user" to "Order" has incompatible type "Product"; expected "User"
    # E: Argument "product" to "Order" has incompatible type "int"; expected "Product"
    Order(id=1, user=Product(id=1, name="x", price=1.0), product=1)
    # E: Missing named argument "created" for "Item"
    # E: Missing named argument "code" for "Item"
    # E: Missing named argument "ref" for "Item"
    # E: Missing named argument "color" for "Item"
    # E: Missing named argument "flag" for "Item"
    # E: Argument "amount" to "Item" has incompatible type "int"; expected "Decimal"
    Item(amount=1, day=date.today())
    # E: Missing named argument "item" for "Line"
    Line()
