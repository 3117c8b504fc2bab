"""Models the typing cases are checked against: the guide's shop, and one field of every kind."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import ClassVar

from riverorm import Field, Model


class User(Model):
    id: int
    username: str
    orders: list[Order] = Field(default_factory=list)


class Product(Model):
    kind: ClassVar[str] = "product"  # not a field
    id: int = Field(pk=True)
    name: str
    price: float
    in_stock: bool = Field(True)


class Order(Model):
    id: int
    user: User
    product: Product


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Timestamped(Model):
    created: datetime

    class Meta:
        abstract = True


class Item(Timestamped):
    """A str primary key, every scalar kind, optional fields and a renamed nullable foreign key."""

    code: str = Field(pk=True, max_length=20)
    amount: Decimal
    weight: float | None = None
    count: int = 0
    day: date
    at: time | None = None
    ref: uuid.UUID
    blob: bytes = b""
    color: Color
    flag: bool
    owner: User | None = Field(None, column="owner_key")


class Line(Model):
    id: int | None = Field(None, pk=True)
    item: Item
    quantity: int = Field(1)


class Tag(Model):
    """A database-generated key: ``id`` is typed ``int | None`` until the row is saved."""

    id: int | None = Field(None, pk=True)
    label: str | None = None


class Tagging(Model):
    id: int | None = Field(None, pk=True)
    tag: Tag
