"""The main job, ``python -m examples.shop.app``, runs in a process of its own and says so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "examples.shop.app", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_shop_app_runs() -> None:
    result = _run()
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    expected_in_order = [
        "compiled code",
        "== 1. Tables",
        "created table 'user' for User on database 'db1'",
        "created table 'product' for Product on database 'db2'",
        "created table 'order' for Order on database 'default'",
        "== 2. Saving new rows",
        "saved Product(id=1, name='Laptop', price=999.99, in_stock=True)",
        "== 3. Loading",
        "-> Product(id=1, name='Laptop', price=999.99, in_stock=True)",
        "Product.DoesNotExist: No Product with id=404.",
        "== 4. Filtering",
        "await Product.filter(in_stock=True, price__gte=500, price__lt=1000)",
        "-> ['Laptop', 'Monitor']",
        "UnknownLookup: Product has no field or lookup 'colour'",
        "== 5. Updating",
        "-> Product(id=1, name='Apple MacBook', price=899.0, in_stock=True)",
        "== 6. Relations",
        "-> Order(id=1, user=User(id=1), product=Product(id=1))",
        "FieldNotLoaded: User.username is not loaded",
        "-> alice",
        "-> ['order 1 of product 1', 'order 2 of product 2']",
        "== 7. Deleting",
        "-> [1, 3]",
        "-> 1 row(s) deleted",
        "-> ['Apple MacBook', 'Mouse', 'Monitor']",
        "Done.",
    ]
    position = 0
    for line in expected_in_order:
        found = out.find(line, position)
        assert found >= 0, f"{line!r} missing (or out of order) in:\n{out}"
        position = found + len(line)
    assert "Traceback" not in result.stderr


def test_the_shop_app_shows_its_sql(tmp_path: Path) -> None:
    result = _run("--sql", "--dir", str(tmp_path / "dbs"))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "sql| -- riverorm: Product.get" in out
    assert "sql| -- riverorm: Product.select" in out
    assert "[sqlite]" in out
    assert sorted(p.name for p in (tmp_path / "dbs").iterdir()) == [
        "shop-db1.db",
        "shop-db2.db",
        "shop-default.db",
    ]


def test_the_shop_app_leaves_no_files_behind(tmp_path: Path) -> None:
    result = _run(cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []
