"""Where the benchmark connects: one URL per backend, overridable from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

Backend = Literal["pg", "mysql", "sqlite"]
BACKENDS: tuple[Backend, ...] = ("pg", "mysql", "sqlite")
BACKEND_LABELS: dict[Backend, str] = {
    "pg": "PostgreSQL",
    "mysql": "MariaDB / MySQL",
    "sqlite": "SQLite",
}

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_MYSQL_URL = "mysql://root@127.0.0.1:3306/test"


def parse_backend(name: str) -> Backend:
    for backend in BACKENDS:
        if name == backend:
            return backend
    raise ValueError(f"unknown backend {name!r}; choose from {', '.join(BACKENDS)}")


@dataclass(frozen=True)
class Target:
    """One database to run against. For SQLite, ``url`` is ``sqlite:///`` + an absolute path."""

    backend: Backend
    url: str

    @classmethod
    def for_backend(cls, backend: Backend, sqlite_path: Path | None = None) -> Target:
        if backend == "pg":
            return cls(backend, os.environ.get("RIVERORM_PG_URL", DEFAULT_PG_URL))
        if backend == "mysql":
            return cls(backend, os.environ.get("RIVERORM_MYSQL_URL", DEFAULT_MYSQL_URL))
        if sqlite_path is None:
            raise ValueError("the SQLite target needs a database file path")
        return cls(backend, "sqlite:///" + str(sqlite_path.resolve()))

    @property
    def sqlite_path(self) -> str:
        """The database file (``sqlite:////abs/file`` -> ``/abs/file``)."""
        return urlsplit(self.url).path[1:] if self.backend == "sqlite" else ""

    def with_scheme(self, scheme: str) -> str:
        """The URL with another scheme, e.g. ``postgresql+asyncpg`` for SQLAlchemy."""
        return scheme + self.url[self.url.index("://") :]

    def mysql_params(self) -> dict[str, str | int]:
        """host, port, user, password and db, as aiomysql.connect takes them."""
        parts = urlsplit(self.url)
        return {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 3306,
            "user": unquote(parts.username or "root"),
            "password": unquote(parts.password or ""),
            "db": unquote(parts.path.lstrip("/")),
        }

    def redacted(self) -> str:
        parts = urlsplit(self.url)
        if parts.password:
            return self.url.replace(":" + parts.password + "@", ":***@")
        return self.url
