"""``Q``: lookups combined with AND, OR and NOT, as in ``Q(a=1) | ~Q(b=2)``."""

from __future__ import annotations

from typing import Any, Literal

Connector = Literal["AND", "OR"]
Leaf = tuple[str, Any]
Node = "Q | Leaf"


class Q:
    """A filter condition. Keyword lookups inside one ``Q`` are ANDed; combine with ``&``, ``|``
    and ``~``. ``Model.filter(Q(...) | Q(...), price__gte=1)`` takes them beside keywords."""

    __slots__ = ("children", "connector", "negated")

    def __init__(self, *conditions: Q, **lookups: Any) -> None:
        for condition in conditions:
            if not isinstance(condition, Q):
                raise TypeError(f"Q() takes Q objects and keyword lookups, not {condition!r}.")
        self.children: tuple[Q | Leaf, ...] = (*conditions, *lookups.items())
        self.connector: Connector = "AND"
        self.negated = False

    @classmethod
    def _make(cls, connector: Connector, children: tuple[Q | Leaf, ...], negated: bool) -> Q:
        q: Q = cls()
        q.children, q.connector, q.negated = children, connector, negated
        return q

    def _combine(self, other: object, connector: Connector) -> Q:
        if not isinstance(other, Q):
            raise TypeError(f"Q combines with Q objects only, not {other!r}.")
        return Q._make(connector, (self, other), False)

    def __and__(self, other: Q) -> Q:
        return self._combine(other, "AND")

    def __or__(self, other: Q) -> Q:
        return self._combine(other, "OR")

    def __invert__(self) -> Q:
        return Q._make(self.connector, self.children, not self.negated)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Q):
            return NotImplemented
        return (self.children, self.connector, self.negated) == (
            other.children,
            other.connector,
            other.negated,
        )

    def __hash__(self) -> int:
        return hash((self.connector, self.negated, len(self.children)))

    def __repr__(self) -> str:
        parts = [repr(c) if isinstance(c, Q) else f"{c[0]}={c[1]!r}" for c in self.children]
        body = f" {self.connector} ".join(parts) if len(parts) > 1 else "".join(parts)
        return f"{'NOT ' if self.negated else ''}Q({body})"
