"""The usage guide (docs/usage.md) runs as written.

Its ```python blocks become a project: the blocks that register connections and define models are
the models module (later definitions of a class replace earlier ones, as in a real module); the
others, in order, are the body of ``async def main()``. The placeholder URLs point at the test
servers, in databases of the guide's own (``riverorm_guide``) so its ``user``/``product``/``order``
tables never meet the suite's. ``riverorm generate`` compiles the module, the tables are made, the
row the guide loads (``Product(id=1, ...)``) is seeded, and ``main()`` runs.
"""

from __future__ import annotations

import contextlib
import re
import sys
import textwrap
import uuid
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest

from riverorm.codegen.cli import main as riverorm_main
from riverorm.db import DatabaseRegistry, MySQLDatabase, PostgresDatabase
from tests.backends import MYSQL_URL, PG_URL, unreachable

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "usage.md"
GUIDE_DATABASE = "riverorm_guide"
PLACEHOLDERS = {
    "postgresql://user:pass@localhost/db1": "postgres",
    "mysql://user:pass@localhost/db2": "mysql",
}

_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def python_blocks(text: str) -> list[str]:
    return [match.group(1) for match in _BLOCK.finditer(text)]


def is_module_level(block: str) -> bool:
    """Registration and model definitions belong in the module; the rest is application code."""
    if "await " in block:
        return False
    return bool(re.search(r"^(class |from |import |DatabaseRegistry\.)", block, re.M))


def _in_guide_database(url: str) -> str:
    return urlsplit(url)._replace(path=f"/{GUIDE_DATABASE}").geturl()


# -- the guide's links -----------------------------------------------------------------------------


@pytest.mark.parametrize("document", ["docs/usage.md", "README.md", "INSTALL.md"])
def test_relative_links_resolve(document: str) -> None:
    path = ROOT / document
    targets = _LINK.findall(path.read_text(encoding="utf-8"))
    relative = [t for t in targets if not re.match(r"^([a-z]+:|#)", t)]
    missing = [t for t in relative if not (path.parent / t.split("#", 1)[0]).exists()]
    assert not missing, f"{document} links to files that do not exist: {missing}"
    if document == "docs/usage.md":
        assert {"./INSTALL.md", "../README.md", "../tests/models.py"} <= set(relative)


def test_docs_install_is_a_relative_link() -> None:
    link = ROOT / "docs" / "INSTALL.md"
    assert link.is_symlink()
    target = link.readlink()
    assert not target.is_absolute()
    assert link.resolve() == (ROOT / "INSTALL.md").resolve()


def test_the_guide_has_the_expected_blocks() -> None:
    blocks = python_blocks(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 6
    text = "".join(blocks)
    for placeholder in PLACEHOLDERS:
        assert placeholder in text
    assert "await Product.get(id=1)" in text


# -- running it ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def servers() -> None:
    down = unreachable()
    if down:
        pytest.skip(f"the guide needs PostgreSQL and MariaDB/MySQL: {down}")


async def _create_guide_databases() -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_URL)
    try:
        exists = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", GUIDE_DATABASE
        )
        if not exists:
            # Another run may create it meanwhile.
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                await connection.execute(f"CREATE DATABASE {GUIDE_DATABASE}")
    finally:
        await connection.close()
    server = MySQLDatabase(MYSQL_URL)
    try:
        await server.execute(f"CREATE DATABASE IF NOT EXISTS {GUIDE_DATABASE}")
    finally:
        await server.close()


@pytest.fixture
def guide_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    """A temporary project directory on sys.path, and the registry restored afterwards."""
    suffix = uuid.uuid4().hex[:8]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    with DatabaseRegistry.isolated():
        yield tmp_path, suffix
    for name in [n for n in sys.modules if n.endswith(suffix) or f"{suffix}." in n]:
        del sys.modules[name]


def _write_guide(root: Path, suffix: str) -> tuple[str, str, str]:
    """The models module and main()'s source, from the guide; returns their names and main's."""
    text = GUIDE.read_text(encoding="utf-8")
    for placeholder, backend in PLACEHOLDERS.items():
        text = text.replace(
            placeholder, _in_guide_database(PG_URL if backend == "postgres" else MYSQL_URL)
        )
    blocks = python_blocks(text)
    module_blocks = [b for b in blocks if is_module_level(b)]
    main_blocks = [b for b in blocks if not is_module_level(b)]
    models, package = f"guide_models_{suffix}", f"guide_generated_{suffix}"
    (root / f"{models}.py").write_text("\n\n".join(module_blocks), encoding="utf-8")
    body = textwrap.indent("\n".join(main_blocks) + "\nreturn locals()\n", "    ")
    return models, package, f"async def main():\n{body}"


async def test_the_guide_runs(servers: None, guide_project: tuple[Path, str]) -> None:
    root, suffix = guide_project
    await _create_guide_databases()
    models_name, package, main_source = _write_guide(root, suffix)
    assert riverorm_main(["generate", models_name, "--output", package]) == 0
    import_module(package)  # binds the guide's models to their generated code
    models: ModuleType = import_module(models_name)
    User, Product, Order = models.User, models.Product, models.Order

    # What the guide's registration block did:
    assert DatabaseRegistry.default_alias() == "db2"
    db1, db2 = DatabaseRegistry.get("db1"), DatabaseRegistry.get("db2")
    assert isinstance(db1, PostgresDatabase) and db1.debug
    assert isinstance(db2, MySQLDatabase) and db2.debug
    assert db1.database_name == db2.database_name == GUIDE_DATABASE
    try:
        assert [tuple(row) for row in await db1.fetch("SELECT 1")] == [(1,)]
        for model in (Order, User, Product):
            await model.drop_table()
        for model in (User, Product, Order):
            await model.create_table()
        await Product(id=1, name="Laptop", price=999.99).save()  # the row the guide loads

        namespace: dict[str, Any] = dict(vars(models))
        exec(compile(main_source, GUIDE.name, "exec"), namespace)
        result = await namespace["main"]()

        assert [p.id for p in result["products"]] == [1]
        assert result["product"].name == "Apple MacBook"
        saved = await Product.get(id=1)  # the pools the guide closed open again
        assert (saved.name, saved.price, saved.in_stock) == ("Apple MacBook", 999.99, True)
        assert result["order"].user.username == "alice"
    finally:
        for model in (Order, User, Product):
            await model.drop_table()
        await DatabaseRegistry.close_all()


# -- the README's quickstart -----------------------------------------------------------------------


def test_readme_quickstart_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's last python block (registration and ``main()``) runs as written, on SQLite."""
    import asyncio

    import examples.shop.models as shop

    blocks = python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    models_block, program = blocks[0], blocks[-1]
    for name in ("User", "Product", "Order"):  # the README shows the example's own models
        assert f"class {name}(Model):" in models_block
        assert hasattr(shop, name)
    assert "async def main()" in program
    monkeypatch.chdir(tmp_path)  # the SQLite files land here
    with DatabaseRegistry.isolated():
        namespace: dict[str, Any] = {"__name__": "readme"}
        exec(compile(program, "README.md", "exec"), namespace)
        asyncio.run(namespace["main"]())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "shop-db1.db",
        "shop-db2.db",
        "shop-default.db",
    ]
