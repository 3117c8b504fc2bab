"""riverorm's models of the benchmark tables (generated into ``bench/_river_product``)."""

from __future__ import annotations

from riverorm import Field, Model


class Product(Model):
    id: int | None = Field(None, pk=True)
    name: str = Field(max_length=100)
    price: float
    in_stock: bool = True

    class Meta:
        table = "bench_product"
