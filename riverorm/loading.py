"""Related objects loaded with their parents: ``select_related`` (JOINs, one query) and
``prefetch`` (one extra query per relation, also across databases). Never N+1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from riverorm.binding import compiled_for
from riverorm.compiler import SEP, Builder
from riverorm.errors import UnknownLookup
from riverorm.runtime import DialectQueries, Row

if TYPE_CHECKING:
    from riverorm.model import Model


@dataclass(frozen=True, slots=True)
class Joined:
    """One select_related path: where its columns sit in the row and how to build it."""

    path: tuple[str, ...]
    start: int
    stop: int
    pk_index: int  # position of its primary key inside its own columns
    queries: DialectQueries[Any]


def path_levels(paths: Sequence[str]) -> list[tuple[str, ...]]:
    """Every relation path to load, parents first: ``"tracks__genre"`` also loads ``"tracks"``."""
    levels = {tuple(p.split(SEP)[:n]) for p in paths for n in range(1, p.count(SEP) + 2)}
    return sorted(levels, key=lambda path: (len(path), path))


def select_list(b: Builder, related: Sequence[str]) -> tuple[str, tuple[Joined, ...]]:
    """The qualified select list of the base model and every select_related path."""
    parts = [b.q.select_columns.format(t=b.q.table)]
    joined: list[Joined] = []
    offset = len(b.q.columns)
    for path in path_levels(related):
        alias, target = b.alias(path)
        _, parent = b.alias(path[:-1])
        pk = compiled_for(parent.relations[path[-1]].target).pk
        count = len(target.columns)
        parts.append(target.select_columns.format(t=alias))
        joined.append(Joined(path, offset, offset + count, list(target.columns).index(pk), target))
        offset += count
    return ",\n    ".join(parts), tuple(joined)


def hydrate_joined(q: DialectQueries[Any], joined: Sequence[Joined], row: Row) -> Any:
    obj = q.hydrate(row)
    built: dict[tuple[str, ...], Any] = {(): obj}
    for j in joined:
        part = row[j.start : j.stop]  # type: ignore[index]
        parent = built[j.path[:-1]]
        related = None if part[j.pk_index] is None else j.queries.hydrate(part)
        built[j.path] = related
        if parent is not None:
            parent.__dict__[j.path[-1]] = related
    return obj


# -- prefetch -----------------------------------------------------------------------------------


async def prefetch(model: type[Model], objects: list[Any], paths: Sequence[str]) -> None:
    """Load every path for ``objects``, one query per path."""
    loaded: dict[tuple[str, ...], tuple[type[Model], list[Any]]] = {(): (model, objects)}
    for path in path_levels(paths):
        parent_model, parents = loaded[path[:-1]]
        loaded[path] = await _load(parent_model, parents, path[-1])


def _relation(model: type[Model], name: str) -> tuple[type[Model], str | None]:
    """The model a relation leads to, and the field pointing back (None for a foreign key)."""
    compiled = compiled_for(model)
    reverse = compiled.reverse.get(name)
    if reverse is not None:
        return reverse.target, reverse.field
    relations = next(iter(compiled.dialects.values())).relations
    relation = relations.get(name)
    if relation is None:
        raise UnknownLookup(
            f"{model.__name__} has no relation {name!r} to prefetch. Relations: "
            f"{', '.join([*compiled.reverse, *relations]) or 'none'}."
        )
    return relation.target, None


def check_prefetch(model: type[Model], path: str) -> None:
    """Refuse a prefetch path that names no relation, before anything is sent."""
    for name in path.split(SEP):
        model, _ = _relation(model, name)


async def _load(model: type[Model], parents: list[Any], name: str) -> tuple[type[Model], list[Any]]:
    target, back = _relation(model, name)
    if back is not None:
        return target, await _load_reverse(model, parents, name, target, back)
    return target, await _load_forward(parents, name, target)


async def _load_reverse(
    model: type[Model], parents: list[Any], name: str, target: type[Model], back: str
) -> list[Any]:
    pk = compiled_for(model).pk
    by_key: dict[Any, Any] = {}
    for parent in parents:
        if parent is not None:
            parent.__dict__[name] = []
            by_key[parent.__dict__[pk]] = parent
    if not by_key:
        return []
    children = await target.filter(**{f"{back}__in": list(by_key)})
    for child in children:
        stub = child.__dict__[back]
        parent = by_key.get(stub.__dict__[pk]) if stub is not None else None
        if parent is not None:
            parent.__dict__[name].append(child)
            child.__dict__[back] = parent  # the loaded parent, not a key-only stand-in
    return children


async def _load_forward(parents: list[Any], name: str, target: type[Model]) -> list[Any]:
    pk = compiled_for(target).pk
    keys = {
        stub.__dict__[pk]
        for parent in parents
        if parent is not None and (stub := parent.__dict__.get(name)) is not None
    }
    if not keys:
        return []
    found = {obj.__dict__[pk]: obj for obj in await target.filter(**{f"{pk}__in": list(keys)})}
    for parent in parents:
        stub = parent.__dict__.get(name) if parent is not None else None
        if stub is not None:
            parent.__dict__[name] = found.get(stub.__dict__[pk], stub)
    return list(found.values())
