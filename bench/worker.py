"""One contender, one backend, one round, in a fresh process: ``python -m bench.worker ...``.

The orchestrator (``bench/run.py``) starts this with the contender's virtual environment. It resets
and seeds the tables with the raw driver, opens the contender, and for each operation runs an
untimed warm-up (first statements prepared, caches filled) and then the timed calls, measuring wall
time (``perf_counter``), this process's CPU time (``process_time``, every thread) and round trips
(see ``bench.trips``). The result, including any failure, is written as JSON to ``--result``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib
import json
import os
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from bench import schema, trips
from bench.contenders import entry
from bench.contenders.base import Contender
from bench.targets import Target, parse_backend
from bench.workload import OPS, PROFILES, Op, Workload

_ERROR_CHARS = 400


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _plan(c: Contender, w: Workload, op: Op) -> tuple[Callable[[], Awaitable[int]], Any]:
    """The warm-up and the timed call of ``op`` (the latter built after the warm-up ran)."""
    p = w.profile
    if op == "get_by_pk":
        return (lambda: c.get_by_pk(w.warmup_get_ids)), (lambda: c.get_by_pk(w.get_ids))
    if op == "filter_small":
        return (lambda: c.filter_small(1)), (lambda: c.filter_small(p.filter_small_calls))
    if op == "filter_large":
        return (lambda: c.filter_large(1)), (lambda: c.filter_large(p.filter_large_calls))
    if op == "prefetch":
        return (lambda: c.prefetch(1)), (lambda: c.prefetch(p.prefetch_calls))
    if op == "insert_one":
        return (lambda: c.insert_one(w.warmup_insert_rows)), (lambda: c.insert_one(w.insert_rows))
    if op == "bulk_insert":
        return (lambda: c.bulk_insert([w.warmup_bulk_batch])), (
            lambda: c.bulk_insert(w.bulk_batches)
        )
    raise AssertionError(op)


async def _measure(run: Callable[[], Awaitable[int]]) -> tuple[dict[str, float], int]:
    gc.collect()
    trips_before = trips.COUNTER.trips
    cpu_before = time.process_time()
    wall_before = time.perf_counter()
    handled = await run()
    wall = time.perf_counter() - wall_before
    cpu = time.process_time() - cpu_before
    return {"wall_s": wall, "cpu_s": cpu, "trips": trips.COUNTER.trips - trips_before}, handled


async def _run_op(c: Contender, w: Workload, op: Op) -> dict[str, Any]:
    calls = w.profile.calls(op)
    if op == "update_one":
        warm = await c.load_for_update(w.warmup_update_ids)
        await c.update_one(warm)
        objects = await c.load_for_update(w.update_ids)
        measured, handled = await _measure(lambda: c.update_one(objects))
    else:
        warmup, timed = _plan(c, w, op)
        await warmup()
        measured, handled = await _measure(timed)
    result: dict[str, Any] = {"status": "ok", "calls": calls, **measured, "handled": handled}
    if handled != w.expected(op):
        result["status"] = "wrong"
        result["error"] = f"handled {handled} objects, a correct run handles {w.expected(op)}"
    return result


async def _verify(target: Target, w: Workload, ops: dict[str, dict[str, Any]]) -> str | None:
    """Check in the database that the writes happened: row count and updated prices."""
    p = w.profile
    ran = {op for op, r in ops.items() if r["status"] != "n/a"}
    updated = [*w.warmup_update_ids, *w.update_ids] if "update_one" in ran else []
    count, prices = await schema.product_state(target, updated)
    expected = p.seed_rows
    if "insert_one" in ran:
        expected += p.warmup_calls + p.insert_calls
    if "bulk_insert" in ran:
        expected += p.warmup_bulk_rows + p.bulk_calls * p.bulk_rows
    problems = []
    if count != expected:
        problems.append(f"{count} product rows after the run, expected {expected}")
    stale = [pk for pk in updated if prices.get(pk) != w.seed_price(pk) + 1.0]
    if stale:
        problems.append(f"{len(stale)} updated rows do not hold the new price (e.g. id {stale[0]})")
    return "; ".join(problems) or None


async def run(target: Target, key: str, profile: str, ops: tuple[Op, ...]) -> dict[str, Any]:
    spec = entry(target.backend, key)
    w = Workload(PROFILES[profile])
    result: dict[str, Any] = {
        "backend": target.backend,
        "contender": key,
        "label": spec.label,
        "version": _version(spec.package),
        "python": sys.version.split()[0],
        "pid": os.getpid(),
        "ops": {},
    }
    result["server"] = await schema.reset_and_seed(target, w)
    module = importlib.import_module(f"bench.contenders.{spec.module}")
    contender: Contender = getattr(module, spec.cls)(target)
    await contender.open()
    try:
        for op in ops:
            if op in contender.unavailable:
                result["ops"][op] = {"status": "n/a", "reason": contender.unavailable[op]}
                continue
            try:
                result["ops"][op] = await _run_op(contender, w, op)
            except Exception as exc:
                result["ops"][op] = {
                    "status": "error",
                    "error": f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS],
                    "traceback": traceback.format_exc(limit=8),
                }
    finally:
        await contender.close()
    result["check"] = await _verify(target, w, result["ops"])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker", description=__doc__)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--contender", required=True)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="full")
    parser.add_argument("--ops", default=",".join(OPS))
    parser.add_argument("--sqlite-path", type=Path)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args(argv)
    backend = parse_backend(args.backend)
    ops = tuple(op for op in OPS if op in args.ops.split(","))
    target = Target.for_backend(backend, args.sqlite_path)
    trips.count_aiosqlite_hops()
    try:
        with asyncio.Runner(loop_factory=trips.CountingLoop) as runner:
            result = runner.run(run(target, args.contender, args.profile, ops))
    except Exception as exc:
        result = {
            "backend": backend,
            "contender": args.contender,
            "error": f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS],
            "traceback": traceback.format_exc(limit=12),
        }
    args.result.write_text(json.dumps(result, indent=1))
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    raise SystemExit(main())
