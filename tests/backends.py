"""Which database servers the suite runs against, and how it reaches them."""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from riverorm.db import Database, MySQLDatabase, PostgresDatabase, SQLiteDatabase

PG_URL = os.environ.get("RIVERORM_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
MYSQL_URL = os.environ.get("RIVERORM_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
BACKENDS = ("sqlite", "postgres", "mysql")
ALIASES = ("default", "db1", "db2")


@dataclass
class Backend:
    """One backend's databases, registered under every alias the example models use."""

    name: str
    databases: dict[str, Database] = field(default_factory=dict)
    tables_ready: bool = False


def _sqlite_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="riverorm-tests-"))


def make_backend(name: str, directory: Path | None = None) -> Backend:
    if name == "sqlite":
        where = directory or _sqlite_dir()
        dbs: dict[str, Database] = {
            alias: SQLiteDatabase(f"sqlite:///{where / (alias + '.db')}") for alias in ALIASES
        }
    elif name == "postgres":
        dbs = {alias: PostgresDatabase(PG_URL) for alias in ALIASES}
    else:
        dbs = {alias: MySQLDatabase(MYSQL_URL) for alias in ALIASES}
    return Backend(name, dbs)


async def _probe(name: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        if name == "postgres":
            import asyncpg

            conn = await asyncio.wait_for(asyncpg.connect(PG_URL), 5)
            await conn.close()
        elif name == "mysql":
            db = MySQLDatabase(MYSQL_URL, minsize=1, maxsize=1)
            try:
                await asyncio.wait_for(db.fetch("SELECT 1"), 5)
            finally:
                await db.close()
    except Exception as exc:  # any failure means "not reachable" here
        return f"{type(exc).__name__}: {exc}"
    return None


def unreachable() -> dict[str, str]:
    """The backends that cannot be reached, with the reason."""

    async def probe_all() -> dict[str, str]:
        found = {}
        for name in ("postgres", "mysql"):
            reason = await _probe(name)
            if reason is not None:
                found[name] = reason
        return found

    return asyncio.run(probe_all())
