"""riverorm's models of the parent/child tables of ``prefetch`` (generated into
``bench/_river_relations``; kept apart from ``Product`` so that a relation feature riverorm lacks
cannot keep the other operations from running).
"""

from __future__ import annotations

from riverorm import Field, Model


class Parent(Model):
    id: int | None = Field(None, pk=True)
    name: str = Field(max_length=100)
    children: list[Child] = Field(default_factory=list)

    class Meta:
        table = "bench_parent"


class Child(Model):
    id: int | None = Field(None, pk=True)
    name: str = Field(max_length=100)
    parent: Parent

    class Meta:
        table = "bench_child"
