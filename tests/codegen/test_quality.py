"""Generated code is ``ruff format``-clean as emitted, lint-clean and ``mypy --strict``-clean.

Checked on the committed output: ``generated_example/`` (which the freshness test keeps equal to
the generator's output) and the golden cases under ``tests/codegen/cases/``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ["generated_example", "tests/codegen/cases"]


def _run_tool(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[dev]')")
    return subprocess.run(
        [sys.executable, "-m", tool, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_format_clean() -> None:
    result = _run_tool("ruff", "format", "--check", "--diff", *TARGETS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_clean() -> None:
    result = _run_tool("ruff", "check", "--no-cache", *TARGETS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_clean() -> None:
    result = _run_tool("mypy", "--strict", "--no-incremental", *TARGETS)
    assert result.returncode == 0, result.stdout + result.stderr
