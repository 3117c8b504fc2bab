"""What every contender is asked to do: the operations, their counts and the seeded data.

Everything here is derived from one fixed seed, so every contender (in every process and round)
reads the same rows, looks up the same keys and inserts the same values. Standard library only:
the orchestrator imports this module without the benchmark's virtual environments.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

SEED = 20240501
PRODUCT_TABLE = "bench_product"
PARENT_TABLE = "bench_parent"
CHILD_TABLE = "bench_child"

# filter_small: in_stock = TRUE AND price >= 500 AND price < 1000. Prices are uniform in
# [0, 2500) and half the rows are in stock, so about a tenth of the rows match.
PRICE_MAX = 2500.0
SMALL_PRICE_LOW = 500.0
SMALL_PRICE_HIGH = 1000.0

Op = Literal[
    "get_by_pk",
    "filter_small",
    "filter_large",
    "prefetch",
    "update_one",
    "insert_one",
    "bulk_insert",
]
# Run order: reads first, so that they see exactly the seeded rows; then the writes.
OPS: tuple[Op, ...] = (
    "get_by_pk",
    "filter_small",
    "filter_large",
    "prefetch",
    "update_one",
    "insert_one",
    "bulk_insert",
)
OP_HELP: dict[Op, str] = {
    "get_by_pk": "one object by primary key",
    "filter_small": "in_stock and 500 <= price < 1000, as objects",
    "filter_large": "every seeded row, as objects",
    "prefetch": "every parent with its children (two queries or a join)",
    "update_one": "change one field of a loaded object and save it",
    "insert_one": "build one object and insert it, getting its generated key",
    "bulk_insert": "insert a batch of rows in one call",
}

NewRow = tuple[str, float, bool]  # name, price, in_stock: a product without its key


@dataclass(frozen=True)
class Profile:
    """How much work one round does. Every count is a number of awaited calls, one after another."""

    name: str
    seed_rows: int
    parents: int
    children_per_parent: int
    get_calls: int
    filter_small_calls: int
    filter_large_calls: int
    prefetch_calls: int
    update_calls: int
    insert_calls: int
    bulk_calls: int
    bulk_rows: int
    warmup_calls: int  # untimed calls of each operation before it is timed
    warmup_bulk_rows: int

    def calls(self, op: Op) -> int:
        return {
            "get_by_pk": self.get_calls,
            "filter_small": self.filter_small_calls,
            "filter_large": self.filter_large_calls,
            "prefetch": self.prefetch_calls,
            "update_one": self.update_calls,
            "insert_one": self.insert_calls,
            "bulk_insert": self.bulk_calls,
        }[op]


FULL = Profile(
    name="full",
    seed_rows=10_000,
    parents=100,
    children_per_parent=10,
    get_calls=2_000,
    filter_small_calls=20,
    filter_large_calls=5,
    prefetch_calls=20,
    update_calls=1_000,
    insert_calls=1_000,
    bulk_calls=3,
    bulk_rows=10_000,
    warmup_calls=20,
    warmup_bulk_rows=200,
)
QUICK = Profile(
    name="quick",
    seed_rows=1_000,
    parents=100,
    children_per_parent=10,
    get_calls=50,
    filter_small_calls=2,
    filter_large_calls=1,
    prefetch_calls=1,
    update_calls=50,
    insert_calls=50,
    bulk_calls=1,
    bulk_rows=1_000,
    warmup_calls=2,
    warmup_bulk_rows=20,
)
PROFILES = {p.name: p for p in (FULL, QUICK)}


class Workload:
    """The data and inputs of one profile, the same in every process."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    @cached_property
    def seed_products(self) -> list[NewRow]:
        """Rows 1..seed_rows (ids are assigned in this order by the database)."""
        rng = random.Random(SEED)
        return [
            (f"product-{i:05d}", round(rng.uniform(0.0, PRICE_MAX), 2), rng.random() < 0.5)
            for i in range(1, self.profile.seed_rows + 1)
        ]

    @cached_property
    def expected_small(self) -> int:
        return sum(
            1
            for _, price, in_stock in self.seed_products
            if in_stock and SMALL_PRICE_LOW <= price < SMALL_PRICE_HIGH
        )

    def _ids(self, salt: int, count: int) -> list[int]:
        rng = random.Random(SEED + salt)
        return [rng.randint(1, self.profile.seed_rows) for _ in range(count)]

    @cached_property
    def get_ids(self) -> list[int]:
        return self._ids(1, self.profile.get_calls)

    @cached_property
    def warmup_get_ids(self) -> list[int]:
        return self._ids(2, self.profile.warmup_calls)

    @cached_property
    def update_ids(self) -> list[int]:
        """Distinct keys, so that each update changes a different row exactly once."""
        return list(range(1, self.profile.update_calls + 1))

    @cached_property
    def warmup_update_ids(self) -> list[int]:
        start = self.profile.update_calls + 1
        return list(range(start, start + self.profile.warmup_calls))

    def new_rows(self, salt: int, count: int) -> list[NewRow]:
        rng = random.Random(SEED + salt)
        return [
            (f"new-{salt}-{i:06d}", round(rng.uniform(0.0, PRICE_MAX), 2), rng.random() < 0.5)
            for i in range(count)
        ]

    @cached_property
    def insert_rows(self) -> list[NewRow]:
        return self.new_rows(3, self.profile.insert_calls)

    @cached_property
    def warmup_insert_rows(self) -> list[NewRow]:
        return self.new_rows(4, self.profile.warmup_calls)

    @cached_property
    def bulk_batches(self) -> list[list[NewRow]]:
        return [
            self.new_rows(10 + n, self.profile.bulk_rows) for n in range(self.profile.bulk_calls)
        ]

    @cached_property
    def warmup_bulk_batch(self) -> list[NewRow]:
        return self.new_rows(5, self.profile.warmup_bulk_rows)

    def seed_price(self, pk: int) -> float:
        return self.seed_products[pk - 1][1]

    @property
    def parent_names(self) -> list[str]:
        return [f"parent-{p:03d}" for p in range(1, self.profile.parents + 1)]

    @property
    def child_rows(self) -> list[tuple[int, str]]:
        """(parent_id, name) of every child, parents numbered from 1 in seeding order."""
        per = self.profile.children_per_parent
        return [
            (p, f"child-{p:03d}-{c:02d}")
            for p in range(1, self.profile.parents + 1)
            for c in range(per)
        ]

    def expected(self, op: Op) -> int:
        """What a correct run of ``op`` returns: the number of objects it handled."""
        p = self.profile
        return {
            "get_by_pk": p.get_calls,
            "filter_small": self.expected_small * p.filter_small_calls,
            "filter_large": p.seed_rows * p.filter_large_calls,
            "prefetch": p.parents * p.children_per_parent * p.prefetch_calls,
            "update_one": p.update_calls,
            "insert_one": p.insert_calls,
            "bulk_insert": p.bulk_calls * p.bulk_rows,
        }[op]
