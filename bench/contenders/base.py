"""What a contender implements: each operation as a loop of awaited calls through its normal API.

Each method performs *all* the calls of one measurement (the harness times the whole loop, so no
harness code runs between two calls) and returns how many objects it handled, which the harness
compares with what a correct run returns. Inputs (keys, rows) are prepared outside the timing;
building the contender's own objects from them is part of the timed work.

The product table is ``bench_product (id, name, price, in_stock)``; ``bench_parent (id, name)`` and
``bench_child (id, name, parent_id)`` serve ``prefetch``. The filters of ``filter_small`` are
``in_stock = true AND price >= 500 AND price < 1000`` (``SMALL_PRICE_LOW``/``SMALL_PRICE_HIGH``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from bench.targets import Backend, Target
from bench.workload import NewRow, Op


class Contender(ABC):
    """One library on one backend, living in its own process for one round."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.backend: Backend = target.backend
        # Operations this contender cannot run (yet), with the reason shown as "n/a".
        self.unavailable: dict[Op, str] = {}

    @abstractmethod
    async def open(self) -> None:
        """Connect / initialise the library. Not timed."""

    @abstractmethod
    async def close(self) -> None:
        """Release every connection."""

    @abstractmethod
    async def get_by_pk(self, ids: Sequence[int]) -> int:
        """One lookup per key; the number of objects whose key matched."""

    @abstractmethod
    async def filter_small(self, calls: int) -> int:
        """The small filter, ``calls`` times; the total number of objects."""

    @abstractmethod
    async def filter_large(self, calls: int) -> int:
        """Every product, ``calls`` times; the total number of objects."""

    @abstractmethod
    async def prefetch(self, calls: int) -> int:
        """Every parent with its children, ``calls`` times; the total number of children."""

    @abstractmethod
    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        """Load the objects ``update_one`` will change (not timed)."""

    @abstractmethod
    async def update_one(self, objects: list[Any]) -> int:
        """Add 1.0 to each object's price and save it, one call per object."""

    @abstractmethod
    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        """Insert each row as a new object; the number of objects that got their key back."""

    @abstractmethod
    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        """Insert each batch in one call; the total number of rows."""
