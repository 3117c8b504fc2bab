"""Counting round trips on the client, the same way for every contender.

PostgreSQL and MySQL: the contender process runs on :class:`CountingLoop`, whose socket
transports count *flights*. A flight starts when the client sends after it last received (or
sends for the first time); everything it sends before the next reply belongs to the same flight.
So a pipelined Parse/Bind/Execute/Sync is one round trip, BEGIN + query + COMMIT is three, a
result set that arrives in many reads is still one, and asyncpg's pool reset query on release is
one more. Only the database connections open sockets in a contender process.

SQLite has no network: a round trip is one hop to aiosqlite's worker thread (one queued call of
``aiosqlite.Connection._execute``), which is what an awaited statement costs there.

Nothing here reads the server's statistics, so the counts are per process and exact, whatever
else runs on the server.
"""

from __future__ import annotations

import asyncio
import functools
from asyncio.selector_events import _SelectorSocketTransport  # type: ignore[attr-defined]
from collections.abc import Callable, Coroutine
from typing import Any


class TripCounter:
    __slots__ = ("trips",)

    def __init__(self) -> None:
        self.trips = 0


COUNTER = TripCounter()


class _CountingTransport(_SelectorSocketTransport):  # type: ignore[misc]
    _bench_sending = False

    def write(self, data: Any) -> None:
        if not self._bench_sending:
            self._bench_sending = True
            COUNTER.trips += 1
        super().write(data)

    def writelines(self, list_of_data: Any) -> None:
        if not self._bench_sending:
            self._bench_sending = True
            COUNTER.trips += 1
        super().writelines(list_of_data)

    def _read_ready(self) -> None:
        self._bench_sending = False
        super()._read_ready()


class CountingLoop(asyncio.SelectorEventLoop):
    """The default selector loop, except that its TCP transports count flights."""

    def _make_socket_transport(
        self,
        sock: Any,
        protocol: Any,
        waiter: Any = None,
        *,
        extra: Any = None,
        server: Any = None,
    ) -> Any:
        return _CountingTransport(self, sock, protocol, waiter, extra, server)


def count_aiosqlite_hops() -> None:
    """Count every call aiosqlite hands to its worker thread (when aiosqlite is installed)."""
    try:
        from aiosqlite.core import Connection
    except ImportError:  # a venv without aiosqlite runs no SQLite contender
        return
    original: Callable[..., Coroutine[Any, Any, Any]] = Connection._execute
    if getattr(original, "_bench_counted", False):
        return

    @functools.wraps(original)
    async def _execute(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        COUNTER.trips += 1
        return await original(self, fn, *args, **kwargs)

    _execute._bench_counted = True  # type: ignore[attr-defined]
    Connection._execute = _execute  # type: ignore[method-assign]
