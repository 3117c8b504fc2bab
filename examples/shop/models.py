"""The usage guide's models, as the guide writes them.

``User`` lives on the ``db1`` connection and ``Product`` on ``db2``; ``Order`` uses the default
connection and refers to both, so its foreign keys cross databases (no constraint is emitted).
"""

from __future__ import annotations

from riverorm import Field, Model


class User(Model):
    id: int
    username: str
    orders: list[Order] = Field(default_factory=list)

    class Meta:
        db_alias = "db1"


class Product(Model):
    id: int = Field(pk=True)
    name: str
    price: float
    in_stock: bool = Field(True)

    class Meta:
        db_alias = "db2"


class Order(Model):
    id: int
    user: User
    product: Product
