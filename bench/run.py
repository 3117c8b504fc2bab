"""Benchmark riverorm against the raw drivers and its peers: ``python3 bench/run.py [--quick]``.

One command does everything: it builds the benchmark's virtual environments when they are missing
or out of date (bench/.venv, bench/.venv-ormar), generates riverorm's code for the benchmark
models, then runs every contender in a fresh process per round, rounds interleaved
(A B C A B C ...), and writes bench/results/latest.md and bench/results/latest.json (a --quick
run writes quick.md and quick.json instead, leaving the full run's results alone). The exit
status is 1 when a contender failed, returned wrong results or left the tables in a wrong state;
no time is ever asserted. Standard library only (it runs on the system's python3).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report, venvs
from bench.contenders import CONTENDER_KEYS, Entry, entries_for
from bench.targets import BACKENDS, Backend, parse_backend
from bench.workload import FULL, OPS, QUICK, Op, Profile

REPO = venvs.REPO
RESULTS = venvs.BENCH / "results"
GENERATE = (
    ("bench.river_models", "bench/_river_product"),
    ("bench.river_relations", "bench/_river_relations"),
)
WORKER_TIMEOUT_S = 900


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 bench/run.py", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small counts, 1 round (smoke test)")
    parser.add_argument("--backends", default=",".join(BACKENDS), help="pg,mysql,sqlite")
    parser.add_argument("--rounds", type=int, help="rounds per contender (default 5; quick: 1)")
    parser.add_argument(
        "--contenders",
        help=f"only these (the raw baseline always runs): {','.join(CONTENDER_KEYS)}",
    )
    parser.add_argument("--ops", default=",".join(OPS), help="operations to run")
    parser.add_argument(
        "--output", type=Path, default=RESULTS, help="directory for latest.md / latest.json"
    )
    parser.add_argument(
        "--no-setup", action="store_true", help="use the existing venvs as they are"
    )
    parser.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="run nothing: rebuild the markdown report of a saved latest.json / quick.json",
    )
    return parser.parse_args(argv)


def _render(saved: Path) -> int:
    run: dict[str, Any] = json.loads(saved.read_text())
    run["summary"] = report.summarize(run["samples"])
    profile = Profile(**run["profile"])
    text = report.markdown({**run, "profile_obj": profile})
    saved.with_suffix(".md").write_text(text)
    print(text)
    return 1 if run["problems"] else 0


def _generate(python: Path) -> list[str]:
    """Run ``riverorm generate`` for the benchmark models; the problems met."""
    problems = []
    for module, output in GENERATE:
        shutil.rmtree(REPO / output, ignore_errors=True)
        done = subprocess.run(
            [str(python), "-m", "riverorm.codegen.cli", "generate", module, "--output", output],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            output = (done.stderr or done.stdout).strip()[-600:]
            problems.append(f"`riverorm generate {module}` failed: {output}")
    return problems


def _run_worker(
    python: Path, e: Entry, backend: Backend, profile: str, ops: str, sqlite: Path, scratch: Path
) -> dict[str, Any]:
    result_file = scratch / f"{backend}-{e.key}.json"
    result_file.unlink(missing_ok=True)
    command = [
        str(python), "-m", "bench.worker", "--backend", backend, "--contender", e.key,
        "--profile", profile, "--ops", ops, "--sqlite-path", str(sqlite),
        "--result", str(result_file),
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {WORKER_TIMEOUT_S} s"}
    if not result_file.exists():
        return {"error": f"worker exited {done.returncode}: {done.stderr.strip()[-1500:]}"}
    result: dict[str, Any] = json.loads(result_file.read_text())
    return result


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.render:
        return _render(args.render)
    profile = QUICK if args.quick else FULL
    rounds = args.rounds or (1 if args.quick else 5)
    backends = [parse_backend(b) for b in args.backends.split(",") if b]
    keys = tuple(args.contenders.split(",")) if args.contenders else None
    ops: list[Op] = [op for op in OPS if op in args.ops.split(",")]
    plan = {b: entries_for(b, keys) for b in backends}

    pythons: dict[str, Path] = {}
    for group in sorted({e.venv for entries in plan.values() for e in entries}):
        g = venvs.GROUPS[group]
        pythons[group] = g.python if args.no_setup else venvs.ensure(g)

    problems: list[str] = []
    if any(e.key == "riverorm" for entries in plan.values() for e in entries):
        problems += _generate(pythons["main"])
        for p in problems:
            print(p, file=sys.stderr)

    samples: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    versions: dict[str, dict[str, str]] = defaultdict(dict)
    servers: dict[str, str] = {}
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    shm = Path("/dev/shm")
    scratch = Path(tempfile.mkdtemp(prefix="riverorm-bench-", dir=shm if shm.is_dir() else None))
    try:
        for r in range(1, rounds + 1):
            for backend in backends:
                for e in plan[backend]:
                    t0 = time.perf_counter()
                    result = _run_worker(
                        pythons[e.venv], e, backend, profile.name, ",".join(ops),
                        scratch / "bench.sqlite3", scratch,
                    )  # fmt: skip
                    status = _collect(result, e, backend, ops, samples, versions, servers, problems)
                    print(
                        f"[round {r}/{rounds}] {backend:6} {e.label:26} "
                        f"{time.perf_counter() - t0:6.1f} s  {status}",
                        flush=True,
                    )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    # Messages may quote file names: keep them relative to the repository (latest.md is committed).
    problems = [p.replace(f"{REPO}/", "") for p in problems]
    summary = report.summarize(samples)
    run: dict[str, Any] = {
        "started": started,
        "mode": profile.name,
        "profile": profile.__dict__,
        "rounds": rounds,
        "ops": ops,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "versions": versions,
        "servers": servers,
        "problems": problems,
        "summary": summary,
        "samples": samples,
    }
    text = report.markdown({**run, "profile_obj": profile})
    # A smoke run never overwrites the results of a full one.
    stem = "quick" if args.quick else "latest"
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / f"{stem}.md").write_text(text)
    (args.output / f"{stem}.json").write_text(json.dumps(run, indent=1, default=str) + "\n")
    print()
    print(text)
    return 1 if problems else 0


def _collect(
    result: dict[str, Any],
    e: Entry,
    backend: Backend,
    ops: list[Op],
    samples: dict[str, dict[str, dict[str, list[dict[str, Any]]]]],
    versions: dict[str, dict[str, str]],
    servers: dict[str, str],
    problems: list[str],
) -> str:
    """File one worker's result; a one-word status for the progress line."""
    where = f"{backend} {e.label}"
    if "error" in result:
        problems.append(f"{where}: {result['error']}")
        for op in ops:
            samples[backend][e.key][op].append({"status": "error", "error": result["error"]})
        return "ERROR " + str(result["error"]).splitlines()[0][:200]
    versions[backend][e.key] = result.get("version", "")
    servers[backend] = result.get("server", "")
    worst = "ok"
    for op in ops:
        sample = result["ops"].get(op, {"status": "missing"})
        samples[backend][e.key][op].append(sample)
        if sample["status"] in ("error", "wrong", "missing"):
            problems.append(f"{where} {op}: {sample.get('error', sample['status'])}")
            worst = sample["status"].upper()
    if result.get("check"):
        problems.append(f"{where}: {result['check']}")
        worst = "CHECK FAILED"
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
