"""The shop example: riverorm end to end, on SQLite files, no server needed.

Run it from the repository root::

    python -m examples.shop.app          # the walk-through
    python -m examples.shop.app --sql    # ... and every SQL statement riverorm sends

It first makes sure the compiled code is fresh (``riverorm generate --check``, then
``riverorm generate`` if a model changed), imports it, registers three SQLite databases (``User``
lives on ``db1``, ``Product`` on ``db2``, ``Order`` on the default one, as examples/shop/models.py
says), creates the tables and walks through saving, loading, filtering, updating, relations and
deleting, printing what happens. The databases live in a temporary directory unless ``--dir`` names
one.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import io
import logging
import sys
import tempfile
import textwrap
from collections.abc import Sequence
from pathlib import Path

from examples.shop.models import Order, Product, User
from riverorm import errors
from riverorm.db import DatabaseRegistry, SQLiteDatabase
from riverorm.schema import meta_value, table_name

ROOT = Path(__file__).resolve().parents[2]
ALIASES = ("default", "db1", "db2")


class _SQLFormatter(logging.Formatter):
    """Every line of a logged statement indented under the step that sent it."""

    def format(self, record: logging.LogRecord) -> str:
        return textwrap.indent(record.getMessage(), "    sql| ")


def section(title: str) -> None:
    print(f"\n== {title}")


def show(what: str, result: object) -> None:
    print(f"{what}\n    -> {result}")


def ensure_generated() -> None:
    """Regenerate generated_example/ when it no longer matches the models (a build step)."""
    from riverorm.codegen.cli import main as riverorm

    with contextlib.chdir(ROOT):
        report = io.StringIO()
        with contextlib.redirect_stdout(report), contextlib.redirect_stderr(report):
            status = riverorm(["generate", "--check"])
        if status == 0:
            print("riverorm generate --check: the compiled code is up to date.")
            return
        print("The models changed since the code was generated; running `riverorm generate`.")
        if riverorm(["generate"]) != 0:
            raise SystemExit("riverorm generate failed; see above.")


def register(directory: Path, *, sql: bool) -> None:
    for alias in ALIASES:
        path = directory / f"shop-{alias}.db"
        DatabaseRegistry.register(alias, SQLiteDatabase(f"sqlite:///{path}", debug=sql))
    print(f"Registered SQLite databases {', '.join(ALIASES)} in {directory}.")


async def walk_through() -> None:
    section("1. Tables")
    for model in (Order, Product, User):
        await model.drop_table()
    for model in (User, Product, Order):
        await model.create_table()
        alias = meta_value(model, "db_alias") or "default"
        print(f"created table {table_name(model)!r} for {model.__name__} on database {alias!r}")

    section("2. Saving new rows")
    alice, bob = User(id=1, username="alice"), User(id=2, username="bob")
    products = [
        Product(id=1, name="Laptop", price=999.99),
        Product(id=2, name="Mouse", price=25.0),
        Product(id=3, name="Monitor", price=549.0),
        Product(id=4, name="Espresso machine", price=699.0, in_stock=False),
    ]
    for instance in (alice, bob, *products):
        await instance.save()
        print(f"saved {instance!r}")
    orders = [
        Order(id=1, user=alice, product=products[0]),
        Order(id=2, user=alice, product=products[1]),
        Order(id=3, user=bob, product=products[2]),
    ]
    for order in orders:
        await order.save()
    print(f"saved {len(orders)} orders: alice bought a laptop and a mouse, bob a monitor")

    section("3. Loading")
    laptop = await Product.get(id=1)
    show("await Product.get(id=1)", repr(laptop))
    show('await Product.get(name="Mouse")', repr(await Product.get(name="Mouse")))
    try:
        await Product.get(id=404)
    except Product.DoesNotExist as exc:
        show("await Product.get(id=404)", f"Product.DoesNotExist: {exc}")
    show("await Product.get_or_none(id=404)", await Product.get_or_none(id=404))

    section("4. Filtering")
    in_range = await Product.filter(in_stock=True, price__gte=500, price__lt=1000)
    show(
        "await Product.filter(in_stock=True, price__gte=500, price__lt=1000)",
        [p.name for p in in_range],
    )
    show(
        "await Product.filter(id__in=[2, 4])", [p.name for p in await Product.filter(id__in=[2, 4])]
    )
    show(
        "await Product.filter(in_stock=False)",
        [p.name for p in await Product.filter(in_stock=False)],
    )
    try:
        # mypy reports this line too: riverorm's plugin checks lookups (see pyproject.toml).
        await Product.filter(colour="red")  # type: ignore[call-arg]
    except errors.UnknownLookup as exc:
        show('await Product.filter(colour="red")', f"UnknownLookup: {exc}")

    section("5. Updating")
    laptop.name = "Apple MacBook"
    laptop.price = 899.0
    await laptop.save()
    show('laptop.name = "Apple MacBook"; laptop.price = 899.0; await laptop.save()', "saved")
    show("await Product.get(id=1)", repr(await Product.get(id=1)))

    section("6. Relations (Order is on the default database, User on db1, Product on db2)")
    order = await Order.get(id=1)
    show("await Order.get(id=1)", repr(order))
    try:
        print(order.user.username)
    except errors.FieldNotLoaded as exc:
        show("order.user.username", f"FieldNotLoaded: {exc}")
    await order.user.refresh()
    show("await order.user.refresh(); order.user.username", order.user.username)
    show(
        "await Order.filter(user=alice)",
        [f"order {o.id} of product {o.product.id}" for o in await Order.filter(user=alice)],
    )
    show("await Order.filter(product_id=3)", [o.id for o in await Order.filter(product_id=3)])

    section("7. Deleting")
    await orders[1].delete()
    show("await order_2.delete(); await Order.all()", [o.id for o in await Order.all()])
    removed = await Product.filter(in_stock=False).delete()
    show("await Product.filter(in_stock=False).delete()", f"{removed} row(s) deleted")
    show("await Product.all()", [p.name for p in await Product.all()])


async def run(directory: Path, *, sql: bool) -> None:
    register(directory, sql=sql)
    try:
        await walk_through()
    finally:
        await DatabaseRegistry.close_all()
    print("\nDone.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m examples.shop.app", description=__doc__)
    parser.add_argument("--sql", action="store_true", help="print every SQL statement sent")
    parser.add_argument("--dir", type=Path, help="keep the SQLite files in this directory")
    args = parser.parse_args(argv)
    if args.sql:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(_SQLFormatter())
        logging.getLogger("riverorm").addHandler(handler)
        logging.getLogger("riverorm").setLevel(logging.DEBUG)

    ensure_generated()
    importlib.import_module("generated_example")  # binds every model to its compiled module

    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        asyncio.run(run(args.dir.resolve(), sql=args.sql))
    else:
        with tempfile.TemporaryDirectory(prefix="riverorm-shop-") as directory:
            asyncio.run(run(Path(directory), sql=args.sql))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
