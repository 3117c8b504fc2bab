"""One column of every supported kind, a few of them Optional."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time
from decimal import Decimal

from pydantic import AwareDatetime

from riverorm import Field, Model


class Kind(enum.Enum):
    A = "a"
    BB = "bb"


class Rank(enum.IntEnum):
    ONE = 1
    TWO = 2


class Everything(Model):
    key: uuid.UUID = Field(pk=True)
    n: int
    x: float
    flag: bool
    text: str
    short: str = Field(max_length=8)
    amount: Decimal = Field(max_digits=9, decimal_places=3)
    loose_amount: Decimal | None = None
    at: datetime
    at_tz: AwareDatetime
    day: date
    clock: time
    other: uuid.UUID | None = None
    blob: bytes
    kind: Kind
    rank: Rank | None = None
