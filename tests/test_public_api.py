"""The public surface: ``riverorm.__all__`` is sorted, complete, and each name resolves."""

from __future__ import annotations

import subprocess
import sys

import riverorm


def test_all_is_sorted_and_resolves() -> None:
    assert riverorm.__all__ == sorted(riverorm.__all__)
    assert riverorm.__all__ == ["Field", "Model", "Q", "Query", "transaction"]
    for name in riverorm.__all__:
        assert getattr(riverorm, name).__name__ in (name, "Field")


def test_importing_riverorm_loads_no_build_tools() -> None:
    code = (
        "import sys, riverorm, riverorm.db, riverorm.model\n"
        "from riverorm import Field, Model, Q, Query, transaction\n"
        "bad = sorted(m for m in ('jinja2', 'libcst') if m in sys.modules)\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_mypy_plugin_loads_without_pydantic() -> None:
    code = "import sys, riverorm.mypy\nassert 'pydantic' not in sys.modules\n"
    subprocess.run([sys.executable, "-c", code], check=True)
