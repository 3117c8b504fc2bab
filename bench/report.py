"""Medians, ratios to the raw driver of the same run, and the markdown report (stdlib only)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from bench.contenders import BASELINE, entries_for
from bench.targets import BACKEND_LABELS, Backend, parse_backend
from bench.workload import OP_HELP, OPS, Op, Profile

# riverorm's targets: the wall-time ratio to the raw driver, per backend and operation.
TARGETS: dict[Backend, dict[Op, float]] = {
    "pg": {
        "get_by_pk": 1.10,
        "insert_one": 1.10,
        "update_one": 1.10,
        "filter_small": 1.6,
        "filter_large": 2.0,
        "bulk_insert": 1.5,
    },
    "mysql": {
        "get_by_pk": 1.10,
        "insert_one": 1.10,
        "update_one": 1.10,
        "filter_small": 1.15,
        "filter_large": 1.2,
        "bulk_insert": 1.2,
    },
    "sqlite": {
        "get_by_pk": 1.15,
        "insert_one": 1.15,
        "update_one": 1.15,
        "filter_small": 1.5,
        "filter_large": 1.8,
        "bulk_insert": 1.2,
    },
}
TRIP_TARGETS: dict[Backend, dict[Op, float]] = {
    "pg": {"get_by_pk": 1.0, "insert_one": 1.0, "update_one": 1.0},
}
BULK_BASELINE: dict[Backend, str] = {
    "pg": "asyncpg copy_records_to_table (COPY)",
    "mysql": "one multi-row INSERT",
    "sqlite": "executemany in one transaction",
}

X = "\u00d7"  # the multiplication sign, as in "1.25 times the raw driver"
Sample = dict[str, Any]  # one round's result of one operation, as the worker wrote it


def summarize_op(samples: Sequence[Sample]) -> dict[str, Any]:
    """The medians over rounds of one contender's operation (per call), or why there are none."""
    for status in ("error", "wrong", "missing"):
        bad = [s for s in samples if s.get("status") == status]
        if bad:
            return {"status": status, "error": bad[0].get("error", status), "rounds": len(samples)}
    if not samples or any(s.get("status") == "n/a" for s in samples):
        reason = samples[0].get("reason", "") if samples else "not run"
        return {"status": "n/a", "reason": reason}
    calls = samples[0]["calls"]
    return {
        "status": "ok",
        "rounds": len(samples),
        "calls": calls,
        "wall_ms": statistics.median(s["wall_s"] for s in samples) * 1000 / calls,
        "cpu_ms": statistics.median(s["cpu_s"] for s in samples) * 1000 / calls,
        "trips": statistics.median(s["trips"] for s in samples) / calls,
        "wall_ms_rounds": [s["wall_s"] * 1000 / calls for s in samples],
    }


def summarize(samples: dict[str, dict[str, dict[str, list[Sample]]]]) -> dict[str, Any]:
    """``samples[backend][contender][op]`` (one entry per round) -> medians and ratios."""
    out: dict[str, Any] = {}
    for backend, by_contender in samples.items():
        ops: dict[str, dict[str, Any]] = {
            key: {op: summarize_op(rounds) for op, rounds in by_op.items()}
            for key, by_op in by_contender.items()
        }
        base = ops.get(BASELINE, {})
        for by_op in ops.values():
            for op, s in by_op.items():
                b = base.get(op, {})
                if s["status"] == "ok" and b.get("status") == "ok":
                    s["wall_ratio"] = s["wall_ms"] / b["wall_ms"]
                    s["cpu_ratio"] = s["cpu_ms"] / b["cpu_ms"] if b["cpu_ms"] > 0 else None
                    # Round r of a contender against round r of the baseline: the spread.
                    s["wall_ratio_rounds"] = [
                        mine / base
                        for mine, base in zip(
                            s["wall_ms_rounds"], b["wall_ms_rounds"], strict=False
                        )
                    ]
        out[backend] = ops
    return out


# -- markdown ------------------------------------------------------------------------------------


