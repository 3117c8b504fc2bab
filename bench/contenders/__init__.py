"""The contenders: which library, on which backends, in which virtual environment.

Standard library only: the orchestrator reads this registry without importing any contender.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.targets import Backend


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    module: str  # bench.contenders.<module>, defining ``Contender`` subclass ``cls``
    cls: str
    backends: tuple[Backend, ...]
    venv: str  # "main" or "ormar" (ormar pins an older pydantic and asyncpg)
    package: str  # the distribution whose version the report shows


ENTRIES: tuple[Entry, ...] = (
    Entry("raw", "asyncpg (raw)", "raw_pg", "RawAsyncpg", ("pg",), "main", "asyncpg"),
    Entry(
        "raw+pydantic",
        "asyncpg + pydantic",
        "raw_pg",
        "AsyncpgPydantic",
        ("pg",),
        "main",
        "pydantic",
    ),
    Entry("raw", "aiomysql (raw)", "raw_mysql", "RawAiomysql", ("mysql",), "main", "aiomysql"),
    Entry("raw", "aiosqlite (raw)", "raw_sqlite", "RawAiosqlite", ("sqlite",), "main", "aiosqlite"),
    Entry(
        "riverorm", "riverorm", "river", "RiverORM", ("pg", "mysql", "sqlite"), "main", "riverorm"
    ),
    Entry(
        "tortoise",
        "Tortoise ORM",
        "tortoise_peer",
        "TortoiseORM",
        ("pg", "mysql", "sqlite"),
        "main",
        "tortoise-orm",
    ),
    Entry(
        "sqlalchemy",
        "SQLAlchemy ORM",
        "sqlalchemy_peer",
        "SQLAlchemyORM",
        ("pg", "mysql", "sqlite"),
        "main",
        "sqlalchemy",
    ),
    Entry("piccolo", "Piccolo", "piccolo_peer", "PiccoloORM", ("pg",), "main", "piccolo"),
    Entry("ormar", "ormar", "ormar_peer", "OrmarORM", ("pg",), "ormar", "ormar"),
)

BASELINE = "raw"  # the key of the raw-driver contender every ratio is taken to
CONTENDER_KEYS: tuple[str, ...] = tuple(dict.fromkeys(e.key for e in ENTRIES))


def entries_for(backend: Backend, keys: tuple[str, ...] | None = None) -> list[Entry]:
    """The contenders of ``backend`` in run (and report) order, the baseline first."""
    return [
        e
        for e in ENTRIES
        if backend in e.backends and (keys is None or e.key in keys or e.key == BASELINE)
    ]


def entry(backend: Backend, key: str) -> Entry:
    for e in ENTRIES:
        if e.key == key and backend in e.backends:
            return e
    raise KeyError(f"no contender {key!r} on {backend}")
