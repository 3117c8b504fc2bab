"""docs/queries.md: every example runs, in order, on every backend, against the Chinook slice."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

from riverorm import Q, transaction
from tests import models
from tests.chinook import load

DOC = Path(__file__).resolve().parents[1] / "docs" / "queries.md"


def examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_page_has_an_example_per_section() -> None:
    assert len(examples()) >= 10


async def test_every_example_runs(db: str) -> None:
    await load()
    namespace: dict[str, Any] = {
        "Q": Q,
        "transaction": transaction,
        **{name: getattr(models, name) for name in ("Artist", "Album", "Track", "Genre")},
    }
    for number, code in enumerate(examples(), 1):
        body = textwrap.indent(code, "    ")
        source = f"async def _example():\n{body}\n    return locals()\n"
        exec(compile(source, f"{DOC.name} example {number}", "exec"), namespace)
        found = await namespace["_example"]()
        namespace.update({k: v for k, v in found.items() if not k.startswith("_")})