def _ms(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _cell(s: dict[str, Any] | None, kind: str) -> str:
    if s is None:
        return ""
    if s["status"] == "n/a":
        return "n/a"
    if s["status"] != "ok":
        return f"**{s['status']}**"
    if kind == "trips":
        trips: float = s["trips"]
        return f"{trips:.2f}".rstrip("0").rstrip(".")
    value: float = s[f"{kind}_ms"]
    ratio = s.get(f"{kind}_ratio")
    return f"{_ms(value)} ({ratio:.2f}{X})" if ratio is not None else _ms(value)


def _table(
    backend: Backend,
    ops: dict[str, dict[str, Any]],
    run_ops: Sequence[Op],
    kind: str,
    versions: dict[str, str],
) -> list[str]:
    lines = [
        "| contender | version | " + " | ".join(run_ops) + " |",
        "|---|---|" + "---:|" * len(run_ops),
    ]
    for e in entries_for(backend):
        if e.key not in ops:
            continue
        version = f"{e.package} {versions.get(e.key, '?')}"
        cells = [_cell(ops[e.key].get(op), kind) for op in run_ops]
        lines.append(f"| {e.label} | {version} | " + " | ".join(cells) + " |")
    return lines


def _targets(backend: Backend, ops: dict[str, dict[str, Any]], run_ops: Sequence[Op]) -> list[str]:
    river = ops.get("riverorm")
    if river is None:
        return []
    lines = [
        "",
        f"riverorm against its targets (wall time {X} the raw driver; per round: the lowest and "
        "highest ratio of one round to the raw driver's same round; round trips per call):",
        "",
        "| operation | riverorm | per round | target | round trips | target | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for op in run_ops:
        target = TARGETS[backend].get(op)
        trip_target = TRIP_TARGETS.get(backend, {}).get(op)
        if target is None and trip_target is None:
            continue
        s = river.get(op, {"status": "missing"})
        target_text = f"≤ {target:.2f}{X}" if target is not None else ""
        target_trips = f"{trip_target:g}" if trip_target is not None else ""
        if s["status"] != "ok":
            verdict = s["status"]
            lines.append(f"| {op} | {verdict} | | {target_text} | | {target_trips} | {verdict} |")
            continue
        ratio = s.get("wall_ratio")
        ok = target is None or (ratio is not None and ratio <= target)
        trips_ok = trip_target is None or s["trips"] == trip_target
        verdict = "met" if ok and trips_ok else "not met"
        ratio_text = f"{ratio:.2f}{X}" if ratio is not None else "?"
        trips_text = f"{s['trips']:.2f}".rstrip("0").rstrip(".")
        rounds = s.get("wall_ratio_rounds") or []
        spread = f"{min(rounds):.2f} to {max(rounds):.2f}" if len(rounds) > 1 else ""
        lines.append(
            f"| {op} | {ratio_text} | {spread} | {target_text} | {trips_text} | {target_trips} "
            f"| {verdict} |"
        )
    return lines


def markdown(run: dict[str, Any]) -> str:
    profile: Profile = run["profile_obj"]
    summary: dict[str, Any] = run["summary"]
    run_ops: list[Op] = [op for op in OPS if op in run["ops"]]
    lines = [
        "# riverorm benchmark",
        "",
        f"Run {run['started']} · mode `{profile.name}` · {run['rounds']} round(s), contenders "
        f"interleaved, each in a fresh process · Python {run['python']} · {run['cpus']} CPU(s).",
        "",
        "Each cell is the **median over rounds of the time per call** in milliseconds, and in "
        "brackets its ratio to the raw driver **of the same run**. CPU is the contender "
        "process's own CPU time (`time.process_time`, all threads). Round trips are counted on "
        "the client (see bench/README.md). n/a: the library has no API for the operation (yet).",
        "",
        "Calls per round: "
        + ", ".join(f"{op} {profile.calls(op):,}" for op in run_ops)
        + f"; {profile.seed_rows:,} seeded products, bulk batches of {profile.bulk_rows:,} rows, "
        f"{profile.parents} parents {X} {profile.children_per_parent} children.",
        "",
        "Operations: " + "; ".join(f"`{op}`: {OP_HELP[op]}" for op in run_ops) + ".",
    ]
    for backend_name, ops in summary.items():
        backend = parse_backend(backend_name)
        versions = run["versions"].get(backend, {})
        server = run["servers"].get(backend, "")
        lines += [
            "",
            f"## {BACKEND_LABELS[backend]}" + (f" ({server})" if server else ""),
            "",
            f"Bulk baseline: {BULK_BASELINE[backend]}.",
            "",
            f"Wall time, ms per call ({X} raw):",
            "",
            *_table(backend, ops, run_ops, "wall", versions),
            "",
            f"Client CPU time, ms per call ({X} raw):",
            "",
            *_table(backend, ops, run_ops, "cpu", versions),
            "",
            "Round trips per call:",
            "",
            *_table(backend, ops, run_ops, "trips", versions),
            *_targets(backend, ops, run_ops),
        ]
    problems = run.get("problems", [])
    if problems:
        lines += ["", "## Problems", ""] + [f"- {p}" for p in problems]
    return "\n".join(lines) + "\n"
