"""Measure mypy --strict on a generated app of N models, with and without the riverorm plugin.

    python tests/typing/bench_mypy.py [--models 50] [--runs 3]

The app (in a temporary directory) has N models in modules of 5, each model with 8 fields of
assorted kinds and foreign keys to earlier models, and a module of queries per models module: for
each model a ``get``, a ``filter`` with comparison / text / ``in`` / range lookups, a chained
``filter``, a traversal across a foreign key and a constructor call. Timings per configuration:
cold (empty cache), warm (nothing changed) and warm after one queries module changed. Each figure
is the best of ``--runs`` runs of a fresh ``python -m mypy`` process.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PER_MODULE = 5


def _model(index: int) -> str:
    lines = [
        f"class M{index}(Model):",
        "    id: int = Field(pk=True)",
        "    name: str = Field(max_length=80)",
        "    price: float",
        "    amount: Decimal",
        "    created: datetime",
        "    day: date | None = None",
        "    active: bool = Field(True)",
    ]
    lines.append(f"    parent: M{index - 1}" if index > 0 else "    code: uuid.UUID")
    return "\n".join(lines) + "\n"


def _queries(index: int) -> str:
    parent = (
        f'    await M{index}.filter(parent__name__startswith="a", parent_id__in=[1, 2])\n'
        if index > 0
        else "    await M0.filter(code=uuid.uuid4())\n"
    )
    return (
        f"async def use_m{index}() -> int:\n"
        f"    one = await M{index}.get(id=1)\n"
        f'    many = await M{index}.filter(price__gte=5, name__icontains="x", id__in=[1, 2, 3])\n'
        f"    narrowed = await M{index}.filter(active=True).filter(\n"
        f"        created__range=(datetime(2024, 1, 1), datetime(2025, 1, 1)), day=None\n"
        f"    )\n"
        f"{parent}"
        f"    maybe = await M{index}.get_or_none(amount__lt=Decimal(3), name__in=('a', 'b'))\n"
        f"    return one.id + len(many) + len(narrowed) + (maybe.id if maybe else 0)\n"
    )


def write_app(directory: Path, models: int) -> list[Path]:
    app = directory / "app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    header = (
        "from __future__ import annotations\n\nimport uuid\nfrom datetime import date, datetime\n"
        "from decimal import Decimal\n\nfrom riverorm import Field, Model\n"
    )
    modules = (models + PER_MODULE - 1) // PER_MODULE
    queries: list[Path] = []
    for m in range(modules):
        indexes = range(m * PER_MODULE, min(models, (m + 1) * PER_MODULE))
        imports = "".join(f"from app.models{m - 1} import M{m * PER_MODULE - 1}\n" if m else "")
        body = "\n\n".join(_model(i) for i in indexes)
        (app / f"models{m}.py").write_text(f"{header}{imports}\n\n{body}")
        names = ", ".join(f"M{i}" for i in indexes)
        query_header = (
            "from __future__ import annotations\n\nimport uuid\nfrom datetime import datetime\n"
            f"from decimal import Decimal\n\nfrom app.models{m} import {names}\n"
        )
        path = app / f"queries{m}.py"
        path.write_text(query_header + "\n\n" + "\n\n".join(_queries(i) for i in indexes))
        queries.append(path)
    return queries


def write_config(directory: Path, plugin: bool) -> Path:
    config = directory / ("with.ini" if plugin else "without.ini")
    config.write_text(
        "[mypy]\nstrict = True\npython_version = 3.11\n"
        + ("plugins = riverorm.mypy\n" if plugin else "")
        + f"mypy_path = {ROOT}\ncache_dir = {_cache(directory, plugin)}\n"
        # riverorm's own modules are checked by the project's run; here they only cost time
        "[mypy-riverorm.*]\nfollow_imports = silent\n"
    )
    return config


def _cache(directory: Path, plugin: bool) -> Path:
    return directory / ("cache-with" if plugin else "cache-without")


def run_mypy(directory: Path, config: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "app"],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"mypy failed on the generated app:\n{done.stdout}{done.stderr}")
    return elapsed


def measure(directory: Path, plugin: bool, runs: int, touched: Path) -> tuple[float, float, float]:
    config = write_config(directory, plugin)
    cache = _cache(directory, plugin)
    cold: list[float] = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(run_mypy(directory, config))
    warm = [run_mypy(directory, config) for _ in range(runs)]
    edited: list[float] = []
    original = touched.read_text()
    for n in range(runs):
        touched.write_text(f"{original}\n\nEDIT = {n}\n")
        edited.append(run_mypy(directory, config))
    touched.write_text(original)
    run_mypy(directory, config)
    return min(cold), min(warm), min(edited)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        queries = write_app(directory, args.models)
        print(
            f"{args.models} models, {len(queries)} models modules + {len(queries)} queries modules"
        )
        print(f"{'configuration':<22}{'cold':>8}{'warm':>8}{'1 edit':>8}   (seconds, best of runs)")
        for plugin in (False, True):
            cold, warm, edited = measure(directory, plugin, args.runs, queries[-1])
            label = "plugins = riverorm.mypy" if plugin else "no plugin"
            print(f"{label:<22}{cold:>8.2f}{warm:>8.2f}{edited:>8.2f}")


if __name__ == "__main__":
    main()
